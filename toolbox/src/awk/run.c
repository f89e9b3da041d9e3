/* Tree-walking evaluator: eval() for expressions (returns an owned Value),
 * exec() for statements (returns a control-flow code), and the rule loop
 * BEGIN -> records -> END. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "builtins.h"
#include "fields.h"
#include "io.h"
#include "tb.h"

int v_NF, v_NR, v_FNR, v_FS, v_OFS, v_ORS, v_RS, v_FILENAME, v_SUBSEP, v_RSTART, v_RLENGTH, v_CONVFMT,
    v_OFMT, v_ENVIRON, v_ARGC, v_ARGV;

enum { X_NORMAL, X_BREAK, X_CONTINUE, X_NEXT, X_NEXTFILE, X_EXIT, X_RETURN };

typedef struct { int kind; Value v; Array *arr; } Cell;
static Cell *frame;
static int depth;
static Value ret_val;
static int exit_code;

Value eval(Node *n);
static int exec(Node *n);

void awk_error(const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  streams_flush_all();
  tb_warn("%s", msg);
  exit(2);
}

void set_var_str(int idx, const char *s) {
  size_t n;
  char *u = unescape(s, strlen(s), &n);
  val_free(&syms[idx].v);
  syms[idx].v = val_strnum(u, n);
  free(u);
}

Array *local_array(int idx) { return frame ? frame[idx].arr : NULL; }

Array *get_array(Node *n) {
  if (n->op == N_VAR) {
    Sym *s = &syms[n->ival];
    if (!s->arr) {
      if (s->kind == K_SCALAR) awk_error("can't use scalar %s as array", s->name);
      s->kind = K_ARRAY;
      s->arr = arr_new();
    }
    return s->arr;
  }
  if (n->op == N_LOCAL) {
    Cell *c = &frame[n->ival];
    if (!c->arr) c->arr = arr_new(), c->kind = K_ARRAY;
    return c->arr;
  }
  awk_error("array expected");
}

static Str *subscript(Node *list) {
  if (!list->next) {
    Value v = eval(list);
    Str *s = to_str(&v);
    val_free(&v);
    return s;
  }
  Str *sep = to_str(&syms[v_SUBSEP].v), *acc = str_new("", 0);
  for (Node *e = list; e; e = e->next) {
    Value v = eval(e);
    Str *s = to_str(&v);
    val_free(&v);
    Str *t = str_new(NULL, acc->len + s->len + (e != list ? sep->len : 0));
    size_t o = 0;
    memcpy(t->s, acc->s, acc->len);
    o = acc->len;
    if (e != list) { memcpy(t->s + o, sep->s, sep->len); o += sep->len; }
    memcpy(t->s + o, s->s, s->len);
    str_unref(acc);
    str_unref(s);
    acc = t;
  }
  str_unref(sep);
  return acc;
}

void assign(Node *lv, Value v) {
  switch (lv->op) {
    case N_VAR:
      if (lv->ival == v_NF) {
        set_nf((long)to_num(&v));
        val_free(&v);
        return;
      }
      if (syms[lv->ival].kind == K_ARRAY) awk_error("can't assign to %s; it's an array name.", syms[lv->ival].name);
      syms[lv->ival].kind = K_SCALAR;
      val_free(&syms[lv->ival].v);
      syms[lv->ival].v = v;
      return;
    case N_LOCAL:
      if (frame[lv->ival].arr) awk_error("can't assign to an array parameter");
      val_free(&frame[lv->ival].v);
      frame[lv->ival].v = v;
      return;
    case N_FIELD: {
      Value i = eval(lv->a);
      long k = (long)to_num(&i);
      val_free(&i);
      set_field(k, v);
      return;
    }
    case N_INDEX: {
      Array *a = get_array(lv->a);
      Str *k = subscript(lv->b);
      Value *slot = arr_get(a, k, 1);
      str_unref(k);
      val_free(slot);
      *slot = v;
      return;
    }
  }
  awk_error("invalid assignment target");
}

static int is_numeric(const Value *v) { return v->t == V_NUM || v->t == V_STRNUM || v->t == V_UNINIT; }

static int compare(const Value *a, const Value *b) {
  if (is_numeric(a) && is_numeric(b)) {
    double x = to_num(a), y = to_num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  Str *s = to_str(a), *t = to_str(b);
  size_t m = s->len < t->len ? s->len : t->len;
  int r = memcmp(s->s, t->s, m);
  if (!r) r = (s->len > t->len) - (s->len < t->len);
  str_unref(s);
  str_unref(t);
  return r < 0 ? -1 : r > 0;
}

regex_t *regex_of(Node *n) {
  if (n->op == N_REGEX) return n->re;
  Value v = eval(n);
  regex_t *re = re_dynamic(&v);
  val_free(&v);
  return re;
}

int match_value(const Value *v, regex_t *re) {
  Str *s = to_str(v);
  size_t ms, me;
  int r = awk_match_at(re, s->s, s->len, 0, &ms, &me);
  str_unref(s);
  return r;
}

static double arith(int op, double x, double y) {
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': if (y == 0) awk_error("division by zero"); return x / y;
    case '%': if (y == 0) awk_error("division by zero in %%"); return fmod(x, y);
    case '^': return pow(x, y);
  }
  return 0;
}
static int assign_op(int t) {
  switch (t) {
    case T_ADD_ASSIGN: return '+';
    case T_SUB_ASSIGN: return '-';
    case T_MUL_ASSIGN: return '*';
    case T_DIV_ASSIGN: return '/';
    case T_MOD_ASSIGN: return '%';
    case T_POW_ASSIGN: return '^';
  }
  return 0;
}

static Value call_user(Node *n) {
  Func *f = &funcs[n->ival];
  int nargs = 0;
  for (Node *a = n->a; a; a = a->next) nargs++;
  if (nargs > f->nparams) awk_error("function '%s' called with more arguments than declared", f->name);
  if (++depth > 3000) awk_error("function call nesting too deep");
  Cell *cells = calloc((size_t)f->nparams + 1, sizeof *cells);
  int i = 0;
  for (Node *a = n->a; a; a = a->next, i++) {
    int is_arr_name = (a->op == N_VAR && (syms[a->ival].kind == K_ARRAY || (f->param_array[i] && syms[a->ival].kind == K_UNKNOWN))) ||
                      (a->op == N_LOCAL && (frame[a->ival].arr || f->param_array[i]));
    if (is_arr_name) {
      cells[i].arr = get_array(a);
      cells[i].kind = K_ARRAY | 0x100; /* borrowed */
    } else {
      cells[i].v = eval(a);
    }
  }
  Cell *saved = frame;
  frame = cells;
  ret_val = (Value){V_UNINIT, 0, NULL};
  int x = exec(f->body);
  frame = saved;
  for (int k = 0; k < f->nparams; k++) {
    val_free(&cells[k].v);
    if (cells[k].arr && !(cells[k].kind & 0x100)) { arr_clear(cells[k].arr); free(cells[k].arr->b); free(cells[k].arr); }
  }
  free(cells);
  depth--;
  if (x == X_EXIT) { /* propagate exit through the call */
    extern int pending_exit;
    pending_exit = 1;
  }
  Value r = ret_val;
  ret_val = (Value){V_UNINIT, 0, NULL};
  return r;
}
int pending_exit;

