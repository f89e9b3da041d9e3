/* yes [STRING]...: print the operands (or "y") on a line, forever; ends
 * quietly when the reader goes away (tb's output exits 0 on EPIPE). */
#include <string.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "yes", "yes [STRING]...",
  "Repeatedly output a line with all specified STRING(s), or 'y'.\n"
};

int main(int argc, char **argv) {
  tb_init(&tool);
  tb_help_only(argc, argv);
  int first = argc > 1 && !strcmp(argv[1], "--") ? 2 : 1;
  size_t n = 0, cap = 64;
  char *line = xmalloc(cap);
  for (int i = first; i < argc || (i == first && argc <= first); i++) {
    const char *s = i < argc ? argv[i] : "y";
    size_t k = strlen(s);
    while (n + k + 2 > cap) line = xrealloc(line, cap *= 2);
    memcpy(line + n, s, k);
    n += k;
    line[n++] = i + 1 < argc ? ' ' : '\n';
  }
  /* Fill a block with whole lines so each write is large. */
  size_t reps = n < 8192 ? 8192 / n : 1;
  char *block = xmalloc(n * reps);
  for (size_t i = 0; i < reps; i++) memcpy(block + i * n, line, n);
  for (;;) out_write(block, n * reps);
}
