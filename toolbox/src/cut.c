/* cut -b LIST | -c LIST | -f LIST [-d C] [-s] [--complement] [--output-delimiter=S] [file...]
 * LIST is N, N-M, N-, -M separated by commas; bytes and characters are the
 * same thing here (C locale). Selected positions are emitted in input order. */
#include <stdlib.h>
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

typedef struct { size_t lo, hi; } range; /* 1-based inclusive, hi = SIZE_MAX for open */
static range *ranges;
static size_t nranges;
static int mode; /* 'b' or 'f' */
static char delim = '\t';
static int only_delimited, complement;
static const char *out_delim;
static size_t out_delim_len;

static int cmp_range(const void *a, const void *b) {
  const range *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void parse_list(const char *s) {
  char *copy = xstrdup(s), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    range r = {1, (size_t)-1};
    char *dash = strchr(tok, '-');
    char *end;
    if (!dash) {
      r.lo = r.hi = strtoul(tok, &end, 10);
      if (*end || end == tok) tb_die(1, "invalid field value '%s'", tok);
    } else {
      if (dash != tok) {
        r.lo = strtoul(tok, &end, 10);
        if (end != dash) tb_die(1, "invalid range '%s'", tok);
      }
      if (dash[1]) {
        r.hi = strtoul(dash + 1, &end, 10);
        if (*end) tb_die(1, "invalid range '%s'", tok);
      } else if (dash == tok) {
        tb_die(1, "invalid range with no endpoint: -");
      }
    }
    if (r.lo == 0) tb_die(1, "fields and positions are numbered from 1");
    if (r.hi < r.lo) tb_die(1, "invalid decreasing range");
    ranges = xrealloc(ranges, (nranges + 1) * sizeof *ranges);
    ranges[nranges++] = r;
  }
  free(copy);
  qsort(ranges, nranges, sizeof *ranges, cmp_range);
}

static int selected(size_t pos) {
  int in = 0;
  for (size_t i = 0; i < nranges && ranges[i].lo <= pos; i++)
    if (pos <= ranges[i].hi) { in = 1; break; }
  return in != complement;
}

static void cut_bytes(const char *line, size_t len) {
  int any = 0;
  for (size_t i = 0; i < len; i++) {
    if (!selected(i + 1)) continue;
    /* --output-delimiter separates non-adjacent ranges in byte mode */
    if (out_delim && any && !selected(i)) out_write(out_delim, out_delim_len);
    out_putc(line[i]);
    any = 1;
  }
  out_putc('\n');
}

static void cut_fields(const char *line, size_t len) {
  const char *d = memchr(line, delim, len);
  if (!d) {
    if (!only_delimited) { out_write(line, len); out_putc('\n'); }
    return;
  }
  size_t field = 1, start = 0;
  int any = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && line[i] != delim) continue;
    if (selected(field)) {
      if (any) { if (out_delim) out_write(out_delim, out_delim_len); else out_putc(delim); }
      out_write(line + start, i - start);
      any = 1;
    }
    field++;
    start = i + 1;
  }
  out_putc('\n');
}

static void cut_line(char *line, size_t len, int nl, void *arg) {
  (void)nl, (void)arg;
  if (mode == 'f') cut_fields(line, len); else cut_bytes(line, len);
}

static void usage(void) {
  tb_die(1, "usage: cut -b LIST|-c LIST|-f LIST [-d DELIM] [-s] [--complement] [file...]");
}

int main(int argc, char **argv) {
  tb_prog = "cut";
  int i = 1;
  const char *list = NULL;
  for (; tb_opt_word(argc, argv, &i); i++) {
    char *a = argv[i];
    if (!strcmp(a, "--complement")) { complement = 1; continue; }
    if (!strncmp(a, "--output-delimiter=", 19)) { out_delim = a + 19; out_delim_len = strlen(out_delim); continue; }
    if (a[1] == '-') usage();
    for (char *p = a + 1; *p; p++) {
      if (*p == 's') { only_delimited = 1; continue; }
      if (*p == 'n') continue;
      if (!strchr("bcfd", *p)) { tb_warn("invalid option -- '%c'", *p); usage(); }
      char opt = *p;
      const char *v = tb_opt_value(argc, argv, &i, p + 1);
      if (!v) { tb_warn("option requires an argument -- '%c'", opt); usage(); }
      if (opt == 'd') {
        if (strlen(v) > 1) tb_die(1, "the delimiter must be a single character");
        delim = v[0];
      } else {
        if (mode) tb_die(1, "only one type of list may be specified");
        mode = opt == 'f' ? 'f' : 'b';
        list = v;
      }
      break;
    }
  }
  if (!mode) { tb_warn("you must specify a list of bytes, characters, or fields"); usage(); }
  parse_list(list);
  int status = tb_each_line(argc - i, argv + i, '\n', cut_line, NULL);
  out_flush();
  return status;
}
