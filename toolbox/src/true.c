/* true: exit 0 (--help as the only argument prints help). */
#include "opt.h"

int main(int argc, char **argv) {
  tb_init("true", "true [ignored arguments]", "Exit with a status code indicating success.\n");
  tb_help_only(argc, argv);
  return 0;
}
