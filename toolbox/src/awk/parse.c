/* Recursive-descent parser for POSIX awk (plus a few gawk-isms), building the
 * Node AST and the symbol/function tables. Precedence, lowest first:
 * assignment, ?:, ||, &&, in, ~ !~, relational, concatenation, + -, * / %,
 * unary ! - +, ^, ++/--, $, grouping. Inside `print`, a bare '>' is output
 * redirection (no_gt). This file holds the symbol and function tables, the
 * token helpers and expressions; statements and rules are in stmt.c. */
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "parse.h"
#include "tb.h"

Sym *syms;
int nsyms;
Func *funcs;
int nfuncs;
Rule *rules;

Token tok;
int no_gt;
int cur_fi = -1;
#define cur_func (cur_fi >= 0 ? &funcs[cur_fi] : NULL)

int sym_lookup(const char *name, int create) {
  for (int i = 0; i < nsyms; i++) if (!strcmp(syms[i].name, name)) return i;
  if (!create) return -1;
  syms = xrealloc(syms, (size_t)(nsyms + 1) * sizeof *syms);
  memset(&syms[nsyms], 0, sizeof *syms);
  syms[nsyms].name = xstrdup(name);
  return nsyms++;
}
int func_lookup(const char *name) {
  for (int i = 0; i < nfuncs; i++) if (!strcmp(funcs[i].name, name)) return i;
  funcs = xrealloc(funcs, (size_t)(nfuncs + 1) * sizeof *funcs);
  memset(&funcs[nfuncs], 0, sizeof *funcs);
  funcs[nfuncs].name = xstrdup(name);
  return nfuncs++;
}

static int ends_operand(int t) {
  return t == T_NAME || t == T_NUMBER || t == T_STRING || t == T_ERE || t == ')' || t == ']' ||
         t == T_INCR || t == T_DECR || t == T_BUILTIN || t == '$';
}
void advance(void) {
  int prev = tok.type;
  free(tok.text);
  tok = lex_next(!ends_operand(prev) || prev == '$');
}
void syntax(void) {
  if (tok.type == T_EOF) awk_error("syntax error at end of program");
  if (tok.type < 256) awk_error("syntax error at source line %d near '%c'", tok.line, tok.type);
  awk_error("syntax error at source line %d near '%s'", tok.line, tok.text ? tok.text : "(token)");
}
void expect(int t) { if (tok.type != t) syntax(); advance(); }
void opt_nl(void) { while (tok.type == T_NEWLINE) advance(); }

Node *node(int op, Node *a, Node *b) {
  Node *n = calloc(1, sizeof *n);
  if (!n) tb_die(2, "memory exhausted");
  n->op = op;
  n->a = a;
  n->b = b;
  return n;
}
int is_lvalue(Node *n) { return n && (n->op == N_VAR || n->op == N_LOCAL || n->op == N_FIELD || n->op == N_INDEX); }

static Node *unary(void);
static Node *primary(void);

static int param_index(const char *name) {
  if (!cur_func) return -1;
  for (int i = 0; i < cur_func->nparams; i++) if (!strcmp(cur_func->params[i], name)) return i;
  return -1;
}
static Node *name_ref(const char *name) {
  int pi = param_index(name);
  Node *n = node(pi >= 0 ? N_LOCAL : N_VAR, NULL, NULL);
  n->ival = pi >= 0 ? pi : sym_lookup(name, 1);
  return n;
}
/* Marks a name node as used as an array. */
static void as_array(Node *n) {
  if (n->op == N_LOCAL) cur_func->param_array[n->ival] = 1;
  else if (n->op == N_VAR) {
    if (syms[n->ival].kind == K_SCALAR) awk_error("can't use scalar %s as array", syms[n->ival].name);
    syms[n->ival].kind = K_ARRAY;
  } else awk_error("array name expected at source line %d", tok.line);
}
Node *array_name(void) {
  if (tok.type != T_NAME) syntax();
  Node *n = name_ref(tok.text);
  as_array(n);
  advance();
  return n;
}

