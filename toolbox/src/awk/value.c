/* Values, strings, number<->string conversion with awk semantics, arrays. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "tb.h"

Str *str_new(const char *s, size_t len) {
  Str *r = xmalloc(sizeof(Str) + len + 1);
  r->ref = 1;
  r->len = len;
  if (s) memcpy(r->s, s, len);
  r->s[len] = 0;
  return r;
}
Str *str_ref(Str *s) { if (s) s->ref++; return s; }
void str_unref(Str *s) { if (s && --s->ref == 0) free(s); }

void val_free(Value *v) {
  str_unref(v->s);
  v->s = NULL;
  v->t = V_UNINIT;
}
Value val_copy(const Value *v) {
  Value r = *v;
  str_ref(r.s);
  return r;
}
Value val_num(double n) { Value v = {V_NUM, n, NULL}; return v; }
Value val_str(Str *s) { Value v = {V_STR, 0, s}; return v; }
Value val_cstr(const char *s, size_t len) { return val_str(str_new(s, len)); }
Value val_strnum(const char *s, size_t len) {
  Value v = {V_STR, 0, str_new(s, len)};
  if (looks_numeric(s, len)) v.t = V_STRNUM, v.n = str_to_num(s, len);
  return v;
}

/* Length of the longest numeric prefix (after blanks) of s: [+-]digits[.digits][e[+-]digits]. */
static size_t num_prefix(const char *s, size_t len, size_t *start) {
  size_t i = 0;
  while (i < len && isspace((unsigned char)s[i])) i++;
  *start = i;
  if (i < len && (s[i] == '+' || s[i] == '-')) i++;
  size_t d0 = i;
  while (i < len && isdigit((unsigned char)s[i])) i++;
  size_t nd = i - d0;
  if (i < len && s[i] == '.') {
    i++;
    size_t f0 = i;
    while (i < len && isdigit((unsigned char)s[i])) i++;
    nd += i - f0;
  }
  if (nd == 0) return 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < len && (s[j] == '+' || s[j] == '-')) j++;
    if (j < len && isdigit((unsigned char)s[j])) {
      while (j < len && isdigit((unsigned char)s[j])) j++;
      i = j;
    }
  }
  return i;
}

double str_to_num(const char *s, size_t len) {
  size_t start, end = num_prefix(s, len, &start);
  if (end == 0) return 0;
  char buf[128];
  size_t n = end - start;
  if (n < sizeof buf) {
    memcpy(buf, s + start, n);
    buf[n] = 0;
    return strtod(buf, NULL);
  }
  char *tmp = xmemdup(s + start, n);
  double d = strtod(tmp, NULL);
  free(tmp);
  return d;
}

int looks_numeric(const char *s, size_t len) {
  size_t start, end = num_prefix(s, len, &start);
  if (end == 0) return 0;
  while (end < len && isspace((unsigned char)s[end])) end++;
  return end == len;
}

Str *num_to_str(double n, const char *fmt) {
  char buf[512];
  if (isnan(n)) return str_new(signbit(n) ? "-nan" : "+nan", 4);
  if (isinf(n)) return str_new(n < 0 ? "-inf" : "+inf", 4);
  if (n == (double)(long long)n && fabs(n) < 1e18) {
    int k = snprintf(buf, sizeof buf, "%lld", (long long)n);
    return str_new(buf, (size_t)k);
  }
  if (n == floor(n)) {
    int k = snprintf(buf, sizeof buf, "%.0f", n);
    return str_new(buf, (size_t)k);
  }
  int k = snprintf(buf, sizeof buf, fmt, n);
  if (k >= (int)sizeof buf) k = sizeof buf - 1;
  return str_new(buf, (size_t)k);
}

static const char *fmt_of(int idx) {
  Value *v = &syms[idx].v;
  return (v->t == V_STR || v->t == V_STRNUM) && v->s ? v->s->s : "%.6g";
}

