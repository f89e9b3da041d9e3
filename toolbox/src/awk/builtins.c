/* Built-in functions: string (length substr index split sub gsub match
 * sprintf tolower toupper), math, rand/srand, close/fflush/system, getline. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "awk.h"
#include "builtins.h"
#include "fields.h"
#include "format.h"
#include "io.h"
#include "tb.h"

static int nargs_of(Node *a) { int n = 0; for (; a; a = a->next) n++; return n; }

Str *awk_sprintf(Node *args) {
  int n = nargs_of(args);
  Value *vals = xmalloc((size_t)(n + 1) * sizeof *vals);
  int i = 0;
  for (Node *a = args; a; a = a->next) vals[i++] = eval(a);
  Str *f = to_str(&vals[0]);
  Str *r = format_values(f->s, f->len, vals + 1, n - 1);
  str_unref(f);
  for (i = 0; i < n; i++) val_free(&vals[i]);
  free(vals);
  return r;
}


typedef struct { Array *arr; long n; } split_ctx;
static void split_push(void *ctx, const char *s, size_t len) {
  split_ctx *c = ctx;
  Str *k = num_to_str((double)++c->n, "%.6g");
  Value *slot = arr_get(c->arr, k, 1);
  str_unref(k);
  val_free(slot);
  *slot = val_strnum(s, len);
}

/* sub/gsub: '&' is the match, "\\&" a literal '&', "\\\\" a backslash. */
static Value do_sub(Node *n, int global) {
  Node *re_n = n->a, *repl_n = re_n ? re_n->next : NULL, *target = repl_n ? repl_n->next : NULL;
  if (!repl_n) awk_error("sub/gsub requires at least 2 arguments");
  regex_t *re = regex_of(re_n);
  Str *repl = eval_str(repl_n);
  Node field0 = {0};
  Node zero = {0};
  if (!target) {
    zero.op = N_NUM;
    field0.op = N_FIELD;
    field0.a = &zero;
    target = &field0;
  }
  Str *s = eval_str(target);
  size_t cap = s->len + 64, len = 0, from = 0, ms, me;
  char *o = xmalloc(cap);
  long count = 0;
  long last_end = -1;
  while (from <= s->len && awk_match_at(re, s->s, s->len, from, &ms, &me)) {
    if (me == ms && (long)ms == last_end) { /* no empty match right after a match */
      if (ms >= s->len) break;
      if (len + 1 > cap) o = xrealloc(o, cap *= 2);
      o[len++] = s->s[ms];
      from = ms + 1;
      continue;
    }
    size_t need = len + (ms - from) + repl->len * (me - ms + 1) + 2;
    if (need > cap) o = xrealloc(o, cap = need * 2);
    memcpy(o + len, s->s + from, ms - from);
    len += ms - from;
    for (size_t i = 0; i < repl->len; i++) {
      char c = repl->s[i];
      if (c == '\\' && i + 1 < repl->len && (repl->s[i + 1] == '&' || repl->s[i + 1] == '\\')) {
        o[len++] = repl->s[++i];
      } else if (c == '&') {
        if (len + (me - ms) + repl->len + 2 > cap) o = xrealloc(o, cap = (len + (me - ms) + repl->len) * 2 + 2);
        memcpy(o + len, s->s + ms, me - ms);
        len += me - ms;
      } else {
        o[len++] = c;
      }
      if (len + repl->len + (me - ms) + 2 > cap) o = xrealloc(o, cap = cap * 2 + repl->len + (me - ms));
    }
    count++;
    last_end = (long)me;
    if (me == ms) {
      if (ms < s->len) o[len++] = s->s[ms];
      from = ms + 1;
    } else {
      from = me;
    }
    if (!global) break;
  }
  if (count) {
    if (from < s->len) {
      if (len + s->len - from > cap) o = xrealloc(o, cap = len + s->len - from + 1);
      memcpy(o + len, s->s + from, s->len - from);
      len += s->len - from;
    }
    assign(target, val_cstr(o, len));
  }
  free(o);
  str_unref(s);
  str_unref(repl);
  return val_num((double)count);
}

static unsigned long long rand_state = 0;
static double rand_seed = 0;
static double next_rand(void) {
  rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(rand_state >> 11) / 9007199254740992.0;
}

