/* sleep NUMBER[smhd]...: pause for the sum of the durations. */
#include <stdlib.h>
#include <time.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "sleep", "sleep NUMBER[SUFFIX]...",
  "Pause for NUMBER seconds (the sum of all operands). SUFFIX may be 's' (seconds, the\n"
  "default), 'm' (minutes), 'h' (hours) or 'd' (days). NUMBER may be a decimal.\n",
  "+",
};

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  while ((c = tb_getopt(argc, argv)) != -1) {}
  if (optind == argc) tb_usage_error("missing operand");
  double total = 0;
  for (int i = optind; i < argc; i++) {
    char *end;
    double v = strtod(argv[i], &end);
    double mult = 1;
    if (*end == 's') end++;
    else if (*end == 'm') mult = 60, end++;
    else if (*end == 'h') mult = 3600, end++;
    else if (*end == 'd') mult = 86400, end++;
    if (*end || end == argv[i] || v < 0 || v != v) tb_usage_error("invalid time interval '%s'", argv[i]);
    total += v * mult;
  }
  struct timespec ts = {(time_t)total, (long)((total - (double)(time_t)total) * 1e9)};
  while (nanosleep(&ts, &ts) != 0) {}
  return 0;
}
