/* Tree-walking evaluator, expressions: eval() (returns an owned Value),
 * assignment, arrays and their subscripts, comparison and arithmetic, user
 * function calls with their frames of locals. Statements are in exec.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "builtins.h"
#include "fields.h"
#include "io.h"
#include "run.h"
#include "tb.h"

int v_NF, v_NR, v_FNR, v_FS, v_OFS, v_ORS, v_RS, v_FILENAME, v_SUBSEP, v_RSTART, v_RLENGTH, v_CONVFMT,
    v_OFMT, v_ENVIRON, v_ARGC, v_ARGV;

typedef struct { int kind; Value v; Array *arr; } Cell;
static Cell *frame;
static int depth;

/* User function calls recurse in C (eval -> call_user -> exec -> eval), so awk's
 * recursion ends where the wasm stacks do, with a trap instead of a message. Two
 * limits keep it ahead of that. The engine's own stack, which the tool cannot see,
 * ran out at about 2,000 calls of a plain `return f(n-1)` under Node and at
 * 1,300-1,500 in the sandbox, so no more than MAX_DEPTH calls nest. A call inside a
 * deep expression or a builtin's arguments costs more of both stacks (Node ran out
 * at 800 calls inside printf/sprintf, the 1 MiB shadow stack of LINK_FLAGS in
 * toolbox/modules.mjs at 460 inside `1 + (2 * (3 + f(n-1)))` in two loops), so
 * the shadow stack may also fill only to STACK_BUDGET: half of it, which stops
 * those at about 450 and 210 calls. */
#define MAX_DEPTH 1000
#define STACK_BUDGET (512 * 1024)
static char *stack_top;

static size_t stack_used(void) {
  char here;
  if (!stack_top) stack_top = &here;
  return (size_t)(stack_top - &here);
}
Value ret_val;
int pending_exit;

void awk_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  streams_flush_all();
  tb_vmessage(fmt, ap, "");
  va_end(ap);
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

Str *eval_str(Node *n) {
  Value v = eval(n);
  Str *s = to_str(&v);
  val_free(&v);
  return s;
}
double eval_num(Node *n) {
  Value v = eval(n);
  double d = to_num(&v);
  val_free(&v);
  return d;
}
int eval_bool(Node *n) {
  Value v = eval(n);
  int t = to_bool(&v);
  val_free(&v);
  return t;
}

Str *subscript(Node *list) {
  if (!list->next) return eval_str(list);
  Str *sep = to_str(&syms[v_SUBSEP].v), *acc = str_new("", 0);
  for (Node *e = list; e; e = e->next) {
    Str *s = eval_str(e);
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
    case N_FIELD:
      set_field((long)eval_num(lv->a), v);
      return;
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
  if (++depth > MAX_DEPTH || stack_used() > STACK_BUDGET) awk_error("function call nesting too deep");
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
  if (x == X_EXIT) pending_exit = 1; /* propagate exit through the call */
  Value r = ret_val;
  ret_val = (Value){V_UNINIT, 0, NULL};
  return r;
}

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
    case N_FIELD: return get_field((long)eval_num(n->a));
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
