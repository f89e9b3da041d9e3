/* Records and fields. $0 is kept as a string; fields are split lazily with
 * the FS that was current when the record was set (POSIX), and assigning a
 * field or NF marks $0 for rebuilding with OFS. */
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "fields.h"
#include "tb.h"

static Value rec;         /* $0 */
static Value *fld;        /* fld[1..nf] */
static size_t nf, fcap;
static int split_done, rec_stale;
static Str *rec_fs;
int paragraph_mode;

void split_string(const char *s, size_t len, const Str *fs, int para, split_cb cb, void *ctx) {
  if (fs->len == 1 && fs->s[0] == ' ') {
    size_t i = 0;
    for (;;) {
      while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) i++;
      if (i >= len) break;
      size_t b = i;
      while (i < len && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) i++;
      cb(ctx, s + b, i - b);
    }
    return;
  }
  if (len == 0) return;
  if (fs->len == 0) { /* gawk: each character is a field */
    for (size_t i = 0; i < len; i++) cb(ctx, s + i, 1);
    return;
  }
  if (fs->len == 1 && fs->s[0] != '\\') {
    char d = fs->s[0];
    size_t b = 0;
    for (size_t i = 0; i <= len; i++) {
      if (i == len || s[i] == d || (para && s[i] == '\n')) {
        cb(ctx, s + b, i - b);
        b = i + 1;
      }
    }
    return;
  }
  Value fv = val_str(str_ref((Str *)fs));
  regex_t *re = re_dynamic(&fv);
  val_free(&fv);
  size_t b = 0, from = 0, ms, me;
  while (from <= len && awk_match_at(re, s, len, from, &ms, &me)) {
    if (me == ms) { /* empty matches never split */
      from = ms + 1;
      continue;
    }
    cb(ctx, s + b, ms - b);
    b = from = me;
  }
  cb(ctx, s + b, len - b);
}

static void push_field(void *ctx, const char *s, size_t len) {
  (void)ctx;
  if (nf + 2 > fcap) fld = xrealloc(fld, (fcap = fcap * 2 + 16) * sizeof *fld);
  fld[++nf] = val_strnum(s, len);
}

static void set_nf_var(void) {
  val_free(&syms[v_NF].v);
  syms[v_NF].v = val_num((double)nf);
}

static void clear_fields(void) {
  for (size_t i = 1; i <= nf; i++) val_free(&fld[i]);
  nf = 0;
}

void ensure_split(void) {
  if (split_done) return;
  clear_fields();
  split_string(rec.s->s, rec.s->len, rec_fs, paragraph_mode, push_field, NULL);
  split_done = 1;
  set_nf_var();
}

static void rebuild(void) {
  Str *ofs = to_str(&syms[v_OFS].v);
  size_t total = 0;
  Str **parts = xmalloc((nf + 1) * sizeof *parts);
  for (size_t i = 1; i <= nf; i++) {
    parts[i] = to_str(&fld[i]);
    total += parts[i]->len + (i > 1 ? ofs->len : 0);
  }
  Str *r = str_new(NULL, total);
  size_t o = 0;
  for (size_t i = 1; i <= nf; i++) {
    if (i > 1) { memcpy(r->s + o, ofs->s, ofs->len); o += ofs->len; }
    memcpy(r->s + o, parts[i]->s, parts[i]->len);
    o += parts[i]->len;
    str_unref(parts[i]);
  }
  free(parts);
  str_unref(ofs);
  val_free(&rec);
  rec = val_strnum(r->s, r->len);
  str_unref(r);
  rec_stale = 0;
}

void set_record(const char *s, size_t len) {
  val_free(&rec);
  rec = val_strnum(s, len);
  str_unref(rec_fs);
  rec_fs = to_str(&syms[v_FS].v);
  split_done = 0;
  rec_stale = 0;
  clear_fields();
  /* NF is computed on demand (see get_nf), but keep the variable sane */
}

Value get_field(long i) {
  if (i < 0) awk_error("trying to access out of range field %ld", i);
  if (i == 0) {
    if (rec_stale) rebuild();
    if (rec.t == V_UNINIT) return val_cstr("", 0);
    return val_copy(&rec);
  }
  ensure_split();
  if ((size_t)i > nf) return val_cstr("", 0); /* gawk: a missing field compares as a string */
  return val_copy(&fld[i]);
}

void set_field(long i, Value v) {
  if (i < 0) awk_error("trying to access out of range field %ld", i);
  if (i == 0) {
    Str *s = to_str(&v);
    set_record(s->s, s->len);
    str_unref(s);
    val_free(&v);
    return;
  }
  ensure_split();
  while (nf < (size_t)i) {
    if (nf + 2 > fcap) fld = xrealloc(fld, (fcap = fcap * 2 + 16) * sizeof *fld);
    fld[++nf] = val_cstr("", 0);
  }
  val_free(&fld[i]);
  fld[i] = v;
  set_nf_var();
  rec_stale = 1;
}

void set_nf(long n) {
  if (n < 0) awk_error("NF set to negative value");
  ensure_split();
  while (nf > (size_t)n) val_free(&fld[nf--]);
  while (nf < (size_t)n) {
    if (nf + 2 > fcap) fld = xrealloc(fld, (fcap = fcap * 2 + 16) * sizeof *fld);
    fld[++nf] = val_cstr("", 0);
  }
  set_nf_var();
  rec_stale = 1;
}