Value eval(Node *n) {
  Value a, b, r;
  switch (n->op) {
    case N_NUM: return val_num(n->num);
    case N_STR: return val_str(str_ref(n->str));
    case N_REGEX: {
      Value z = get_field(0);
      int m = match_value(&z, n->re);
      val_free(&z);
      return val_num(m);
    }
    case N_GROUP: return eval(n->a);
    case N_VAR:
      if (n->ival == v_NF) ensure_split();
      if (syms[n->ival].kind == K_ARRAY) awk_error("attempt to use array %s in a scalar context", syms[n->ival].name);
      return val_copy(&syms[n->ival].v);
    case N_LOCAL:
      if (frame[n->ival].arr) awk_error("attempt to use array parameter in a scalar context");
      return val_copy(&frame[n->ival].v);
    case N_FIELD: {
      a = eval(n->a);
      long k = (long)to_num(&a);
      val_free(&a);
      return get_field(k);
    }
    case N_INDEX: {
      Array *arr = get_array(n->a);
      Str *k = subscript(n->b);
      Value *slot = arr_get(arr, k, 1);
      str_unref(k);
      return val_copy(slot);
    }
    case N_ASSIGN: {
      if (n->ival == '=') {
        r = eval(n->b);
        assign(n->a, val_copy(&r));
        return r;
      }
      b = eval(n->b);
      a = eval(n->a);
      double v = arith(assign_op(n->ival), to_num(&a), to_num(&b));
      val_free(&a);
      val_free(&b);
      assign(n->a, val_num(v));
      return val_num(v);
    }
    case N_COND:
      a = eval(n->a);
      r = to_bool(&a) ? eval(n->b) : eval(n->c);
      val_free(&a);
      return r;
    case N_OR: case N_AND: {
      a = eval(n->a);
      int t = to_bool(&a);
      val_free(&a);
      if (n->op == N_OR ? t : !t) return val_num(t);
      b = eval(n->b);
      t = to_bool(&b);
      val_free(&b);
      return val_num(t);
    }
    case N_IN: {
      Array *arr = get_array(n->b);
      Str *k = subscript(n->a);
      int has = arr_get(arr, k, 0) != NULL;
      str_unref(k);
      return val_num(has);
    }
    case N_MATCH: {
      a = eval(n->a);
      int m = match_value(&a, regex_of(n->b));
      val_free(&a);
      return val_num(n->ival ? !m : m);
    }
    case N_CMP: {
      a = eval(n->a);
      b = eval(n->b);
      int c = compare(&a, &b), res = 0;
      val_free(&a);
      val_free(&b);
      switch (n->ival) {
        case '<': res = c < 0; break;
        case T_LE: res = c <= 0; break;
        case '>': res = c > 0; break;
        case T_GE: res = c >= 0; break;
        case T_EQ: res = c == 0; break;
        case T_NE: res = c != 0; break;
      }
      return val_num(res);
    }
    case N_CONCAT: {
      a = eval(n->a);
      b = eval(n->b);
      Str *s = to_str(&a), *t = to_str(&b);
      Str *u = str_new(NULL, s->len + t->len);
      memcpy(u->s, s->s, s->len);
      memcpy(u->s + s->len, t->s, t->len);
      str_unref(s);
      str_unref(t);
      val_free(&a);
      val_free(&b);
      return val_str(u);
    }
    case N_BINARY: {
      a = eval(n->a);
      b = eval(n->b);
      double v = arith(n->ival, to_num(&a), to_num(&b));
      val_free(&a);
      val_free(&b);
      return val_num(v);
    }
    case N_UNARY: {
      a = eval(n->a);
      double v = n->ival == '!' ? !to_bool(&a) : n->ival == '-' ? -to_num(&a) : to_num(&a);
      val_free(&a);
      return val_num(v);
    }
    case N_PREINC: case N_PREDEC: case N_POSTINC: case N_POSTDEC: {
      a = eval(n->a);
      double old = to_num(&a);
      val_free(&a);
      double nv = old + (n->op == N_PREINC || n->op == N_POSTINC ? 1 : -1);
      assign(n->a, val_num(nv));
      return val_num(n->op == N_PREINC || n->op == N_PREDEC ? nv : old);
    }
    case N_CALL: return call_user(n);
    case N_BUILTIN: return call_builtin(n);
    case N_GETLINE: return do_getline(n);
  }
  awk_error("internal error: bad node %d", n->op);
}

