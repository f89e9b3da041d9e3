/* mpipe [-p] [-r reducer] [-H 'header: value']... [-f file] [key]
 * Copies stdin (or -f file) into one job output named key, default
 * $MANTA_OUTPUT_BASE<uuid>, then prints the key. -p (mkdirp) and -H are
 * accepted for compatibility; the host creates parents and headers are not
 * forwarded by the current host API. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "mobula.h"
#include "opt.h"
#include "tb.h"

static void usage(void) { tb_die(2, "usage: mpipe [-p] [-r reducer] [-H 'header: value'] [-f file] [key]"); }

int main(int argc, char **argv) {
  tb_prog = "mpipe";
  int reducer = -1, i = 1;
  const char *file = "-";
  for (; tb_opt_word(argc, argv, &i); i++) {
    char *a = argv[i];
    for (char *p = a + 1; *p; p++) {
      if (*p == 'p') continue;
      if (!strchr("rHf", *p)) { tb_warn("unsupported option -- '%c'", *p); usage(); }
      char o = *p;
      char *v = tb_opt_value(argc, argv, &i, p + 1);
      if (!v) usage();
      if (o == 'r') reducer = manta_parse_reducer(v);
      else if (o == 'f') file = v;
      else if (!strchr(v, ':')) tb_die(2, "invalid header (want 'name: value'): %s", v);
      break;
    }
  }
  if (argc - i > 1) usage();
  char *key = i < argc ? xstrdup(argv[i]) : manta_output_key("");
  rd_t in;
  if (rd_open(&in, file) < 0) tb_die(1, "%s: %s", file, strerror(errno));
  int fd = mobula_output_open(key, (int32_t)strlen(key), reducer);
  if (fd < 0) tb_die(1, "%s: %s", key, strerror(-fd));
  static char buf[65536];
  ssize_t k;
  while ((k = rd_read(&in, buf, sizeof buf)) > 0) manta_write_all(fd, buf, (size_t)k, key);
  if (k < 0) tb_die(1, "read failed: %s", strerror(errno));
  if (close(fd) != 0) tb_die(1, "%s: %s", key, strerror(errno));
  out_str(key);
  out_putc('\n');
  out_flush();
  return 0;
}
