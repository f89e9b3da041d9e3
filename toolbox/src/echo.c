/* echo [-neE] [STRING]...: as coreutils' echo (the shell also has a builtin
 * echo, which runs first; this program serves xargs and explicit paths). */
#include <string.h>
#include "escape.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "echo", "echo [SHORT-OPTION]... [STRING]...",
  "Echo the STRING(s) to standard output.\n"
  "  -n  do not output the trailing newline\n"
  "  -e  enable interpretation of backslash escapes (\\\\ \\a \\b \\c \\e \\f \\n \\r \\t \\v \\0NNN \\xHH)\n"
  "  -E  disable interpretation of backslash escapes (default)\n"
};

int main(int argc, char **argv) {
  tb_init(&tool);
  tb_help_only(argc, argv);
  int newline = 1, escapes = 0, i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] && strspn(argv[i] + 1, "neE") == strlen(argv[i] + 1); i++)
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'n') newline = 0;
      else escapes = *p == 'e';
    }
  for (int first = i; i < argc; i++) {
    if (i > first) out_putc(' ');
    if (!escapes) { out_str(argv[i]); continue; }
    char *buf = xmalloc(strlen(argv[i]) + 1);
    int stop;
    out_write(buf, tb_unescape(argv[i], buf, TB_ESC_OCTAL0, &stop));
    if (stop) { out_flush(); return 0; }
  }
  if (newline) out_putc('\n');
  out_flush();
  return 0;
}
