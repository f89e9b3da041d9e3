/* true: exit 0 (--help as the only argument prints help). */
#include "opt.h"

static const tb_tool tool = {
  "true", "true [ignored arguments]",
  "Exit with a status code indicating success.\n"
};

int main(int argc, char **argv) {
  tb_init(&tool);
  tb_help_only(argc, argv);
  return 0;
}
