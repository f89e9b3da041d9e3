#include "headtail.h"
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

/* Offset where the last n lines of buf[0..len) begin. */
size_t last_lines_start(const char *buf, size_t len, long long n) {
  if (n == 0) return len;
  size_t p = len;
  if (p > 0 && buf[p - 1] == '\n') p--;
  while (p > 0) {
    char *q = memrchr(buf, '\n', p);
    if (!q) return 0;
    if (--n == 0) return (size_t)(q - buf) + 1;
    p = (size_t)(q - buf);
  }
  return 0;
}


static void set_count(ht_opts *o, const char *v, int is_tail) {
  o->sign = 0;
  if (*v == '+' || *v == '-') {
    if (*v == '+' && is_tail) o->sign = '+';
    else if (*v == '-' && !is_tail) o->sign = '-';
    v++;
  }
  long long n = tb_parse_count(v, 1);
  if (n < 0) tb_die(1, "invalid number of %s: '%s'", o->bytes ? "bytes" : "lines", v);
  o->count = n;
}

void ht_parse(int argc, char **argv, ht_opts *o, int is_tail) {
  memset(o, 0, sizeof *o);
  o->count = 10;
  int i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    char *a = argv[i];
    if (a[1] >= '0' && a[1] <= '9') { /* obsolete -N */
      set_count(o, a + 1, is_tail);
      continue;
    }
    for (char *p = a + 1; *p; p++) {
      if (*p == 'n' || *p == 'c') {
        o->bytes = *p == 'c';
        const char *v = tb_opt_value(argc, argv, &i, p + 1);
        if (!v) tb_die(1, "option requires an argument -- '%c'", *p);
        set_count(o, v, is_tail);
        break;
      } else if (*p == 'q') {
        o->quiet = 1, o->verbose = 0;
      } else if (*p == 'v') {
        o->verbose = 1, o->quiet = 0;
      } else {
        tb_die(1, "invalid option -- '%c'\nusage: %s [-n N|-c N|-N] [-qv] [file...]", *p, tb_prog);
      }
    }
  }
  o->first_file = i;
}

typedef struct { const ht_opts *o; ht_file_fn fn; int nfiles, printed; } ht_loop;

static int ht_file(rd_t *r, const char *name, void *arg) {
  ht_loop *l = arg;
  if (l->o->verbose || (l->nfiles > 1 && !l->o->quiet)) {
    out_printf("%s==> %s <==\n", l->printed ? "\n" : "", strcmp(name, "-") ? name : "standard input");
  }
  l->printed = 1;
  l->fn(r, l->o);
  return 0;
}

int ht_main(int argc, char **argv, int is_tail, ht_file_fn fn) {
  ht_opts o;
  ht_parse(argc, argv, &o, is_tail);
  int n = argc - o.first_file;
  ht_loop l = {&o, fn, n > 0 ? n : 1, 0};
  int status = tb_each_file_as(n, argv + o.first_file, "cannot open '%s' for reading: %s", ht_file, &l);
  out_flush();
  return status;
}
