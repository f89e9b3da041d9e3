/* sort [-bdfginrsuc] [-k KEY]... [-t C] [-o FILE] [-m] [-S SIZE] [-T DIR] [file...]
 * An external merge sort, as GNU sort's: read lines into a buffer until it
 * holds SIZE bytes (-S/--buffer-size, as GNU's: default unit KiB, suffixes
 * b K M G T P E and %; env SORT_BUFFER_BYTES; default 128 MiB) or memory runs
 * out; stable merge sort the batch; if more input follows, spill the batch as
 * a sorted run to a temporary file in -T DIR, $TMPDIR or /tmp; finally merge
 * the runs, at most NMERGE (--batch-size, default 32) open at once: while there
 * are more, the first few are merged into one run first (always a prefix, and
 * ties go to the earlier run, so the whole sort stays stable). -u drops lines
 * equal under the keys to the first of their run. Temporary files are removed
 * as soon as they are merged, and on every exit. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sortkey.h"
#include "opt.h"
#include "tb.h"

typedef struct { size_t off, len; } line_t;

static sort_spec spec;
static sort_key gkey;
static int gkey_set, opt_check, opt_merge;
static size_t budget = 128u << 20;
static size_t nmerge = 32;
static const char *tmpdir = "/tmp";
static const char *outfile;
static char *data;
static size_t data_len, data_cap;
static line_t *lines, *scratch;
static size_t nlines, lines_cap, scratch_cap;

static int cmp_lines(const line_t *a, const line_t *b) {
  return sort_cmp(&spec, data + a->off, a->len, data + b->off, b->len);
}

static void msort(line_t *a, size_t n, line_t *tmp) {
  if (n < 2) return;
  if (n <= 8) { /* insertion sort: stable */
    for (size_t i = 1; i < n; i++) {
      line_t x = a[i];
      size_t j = i;
      while (j > 0 && cmp_lines(&a[j - 1], &x) > 0) { a[j] = a[j - 1]; j--; }
      a[j] = x;
    }
    return;
  }
  size_t h = n / 2;
  msort(a, h, tmp);
  msort(a + h, n - h, tmp);
  if (cmp_lines(&a[h - 1], &a[h]) <= 0) return;
  memcpy(tmp, a, h * sizeof *a);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) a[k++] = cmp_lines(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
  while (i < h) a[k++] = tmp[i++];
}

/* ---- runs on disk ---- */
typedef struct { char *path; int temp; } run_t; /* temp: ours to remove (not a -m input) */
static run_t *runs;
static size_t nruns;
static unsigned run_seq;

static int wfd;
static char *writing; /* the run file being written, not yet in runs[] */
static char wbuf[65536];
static size_t wlen;
static void wflush(void) {
  size_t o = 0;
  while (o < wlen) {
    ssize_t w = write(wfd, wbuf + o, wlen - o);
    if (w < 0) tb_die(2, "write failed: %s: %s", tmpdir, strerror(errno));
    o += (size_t)w;
  }
  wlen = 0;
}
static void wput(const char *p, size_t n) {
  while (n) {
    size_t k = sizeof wbuf - wlen < n ? sizeof wbuf - wlen : n;
    memcpy(wbuf + wlen, p, k);
    wlen += k, p += k, n -= k;
    if (wlen == sizeof wbuf) wflush();
  }
}

static int new_run_file(char **path) {
  unsigned char rnd[6];
  if (getentropy(rnd, sizeof rnd) != 0) memset(rnd, 0, sizeof rnd);
  for (int attempt = 0; attempt < 100; attempt++) {
    char name[512];
    snprintf(name, sizeof name, "%s/sort%02x%02x%02x%02x%02x%02x.%u", tmpdir, rnd[0], rnd[1], rnd[2], rnd[3],
             rnd[4], rnd[5], run_seq++);
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0600);
    if (fd >= 0) { *path = writing = xstrdup(name); return fd; }
    if (errno != EEXIST) tb_die(2, "cannot create temporary file in '%s': %s", tmpdir, strerror(errno));
  }
  tb_die(2, "cannot create temporary file in '%s'", tmpdir);
}

