/* Internal interface between the two halves of the awk evaluator: run.c
 * (expressions, assignment, user function calls) and exec.c (statements and
 * the rule loop). */
#ifndef AWK_RUN_H
#define AWK_RUN_H
#include "awk.h"

/* What exec() returns: how control leaves a statement. */
enum { X_NORMAL, X_BREAK, X_CONTINUE, X_NEXT, X_NEXTFILE, X_EXIT, X_RETURN };

extern Value ret_val;   /* set by `return`, taken by the caller of a user function */
extern int pending_exit; /* `exit` ran: unwind every statement and call */

int exec(Node *n);
Str *subscript(Node *list); /* an array subscript: the expressions joined by SUBSEP */
#endif