static void do_print(Node *n) {
  Str *out;
  if (n->op == S_PRINTF) {
    out = awk_sprintf(n->a);
  } else {
    Str *ofs = to_str(&syms[v_OFS].v), *ors = to_str(&syms[v_ORS].v);
    size_t cap = 256, len = 0;
    char *buf = xmalloc(cap);
    if (!n->a) {
      Value z = get_field(0);
      Str *s = to_str(&z);
      val_free(&z);
      if (s->len + 1 > cap) buf = xrealloc(buf, cap = s->len + 1);
      memcpy(buf, s->s, s->len);
      len = s->len;
      str_unref(s);
    }
    for (Node *e = n->a; e; e = e->next) {
      Value v = eval(e);
      Str *s = to_ostr(&v);
      val_free(&v);
      size_t need = len + s->len + ofs->len + ors->len;
      if (need > cap) buf = xrealloc(buf, cap = need * 2);
      if (e != n->a) { memcpy(buf + len, ofs->s, ofs->len); len += ofs->len; }
      memcpy(buf + len, s->s, s->len);
      len += s->len;
      str_unref(s);
    }
    if (len + ors->len > cap) buf = xrealloc(buf, cap = len + ors->len);
    memcpy(buf + len, ors->s, ors->len);
    len += ors->len;
    out = str_new(buf, len);
    free(buf);
    str_unref(ofs);
    str_unref(ors);
  }
  if (n->b) {
    Value dv = eval(n->b);
    Str *d = to_str(&dv);
    val_free(&dv);
    stream_write(d->s, n->ival == T_APPEND, out->s, out->len);
    str_unref(d);
  } else {
    out_write(out->s, out->len);
  }
  str_unref(out);
}