static void cleanup_runs(void) {
  for (size_t i = 0; i < nruns; i++) if (runs[i].temp) unlink(runs[i].path);
  if (writing) unlink(writing);
}

static void sort_batch(void) {
  if (scratch_cap < nlines / 2 + 1) scratch = xrealloc(scratch, (scratch_cap = nlines / 2 + 1) * sizeof *scratch);
  msort(lines, nlines, scratch);
}

static void spill(void) {
  sort_batch();
  runs = xrealloc(runs, (nruns + 1) * sizeof *runs);
  wfd = new_run_file(&runs[nruns].path);
  runs[nruns++].temp = 1;
  const line_t *prev = NULL;
  for (size_t i = 0; i < nlines; i++) {
    const line_t *l = &lines[i];
    if (spec.unique && prev && sort_keycmp(&spec, data + prev->off, prev->len, data + l->off, l->len) == 0) continue;
    wput(data + l->off, l->len);
    wput("\n", 1);
    prev = l;
  }
  wflush();
  close(wfd);
  writing = NULL;
  nlines = data_len = 0;
}

/* ---- output with -u ---- */
static char *last_out;
static size_t last_len, last_cap;
static int have_last;
static void emit(const char *s, size_t len) {
  if (spec.unique) {
    if (have_last && sort_keycmp(&spec, last_out, last_len, s, len) == 0) return;
    if (len > last_cap) last_out = xrealloc(last_out, last_cap = len * 2 + 16);
    memcpy(last_out, s, len);
    last_len = len;
    have_last = 1;
  }
  if (wfd >= 0) { wput(s, len); wput("\n", 1); }
  else { out_write(s, len); out_putc('\n'); }
}

/* Merge inputs [paths] in order to the current sink (emit or a run file). */
typedef struct { rd_t r; char *s; size_t len; size_t idx; } cursor;
static int cur_less(const cursor *a, const cursor *b) {
  int c = sort_cmp(&spec, a->s, a->len, b->s, b->len);
  return c < 0 || (c == 0 && a->idx < b->idx);
}
static void merge_paths(char **paths, size_t n, int to_run) {
  cursor *c = xmalloc(n * sizeof *c);
  size_t *heap = xmalloc(n * sizeof *heap), hn = 0;
  for (size_t i = 0; i < n; i++) {
    if (rd_open(&c[i].r, paths[i]) < 0) tb_die(2, "cannot read: %s: %s", paths[i], strerror(errno));
    c[i].idx = i;
    int nl;
    if (rd_line(&c[i].r, '\n', &c[i].s, &c[i].len, &nl) > 0) {
      size_t j = hn++;
      while (j > 0 && cur_less(&c[i], &c[heap[(j - 1) / 2]])) heap[j] = heap[(j - 1) / 2], j = (j - 1) / 2;
      heap[j] = i;
    }
  }
  if (!to_run) wfd = -1;
  while (hn) {
    cursor *top = &c[heap[0]];
    emit(top->s, top->len);
    int nl;
    size_t moving = heap[0];
    if (rd_line(&top->r, '\n', &top->s, &top->len, &nl) <= 0) moving = heap[--hn];
    size_t j = 0;
    for (;;) { /* sift down */
      size_t l = 2 * j + 1, m = j;
      const cursor *best = &c[moving];
      if (l < hn && cur_less(&c[heap[l]], best)) m = l, best = &c[heap[l]];
      if (l + 1 < hn && cur_less(&c[heap[l + 1]], best)) m = l + 1;
      if (m == j) break;
      heap[j] = heap[m];
      j = m;
    }
    if (hn) heap[j] = moving;
  }
  for (size_t i = 0; i < n; i++) rd_close(&c[i].r);
  free(c);
  free(heap);
}

