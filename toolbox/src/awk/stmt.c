/* awk statements (blocks, if/while/do/for/for-in, print and printf with
 * redirection, simple statements), rules and function definitions, and
 * parse_program, the parser's entry point. Expressions are in parse.c. */
#include <stdlib.h>
#include "awk.h"
#include "parse.h"
#include "tb.h"

static Rule **rules_tail = &rules;
static int in_loop;

static Node *stmt(void);

static void end_simple(void) {
  if (tok.type == ';' || tok.type == T_NEWLINE) {
    advance();
    opt_nl();
  } else if (tok.type != '}' && tok.type != T_EOF) {
    syntax();
  }
}
static Node *block(void) {
  expect('{');
  opt_nl();
  Node *head = NULL, **tail = &head;
  while (tok.type != '}') {
    if (tok.type == T_EOF) syntax();
    Node *s = stmt();
    if (s) { *tail = s; tail = &s->next; }
  }
  advance();
  return node(S_BLOCK, head, NULL);
}
static Node *simple_print(int op) {
  advance();
  int save = no_gt;
  no_gt = 1;
  Node *args = NULL;
  if (tok.type != ';' && tok.type != T_NEWLINE && tok.type != '}' && tok.type != '>' && tok.type != T_APPEND &&
      tok.type != '|' && tok.type != T_EOF)
    args = expr_list(-1);
  no_gt = save;
  if (args && !args->next && args->op == N_GROUP) args = args->a;
  Node *n = node(op, args, NULL);
  if (tok.type == '>' || tok.type == T_APPEND || tok.type == '|') {
    n->ival = tok.type;
    if (tok.type == '|') awk_error("output pipes are not supported in this sandbox");
    advance();
    n->b = concat();
  }
  return n;
}
static Node *simple_stmt(void) {
  Node *n;
  switch (tok.type) {
    case T_PRINT: return simple_print(S_PRINT);
    case T_PRINTF: n = simple_print(S_PRINTF); if (!n->a) syntax(); return n;
    case T_NEXT: advance(); return node(S_NEXT, NULL, NULL);
    case T_NEXTFILE: advance(); return node(S_NEXTFILE, NULL, NULL);
    case T_BREAK: advance(); return node(S_BREAK, NULL, NULL);
    case T_CONTINUE: advance(); return node(S_CONTINUE, NULL, NULL);
    case T_EXIT:
    case T_RETURN: {
      int op = tok.type == T_EXIT ? S_EXIT : S_RETURN;
      advance();
      n = node(op, NULL, NULL);
      if (tok.type != ';' && tok.type != T_NEWLINE && tok.type != '}' && tok.type != T_EOF) n->a = expr();
      return n;
    }
    case T_DELETE: {
      advance();
      n = node(S_DELETE, array_name(), NULL);
      if (tok.type == '[') {
        advance();
        n->b = expr_list(']');
        expect(']');
      }
      return n;
    }
    default:
      return node(S_EXPR, expr(), NULL);
  }
}
static Node *stmt(void) {
  Node *n;
  switch (tok.type) {
    case '{': n = block(); opt_nl(); return n;
    case ';': advance(); opt_nl(); return NULL;
    case T_IF: {
      advance();
      expect('(');
      Node *c = expr();
      expect(')');
      opt_nl();
      n = node(S_IF, c, stmt());
      while (tok.type == T_NEWLINE || tok.type == ';') advance();
      if (tok.type == T_ELSE) {
        advance();
        opt_nl();
        n->c = stmt();
      }
      return n;
    }
    case T_WHILE: {
      advance();
      expect('(');
      Node *c = expr();
      expect(')');
      if (tok.type == ';') { advance(); opt_nl(); return node(S_WHILE, c, NULL); }
      opt_nl();
      in_loop++;
      n = node(S_WHILE, c, stmt());
      in_loop--;
      return n;
    }
    case T_DO: {
      advance();
      opt_nl();
      in_loop++;
      Node *body = stmt();
      in_loop--;
      while (tok.type == T_NEWLINE || tok.type == ';') advance();
      expect(T_WHILE);
      expect('(');
      n = node(S_DO, body, expr());
      expect(')');
      end_simple();
      return n;
    }
    case T_FOR: {
      advance();
      expect('(');
      Node *init = NULL, *cond = NULL, *incr = NULL;
      if (tok.type != ';') init = simple_stmt();
      if (init && tok.type == ')' && init->op == S_EXPR && init->a->op == N_IN && !init->a->a->next &&
          (init->a->a->op == N_VAR || init->a->a->op == N_LOCAL)) {
        advance();
        opt_nl();
        in_loop++;
        n = node(S_FORIN, init->a->a, init->a->b);
        n->c = stmt();
        in_loop--;
        return n;
      }
      expect(';');
      opt_nl();
      if (tok.type != ';') cond = expr();
      expect(';');
      opt_nl();
      if (tok.type != ')') incr = simple_stmt();
      expect(')');
      if (tok.type == ';') { advance(); opt_nl(); n = node(S_FOR, init, cond); n->c = incr; return n; }
      opt_nl();
      in_loop++;
      n = node(S_FOR, init, cond);
      n->c = incr;
      n->d = stmt();
      in_loop--;
      return n;
    }
    default:
      n = simple_stmt();
      end_simple();
      return n;
  }
}