Value call_builtin(Node *n) {
  Node *a = n->a;
  int na = nargs_of(a);
  switch (n->ival) {
    case B_LENGTH: {
      if (!a) {
        Value z = get_field(0);
        Str *s = to_str(&z);
        double l = (double)s->len;
        str_unref(s);
        val_free(&z);
        return val_num(l);
      }
      if ((a->op == N_VAR && syms[a->ival].kind == K_ARRAY) ) return val_num((double)get_array(a)->n);
      if (a->op == N_LOCAL && local_array(a->ival)) return val_num((double)local_array(a->ival)->n);
      Str *s = eval_str(a);
      double l = (double)s->len;
      str_unref(s);
      return val_num(l);
    }
    case B_SUBSTR: {
      if (na < 2) awk_error("substr requires 2 or 3 arguments");
      Str *s = eval_str(a);
      double m = eval_num(a->next);
      /* gawk: truncate start and length; a start below 1 becomes 1 without shortening */
      double rs = m != m ? 1 : trunc(m), end;
      if (rs < 1) rs = 1;
      if (na >= 3) {
        double l = eval_num(a->next->next);
        end = l != l ? rs : rs + trunc(l);
      } else {
        end = (double)s->len + 1;
      }
      if (end > (double)s->len + 1) end = (double)s->len + 1;
      Value r = end <= rs ? val_cstr("", 0) : val_cstr(s->s + (size_t)rs - 1, (size_t)(end - rs));
      str_unref(s);
      return r;
    }
    case B_INDEX: {
      if (na != 2) awk_error("index requires 2 arguments");
      Str *s = eval_str(a), *t = eval_str(a->next);
      double pos = 0;
      if (t->len == 0) pos = 1;  /* gawk: index(s, "") is 0? keep POSIX-like 0 below */
      char *hit = t->len ? memmem(s->s, s->len, t->s, t->len) : NULL;
      pos = hit ? (double)(hit - s->s + 1) : 0;
      str_unref(s);
      str_unref(t);
      return val_num(pos);
    }
    case B_SPLIT: {
      if (na < 2) awk_error("split requires 2 or 3 arguments");
      Str *s = eval_str(a);
      Array *arr = get_array(a->next);
      split_ctx c = {arr, 0};
      Node *fsn = a->next->next;
      Str *fs;
      if (!fsn) fs = to_str(&syms[v_FS].v);
      else if (fsn->op == N_REGEX) fs = str_ref(fsn->str);
      else fs = eval_str(fsn);
      arr_clear(arr);
      if (fsn && fsn->op == N_REGEX && fs->len == 1 && fs->s[0] == ' ') {
        /* /re/ of a single space is a regex, not the blank-run default */
        Str *alt = str_new("[ ]", 3);
        split_string(s->s, s->len, alt, 0, split_push, &c);
        str_unref(alt);
      } else {
        split_string(s->s, s->len, fs, 0, split_push, &c);
      }
      str_unref(fs);
      str_unref(s);
      return val_num((double)c.n);
    }
    case B_SUB: return do_sub(n, 0);
    case B_GSUB: return do_sub(n, 1);
    case B_MATCH: {
      if (na < 2) awk_error("match requires 2 arguments");
      Str *s = eval_str(a);
      regex_t *re = regex_of(a->next);
      size_t ms, me;
      double start = 0, len = -1;
      if (awk_match_at(re, s->s, s->len, 0, &ms, &me)) start = (double)ms + 1, len = (double)(me - ms);
      str_unref(s);
      val_free(&syms[v_RSTART].v);
      syms[v_RSTART].v = val_num(start);
      val_free(&syms[v_RLENGTH].v);
      syms[v_RLENGTH].v = val_num(len);
      return val_num(start);
    }
    case B_SPRINTF:
      if (!a) awk_error("sprintf requires at least 1 argument");
      return val_str(awk_sprintf(a));
    case B_SIN: return val_num(sin(eval_num(a)));
    case B_COS: return val_num(cos(eval_num(a)));
    case B_ATAN2: if (na != 2) awk_error("atan2 requires 2 arguments"); return val_num(atan2(eval_num(a), eval_num(a->next)));
    case B_EXP: return val_num(exp(eval_num(a)));
    case B_LOG: return val_num(log(eval_num(a)));
    case B_SQRT: return val_num(sqrt(eval_num(a)));
    case B_INT: return val_num(trunc(eval_num(a)));
    case B_RAND: return val_num(next_rand());
    case B_SRAND: {
      double prev = rand_seed;
      if (a) rand_seed = eval_num(a);
      else {
        unsigned t = 0;
        if (getentropy(&t, sizeof t) != 0) t = 1;
        rand_seed = t;
      }
      rand_state = (unsigned long long)(long long)rand_seed;
      return val_num(prev);
    }
    case B_TOLOWER: case B_TOUPPER: {
      Str *s = eval_str(a);
      Str *r = str_new(s->s, s->len);
      for (size_t i = 0; i < r->len; i++)
        r->s[i] = (char)(n->ival == B_TOLOWER ? tolower((unsigned char)r->s[i]) : toupper((unsigned char)r->s[i]));
      str_unref(s);
      return val_str(r);
    }
    case B_SYSTEM:
      streams_flush_all();
      tb_warn("system() is not available in this sandbox");
      return val_num(-1);
    case B_CLOSE: {
      Str *s = eval_str(a);
      int r = stream_close(s->s);
      str_unref(s);
      return val_num(r);
    }
    case B_FFLUSH:
      streams_flush_all();
      return val_num(0);
  }
  awk_error("unknown builtin");
}

Value do_getline(Node *n) {
  if (!n->b) return do_getline_main(n);
  Str *name = eval_str(n->b);
  char *s;
  size_t len;
  int r = getline_file(name->s, &s, &len);
  str_unref(name);
  if (r <= 0) return val_num(r);
  if (n->a) assign(n->a, val_strnum(s, len));
  else {
    set_record(s, len);
    double nr = to_num(&syms[v_NR].v);
    (void)nr;
  }
  return val_num(1);
}