/* Grows *p to hold `need` bytes, doubling but never past the buffer's share
 * of the budget; 0 when memory is refused (the caller spills and retries). */
static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 1;
  size_t want = *cap * 2 + 1024;
  if (want * elem > budget) want = budget / elem;
  if (want < need) want = need;
  void *q = realloc(*p, want * elem);
  if (!q) return 0;
  *p = q;
  *cap = want;
  return 1;
}

static size_t line_bytes(size_t n) { return n * sizeof(line_t) * 3 / 2; } /* lines + sort scratch */

static void read_input(const char *path) {
  rd_t r;
  if (rd_open(&r, path) < 0) tb_die(2, "cannot read: %s: %s", path, strerror(errno));
  char *s; size_t len; int nl;
  while (rd_line(&r, '\n', &s, &len, &nl) > 0) {
    if (nlines && data_len + len + line_bytes(nlines + 1) > budget) spill();
    while (!grow((void **)&data, &data_cap, data_len + len, 1) || !grow((void **)&lines, &lines_cap, nlines + 1, sizeof *lines) ||
           !grow((void **)&scratch, &scratch_cap, nlines / 2 + 1, sizeof *scratch)) {
      /* Memory refused: what is held becomes a run, and the buffer is what it was. */
      if (!nlines) tb_die(2, "memory exhausted");
      spill();
    }
    memcpy(data + data_len, s, len);
    lines[nlines].off = data_len;
    lines[nlines].len = len;
    nlines++;
    data_len += len;
  }
  rd_close(&r);
}

static int check_sorted(const char *path) {
  rd_t r;
  if (rd_open(&r, path) < 0) tb_die(2, "cannot read: %s: %s", path, strerror(errno));
  char *s, *prev = NULL; size_t len, plen = 0, pcap = 0; int nl;
  long long n = 0;
  while (rd_line(&r, '\n', &s, &len, &nl) > 0) {
    n++;
    if (prev) {
      int c = sort_cmp(&spec, prev, plen, s, len);
      if (c > 0 || (c == 0 && spec.unique)) {
        if (opt_check == 'c') { out_flush(); fprintf(stderr, "sort: %s:%lld: disorder: %.*s\n", path, n, (int)len, s); }
        return 1;
      }
    }
    if (len > pcap) prev = xrealloc(prev, pcap = len * 2 + 16);
    if (!prev) prev = xmalloc(1);
    memcpy(prev, s, len);
    plen = len;
  }
  return 0;
}

static void usage(void) {
  tb_die(2, "usage: sort [-bcCdfgimnrsu] [-k POS1[,POS2]]... [-t SEP] [-o FILE] [-S SIZE] [-T DIR] [--batch-size=N] [file...]");
}

/* -S SIZE as GNU's: a number of KiB, or with a suffix b (bytes), K M G T P E
 * (powers of 1024) or % (of the memory a task may use; taken as 1 GiB, Manta's
 * default, since a program cannot see its phase's limit). */
static size_t parse_buffer_size(const char *v) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (end == v || errno || *v == '-') tb_die(2, "invalid -S argument '%s'", v);
  unsigned long long m = 1024;
  if (*end) {
    const char *units = "bKMGTPE", *u = strchr(units, *end == 'k' ? 'K' : *end);
    if (*end == '%') m = 0;
    else if (!u || !*u) tb_die(2, "invalid -S argument '%s'", v);
    else { m = 1; for (const char *q = units; q < u; q++) m *= 1024; }
    if (end[1]) tb_die(2, "invalid -S argument '%s'", v);
  }
  unsigned long long b = m ? n * m : (n * (1ULL << 30)) / 100;
  if (m && n && b / m != n) b = SIZE_MAX;
  if (b > SIZE_MAX / 2) b = SIZE_MAX / 2;
  return b < 4096 ? 4096 : (size_t)b; /* GNU too refuses to go below a few lines' worth */
}