double to_num(const Value *v) {
  switch (v->t) {
    case V_NUM: case V_STRNUM: return v->n;
    case V_STR: return str_to_num(v->s->s, v->s->len);
    default: return 0;
  }
}
Str *to_str(const Value *v) {
  switch (v->t) {
    case V_STR: case V_STRNUM: return str_ref(v->s);
    case V_NUM: return num_to_str(v->n, fmt_of(v_CONVFMT));
    default: return str_new("", 0);
  }
}
Str *to_ostr(const Value *v) {
  if (v->t == V_NUM) return num_to_str(v->n, fmt_of(v_OFMT));
  return to_str(v);
}
int to_bool(const Value *v) {
  switch (v->t) {
    case V_NUM: case V_STRNUM: return v->n != 0;
    case V_STR: return v->s->len != 0;
    default: return 0;
  }
}

/* ---- arrays: chained hash table keyed by string ---- */
static unsigned hash_of(const char *s, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}
Array *arr_new(void) {
  Array *a = xmalloc(sizeof *a);
  a->nb = 16;
  a->n = 0;
  a->b = calloc(a->nb, sizeof *a->b);
  return a;
}
static void grow(Array *a) {
  size_t nb = a->nb * 4;
  Elem **b = calloc(nb, sizeof *b);
  if (!b) tb_die(2, "memory exhausted");
  for (size_t i = 0; i < a->nb; i++) {
    for (Elem *e = a->b[i], *nx; e; e = nx) {
      nx = e->next;
      e->next = b[e->hash % nb];
      b[e->hash % nb] = e;
    }
  }
  free(a->b);
  a->b = b;
  a->nb = nb;
}
Value *arr_get(Array *a, Str *key, int create) {
  unsigned h = hash_of(key->s, key->len);
  for (Elem *e = a->b[h % a->nb]; e; e = e->next)
    if (e->hash == h && e->key->len == key->len && !memcmp(e->key->s, key->s, key->len)) return &e->v;
  if (!create) return NULL;
  if (a->n >= a->nb * 2) grow(a);
  Elem *e = xmalloc(sizeof *e);
  e->key = str_ref(key);
  e->hash = h;
  e->v.t = V_UNINIT;
  e->v.s = NULL;
  e->v.n = 0;
  e->next = a->b[h % a->nb];
  a->b[h % a->nb] = e;
  a->n++;
  return &e->v;
}
void arr_del(Array *a, Str *key) {
  unsigned h = hash_of(key->s, key->len);
  for (Elem **p = &a->b[h % a->nb]; *p; p = &(*p)->next) {
    Elem *e = *p;
    if (e->hash == h && e->key->len == key->len && !memcmp(e->key->s, key->s, key->len)) {
      *p = e->next;
      str_unref(e->key);
      val_free(&e->v);
      free(e);
      a->n--;
      return;
    }
  }
}
void arr_clear(Array *a) {
  for (size_t i = 0; i < a->nb; i++) {
    for (Elem *e = a->b[i], *nx; e; e = nx) {
      nx = e->next;
      str_unref(e->key);
      val_free(&e->v);
      free(e);
    }
    a->b[i] = NULL;
  }
  a->n = 0;
}
/* Keys in a deterministic order: integer-looking keys numerically first, then the rest bytewise. */
static int key_cmp(const void *x, const void *y) {
  const Str *a = *(Str *const *)x, *b = *(Str *const *)y;
  int an = looks_numeric(a->s, a->len), bn = looks_numeric(b->s, b->len);
  if (an && bn) {
    double p = str_to_num(a->s, a->len), q = str_to_num(b->s, b->len);
    if (p != q) return p < q ? -1 : 1;
  } else if (an != bn) {
    return an ? -1 : 1;
  }
  size_t m = a->len < b->len ? a->len : b->len;
  int r = memcmp(a->s, b->s, m);
  return r ? r : (a->len > b->len) - (a->len < b->len);
}
Str **arr_keys(Array *a, size_t *n) {
  Str **k = xmalloc((a->n + 1) * sizeof *k);
  size_t j = 0;
  for (size_t i = 0; i < a->nb; i++)
    for (Elem *e = a->b[i]; e; e = e->next) k[j++] = str_ref(e->key);
  qsort(k, j, sizeof *k, key_cmp);
  *n = j;
  return k;
}
