/* tail [-n N|-n +N|-c N|-c +N|-N] [-qv] [file...]
 * For "last N" we keep a window of the input, trimming whenever it has grown
 * to twice what was last kept, so memory stays proportional to the answer. */
#include <stdlib.h>
#include <string.h>
#include "headtail.h"
#include "tb.h"

static void tail_last(rd_t *r, long long n, int bytes) {
  size_t cap = 65536, len = 0, kept = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (len == cap) buf = xrealloc(buf, cap *= 2);
    ssize_t k = rd_read(r, buf + len, cap - len);
    if (k <= 0) break;
    len += (size_t)k;
    if (len > 2 * kept + 65536) {
      size_t s = bytes ? ((long long)len > n ? len - (size_t)n : 0) : last_lines_start(buf, len, n);
      memmove(buf, buf + s, len - s);
      len -= s;
      kept = len;
    }
  }
  size_t s = bytes ? ((long long)len > n ? len - (size_t)n : 0) : last_lines_start(buf, len, n);
  out_write(buf + s, len - s);
  free(buf);
}

static void tail_from(rd_t *r, long long n, int bytes) {
  char *line; size_t len; int nl;
  if (n > 0) n--; /* +N is 1-based; +0 behaves like +1 */
  if (bytes) {
    char buf[65536];
    ssize_t k;
    while ((k = rd_read(r, buf, sizeof buf)) > 0) {
      if (n >= k) { n -= k; continue; }
      out_write(buf + n, (size_t)(k - n));
      n = 0;
    }
    return;
  }
  while (rd_line(r, '\n', &line, &len, &nl) > 0) {
    if (n > 0) { n--; continue; }
    out_write(line, len);
    if (nl) out_putc('\n');
  }
}

static void tail_file(rd_t *r, const ht_opts *o) {
  if (o->sign == '+') tail_from(r, o->count, o->bytes);
  else tail_last(r, o->count, o->bytes);
}

int main(int argc, char **argv) {
  tb_prog = "tail";
  return ht_main(argc, argv, 1, tail_file);
}