static void set_value_option(char o, const char *v) {
  if (o == 'k') {
    spec.keys = xrealloc(spec.keys, (spec.nkeys + 1) * sizeof *spec.keys);
    if (sort_parse_key(v, &spec.keys[spec.nkeys]) < 0) tb_die(2, "invalid key specification '%s'", v);
    spec.nkeys++;
  } else if (o == 't') {
    if (strlen(v) != 1 && strcmp(v, "\\0")) tb_die(2, "multi-character tab '%s'", v);
    spec.tab = strcmp(v, "\\0") ? (unsigned char)v[0] : 0;
  } else if (o == 'o') outfile = v;
  else if (o == 'T') tmpdir = v;
  else if (o == 'S') budget = parse_buffer_size(v);
  else if (o == 'B') {
    long long n = tb_parse_count(v, 0);
    if (n < 2) tb_die(2, "invalid --batch-size argument '%s'", v);
    nmerge = (size_t)n;
  }
}

/* Long options: name, the short option it stands for, whether it takes a value. */
static const struct { const char *name; char o; int value; } longopts[] = {
  {"numeric-sort", 'n', 0}, {"general-numeric-sort", 'g', 0}, {"reverse", 'r', 0}, {"ignore-case", 'f', 0},
  {"dictionary-order", 'd', 0}, {"ignore-nonprinting", 'i', 0}, {"ignore-leading-blanks", 'b', 0},
  {"unique", 'u', 0}, {"stable", 's', 0}, {"merge", 'm', 0}, {"check", 'c', 0},
  {"key", 'k', 1}, {"field-separator", 't', 1}, {"output", 'o', 1}, {"buffer-size", 'S', 1},
  {"temporary-directory", 'T', 1}, {"batch-size", 'B', 1}, {"parallel", 0, 1},
};

static int short_flag(char c) {
  if (sort_key_flag(&gkey, c, 0)) { if (c == 'b') gkey.skipeblanks = 1; gkey_set = 1; return 1; }
  switch (c) {
    case 's': spec.stable = 1; return 1;
    case 'u': spec.unique = 1; return 1;
    case 'c': case 'C': opt_check = c; return 1;
    case 'm': opt_merge = 1; return 1;
  }
  return 0;
}

static void long_option(int argc, char **argv, int *i) {
  char *a = argv[*i] + 2, *eq = strchr(a, '=');
  size_t n = eq ? (size_t)(eq - a) : strlen(a);
  int found = -1;
  for (size_t k = 0; k < sizeof longopts / sizeof *longopts; k++) {
    if (strncmp(longopts[k].name, a, n)) continue;
    if (strlen(longopts[k].name) == n) { found = (int)k; break; } /* exact */
    if (found >= 0) { tb_warn("option '--%.*s' is ambiguous", (int)n, a); usage(); }
    found = (int)k;
  }
  if (found < 0) { tb_warn("unrecognized option '--%.*s'", (int)n, a); usage(); }
  const char *v = eq ? eq + 1 : NULL;
  if (!longopts[found].value) {
    if (v && longopts[found].o != 'c') { tb_warn("option '--%s' doesn't allow an argument", longopts[found].name); usage(); }
    if (longopts[found].o == 'c' && v) opt_check = strcmp(v, "quiet") && strcmp(v, "silent") ? 'c' : 'C';
    else short_flag(longopts[found].o);
    return;
  }
  if (!v) {
    if (*i + 1 >= argc) { tb_warn("option '--%s' requires an argument", longopts[found].name); usage(); }
    v = argv[++*i];
  }
  if (longopts[found].o) set_value_option(longopts[found].o, v);
}