Node *expr_list(int close) {
  Node *head = NULL, **tail = &head;
  if (close >= 0) opt_nl();
  if (tok.type == close) return NULL;
  for (;;) {
    *tail = expr();
    tail = &(*tail)->next;
    if (close >= 0) opt_nl(); /* print lists end at a newline */
    if (tok.type != ',') break;
    advance();
    opt_nl();
  }
  return head;
}

static Node *regex_node(const char *text, size_t len) {
  Node *n = node(N_REGEX, NULL, NULL);
  n->re = re_compile(text, len, 0);
  n->str = str_new(text, len);
  return n;
}

static Node *primary(void) {
  Node *n;
  switch (tok.type) {
    case T_NUMBER:
      n = node(N_NUM, NULL, NULL);
      n->num = tok.num;
      advance();
      return n;
    case T_STRING:
      n = node(N_STR, NULL, NULL);
      n->str = str_new(tok.text, tok.len);
      advance();
      return n;
    case T_ERE:
      n = regex_node(tok.text, tok.len);
      advance();
      return n;
    case '(': {
      advance();
      int save = no_gt;
      no_gt = 0;
      Node *list = expr_list(')');
      no_gt = save;
      expect(')');
      if (!list) syntax();
      if (list->next) {
        if (tok.type != T_IN && !save) { /* only `(a,b) in arr` or print (a,b) */ }
        return node(N_GROUP, list, NULL);
      }
      n = node(N_GROUP, list, NULL);
      n->ival = 1; /* single parenthesized expression */
      return n;
    }
    case '$':
      advance();
      if (tok.type == T_INCR || tok.type == T_DECR) {
        int op = tok.type == T_INCR ? N_PREINC : N_PREDEC;
        advance();
        Node *lv = primary();
        if (!is_lvalue(lv)) syntax();
        return node(N_FIELD, node(op, lv, NULL), NULL);
      }
      if (tok.type == '-' || tok.type == '!' || tok.type == '+') {
        int op = tok.type;
        advance();
        n = node(N_UNARY, primary(), NULL);
        n->ival = op;
        return node(N_FIELD, n, NULL);
      }
      return node(N_FIELD, primary(), NULL);
    case T_INCR: case T_DECR: {
      int op = tok.type == T_INCR ? N_PREINC : N_PREDEC;
      advance();
      Node *lv = primary();
      if (!is_lvalue(lv)) syntax();
      return node(op, lv, NULL);
    }
    case '-': case '+': case '!': {
      int op = tok.type;
      advance();
      n = node(N_UNARY, unary(), NULL);
      n->ival = op;
      return n;
    }
    case T_NAME: {
      char *name = xstrdup(tok.text);
      advance();
      n = name_ref(name);
      free(name);
      if (tok.type == '[') {
        as_array(n);
        advance();
        Node *subs = expr_list(']');
        if (!subs) syntax();
        expect(']');
        return node(N_INDEX, n, subs);
      }
      if (n->op == N_VAR && syms[n->ival].kind == K_UNKNOWN) syms[n->ival].kind = K_UNKNOWN;
      return n;
    }
    case T_FUNC_NAME: {
      n = node(N_CALL, NULL, NULL);
      n->ival = func_lookup(tok.text);
      advance();
      expect('(');
      n->a = expr_list(')');
      expect(')');
      return n;
    }
    case T_BUILTIN: {
      n = node(N_BUILTIN, NULL, NULL);
      n->ival = tok.builtin;
      advance();
      if (tok.type == '(') {
        advance();
        n->a = expr_list(')');
        expect(')');
      } else if (n->ival != B_LENGTH) syntax();
      if (n->ival == B_SPLIT && n->a && n->a->next) as_array(n->a->next);
      if (n->ival == B_LENGTH && n->a && n->a->op == N_VAR && syms[n->a->ival].kind == K_ARRAY) n->c = n->a;
      return n;
    }
    case T_GETLINE: {
      advance();
      n = node(N_GETLINE, NULL, NULL);
      if (tok.type == '$' || tok.type == T_NAME) {
        n->a = primary();
        if (!is_lvalue(n->a)) syntax();
      }
      if (tok.type == '<') {
        advance();
        n->b = primary();
      }
      return n;
    }
    default:
      syntax();
  }
}

