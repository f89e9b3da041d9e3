/* uniq [-c] [-d|-u] [-i] [-f N] [-s N] [-w N] [input [output]]
 * Compares each line with the previous one after skipping N fields (-f) and
 * N chars (-s), optionally only the first N chars (-w), case-insensitively (-i). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "tb.h"

static int opt_c, opt_d, opt_u, opt_i;
static long long skip_f, skip_s, check_w = -1;

static const char *key_of(const char *s, size_t len, size_t *klen) {
  const char *p = s, *e = s + len;
  for (long long f = 0; f < skip_f; f++) {
    while (p < e && (*p == ' ' || *p == '\t')) p++;
    while (p < e && *p != ' ' && *p != '\t') p++;
  }
  for (long long c = 0; c < skip_s && p < e; c++) p++;
  *klen = (size_t)(e - p);
  if (check_w >= 0 && *klen > (size_t)check_w) *klen = (size_t)check_w;
  return p;
}

static int same(const char *a, size_t al, const char *b, size_t bl) {
  size_t ka, kb;
  const char *x = key_of(a, al, &ka), *y = key_of(b, bl, &kb);
  if (ka != kb) return 0;
  if (!opt_i) return memcmp(x, y, ka) == 0;
  for (size_t i = 0; i < ka; i++)
    if (tolower((unsigned char)x[i]) != tolower((unsigned char)y[i])) return 0;
  return 1;
}

static void emit(const char *s, size_t len, long long count) {
  if ((opt_d && count < 2) || (opt_u && count > 1)) return;
  if (opt_c) out_printf("%7lld ", count);
  out_write(s, len);
  out_putc('\n');
}

static long long num_arg(const char *v) {
  long long n = tb_parse_count(v, 0);
  if (n < 0) tb_die(1, "%s: invalid number", v);
  return n;
}

int main(int argc, char **argv) {
  tb_prog = "uniq";
  int i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    for (char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
        case 'c': opt_c = 1; break;
        case 'd': opt_d = 1; break;
        case 'u': opt_u = 1; break;
        case 'i': opt_i = 1; break;
        case 'f': case 's': case 'w': {
          char o = *p;
          const char *v = tb_opt_value(argc, argv, &i, p + 1);
          if (!v) tb_die(1, "option requires an argument -- '%c'", o);
          long long n = num_arg(v);
          if (o == 'f') skip_f = n; else if (o == 's') skip_s = n; else check_w = n;
          goto next;
        }
        default: tb_die(1, "invalid option -- '%c'\nusage: uniq [-cdui] [-f N] [-s N] [-w N] [input [output]]", *p);
      }
    }
  next:;
  }
  const char *in = i < argc ? argv[i] : "-";
  if (i + 1 < argc) {
    int fd = open(argv[i + 1], O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) tb_die(1, "%s: %s", argv[i + 1], strerror(errno));
    out_set_fd(fd);
  }
  rd_t r;
  if (rd_open(&r, in) < 0) tb_die(1, "%s: %s", in, strerror(errno));
  char *prev = NULL, *line;
  size_t plen = 0, pcap = 0, len;
  long long count = 0;
  int nl;
  while (rd_line(&r, '\n', &line, &len, &nl) > 0) {
    if (count > 0 && same(prev, plen, line, len)) { count++; continue; }
    if (count > 0) emit(prev, plen, count);
    if (len + 1 > pcap) prev = xrealloc(prev, pcap = len + 1);
    memcpy(prev, line, len);
    plen = len;
    count = 1;
  }
  if (count > 0) emit(prev, plen, count);
  out_flush();
  return 0;
}
