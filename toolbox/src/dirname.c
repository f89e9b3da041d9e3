/* dirname [-z] NAME...: strip the last component of each NAME. */
#include <string.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "dirname", "dirname [OPTION] NAME...",
  "Output each NAME with its last non-slash component and trailing slashes removed;\n"
  "if NAME contains no /'s, output '.'.\n"
  "  -z, --zero  end each output line with NUL, not newline\n",
  "z",
  (const tb_longopt[]){
    {"zero", 'z'},
    {0}},
};

int main(int argc, char **argv) {
  tb_init(&tool);
  int zero = 0, c;
  while ((c = tb_getopt(argc, argv)) != -1) zero = 1;
  if (optind == argc) tb_usage_error("missing operand");
  for (int i = optind; i < argc; i++) {
    const char *s = argv[i];
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/') n--;
    while (n > 0 && s[n - 1] != '/') n--;
    while (n > 1 && s[n - 1] == '/') n--;
    if (n == 0) out_putc('.');
    else if (s[0] == '/' && n == 1) out_putc('/');
    else out_write(s, n);
    out_putc(zero ? 0 : '\n');
  }
  out_flush();
  return 0;
}
