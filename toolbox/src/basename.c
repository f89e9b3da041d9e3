/* basename NAME [SUFFIX] | basename -a [-s SUFFIX] [-z] NAME...: strip directories (and a suffix). */
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "basename", "basename NAME [SUFFIX]\n  or:  basename OPTION... NAME...",
  "Print NAME with any leading directory components removed; remove a trailing SUFFIX too.\n"
  "  -a, --multiple       support multiple arguments and treat each as a NAME\n"
  "  -s, --suffix=SUFFIX  remove a trailing SUFFIX; implies -a\n"
  "  -z, --zero           end each output line with NUL, not newline\n",
  "+as:z",
  (const tb_longopt[]){
    {"multiple", 'a'},
    {"suffix:", 's'},
    {"zero", 'z'},
    {0}},
};

static int zero;

static void put_base(const char *name, const char *suffix) {
  size_t n = strlen(name);
  while (n > 1 && name[n - 1] == '/') n--;
  size_t start = n;
  while (start > 0 && name[start - 1] != '/') start--;
  if (n == 1 && name[0] == '/') start = 0;
  size_t len = n - start;
  size_t sl = suffix ? strlen(suffix) : 0;
  if (sl && sl < len && !memcmp(name + start + len - sl, suffix, sl)) len -= sl;
  out_write(name + start, len);
  out_putc(zero ? 0 : '\n');
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int multiple = 0, c;
  const char *suffix = NULL;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'a') multiple = 1;
    else if (c == 's') multiple = 1, suffix = optarg;
    else if (c == 'z') zero = 1;
  }
  int n = argc - optind;
  if (n < 1) tb_usage_error("missing operand");
  if (!multiple && n > 2) tb_usage_error("extra operand '%s'", argv[optind + 2]);
  if (multiple) for (int i = optind; i < argc; i++) put_base(argv[i], suffix);
  else put_base(argv[optind], n == 2 ? argv[optind + 1] : NULL);
  out_flush();
  return 0;
}
