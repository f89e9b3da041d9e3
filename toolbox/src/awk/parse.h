/* Internal interface of the awk parser, shared by parse.c (tokens and
 * expressions) and stmt.c (statements, rules and function definitions). */
#ifndef AWK_PARSE_H
#define AWK_PARSE_H
#include "awk.h"

extern Token tok;  /* the current token */
extern int no_gt;  /* inside `print`: a bare '>' is output redirection */
extern int cur_fi; /* function being parsed, -1 outside; an index since funcs may be reallocated */

void advance(void);
void syntax(void) __attribute__((noreturn));
void expect(int t);
void opt_nl(void);
Node *node(int op, Node *a, Node *b);
int is_lvalue(Node *n);
Node *expr(void);
Node *expr_list(int close); /* close < 0: a print list, which ends at a newline */
Node *array_name(void);
Node *concat(void);
#endif
