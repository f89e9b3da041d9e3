/* false: exit 1 (--help as the only argument prints help). */
#include "opt.h"

static const tb_tool tool = {
  "false", "false [ignored arguments]",
  "Exit with a status code indicating failure.\n"
};

int main(int argc, char **argv) {
  tb_init(&tool);
  tb_help_only(argc, argv);
  return 1;
}
