/* mtee [-c copies] [-H 'header: value'] key: copies stdin to stdout and to a
 * plain (non-output) object `key`. -c and -H are validated and accepted;
 * durability and headers are the host's business. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mobula.h"
#include "opt.h"
#include "tb.h"

static void usage(void) { tb_die(2, "usage: mtee [-c copies] [-H 'header: value'] key"); }

int main(int argc, char **argv) {
  tb_prog = "mtee";
  int i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    char *a = argv[i];
    char o = a[1];
    if (o != 'c' && o != 'H') { tb_warn("unsupported option '%s'", a); usage(); }
    char *v = tb_opt_value(argc, argv, &i, a + 2);
    if (!v) usage();
    if (o == 'c') {
      char *end;
      long c = strtol(v, &end, 10);
      if (*end || c < 1 || c > 9) tb_die(2, "invalid copies: %s", v);
    } else if (!strchr(v, ':')) {
      tb_die(2, "invalid header (want 'name: value'): %s", v);
    }
  }
  if (argc - i != 1) usage();
  const char *key = argv[i];
  int fd = mobula_object_open(key, (int32_t)strlen(key));
  if (fd < 0) tb_die(1, "%s: %s", key, strerror(-fd));
  static char buf[65536];
  ssize_t k;
  while ((k = read(0, buf, sizeof buf)) > 0) {
    manta_write_all(1, buf, (size_t)k, "stdout");
    manta_write_all(fd, buf, (size_t)k, key);
  }
  if (k < 0) tb_die(1, "read failed: %s", strerror(errno));
  if (close(fd) != 0) tb_die(1, "%s: %s", key, strerror(errno));
  return 0;
}