int main(int argc, char **argv) {
  tb_prog = "sort";
  spec.tab = -1;
  atexit(cleanup_runs);
  const char *env_budget = getenv("SORT_BUFFER_BYTES");
  if (env_budget) { long long b = tb_parse_count(env_budget, 1); if (b > 0) budget = (size_t)b; }
  if (getenv("TMPDIR")) tmpdir = getenv("TMPDIR");
  char **files = xmalloc((size_t)argc * sizeof *files);
  int nfiles = 0, opts_done = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (opts_done || a[0] != '-' || !a[1]) { files[nfiles++] = a; continue; }
    if (!strcmp(a, "--")) { opts_done = 1; continue; }
    if (a[1] == '-') { long_option(argc, argv, &i); continue; }
    for (char *p = a + 1; *p; p++) {
      if (short_flag(*p)) continue;
      if (!strchr("ktoST", *p)) { tb_warn("invalid option -- '%c'", *p); usage(); }
      char o = *p;
      char *v = tb_opt_value(argc, argv, &i, p + 1);
      if (!v) { tb_warn("option requires an argument -- '%c'", o); usage(); }
      set_value_option(o, v);
      break;
    }
  }
  spec.reverse = gkey.reverse;
  /* Keys without ordering flags inherit the global ones (GNU rule). */
  for (size_t k = 0; k < spec.nkeys; k++) {
    sort_key *key = &spec.keys[k];
    if (!(key->dict || key->fold || key->nonprint || key->skipsblanks || key->skipeblanks || key->numeric ||
          key->general || key->reverse)) {
      key->dict = gkey.dict, key->fold = gkey.fold, key->nonprint = gkey.nonprint;
      key->skipsblanks = gkey.skipsblanks, key->skipeblanks = gkey.skipeblanks;
      key->numeric = gkey.numeric, key->general = gkey.general, key->reverse = gkey.reverse;
    }
  }
  if (spec.nkeys == 0 && (gkey_set || spec.unique)) {
    gkey.eword = SIZE_MAX;
    spec.keys = &gkey;
    spec.nkeys = 1;
  }
  if (nfiles == 0) files[nfiles++] = "-";
  if (opt_check) {
    if (nfiles > 1) tb_die(2, "extra operand '%s' not allowed with -%c", files[1], opt_check);
    return check_sorted(files[0]);
  }

  if (opt_merge) { /* the inputs are the runs */
    runs = xmalloc((size_t)nfiles * sizeof *runs);
    for (int f = 0; f < nfiles; f++) runs[nruns++] = (run_t){files[f], 0};
  } else {
    for (int f = 0; f < nfiles; f++) read_input(files[f]);
    if (nruns > 0 && nlines > 0) spill();
  }
  /* Bound the merge fan-in: merge the first k runs into one until the rest fit in
   * one final merge. A prefix keeps run order, hence stability; the first merge
   * takes just enough runs to make the count come out even, as GNU's does. */
  while (nruns > nmerge) {
    size_t k = nruns - nmerge + 1 < nmerge ? nruns - nmerge + 1 : nmerge;
    char **paths = xmalloc(k * sizeof *paths);
    for (size_t i = 0; i < k; i++) paths[i] = runs[i].path;
    char *merged;
    wfd = new_run_file(&merged);
    merge_paths(paths, k, 1);
    wflush();
    close(wfd);
    writing = NULL;
    have_last = 0;
    for (size_t i = 0; i < k; i++) if (runs[i].temp) { unlink(runs[i].path); free(runs[i].path); }
    free(paths);
    runs[0] = (run_t){merged, 1};
    memmove(runs + 1, runs + k, (nruns - k) * sizeof *runs);
    nruns -= k - 1;
  }
  if (outfile) { /* only now: the output may be one of the inputs, all read by now but -m's */
    int fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) tb_die(2, "open failed: %s: %s", outfile, strerror(errno));
    out_set_fd(fd);
  }
  wfd = -1;
  if (nruns == 0) {
    sort_batch();
    for (size_t i = 0; i < nlines; i++) emit(data + lines[i].off, lines[i].len);
  } else {
    char **paths = xmalloc(nruns * sizeof *paths);
    for (size_t i = 0; i < nruns; i++) paths[i] = runs[i].path;
    merge_paths(paths, nruns, 0);
  }
  out_flush();
  return 0;
}
