/* tr [-c] [-d] [-s] [-t] SET1 [SET2]
 * Sets are expanded to byte arrays: escapes (\n \t \\ \NNN ...), ranges a-z,
 * classes [:alpha:] etc. (ascending, C locale), [=c=], and in SET2 [c*n] and
 * [c*] (fill to SET1's length). SET2 is padded with its last byte. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "opt.h"
#include "tb.h"

typedef struct { unsigned char *b; size_t n, cap; long fill_at; unsigned char fill_ch; } set_t;

static void push(set_t *s, unsigned char c) {
  if (s->n == s->cap) s->b = xrealloc(s->b, s->cap = s->cap ? s->cap * 2 : 64);
  s->b[s->n++] = c;
}

/* Reads one possibly escaped byte at *p. */
static unsigned char read_char(const char **p) {
  const char *s = *p;
  if (*s != '\\' || !s[1]) { *p = s + 1; return (unsigned char)*s; }
  s++;
  if (*s >= '0' && *s <= '7') {
    int v = 0, k = 0;
    while (k < 3 && *s >= '0' && *s <= '7' && v * 8 + (*s - '0') < 256) v = v * 8 + (*s++ - '0'), k++;
    *p = s;
    return (unsigned char)v;
  }
  *p = s + 1;
  switch (*s) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    default: return (unsigned char)*s;
  }
}

static int class_pred(const char *name, size_t len, int c) {
#define IS(n) (len == sizeof(n) - 1 && !memcmp(name, n, len))
  if (IS("alpha")) return isalpha(c);
  if (IS("digit")) return isdigit(c);
  if (IS("alnum")) return isalnum(c);
  if (IS("upper")) return isupper(c);
  if (IS("lower")) return islower(c);
  if (IS("space")) return isspace(c);
  if (IS("blank")) return c == ' ' || c == '\t';
  if (IS("punct")) return ispunct(c);
  if (IS("print")) return isprint(c);
  if (IS("graph")) return isgraph(c);
  if (IS("cntrl")) return iscntrl(c);
  if (IS("xdigit")) return isxdigit(c);
#undef IS
  return -1;
}

static void parse_set(const char *s, set_t *out, int is_set2) {
  memset(out, 0, sizeof *out);
  out->fill_at = -1;
  while (*s) {
    if (s[0] == '[' && s[1] == ':') {
      const char *e = strstr(s + 2, ":]");
      if (e && class_pred(s + 2, (size_t)(e - s - 2), 'a') >= 0) {
        for (int c = 0; c < 256; c++)
          if (class_pred(s + 2, (size_t)(e - s - 2), c)) push(out, (unsigned char)c);
        s = e + 2;
        continue;
      }
      if (e) tb_die(1, "invalid character class '%.*s'", (int)(e - s - 2), s + 2);
    }
    if (s[0] == '[' && s[1] == '=' && s[2] && s[3] == '=' && s[4] == ']') {
      push(out, (unsigned char)s[2]);
      s += 5;
      continue;
    }
    if (s[0] == '[' && s[1]) { /* [c*n] or [c*] */
      const char *q = s + 1;
      unsigned char c = read_char(&q);
      if (*q == '*') {
        const char *e = strchr(q, ']');
        if (e) {
          if (!is_set2) tb_die(1, "the [c*] repeat construct may not appear in string1");
          if (e == q + 1 || (e == q + 2 && q[1] == '0')) {
            out->fill_at = (long)out->n;
            out->fill_ch = c;
          } else {
            char *end;
            long n = strtol(q + 1, &end, q[1] == '0' ? 8 : 10);
            if (end != e || n < 0) tb_die(1, "invalid repeat count '%.*s' in [c*n] construct", (int)(e - q - 1), q + 1);
            while (n--) push(out, c);
          }
          s = e + 1;
          continue;
        }
      }
    }
    unsigned char c = read_char(&s);
    if (*s == '-' && s[1]) {
      const char *q = s + 1;
      unsigned char hi = read_char(&q);
      if (hi < c) tb_die(1, "range-endpoints of '%c-%c' are in reverse collating sequence order", c, hi);
      for (int x = c; x <= hi; x++) push(out, (unsigned char)x);
      s = q;
      continue;
    }
    push(out, c);
  }
}

int main(int argc, char **argv) {
  tb_prog = "tr";
  int comp = 0, del = 0, squeeze = 0, trunc = 0, i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
        case 'c': case 'C': comp = 1; break;
        case 'd': del = 1; break;
        case 's': squeeze = 1; break;
        case 't': trunc = 1; break;
        default: tb_die(1, "invalid option -- '%c'\nusage: tr [-cdst] SET1 [SET2]", *p);
      }
    }
  }
  int nsets = argc - i;
  int translating = !del && nsets == 2;
  if (nsets < 1 || nsets > 2 || (del && !squeeze && nsets != 1) || (!del && !squeeze && nsets != 2) || (del && squeeze && nsets != 2))
    tb_die(1, "missing or extra operand\nusage: tr [-cdst] SET1 [SET2]");

  set_t s1, s2;
  parse_set(argv[i], &s1, 0);
  if (nsets == 2) parse_set(argv[i + 1], &s2, 1); else memset(&s2, 0, sizeof s2);

  int in1[256] = {0};
  for (size_t k = 0; k < s1.n; k++) in1[s1.b[k]] = 1;
  if (comp) { /* the complement, in ascending byte order */
    s1.n = 0;
    for (int c = 0; c < 256; c++) {
      if (!in1[c]) push(&s1, (unsigned char)c);
      in1[c] = !in1[c];
    }
  }
  int map[256];
  for (int c = 0; c < 256; c++) map[c] = c;
  if (translating) {
    if (s2.fill_at >= 0) {
      size_t need = s1.n > s2.n ? s1.n - s2.n : 0;
      set_t t = {0};
      for (size_t k = 0; k < s2.n + need; k++) {
        size_t at = (size_t)s2.fill_at;
        push(&t, k < at ? s2.b[k] : k < at + need ? s2.fill_ch : s2.b[k - need]);
      }
      s2 = t;
    }
    if (s2.n == 0 && s1.n > 0) tb_die(1, "when not truncating set1, string2 must be non-empty");
    if (trunc && s1.n > s2.n) s1.n = s2.n;
    for (size_t k = 0; k < s1.n; k++) map[s1.b[k]] = s2.b[k < s2.n ? k : s2.n - 1];
  }
  int sq[256] = {0};
  if (squeeze) {
    if (nsets == 2) for (size_t k = 0; k < s2.n; k++) sq[s2.b[k]] = 1;
    else for (int c = 0; c < 256; c++) sq[c] = in1[c];
  }

  static unsigned char buf[65536], obuf[65536];
  int last = -1;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    size_t o = 0;
    for (ssize_t k = 0; k < n; k++) {
      int c = buf[k];
      if (del && in1[c]) continue;
      c = map[c];
      if (squeeze && sq[c] && c == last) continue;
      last = c;
      obuf[o++] = (unsigned char)c;
    }
    out_write(obuf, o);
  }
  out_flush();
  return 0;
}
