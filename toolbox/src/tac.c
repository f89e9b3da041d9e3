/* tac [-b] [-s SEP] [FILE]...: each file's records in reverse order. */
#include <stdlib.h>
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "tac", "tac [OPTION]... [FILE]...",
  "Write each FILE to standard output, last record first.\n"
  "  -b, --before             attach the separator before instead of after\n"
  "  -s, --separator=STRING   use STRING as the separator instead of newline\n",
  "bs:",
  (const tb_longopt[]){
    {"before", 'b'},
    {"separator:", 's'},
    {0}},
};

static const char *sep = "\n";
static size_t seplen = 1;
static int before;

static int tac_file(rd_t *r, const char *name, void *arg) {
  (void)name, (void)arg;
  size_t n, k = 0, cap = 1024;
  char *buf = tb_slurp(r, &n);
  size_t *at = xmalloc(cap * sizeof *at); /* separator offsets, in order */
  for (char *p = buf; (p = memmem(p, n - (size_t)(p - buf), sep, seplen)); p += seplen) {
    if (k == cap) at = xrealloc(at, (cap *= 2) * sizeof *at);
    at[k++] = (size_t)(p - buf);
  }
  if (before) {
    /* records start at a separator: [at[i], at[i+1]), then the head before the first */
    size_t end = n;
    for (size_t i = k; i-- > 0; end = at[i]) out_write(buf + at[i], end - at[i]);
    out_write(buf, end);
  } else {
    /* records end with a separator; a tail without one comes out first */
    size_t end = n;
    for (size_t i = k; i-- > 0;) {
      size_t start = at[i] + seplen;
      out_write(buf + start, end - start);
      end = start;
    }
    out_write(buf, end);
  }
  free(at);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'b') before = 1;
    else if (c == 's') {
      sep = optarg;
      seplen = strlen(sep);
      if (!seplen) tb_usage_error("separator cannot be empty");
    }
  }
  int status = tb_each_file(argc - optind, argv + optind, tac_file, NULL);
  out_flush();
  return status;
}
