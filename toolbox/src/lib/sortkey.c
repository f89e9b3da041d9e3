#include "sortkey.h"
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int blank(int c) { return c == ' ' || c == '\t'; }

static const char *begfield(const sort_spec *sp, const sort_key *k, const char *p, const char *lim) {
  size_t sword = k->sword;
  if (sp->tab >= 0) {
    while (p < lim && sword--) {
      while (p < lim && *p != sp->tab) p++;
      if (p < lim) p++;
    }
  } else {
    while (p < lim && sword--) {
      while (p < lim && blank((unsigned char)*p)) p++;
      while (p < lim && !blank((unsigned char)*p)) p++;
    }
  }
  if (k->skipsblanks) while (p < lim && blank((unsigned char)*p)) p++;
  return (size_t)(lim - p) < k->schar ? lim : p + k->schar;
}

static const char *limfield(const sort_spec *sp, const sort_key *k, const char *p, const char *lim) {
  if (k->eword == SIZE_MAX) return lim;
  size_t eword = k->eword, echar = k->echar;
  if (echar == 0) eword++;
  if (sp->tab >= 0) {
    while (p < lim && eword--) {
      while (p < lim && *p != sp->tab) p++;
      if (p < lim && (eword || echar)) p++;
    }
  } else {
    while (p < lim && eword--) {
      while (p < lim && blank((unsigned char)*p)) p++;
      while (p < lim && !blank((unsigned char)*p)) p++;
    }
  }
  if (echar) {
    if (k->skipeblanks) while (p < lim && blank((unsigned char)*p)) p++;
    p = (size_t)(lim - p) < echar ? lim : p + echar;
  }
  return p;
}

/* GNU -n: optional blanks, optional '-', digits, optional '.' digits; no '+',
 * no exponent, no thousands separator in the C locale. Anything else is 0. */
typedef struct { int neg; const char *ip; size_t il; const char *fp; size_t fl; } num;

static void parse_num(const char *p, const char *e, num *n) {
  while (p < e && blank((unsigned char)*p)) p++;
  n->neg = 0;
  if (p < e && *p == '-') n->neg = 1, p++;
  while (p < e && *p == '0') p++;
  n->ip = p;
  while (p < e && isdigit((unsigned char)*p)) p++;
  n->il = (size_t)(p - n->ip);
  n->fp = p;
  n->fl = 0;
  if (p < e && *p == '.') {
    n->fp = ++p;
    while (p < e && isdigit((unsigned char)*p)) p++;
    n->fl = (size_t)(p - n->fp);
    while (n->fl && n->fp[n->fl - 1] == '0') n->fl--;
  }
  if (n->il == 0 && n->fl == 0) n->neg = 0; /* -0 == 0 */
}

static int numcmp(const char *a, const char *ae, const char *b, const char *be) {
  num x, y;
  parse_num(a, ae, &x);
  parse_num(b, be, &y);
  int xs = (x.il || x.fl) ? (x.neg ? -1 : 1) : 0;
  int ys = (y.il || y.fl) ? (y.neg ? -1 : 1) : 0;
  if (xs != ys) return xs < ys ? -1 : 1;
  if (xs == 0) return 0;
  int r;
  if (x.il != y.il) r = x.il < y.il ? -1 : 1;
  else {
    r = memcmp(x.ip, y.ip, x.il);
    if (!r) {
      size_t m = x.fl < y.fl ? x.fl : y.fl;
      r = memcmp(x.fp, y.fp, m);
      if (!r && x.fl != y.fl) r = x.fl < y.fl ? -1 : 1;
    }
  }
  r = r < 0 ? -1 : r > 0;
  return xs < 0 ? -r : r;
}

static int gencmp(const char *a, const char *ae, const char *b, const char *be) {
  char ta[64], tb[64];
  size_t al = (size_t)(ae - a) < 63 ? (size_t)(ae - a) : 63, bl = (size_t)(be - b) < 63 ? (size_t)(be - b) : 63;
  memcpy(ta, a, al); ta[al] = 0;
  memcpy(tb, b, bl); tb[bl] = 0;
  char *ea, *eb;
  double x = strtod(ta, &ea), y = strtod(tb, &eb);
  int va = ea != ta, vb = eb != tb;
  if (!va || !vb) return va - vb; /* non-numbers first */
  if (x != x || y != y) return (x == x) - (y == y);
  return x < y ? -1 : x > y;
}

