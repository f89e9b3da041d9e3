/* printf/sprintf: parses each %-conversion (flags, width and precision, both
 * possibly '*') and delegates the number formatting to snprintf, doing %c and
 * %s (which may hold any bytes) by hand. Missing arguments act as "" / 0. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "awk.h"
#include "format.h"
#include "tb.h"

typedef struct { char *b; size_t n, cap; } buf_t;
static void put(buf_t *o, const char *s, size_t n) {
  if (o->n + n + 1 > o->cap) o->b = xrealloc(o->b, o->cap = (o->n + n) * 2 + 64);
  memcpy(o->b + o->n, s, n);
  o->n += n;
}
static void pad(buf_t *o, char c, long n) { while (n-- > 0) put(o, &c, 1); }

static void put_fmt(buf_t *o, const char *spec, ...) __attribute__((format(printf, 2, 3)));
static void put_bytes(void *o, const char *s, size_t n) { put(o, s, n); }
static void put_fmt(buf_t *o, const char *spec, ...) {
  va_list ap;
  va_start(ap, spec);
  tb_vformat(put_bytes, o, spec, ap);
  va_end(ap);
}

/* gawk 5 prints NaN and infinities as [+-]nan / [+-]inf for every numeric conversion, ignoring width and flags. */
static void put_nonfinite(buf_t *o, double d) {
  const char *t = isnan(d) ? (signbit(d) ? "-nan" : "+nan") : (d < 0 ? "-inf" : "+inf");
  put(o, t, strlen(t));
}

Str *format_values(const char *f, size_t flen, Value *args, int nargs) {
  buf_t o = {0};
  int ai = 0;
  Value none = {V_UNINIT, 0, NULL};
#define NEXT_ARG() (ai < nargs ? &args[ai++] : &none)
  for (size_t i = 0; i < flen; i++) {
    if (f[i] != '%') { put(&o, f + i, 1); continue; }
    size_t start = i++;
    char flags[8];
    int nfl = 0;
    while (i < flen && strchr("-+ #0", f[i])) { if (nfl < 7) flags[nfl++] = f[i]; i++; }
    flags[nfl] = 0;
    long width = -1, prec = -1;
    if (i < flen && f[i] == '*') {
      width = (long)to_num(NEXT_ARG());
      if (width < 0) { width = -width; if (nfl < 7) flags[nfl++] = '-', flags[nfl] = 0; }
      i++;
    } else if (i < flen && f[i] >= '0' && f[i] <= '9') {
      width = 0;
      while (i < flen && f[i] >= '0' && f[i] <= '9') width = width * 10 + (f[i++] - '0');
    }
    if (i < flen && f[i] == '.') {
      i++;
      prec = 0;
      if (i < flen && f[i] == '*') { prec = (long)to_num(NEXT_ARG()); i++; }
      else while (i < flen && f[i] >= '0' && f[i] <= '9') prec = prec * 10 + (f[i++] - '0');
    }
    while (i < flen && strchr("hlLqjzt", f[i])) i++;
    if (i >= flen) { put(&o, f + start, flen - start); break; }
    char conv = f[i];
    int left = strchr(flags, '-') != NULL;
    char spec[64];
    int w = width < 0 ? 0 : (int)width, p = prec < 0 ? 0 : (int)prec;
    switch (conv) {
      case '%': put(&o, "%", 1); break;
      case 'c': case 's': {
        Value *v = NEXT_ARG();
        Str *s;
        if (conv == 'c' && (v->t == V_NUM || v->t == V_STRNUM)) {
          char ch = (char)(long)v->n;
          s = str_new(&ch, 1);
        } else {
          s = to_str(v);
        }
        size_t n = s->len;
        if (conv == 'c' && n > 1) n = 1;
        if (conv == 's' && prec >= 0 && (size_t)prec < n) n = (size_t)prec;
        if (!left) pad(&o, ' ', w - (long)n);
        put(&o, s->s, n);
        if (left) pad(&o, ' ', w - (long)n);
        str_unref(s);
        break;
      }
      case 'd': case 'i': case 'o': case 'x': case 'X': case 'u': {
        double d = to_num(NEXT_ARG());
        if (isnan(d) || isinf(d)) {
          put_nonfinite(&o, d);
          break;
        }
        d = trunc(d);
        if ((conv == 'd' || conv == 'i') && (d >= 9.2e18 || d <= -9.2e18)) {
          snprintf(spec, sizeof spec, "%%%s*.0f", flags);
          put_fmt(&o, spec, w, d);
          break;
        }
        const char *len = conv == 'd' || conv == 'i' ? "lld" : conv == 'o' ? "llo" : conv == 'x' ? "llx" : conv == 'X' ? "llX" : "llu";
        if (prec >= 0) snprintf(spec, sizeof spec, "%%%s*.*%s", flags, len);
        else snprintf(spec, sizeof spec, "%%%s*%s", flags, len);
        if (conv == 'd' || conv == 'i') {
          if (prec >= 0) put_fmt(&o, spec, w, p, (long long)d); else put_fmt(&o, spec, w, (long long)d);
        } else {
          unsigned long long u = d < 0 ? (unsigned long long)(long long)d : (unsigned long long)d;
          if (prec >= 0) put_fmt(&o, spec, w, p, u); else put_fmt(&o, spec, w, u);
        }
        break;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': {
        double d = to_num(NEXT_ARG());
        if (isnan(d) || isinf(d)) {
          put_nonfinite(&o, d);
          break;
        }
        if (prec >= 0) snprintf(spec, sizeof spec, "%%%s*.*%c", flags, conv);
        else snprintf(spec, sizeof spec, "%%%s*%c", flags, conv);
        if (prec >= 0) put_fmt(&o, spec, w, p, d); else put_fmt(&o, spec, w, d);
        break;
      }
      default:
        put(&o, f + start, i - start + 1);
        break;
    }
  }
  Str *r = str_new(o.b, o.n);
  free(o.b);
  return r;
}
