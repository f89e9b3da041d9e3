#ifndef AWK_BUILTINS_H
#define AWK_BUILTINS_H
#include "awk.h"
Value eval(Node *n);
/* eval() reduced to a string (a new reference), a number or a truth value. */
Str *eval_str(Node *n);
double eval_num(Node *n);
int eval_bool(Node *n);
Value call_builtin(Node *n);
Value do_getline(Node *n);
Value do_getline_main(Node *n);
Array *get_array(Node *n);
Array *local_array(int idx); /* the array bound to a function parameter, or NULL */
void assign(Node *lv, Value v);
regex_t *regex_of(Node *n);
#endif
