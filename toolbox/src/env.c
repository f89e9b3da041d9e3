/* env [-i] [-0] [-u NAME]... [NAME=VALUE]...: print the (modified) environment.
 * A WASI program cannot start another, so a COMMAND operand is refused with
 * a pointer to the shell's own `NAME=VALUE command` prefix. */
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "env", "env [OPTION]... [NAME=VALUE]...",
  "Set each NAME to VALUE in the environment and print it.\n"
  "  -i, --ignore-environment  start with an empty environment\n"
  "  -0, --null                end each output line with NUL, not newline\n"
  "  -u, --unset=NAME          remove variable from the environment\n"
  "In a task, `env NAME=VALUE COMMAND` runs COMMAND (the sandbox's native env).\n",
  "+i0u:",
  (const tb_longopt[]){
    {"ignore-environment", 'i'},
    {"null", '0'},
    {"unset:", 'u'},
    {0}},
};

extern char **environ;

int main(int argc, char **argv) {
  tb_init(&tool);
  int c, eol = '\n';
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'i') { static char *none[] = {NULL}; environ = none; }
    else if (c == '0') eol = 0;
    else if (c == 'u') unsetenv(optarg);
  }
  if (optind < argc && !strcmp(argv[optind], "-")) { static char *none[] = {NULL}; environ = none; optind++; }
  for (; optind < argc && strchr(argv[optind], '='); optind++) {
    char *eq = strchr(argv[optind], '=');
    *eq = 0;
    setenv(argv[optind], eq + 1, 1);
  }
  if (optind < argc)
    tb_die(126, "'%s': cannot run a program from env in the sandbox; write 'NAME=VALUE %s ...' in the shell instead", argv[optind], argv[optind]);
  for (char **e = environ; e && *e; e++) out_str(*e), out_putc(eol);
  out_flush();
  return 0;
}
