/* false: exit 1 (--help as the only argument prints help). */
#include "opt.h"

int main(int argc, char **argv) {
  tb_init("false", "false [ignored arguments]", "Exit with a status code indicating failure.\n");
  tb_help_only(argc, argv);
  return 1;
}
