#include "num.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tb.h"

num_t mk(int len, int scale) {
  num_t n = {0, scale, len, calloc((size_t)len + 1, 1)};
  if (!n.d) tb_die(1, "out of memory");
  return n;
}
void trim(num_t *n) { /* drop leading zeros above the point */
  while (n->len > n->scale && n->len > 0 && n->d[n->len - 1] == 0) n->len--;
  int zero = 1;
  for (int i = 0; i < n->len; i++) zero &= n->d[i] == 0;
  if (zero) n->neg = 0;
}
num_t copy(num_t a) {
  num_t n = mk(a.len, a.scale);
  memcpy(n.d, a.d, (size_t)a.len);
  n.neg = a.neg;
  return n;
}
num_t from_int(long long v) {
  num_t n = mk(20, 0);
  n.neg = v < 0;
  unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
  for (n.len = 0; u; u /= 10) n.d[n.len++] = (unsigned char)(u % 10);
  return n;
}
/* The same value with exactly `scale` fractional digits (truncating or padding). */
num_t rescale(num_t a, int scale) {
  int shift = scale - a.scale, len = a.len + shift > 0 ? a.len + shift : 0;
  num_t n = mk(len, scale);
  for (int i = 0; i < len; i++) n.d[i] = i - shift >= 0 && i - shift < a.len ? a.d[i - shift] : 0;
  n.neg = a.neg;
  trim(&n);
  return n;
}
int cmp_abs(num_t a, num_t b) { /* same scale */
  int l = a.len > b.len ? a.len : b.len;
  for (int i = l - 1; i >= 0; i--) {
    int x = i < a.len ? a.d[i] : 0, y = i < b.len ? b.d[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
int is_zero(num_t a) {
  for (int i = 0; i < a.len; i++)
    if (a.d[i]) return 0;
  return 1;
}
long long to_int(num_t a) {
  long long v = 0;
  for (int i = a.len - 1; i >= a.scale; i--) v = v * 10 + a.d[i];
  return a.neg ? -v : v;
}

num_t add(num_t a, num_t b, int sub) {
  int s = a.scale > b.scale ? a.scale : b.scale;
  num_t x = rescale(a, s), y = rescale(b, s);
  int yneg = y.neg ^ sub, l = (x.len > y.len ? x.len : y.len) + 1;
  num_t r = mk(l, s);
  if (x.neg == yneg) {
    int carry = 0;
    for (int i = 0; i < l; i++) {
      int v = (i < x.len ? x.d[i] : 0) + (i < y.len ? y.d[i] : 0) + carry;
      r.d[i] = (unsigned char)(v % 10), carry = v / 10;
    }
    r.neg = x.neg;
  } else {
    int c = cmp_abs(x, y);
    num_t *big = c >= 0 ? &x : &y, *small = c >= 0 ? &y : &x;
    int borrow = 0;
    for (int i = 0; i < l; i++) {
      int v = (i < big->len ? big->d[i] : 0) - (i < small->len ? small->d[i] : 0) - borrow;
      borrow = v < 0, r.d[i] = (unsigned char)(v + 10 * borrow);
    }
    r.neg = c >= 0 ? x.neg : yneg;
  }
  free(x.d), free(y.d);
  trim(&r);
  return r;
}

num_t mul(num_t a, num_t b, int scale) {
  num_t r = mk(a.len + b.len + 1, a.scale + b.scale);
  for (int i = 0; i < a.len; i++) {
    int carry = 0;
    for (int j = 0; j < b.len || carry; j++) {
      int v = r.d[i + j] + a.d[i] * (j < b.len ? b.d[j] : 0) + carry;
      r.d[i + j] = (unsigned char)(v % 10), carry = v / 10;
    }
  }
  r.neg = a.neg ^ b.neg;
  int keep = a.scale + b.scale, want = scale > a.scale ? scale : a.scale;
  if (b.scale > want) want = b.scale;
  num_t t = rescale(r, keep < want ? keep : want);
  free(r.d);
  return t;
}

/* a / b truncated to `scale` digits; NULL-like (len -1) on division by zero. */
num_t divide(num_t a, num_t b, int scale) {
  if (is_zero(b)) return (num_t){0, 0, -1, NULL};
  /* integers A = a * 10^(scale + b.scale), B = b * 10^b.scale... as digit strings */
  num_t x = rescale(a, a.scale), y = rescale(b, b.scale);
  int shift = scale + y.scale - x.scale; /* A = x.d * 10^shift, B = y.d */
  int alen = x.len + (shift > 0 ? shift : 0);
  unsigned char *A = calloc((size_t)alen + 1, 1);
  for (int i = 0; i < alen; i++) A[i] = i - shift >= 0 && i - shift < x.len ? x.d[i - shift] : 0;
  if (shift < 0) { /* drop digits of x below the result's scale */
    alen = x.len + shift > 0 ? x.len + shift : 0;
    for (int i = 0; i < alen; i++) A[i] = x.d[i - shift];
  }
  num_t q = mk(alen + 1, scale), rem = mk(y.len + 2, 0), yy = y;
  yy.scale = 0, yy.neg = 0;
  rem.len = 0;
  for (int i = alen - 1; i >= 0; i--) {
    memmove(rem.d + 1, rem.d, (size_t)rem.len);
    rem.d[0] = A[i], rem.len++;
    trim(&rem);
    int k = 0;
    while (cmp_abs(rem, yy) >= 0) {
      num_t t = add(rem, yy, 1);
      free(rem.d);
      rem = mk(y.len + 2, 0);
      memcpy(rem.d, t.d, (size_t)t.len), rem.len = t.len;
      free(t.d);
      k++;
    }
    q.d[i] = (unsigned char)k;
  }
  q.len = alen;
  q.neg = a.neg ^ b.neg;
  free(A), free(rem.d), free(x.d), free(y.d);
  trim(&q);
  return q;
}

int scale_reg = 0;
int bc_failed; /* set by runtime() and syntax errors: the statement is abandoned */

void runtime(const char *msg) {
  out_flush();
  tb_warn("Runtime error: %s", msg);
  bc_failed = 1;
}

num_t power(num_t a, num_t b) {
  long long e = to_int(b);
  num_t r = from_int(1), base = copy(a);
  long long n = e < 0 ? -e : e;
  int want = e < 0 ? scale_reg : (a.scale * n < (scale_reg > a.scale ? scale_reg : a.scale) ? (int)(a.scale * n) : (scale_reg > a.scale ? scale_reg : a.scale));
  for (; n; n >>= 1) {
    if (n & 1) {
      num_t t = mul(r, base, 1 << 20);
      free(r.d), r = t;
    }
    if (n > 1) {
      num_t t = mul(base, base, 1 << 20);
      free(base.d), base = t;
    }
  }
  free(base.d);
  num_t out;
  if (e < 0) {
    num_t one = from_int(1);
    out = divide(one, r, scale_reg);
    free(one.d);
    if (out.len < 0) runtime("divide by zero"), out = from_int(0);
  } else {
    out = rescale(r, want < r.scale ? want : r.scale);
  }
  free(r.d);
  return out;
}

num_t square_root(num_t a) {
  if (a.neg) return runtime("Square root of a negative number"), from_int(0);
  int s = scale_reg > a.scale ? scale_reg : a.scale;
  num_t x = is_zero(a) ? from_int(0) : copy(a), two = from_int(2);
  if (cmp_abs(rescale(a, 0), from_int(1)) < 0) x = from_int(1);
  for (int i = 0; i < 2000 && !is_zero(x); i++) { /* Newton's iteration at scale s + 2 */
    num_t q = divide(a, x, s + 2), sum = add(x, q, 0), nx = divide(sum, two, s + 2);
    int same = !cmp_abs(rescale(nx, s + 2), rescale(x, s + 2));
    free(q.d), free(sum.d), free(x.d), x = nx;
    if (same) break;
  }
  num_t r = rescale(x, s);
  free(x.d), free(two.d);
  return r;
}

/* ---- output ---- */
int col;
static void put(char c) {
  if (col == 68 && c != '\n') out_str("\\\n"), col = 0; /* 70 columns with the backslash and newline */
  out_putc(c);
  col = c == '\n' ? 0 : col + 1;
}
void print_num(num_t n) {
  if (is_zero(n)) {
    put('0');
  } else {
    if (n.neg) put('-');
    for (int i = n.len - 1; i >= n.scale; i--) put((char)('0' + n.d[i]));
    if (n.scale) put('.');
    for (int i = n.scale - 1; i >= 0; i--) put((char)('0' + (i < n.len ? n.d[i] : 0)));
  }
  put('\n');
}

