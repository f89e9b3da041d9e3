/* join [OPTION]... FILE1 FILE2: join lines of two files sorted on a common
 * field (bytewise, as in the C locale). Input order is not checked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "opt.h"
#include "tb.h"

enum { HEADER = 0x100, CHECK, NOCHECK };
static const tb_tool tool = {
  "join", "join [OPTION]... FILE1 FILE2",
  "For each pair of input lines with identical join fields, write a line to standard output.\n"
  "The default join field is the first, delimited by blanks.\n"
  "  -a FILENUM        also print unpairable lines from file FILENUM (1 or 2)\n"
  "  -e STRING         replace missing (empty) output fields with STRING\n"
  "  -i, --ignore-case ignore differences in case when comparing fields\n"
  "  -j FIELD          equivalent to '-1 FIELD -2 FIELD'\n"
  "  -o FORMAT         obey FORMAT while constructing output line (M.N list, 0, or 'auto')\n"
  "  -t CHAR           use CHAR as input and output field separator\n"
  "  -v FILENUM        like -a FILENUM, but suppress joined output lines\n"
  "  -1 FIELD          join on this FIELD of file 1\n"
  "  -2 FIELD          join on this FIELD of file 2\n"
  "      --header      treat the first line in each file as field headers\n"
  "  -z, --zero-terminated  line delimiter is NUL, not newline\n",
  "a:e:ij:o:t:v:1:2:z",
  (const tb_longopt[]){
    {"ignore-case", 'i'},
    {"header", HEADER},
    {"zero-terminated", 'z'},
    {"check-order", CHECK},
    {"nocheck-order", NOCHECK},
    {0}},
};

typedef struct { const char *p; size_t n; } field_t;
typedef struct { char *text; size_t len; field_t *f; size_t nf; } line_t;
typedef struct { line_t *l; size_t n; } file_t;
typedef struct { int file, field; } ospec_t; /* file 0 = the join field */

static int tab = -1, ignore_case, header, print_unpaired[3], only_unpaired, eol = '\n';
static size_t key[3] = {0, 0, 0};
static const char *empty;
static ospec_t *ospec;
static size_t nospec;
static int oauto;
static size_t autof[3];

static void split(line_t *l) {
  size_t cap = 8;
  l->f = xmalloc(cap * sizeof *l->f);
  l->nf = 0;
  const char *s = l->text, *end = s + l->len;
  if (tab >= 0) {
    for (const char *p = s;; ) {
      const char *q = memchr(p, tab, (size_t)(end - p));
      if (l->nf == cap) l->f = xrealloc(l->f, (cap *= 2) * sizeof *l->f);
      l->f[l->nf++] = (field_t){p, (size_t)((q ? q : end) - p)};
      if (!q) break;
      p = q + 1;
    }
    if (l->len == 0) l->nf = 0;
    return;
  }
  const char *p = s;
  for (;;) {
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (p == end) break;
    const char *q = p;
    while (q < end && *q != ' ' && *q != '\t') q++;
    if (l->nf == cap) l->f = xrealloc(l->f, (cap *= 2) * sizeof *l->f);
    l->f[l->nf++] = (field_t){p, (size_t)(q - p)};
    p = q;
  }
}

static void load(file_t *f, const char *name) {
  rd_t r;
  if (rd_open(&r, name) < 0) tb_die(1, "%s: %s", name, strerror(errno));
  size_t cap = 256;
  f->l = xmalloc(cap * sizeof *f->l);
  f->n = 0;
  char *line;
  size_t len;
  int nl;
  while (rd_line(&r, eol, &line, &len, &nl) > 0) {
    if (f->n == cap) f->l = xrealloc(f->l, (cap *= 2) * sizeof *f->l);
    line_t *l = &f->l[f->n++];
    l->text = xmemdup(line, len);
    l->len = len;
    split(l);
  }
  rd_close(&r);
}

static field_t get(const line_t *l, size_t i) { return i < l->nf ? l->f[i] : (field_t){"", 0}; }

static int keycmp(const line_t *a, size_t ka, const line_t *b, size_t kb) {
  field_t x = get(a, ka), y = get(b, kb);
  size_t n = x.n < y.n ? x.n : y.n;
  int c = ignore_case ? strncasecmp(x.p, y.p, n) : memcmp(x.p, y.p, n);
  return c ? c : (x.n > y.n) - (x.n < y.n);
}

static void sep(void) { out_putc(tab >= 0 ? tab : ' '); }

static void put_field(const line_t *l, size_t i) {
  if (l && i < l->nf) out_write(l->f[i].p, l->f[i].n);
  else if (empty) out_str(empty);
}