static int exec_list(Node *n) {
  for (; n; n = n->next) {
    int x = exec(n);
    if (x != X_NORMAL) return x;
  }
  return X_NORMAL;
}

static int exec(Node *n) {
  if (!n) return X_NORMAL;
  if (pending_exit) return X_EXIT;
  Value v;
  int x;
  switch (n->op) {
    case S_BLOCK: return exec_list(n->a);
    case S_EXPR:
      v = eval(n->a);
      val_free(&v);
      return pending_exit ? X_EXIT : X_NORMAL;
    case S_PRINT: case S_PRINTF: do_print(n); return pending_exit ? X_EXIT : X_NORMAL;
    case S_IF:
      v = eval(n->a);
      x = to_bool(&v);
      val_free(&v);
      return exec(x ? n->b : n->c);
    case S_WHILE:
      for (;;) {
        v = eval(n->a);
        x = to_bool(&v);
        val_free(&v);
        if (!x) return X_NORMAL;
        x = exec(n->b);
        if (x == X_BREAK) return X_NORMAL;
        if (x != X_NORMAL && x != X_CONTINUE) return x;
      }
    case S_DO:
      for (;;) {
        x = exec(n->a);
        if (x == X_BREAK) return X_NORMAL;
        if (x != X_NORMAL && x != X_CONTINUE) return x;
        v = eval(n->b);
        x = to_bool(&v);
        val_free(&v);
        if (!x) return X_NORMAL;
      }
    case S_FOR:
      if ((x = exec(n->a)) != X_NORMAL) return x;
      for (;;) {
        if (n->b) {
          v = eval(n->b);
          x = to_bool(&v);
          val_free(&v);
          if (!x) return X_NORMAL;
        }
        x = exec(n->d);
        if (x == X_BREAK) return X_NORMAL;
        if (x != X_NORMAL && x != X_CONTINUE) return x;
        if ((x = exec(n->c)) != X_NORMAL) return x;
      }
    case S_FORIN: {
      Array *arr = get_array(n->b);
      size_t nk;
      Str **keys = arr_keys(arr, &nk);
      int res = X_NORMAL;
      for (size_t i = 0; i < nk; i++) {
        if (res == X_NORMAL && arr_get(arr, keys[i], 0)) {
          assign(n->a, val_strnum(keys[i]->s, keys[i]->len));
          x = exec(n->c);
          if (x == X_BREAK) res = X_BREAK;
          else if (x != X_NORMAL && x != X_CONTINUE) res = x;
        }
        str_unref(keys[i]);
      }
      free(keys);
      return res == X_BREAK ? X_NORMAL : res;
    }
    case S_NEXT: return X_NEXT;
    case S_NEXTFILE: return X_NEXTFILE;
    case S_BREAK: return X_BREAK;
    case S_CONTINUE: return X_CONTINUE;
    case S_EXIT:
      if (n->a) { v = eval(n->a); exit_code = (int)to_num(&v); val_free(&v); }
      pending_exit = 1;
      return X_EXIT;
    case S_RETURN:
      val_free(&ret_val);
      ret_val = n->a ? eval(n->a) : (Value){V_UNINIT, 0, NULL};
      return X_RETURN;
    case S_DELETE: {
      Array *arr = get_array(n->a);
      if (!n->b) { arr_clear(arr); return X_NORMAL; }
      Str *k = subscript(n->b);
      arr_del(arr, k);
      str_unref(k);
      return X_NORMAL;
    }
  }
  awk_error("internal error: bad statement %d", n->op);
}

