/* mcat [-r reducer] key...: emits existing objects as job outputs by
 * reference (no data is copied). */
#include <string.h>
#include "mobula.h"
#include "opt.h"
#include "tb.h"

int main(int argc, char **argv) {
  tb_prog = "mcat";
  int reducer = -1, i = 1, status = 0;
  for (; tb_opt_word(argc, argv, &i); i++) {
    if (argv[i][1] != 'r') tb_die(2, "unsupported option '%s'\nusage: mcat [-r reducer] key...", argv[i]);
    const char *v = argv[i][2] ? argv[i] + 2 : (i + 1 < argc ? argv[++i] : NULL);
    if (!v) tb_die(2, "usage: mcat [-r reducer] key...");
    reducer = manta_parse_reducer(v);
  }
  if (i >= argc) tb_die(2, "usage: mcat [-r reducer] key...");
  for (; i < argc; i++) {
    int rc = mobula_output_ref(argv[i], (int32_t)strlen(argv[i]), reducer);
    if (rc < 0) {
      tb_warn("%s: %s", argv[i], strerror(-rc));
      status = 1;
    }
  }
  return status;
}