static int textcmp(const sort_key *k, const char *a, const char *ae, const char *b, const char *be) {
  if (!k->fold && !k->dict && !k->nonprint) {
    size_t al = (size_t)(ae - a), bl = (size_t)(be - b);
    int r = memcmp(a, b, al < bl ? al : bl);
    if (r) return r < 0 ? -1 : 1;
    return al < bl ? -1 : al > bl;
  }
  for (;;) {
    if (k->dict) {
      while (a < ae && !(isalnum((unsigned char)*a) || blank((unsigned char)*a))) a++;
      while (b < be && !(isalnum((unsigned char)*b) || blank((unsigned char)*b))) b++;
    } else if (k->nonprint) {
      while (a < ae && !isprint((unsigned char)*a)) a++;
      while (b < be && !isprint((unsigned char)*b)) b++;
    }
    if (a == ae || b == be) return (a < ae) - (b < be);
    int ca = (unsigned char)*a++, cb = (unsigned char)*b++;
    if (k->fold) ca = toupper(ca), cb = toupper(cb);
    if (ca != cb) return ca < cb ? -1 : 1;
  }
}

int sort_keycmp(const sort_spec *sp, const char *a, size_t al, const char *b, size_t bl) {
  for (size_t i = 0; i < sp->nkeys; i++) {
    const sort_key *k = &sp->keys[i];
    const char *as = begfield(sp, k, a, a + al), *ae = limfield(sp, k, a, a + al);
    const char *bs = begfield(sp, k, b, b + bl), *be = limfield(sp, k, b, b + bl);
    if (ae < as) ae = as;
    if (be < bs) be = bs;
    int r = k->numeric ? numcmp(as, ae, bs, be) : k->general ? gencmp(as, ae, bs, be) : textcmp(k, as, ae, bs, be);
    if (r) return k->reverse ? -r : r;
  }
  return 0;
}

int sort_cmp(const sort_spec *sp, const char *a, size_t al, const char *b, size_t bl) {
  int r = sort_keycmp(sp, a, al, b, bl);
  if (r || sp->stable || sp->unique) return r;
  r = memcmp(a, b, al < bl ? al : bl);
  if (!r) r = al < bl ? -1 : al > bl;
  else r = r < 0 ? -1 : 1;
  return sp->reverse ? -r : r;
}

int sort_key_flag(sort_key *k, char c, int which_end) {
  switch (c) {
    case 'b': if (which_end) k->skipeblanks = 1; else k->skipsblanks = 1; return 1;
    case 'd': k->dict = 1; return 1;
    case 'f': k->fold = 1; return 1;
    case 'g': k->general = 1; return 1;
    case 'i': k->nonprint = 1; return 1;
    case 'n': k->numeric = 1; return 1;
    case 'r': k->reverse = 1; return 1;
    default: return 0;
  }
}

static const char *parse_pos(const char *s, size_t *field, size_t *chr, int *had_chr) {
  char *e;
  if (!isdigit((unsigned char)*s)) return NULL;
  *field = strtoul(s, &e, 10);
  *had_chr = 0;
  *chr = 0;
  if (*e == '.') {
    const char *c = e + 1;
    if (!isdigit((unsigned char)*c)) return NULL;
    *chr = strtoul(c, &e, 10);
    *had_chr = 1;
  }
  return e;
}

int sort_parse_key(const char *arg, sort_key *k) {
  memset(k, 0, sizeof *k);
  size_t f, c;
  int hc;
  const char *p = parse_pos(arg, &f, &c, &hc);
  if (!p || f == 0 || (hc && c == 0)) return -1;
  k->sword = f - 1;
  k->schar = hc ? c - 1 : 0;
  while (*p && *p != ',') if (!sort_key_flag(k, *p++, 0)) return -1;
  k->eword = SIZE_MAX;
  if (*p == ',') {
    p = parse_pos(p + 1, &f, &c, &hc);
    if (!p || f == 0) return -1;
    k->eword = f - 1;
    k->echar = c;
    while (*p) if (!sort_key_flag(k, *p++, 1)) return -1;
  }
  return 0;
}