Value do_getline_main(Node *n) {
  char *s;
  size_t len;
  if (!main_next_record(&s, &len)) return val_num(0);
  if (n->a) assign(n->a, val_strnum(s, len));
  else set_record(s, len);
  return val_num(1);
}

static int rule_matches(Rule *r) {
  if (!r->pattern) return 1;
  Value v;
  if (!r->pattern2) {
    v = eval(r->pattern);
    int t = to_bool(&v);
    val_free(&v);
    return t;
  }
  if (!r->in_range) {
    v = eval(r->pattern);
    int t = to_bool(&v);
    val_free(&v);
    if (!t) return 0;
    r->in_range = 1;
  }
  v = eval(r->pattern2);
  if (to_bool(&v)) r->in_range = 0;
  val_free(&v);
  return 1;
}

static int run_action(Rule *r) {
  if (!r->action) {
    Value z = get_field(0);
    Str *s = to_str(&z);
    Str *ors = to_str(&syms[v_ORS].v);
    out_write(s->s, s->len);
    out_write(ors->s, ors->len);
    str_unref(s);
    str_unref(ors);
    val_free(&z);
    return X_NORMAL;
  }
  return exec(r->action);
}

void run_program(int argc, char **argv, int first_operand) {
  (void)argc; (void)argv; (void)first_operand;
  int has_main = 0, has_end = 0;
  for (Rule *r = rules; r; r = r->next) {
    if (r->kind == R_MAIN) has_main = 1;
    if (r->kind == R_END) has_end = 1;
  }
  set_record("", 0);
  for (Rule *r = rules; r && !pending_exit; r = r->next) {
    if (r->kind != R_BEGIN) continue;
    int x = exec(r->action);
    if (x == X_EXIT) break;
    if (x == X_NEXT) awk_error("next used in BEGIN");
  }
  if (!pending_exit && (has_main || has_end)) {
    char *s;
    size_t len;
    while (!pending_exit && main_next_record(&s, &len)) {
      set_record(s, len);
      for (Rule *r = rules; r; r = r->next) {
        if (r->kind != R_MAIN || !rule_matches(r)) continue;
        int x = run_action(r);
        if (x == X_NEXT) break;
        if (x == X_NEXTFILE) { main_skip_file(); break; }
        if (x == X_EXIT) break;
      }
    }
  }
  /* exit in BEGIN or main still runs END; exit inside END stops. */
  pending_exit = 0;
  for (Rule *r = rules; r; r = r->next) {
    if (r->kind != R_END) continue;
    if (exec(r->action) == X_EXIT) break;
  }
  streams_flush_all();
  exit(exit_code);
}
