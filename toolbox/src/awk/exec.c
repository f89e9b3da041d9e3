/* Tree-walking evaluator, statements: exec() (returns how control leaves the
 * statement, X_*), print/printf with redirection, and the rule loop
 * BEGIN -> records -> END. Expressions are in run.c. */
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "builtins.h"
#include "fields.h"
#include "io.h"
#include "run.h"
#include "tb.h"

static int exit_code;

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
    Str *d = eval_str(n->b);
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

/* Runs a loop body: -1 to go on looping, else what the loop statement returns
 * (break ends the loop normally; next, exit, return... leave it). */
static int loop_body(Node *n) {
  int x = exec(n);
  if (x == X_BREAK) return X_NORMAL;
  return x != X_NORMAL && x != X_CONTINUE ? x : -1;
}

int exec(Node *n) {
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
    case S_IF: return exec(eval_bool(n->a) ? n->b : n->c);
    case S_WHILE:
      for (;;) {
        if (!eval_bool(n->a)) return X_NORMAL;
        if ((x = loop_body(n->b)) >= 0) return x;
      }
    case S_DO:
      for (;;) {
        if ((x = loop_body(n->a)) >= 0) return x;
        if (!eval_bool(n->b)) return X_NORMAL;
      }
    case S_FOR:
      if ((x = exec(n->a)) != X_NORMAL) return x;
      for (;;) {
        if (n->b && !eval_bool(n->b)) return X_NORMAL;
        if ((x = loop_body(n->d)) >= 0) return x;
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
      if (n->a) exit_code = (int)eval_num(n->a);
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
  if (!r->pattern2) return eval_bool(r->pattern);
  if (!r->in_range) {
    if (!eval_bool(r->pattern)) return 0;
    r->in_range = 1;
  }
  if (eval_bool(r->pattern2)) r->in_range = 0;
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
