/* sort [-bdfginrsuc] [-k KEY]... [-t C] [-o FILE] [-m] [-S SIZE] [-T DIR] [file...]
 * Steps: read lines into an arena until the memory budget (env
 * SORT_BUFFER_BYTES, or -S, default 32 MiB) is used up; stable merge sort the
 * batch; if more input follows, spill the batch as a sorted run to $TMPDIR
 * (default /tmp); finally k-way merge the runs (ties go to the earlier run, so
 * the whole sort stays stable). -u drops lines equal under the keys to the
 * first of their run. */
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
static size_t budget = 32u << 20;
static const char *tmpdir = "/tmp";
static char *data;
static size_t data_len, data_cap;
static line_t *lines, *scratch;
static size_t nlines, lines_cap;

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
typedef struct { char *path; } run_t;
static run_t *runs;
static size_t nruns;
static unsigned run_seq;

static int wfd;
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
    if (fd >= 0) { *path = xstrdup(name); return fd; }
    if (errno != EEXIST) tb_die(2, "cannot create temporary file in '%s': %s", tmpdir, strerror(errno));
  }
  tb_die(2, "cannot create temporary file in '%s'", tmpdir);
}

static void cleanup_runs(void) {
  for (size_t i = 0; i < nruns; i++) if (runs[i].path) unlink(runs[i].path);
}

static void sort_batch(void) {
  if (!scratch || lines_cap) scratch = xrealloc(scratch, (nlines / 2 + 1) * sizeof *scratch);
  msort(lines, nlines, scratch);
}

static void spill(void) {
  sort_batch();
  runs = xrealloc(runs, (nruns + 1) * sizeof *runs);
  wfd = new_run_file(&runs[nruns].path);
  nruns++;
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

static void read_input(const char *path) {
  rd_t r;
  if (rd_open(&r, path) < 0) { cleanup_runs(); tb_die(2, "cannot read: %s: %s", path, strerror(errno)); }
  char *s; size_t len; int nl;
  while (rd_line(&r, '\n', &s, &len, &nl) > 0) {
    if (nlines && data_len + len + (nlines + 1) * sizeof(line_t) * 3 / 2 > budget) spill();
    if (data_len + len > data_cap) data = xrealloc(data, data_cap = (data_len + len) * 2 + 4096);
    if (nlines == lines_cap) lines = xrealloc(lines, (lines_cap = lines_cap * 2 + 1024) * sizeof *lines);
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
  tb_die(2, "usage: sort [-bcCdfgimnrsu] [-k POS1[,POS2]]... [-t SEP] [-o FILE] [-S SIZE] [-T DIR] [file...]");
}

int main(int argc, char **argv) {
  tb_prog = "sort";
  spec.tab = -1;
  const char *env_budget = getenv("SORT_BUFFER_BYTES");
  if (env_budget) { long long b = tb_parse_count(env_budget, 1); if (b > 0) budget = (size_t)b; }
  if (getenv("TMPDIR")) tmpdir = getenv("TMPDIR");
  const char *outfile = NULL;
  char **files = xmalloc((size_t)argc * sizeof *files);
  int nfiles = 0, opts_done = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (opts_done || a[0] != '-' || !a[1]) { files[nfiles++] = a; continue; }
    if (!strcmp(a, "--")) { opts_done = 1; continue; }
    if (a[1] == '-') {
      if (!strcmp(a, "--numeric-sort")) gkey.numeric = gkey_set = 1;
      else if (!strcmp(a, "--reverse")) gkey.reverse = gkey_set = 1;
      else if (!strcmp(a, "--unique")) spec.unique = 1;
      else if (!strcmp(a, "--stable")) spec.stable = 1;
      else if (!strcmp(a, "--ignore-case")) gkey.fold = gkey_set = 1;
      else if (!strncmp(a, "--parallel", 10)) ;
      else { tb_warn("unrecognized option '%s'", a); usage(); }
      continue;
    }
    for (char *p = a + 1; *p; p++) {
      if (sort_key_flag(&gkey, *p, 0)) { if (*p == 'b') gkey.skipeblanks = 1; gkey_set = 1; continue; }
      switch (*p) {
        case 's': spec.stable = 1; continue;
        case 'u': spec.unique = 1; continue;
        case 'c': case 'C': opt_check = *p; continue;
        case 'm': opt_merge = 1; continue;
        case 'k': case 't': case 'o': case 'S': case 'T': break;
        default: tb_warn("invalid option -- '%c'", *p); usage();
      }
      char o = *p;
      char *v = tb_opt_value(argc, argv, &i, p + 1);
      if (!v) { tb_warn("option requires an argument -- '%c'", o); usage(); }
      if (o == 'k') {
        spec.keys = xrealloc(spec.keys, (spec.nkeys + 1) * sizeof *spec.keys);
        if (sort_parse_key(v, &spec.keys[spec.nkeys]) < 0) tb_die(2, "invalid key specification '%s'", v);
        spec.nkeys++;
      } else if (o == 't') {
        if (strlen(v) != 1 && strcmp(v, "\\0")) tb_die(2, "multi-character tab '%s'", v);
        spec.tab = strcmp(v, "\\0") ? (unsigned char)v[0] : 0;
      } else if (o == 'o') outfile = v;
      else if (o == 'T') tmpdir = v;
      else {
        long long b = tb_parse_count(v, 1);
        if (b < 0 && v[strlen(v) - 1] == '%') b = 32 << 20;
        else if (b >= 0 && v[strlen(v) - 1] >= '0' && v[strlen(v) - 1] <= '9') b *= 1024; /* -S default unit is KiB */
        if (b <= 0) tb_die(2, "invalid buffer size '%s'", v);
        budget = (size_t)b;
      }
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

  if (opt_merge) {
    if (outfile) { /* inputs are read fully before the output is opened */ }
    int fd = outfile ? open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0666) : 1;
    if (fd < 0) tb_die(2, "open failed: %s: %s", outfile, strerror(errno));
    out_set_fd(fd);
    merge_paths(files, (size_t)nfiles, 0);
    out_flush();
    return 0;
  }
  for (int f = 0; f < nfiles; f++) read_input(files[f]);
  if (nruns > 0 && nlines > 0) spill();
  /* Bound the merge fan-in; merging a prefix keeps run order, hence stability. */
  while (nruns > 32) {
    char *paths[32];
    for (int i = 0; i < 32; i++) paths[i] = runs[i].path;
    char *merged;
    wfd = new_run_file(&merged);
    merge_paths(paths, 32, 1);
    wflush();
    close(wfd);
    have_last = 0;
    for (int i = 0; i < 32; i++) { unlink(runs[i].path); free(runs[i].path); }
    runs[0].path = merged;
    memmove(runs + 1, runs + 32, (nruns - 32) * sizeof *runs);
    nruns -= 31;
  }
  if (outfile) {
    int fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) { cleanup_runs(); tb_die(2, "open failed: %s: %s", outfile, strerror(errno)); }
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
    cleanup_runs();
  }
  out_flush();
  return 0;
}