/* One output line: a (file 1's line) and/or b (file 2's), either may be NULL for an unpaired line. */
static void put(const line_t *a, const line_t *b) {
  if (nospec || oauto) {
    size_t n = oauto ? 1 + (autof[1] ? autof[1] - 1 : 0) + (autof[2] ? autof[2] - 1 : 0) : nospec;
    size_t k = 0;
    if (oauto) {
      put_field(a ? a : b, a ? key[1] : key[2]);
      for (int f = 1; f <= 2; f++)
        for (size_t i = 0; i < autof[f]; i++) {
          if (i == key[f]) continue;
          sep();
          put_field(f == 1 ? a : b, i);
        }
      (void)n, (void)k;
    } else {
      for (size_t i = 0; i < nospec; i++) {
        if (i) sep();
        ospec_t o = ospec[i];
        if (o.file == 0) put_field(a ? a : b, a ? key[1] : key[2]);
        else put_field(o.file == 1 ? a : b, (size_t)o.field);
      }
    }
    out_putc(eol);
    return;
  }
  const line_t *k = a ? a : b;
  put_field(k, a ? key[1] : key[2]);
  for (int f = 1; f <= 2; f++) {
    const line_t *l = f == 1 ? a : b;
    if (!l) continue;
    for (size_t i = 0; i < l->nf; i++) {
      if (i == key[f]) continue;
      sep();
      out_write(l->f[i].p, l->f[i].n);
    }
  }
  out_putc(eol);
}

static void parse_ospec(char *s) {
  if (!strcmp(s, "auto")) { oauto = 1; return; }
  for (char *tok = strtok(s, ", \t"); tok; tok = strtok(NULL, ", \t")) {
    ospec = xrealloc(ospec, (nospec + 1) * sizeof *ospec);
    if (!strcmp(tok, "0")) { ospec[nospec++] = (ospec_t){0, 0}; continue; }
    if ((tok[0] != '1' && tok[0] != '2') || tok[1] != '.' || atoi(tok + 2) < 1) tb_usage_error("invalid field specifier: '%s'", tok);
    ospec[nospec++] = (ospec_t){tok[0] - '0', atoi(tok + 2) - 1};
  }
}

static size_t field_arg(const char *s) {
  long long v = tb_parse_count(s, 0);
  if (v < 1) tb_usage_error("invalid field number: '%s'", s);
  return (size_t)v - 1;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'a': case 'v':
        if (strcmp(optarg, "1") && strcmp(optarg, "2")) tb_usage_error("invalid file number: '%s'", optarg);
        print_unpaired[optarg[0] - '0'] = 1;
        if (c == 'v') only_unpaired = 1;
        break;
      case 'e': empty = optarg; break;
      case 'i': ignore_case = 1; break;
      case 'j': key[1] = key[2] = field_arg(optarg); break;
      case '1': key[1] = field_arg(optarg); break;
      case '2': key[2] = field_arg(optarg); break;
      case 'o': parse_ospec(optarg); break;
      case 't':
        if (strlen(optarg) > 1) tb_usage_error("multi-character tab '%s'", optarg);
        tab = (unsigned char)optarg[0];
        if (!optarg[0]) tab = '\n';
        break;
      case 'z': eol = 0; break;
      case HEADER: header = 1; break;
    }
  }
  if (argc - optind < 2) tb_usage_error("missing operand");
  if (argc - optind > 2) tb_usage_error("extra operand '%s'", argv[optind + 2]);
  file_t A, B;
  load(&A, argv[optind]);
  load(&B, argv[optind + 1]);
  if (oauto) {
    autof[1] = A.n ? A.l[0].nf : 0;
    autof[2] = B.n ? B.l[0].nf : 0;
  }
  size_t i = 0, j = 0;
  if (header && (A.n || B.n)) {
    put(A.n ? &A.l[0] : NULL, B.n ? &B.l[0] : NULL);
    i = j = 1;
  }
  while (i < A.n || j < B.n) {
    int d = i >= A.n ? 1 : j >= B.n ? -1 : keycmp(&A.l[i], key[1], &B.l[j], key[2]);
    if (d < 0) {
      if (print_unpaired[1]) put(&A.l[i], NULL);
      i++;
    } else if (d > 0) {
      if (print_unpaired[2]) put(NULL, &B.l[j]);
      j++;
    } else {
      size_t i2 = i, j2 = j;
      while (i2 < A.n && !keycmp(&A.l[i2], key[1], &A.l[i], key[1])) i2++;
      while (j2 < B.n && !keycmp(&B.l[j2], key[2], &B.l[j], key[2])) j2++;
      if (!only_unpaired)
        for (size_t x = i; x < i2; x++)
          for (size_t y = j; y < j2; y++) put(&A.l[x], &B.l[y]);
      i = i2, j = j2;
    }
  }
  out_flush();
  return 0;
}
