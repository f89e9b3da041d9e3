/* comm [-123] [--output-delimiter=S] FILE1 FILE2: compare two sorted files
 * line by line (bytewise, as in the C locale); unsorted input is reported
 * once per file and makes the exit status 1, as coreutils does by default. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "tb.h"

enum { CHECK = 0x100, NOCHECK, ODELIM, TOTAL };
static const tb_tool tool = {
  "comm", "comm [OPTION]... FILE1 FILE2",
  "Compare sorted files FILE1 and FILE2 line by line. Column one holds lines unique to\n"
  "FILE1, column two lines unique to FILE2, column three lines common to both.\n"
  "  -1, -2, -3               suppress column 1, 2 or 3\n"
  "      --check-order        check that the input is correctly sorted (the default)\n"
  "      --nocheck-order      do not check that the input is correctly sorted\n"
  "      --output-delimiter=STR  separate columns with STR\n"
  "      --total              output a summary\n"
  "  -z, --zero-terminated    line delimiter is NUL, not newline\n",
  "123z",
  (const tb_longopt[]){
    {"check-order", CHECK},
    {"nocheck-order", NOCHECK},
    {"output-delimiter:", ODELIM},
    {"total", TOTAL},
    {"zero-terminated", 'z'},
    {0}},
};

static int hide[4];
static const char *odelim = "\t";
static int eol = '\n', check = 1, unsorted;

typedef struct { rd_t r; char *line, *prev; size_t len, prevlen; int have, warned; } input_t;

static int cmp(const char *a, size_t al, const char *b, size_t bl) {
  int c = memcmp(a, b, al < bl ? al : bl);
  return c ? c : (al > bl) - (al < bl);
}

static void next(input_t *in, int which) {
  int nl;
  if (in->have) {
    free(in->prev);
    in->prev = xmemdup(in->line, in->len);
    in->prevlen = in->len;
  }
  in->have = rd_line(&in->r, eol, &in->line, &in->len, &nl) > 0;
  if (in->have && in->prev && check && !in->warned && cmp(in->prev, in->prevlen, in->line, in->len) > 0) {
    out_flush();
    tb_warn("file %d is not in sorted order", which);
    in->warned = unsorted = 1;
  }
}

static void put(int col, const char *s, size_t n) {
  if (hide[col]) return;
  for (int c = 1; c < col; c++) if (!hide[c]) out_str(odelim);
  out_write(s, n);
  out_putc(eol);
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c, total = 0;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c >= '1' && c <= '3') hide[c - '0'] = 1;
    else if (c == 'z') eol = 0;
    else if (c == CHECK) check = 1;
    else if (c == NOCHECK) check = 0;
    else if (c == ODELIM) odelim = *optarg ? optarg : "";
    else if (c == TOTAL) total = 1;
  }
  if (argc - optind < 2) tb_usage_error("missing operand");
  if (argc - optind > 2) tb_usage_error("extra operand '%s'", argv[optind + 2]);
  input_t a = {0}, b = {0};
  if (rd_open(&a.r, argv[optind]) < 0) tb_die(1, "%s: %s", argv[optind], strerror(errno));
  if (rd_open(&b.r, argv[optind + 1]) < 0) tb_die(1, "%s: %s", argv[optind + 1], strerror(errno));
  long long counts[4] = {0};
  next(&a, 1);
  next(&b, 2);
  while (a.have || b.have) {
    int d = !a.have ? 1 : !b.have ? -1 : cmp(a.line, a.len, b.line, b.len);
    if (d < 0) put(1, a.line, a.len), counts[1]++, next(&a, 1);
    else if (d > 0) put(2, b.line, b.len), counts[2]++, next(&b, 2);
    else put(3, a.line, a.len), counts[3]++, next(&a, 1), next(&b, 2);
  }
  if (total) out_printf("%lld%s%lld%s%lld%stotal%c", counts[1], odelim, counts[2], odelim, counts[3], odelim, eol);
  out_flush();
  if (unsorted) tb_warn("input is not in sorted order");
  return unsorted;
}