static Node *postfix(void) {
  Node *n = primary();
  if (is_lvalue(n) && (tok.type == T_INCR || tok.type == T_DECR)) {
    n = node(tok.type == T_INCR ? N_POSTINC : N_POSTDEC, n, NULL);
    advance();
  }
  return n;
}
static Node *binary(int op, Node *a, Node *b) {
  Node *n = node(N_BINARY, a, b);
  n->ival = op;
  return n;
}
static Node *power(void) {
  Node *n = postfix();
  if (tok.type == '^') {
    advance();
    n = binary('^', n, unary()); /* right associative; allows 2^-1 */
  }
  return n;
}
static Node *unary(void) {
  if (tok.type == '!' || tok.type == '-' || tok.type == '+') {
    int op = tok.type;
    advance();
    Node *n = node(N_UNARY, unary(), NULL);
    n->ival = op;
    return n;
  }
  return power();
}
static Node *mul(void) {
  Node *n = unary();
  while (tok.type == '*' || tok.type == '/' || tok.type == '%') {
    int op = tok.type;
    advance();
    n = binary(op, n, unary());
  }
  return n;
}
static Node *additive(void) {
  Node *n = mul();
  while (tok.type == '+' || tok.type == '-') {
    int op = tok.type;
    advance();
    n = binary(op, n, mul());
  }
  return n;
}
static int starts_concat(int t) {
  return t == T_NUMBER || t == T_STRING || t == T_ERE || t == T_NAME || t == T_FUNC_NAME || t == T_BUILTIN ||
         t == '$' || t == '(' || t == T_INCR || t == T_DECR || t == '!' || t == '-' || t == '+';
}
Node *concat(void) {
  Node *n = additive();
  /* '-', '+' and '!' here already bound in additive/unary, so they start a new operand only after
   * a complete additive expression, e.g. `x " " -1` (gawk does the same). */
  while (starts_concat(tok.type) && tok.type != '+' && tok.type != '-' && tok.type != '!')
    n = node(N_CONCAT, n, additive());
  return n;
}
static Node *relational(void) {
  Node *n = concat();
  int t = tok.type;
  if (t == '<' || t == T_LE || t == T_NE || t == T_EQ || (t == '>' && !no_gt) || t == T_GE) {
    advance();
    Node *r = concat();
    n = node(N_CMP, n, r);
    n->ival = t;
  }
  return n;
}
static Node *matching(void) {
  Node *n = relational();
  while (tok.type == '~' || tok.type == T_NOMATCH) {
    int neg = tok.type == T_NOMATCH;
    advance();
    n = node(N_MATCH, n, relational());
    n->ival = neg;
  }
  return n;
}
static Node *in_expr(void) {
  Node *n = matching();
  while (tok.type == T_IN) {
    advance();
    Node *subs = n->op == N_GROUP ? n->a : n;
    n = node(N_IN, subs, array_name());
  }
  return n;
}
/* && and ||: left associative, a newline may follow the operator. */
static Node *logical(int t, int op, Node *(*operand)(void)) {
  Node *n = operand();
  while (tok.type == t) {
    advance();
    opt_nl();
    n = node(op, n, operand());
  }
  return n;
}
static Node *and_expr(void) { return logical(T_AND, N_AND, in_expr); }
static Node *or_expr(void) { return logical(T_OR, N_OR, and_expr); }
static Node *ternary(void) {
  Node *n = or_expr();
  if (tok.type == '?') {
    advance();
    opt_nl();
    Node *a = ternary();
    if (is_lvalue(a) && tok.type == '=') { advance(); Node *as = node(N_ASSIGN, a, expr()); as->ival = '='; a = as; }
    opt_nl();
    expect(':');
    opt_nl();
    Node *b = ternary();
    Node *c = node(N_COND, n, a);
    c->c = b;
    n = c;
  }
  return n;
}
Node *expr(void) {
  Node *n = ternary();
  int t = tok.type;
  if (is_lvalue(n) && (t == '=' || t == T_ADD_ASSIGN || t == T_SUB_ASSIGN || t == T_MUL_ASSIGN ||
                       t == T_DIV_ASSIGN || t == T_MOD_ASSIGN || t == T_POW_ASSIGN)) {
    advance();
    opt_nl();
    Node *a = node(N_ASSIGN, n, expr());
    a->ival = t;
    return a;
  }
  return n;
}
