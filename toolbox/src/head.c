/* head [-n N|-c N|-N] [-n -N] [-qv] [file...] */
#include <stdlib.h>
#include "headtail.h"
#include "tb.h"

static void head_lines(rd_t *r, long long n) {
  char *line; size_t len; int nl;
  while (n > 0 && rd_line(r, '\n', &line, &len, &nl) > 0) {
    out_write(line, len);
    if (nl) out_putc('\n');
    n--;
  }
}
static void head_bytes(rd_t *r, long long n) {
  char buf[65536];
  while (n > 0) {
    ssize_t k = rd_read(r, buf, n < (long long)sizeof buf ? (size_t)n : sizeof buf);
    if (k <= 0) break;
    out_write(buf, (size_t)k);
    n -= k;
  }
}
/* All but the last n lines/bytes: read everything, then cut. */
static void head_all_but(rd_t *r, long long n, int bytes) {
  size_t cap = 65536, len = 0;
  char *buf = xmalloc(cap);
  ssize_t k;
  for (;;) {
    if (len == cap) buf = xrealloc(buf, cap *= 2);
    k = rd_read(r, buf + len, cap - len);
    if (k <= 0) break;
    len += (size_t)k;
  }
  size_t end = bytes ? ((long long)len > n ? len - (size_t)n : 0) : last_lines_start(buf, len, n);
  out_write(buf, end);
  free(buf);
}

static void head_file(rd_t *r, const ht_opts *o) {
  if (o->sign == '-') head_all_but(r, o->count, o->bytes);
  else if (o->bytes) head_bytes(r, o->count);
  else head_lines(r, o->count);
}

int main(int argc, char **argv) {
  tb_prog = "head";
  return ht_main(argc, argv, 0, head_file);
}