static void add_rule(int kind, Node *pat, Node *pat2, Node *action) {
  Rule *r = calloc(1, sizeof *r);
  r->kind = kind;
  r->pattern = pat;
  r->pattern2 = pat2;
  r->action = action;
  *rules_tail = r;
  rules_tail = &r->next;
}

static void function_def(void) {
  advance();
  if (tok.type != T_NAME && tok.type != T_FUNC_NAME) syntax();
  int fi = func_lookup(tok.text);
  Func *f = &funcs[fi];
  if (f->defined) awk_error("function '%s' redefined", f->name);
  if (sym_lookup(tok.text, 0) >= 0) awk_error("function name '%s' previously used as a variable", tok.text);
  advance();
  expect('(');
  while (tok.type != ')') {
    if (tok.type != T_NAME) syntax();
    f->params = xrealloc(f->params, (size_t)(f->nparams + 1) * sizeof *f->params);
    f->params[f->nparams++] = xstrdup(tok.text);
    advance();
    opt_nl();
    if (tok.type == ',') { advance(); opt_nl(); }
  }
  advance();
  f->param_array = calloc((size_t)f->nparams + 1, 1);
  opt_nl();
  cur_fi = fi;
  f->defined = 1; /* before the body: recursion */
  Node *body = block();
  funcs[fi].body = body;
  cur_fi = -1;
}

void parse_program(const char *src) {
  lex_init(src);
  tok.type = T_NEWLINE;
  advance();
  opt_nl();
  while (tok.type != T_EOF) {
    if (tok.type == T_FUNCTION) {
      function_def();
    } else if (tok.type == T_BEGIN || tok.type == T_END) {
      int kind = tok.type == T_BEGIN ? R_BEGIN : R_END;
      advance();
      opt_nl();
      add_rule(kind, NULL, NULL, block());
    } else if (tok.type == '{') {
      add_rule(R_MAIN, NULL, NULL, block());
    } else {
      Node *p1 = expr(), *p2 = NULL;
      if (tok.type == ',') {
        advance();
        opt_nl();
        p2 = expr();
      }
      add_rule(R_MAIN, p1, p2, tok.type == '{' ? block() : NULL);
    }
    while (tok.type == T_NEWLINE || tok.type == ';') advance();
  }
  for (int i = 0; i < nfuncs; i++)
    if (!funcs[i].defined) awk_error("function '%s' called but never defined", funcs[i].name);
}
