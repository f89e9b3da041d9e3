/* wc [-lwcm] [file...]: counts in GNU order (lines, words, chars, bytes) with
 * GNU's column width rule: width = digits of the summed sizes of regular-file
 * inputs, at least 7 if any input is not a regular file, and 1 when a single
 * input is counted with a single counter. */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

typedef struct { unsigned long long l, w, c, m; } counts;
static int want_l, want_w, want_c, want_m;

static int count_fd(rd_t *r, counts *k) {
  static unsigned char buf[65536];
  int in_word = 0;
  ssize_t n;
  if (!want_w) {
    /* Lines and bytes only (the common `wc -l`): a branch-free count, no word state. */
    while ((n = rd_read(r, buf, sizeof buf)) > 0) {
      k->c += (unsigned long long)n;
      k->m += (unsigned long long)n;
      unsigned long long l = 0;
      for (ssize_t i = 0; i < n; i++) l += buf[i] == '\n';
      k->l += l;
    }
    return n < 0 ? -1 : 0;
  }
  while ((n = rd_read(r, buf, sizeof buf)) > 0) {
    k->c += (unsigned long long)n;
    k->m += (unsigned long long)n;
    for (ssize_t i = 0; i < n; i++) {
      unsigned char ch = buf[i];
      /* -m: characters are bytes in the C locale, as GNU wc with LC_ALL=C */
      if (ch == '\n') k->l++;
      /* GNU 9.x in the C locale: spaces end a word, printable bytes start one,
       * anything else (controls, high bytes) neither starts nor ends one. */
      if (ch == ' ' || (ch >= '\t' && ch <= '\r')) in_word = 0;
      else if (isprint(ch) && !in_word) { in_word = 1; k->w++; }
    }
  }
  return n < 0 ? -1 : 0;
}

static void print_counts(const counts *k, int width, const char *name) {
  int first = 1;
  unsigned long long v[4] = {k->l, k->w, k->m, k->c};
  int want[4] = {want_l, want_w, want_m, want_c};
  for (int i = 0; i < 4; i++) {
    if (!want[i]) continue;
    out_printf(first ? "%*llu" : " %*llu", width, v[i]);
    first = 0;
  }
  if (name) out_printf(" %s", name);
  out_putc('\n');
}

typedef struct { int width, named; counts tot; } wc_run;

static int wc_file(rd_t *r, const char *name, void *arg) {
  wc_run *run = arg;
  counts k = {0, 0, 0, 0};
  int failed = count_fd(r, &k) < 0;
  if (failed) tb_warn("%s: %s", name, strerror(errno));
  print_counts(&k, run->width, run->named ? name : NULL);
  run->tot.l += k.l, run->tot.w += k.w, run->tot.c += k.c, run->tot.m += k.m;
  return failed;
}

int main(int argc, char **argv) {
  tb_prog = "wc";
  int i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
        case 'l': want_l = 1; break;
        case 'w': want_w = 1; break;
        case 'c': want_c = 1; break;
        case 'm': want_m = 1; break;
        default: tb_die(1, "invalid option -- '%c'\nusage: wc [-lwcm] [file...]", *p);
      }
    }
  }
  if (!want_l && !want_w && !want_c && !want_m) want_l = want_w = want_c = 1;
  int named = i < argc;
  char *stdin_only[] = {"-"};
  char **files = named ? argv + i : stdin_only;
  int nfiles = named ? argc - i : 1;

  int width = 1;
  if (!(nfiles == 1 && want_l + want_w + want_c + want_m == 1)) {
    unsigned long long total = 0;
    int minw = 1;
    for (int f = 0; f < nfiles; f++) {
      struct stat st;
      int rc = strcmp(files[f], "-") ? stat(files[f], &st) : fstat(0, &st);
      if (rc != 0) continue;
      if (S_ISREG(st.st_mode)) total += (unsigned long long)st.st_size; else minw = 7;
    }
    for (; total >= 10; total /= 10) width++;
    if (width < minw) width = minw;
  }

  wc_run run = {width, named, {0, 0, 0, 0}};
  int status = tb_each_file(nfiles, files, wc_file, &run);
  if (nfiles > 1) print_counts(&run.tot, width, "total");
  out_flush();
  return status;
}
