/* Internal interface of the awk interpreter.
 * Pipeline: lex.c turns program text into tokens, parse.c (expressions) and
 * stmt.c (statements, rules) build an AST of Node, run.c (expressions) and
 * exec.c (statements, the rule loop) walk it. Values carry refcounted strings; every Value returned
 * by eval() is owned by the caller and must be released with val_free(). */
#ifndef AWK_H
#define AWK_H
#include <regex.h>
#include <stddef.h>

typedef struct Str { int ref; size_t len; char s[]; } Str;
enum { V_UNINIT, V_NUM, V_STR, V_STRNUM };
typedef struct { int t; double n; Str *s; } Value;

Str *str_new(const char *s, size_t len);
Str *str_ref(Str *s);
void str_unref(Str *s);
void val_free(Value *v);
Value val_copy(const Value *v);
Value val_num(double n);
Value val_str(Str *s);           /* takes ownership */
Value val_cstr(const char *s, size_t len);
Value val_strnum(const char *s, size_t len); /* input-derived: strnum if it looks numeric */
double to_num(const Value *v);
Str *to_str(const Value *v);     /* new reference; uses CONVFMT */
Str *to_ostr(const Value *v);    /* new reference; uses OFMT (print) */
int to_bool(const Value *v);
double str_to_num(const char *s, size_t len);
int looks_numeric(const char *s, size_t len);
Str *num_to_str(double n, const char *fmt);

/* Associative arrays */
typedef struct Elem { struct Elem *next; Str *key; Value v; unsigned hash; } Elem;
typedef struct { Elem **b; size_t nb, n; } Array;
Array *arr_new(void);
Value *arr_get(Array *a, Str *key, int create);
void arr_del(Array *a, Str *key);
void arr_clear(Array *a);
Str **arr_keys(Array *a, size_t *n); /* caller frees the vector and unrefs keys */

/* Tokens */
enum {
  T_EOF = 256, T_NEWLINE, T_NUMBER, T_STRING, T_ERE, T_NAME, T_FUNC_NAME, T_BUILTIN,
  T_BEGIN, T_END, T_FUNCTION, T_IF, T_ELSE, T_WHILE, T_FOR, T_DO, T_BREAK, T_CONTINUE,
  T_NEXT, T_NEXTFILE, T_EXIT, T_RETURN, T_DELETE, T_IN, T_GETLINE, T_PRINT, T_PRINTF,
  T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_DIV_ASSIGN, T_MOD_ASSIGN, T_POW_ASSIGN,
  T_OR, T_AND, T_NOMATCH, T_EQ, T_LE, T_GE, T_NE, T_INCR, T_DECR, T_APPEND,
};
typedef struct { int type; char *text; size_t len; double num; int builtin; int line; } Token;
void lex_init(const char *src);
Token lex_next(int regex_ok);

enum { B_LENGTH, B_SUBSTR, B_INDEX, B_SPLIT, B_SUB, B_GSUB, B_MATCH, B_SPRINTF, B_SIN, B_COS, B_ATAN2,
       B_EXP, B_LOG, B_SQRT, B_INT, B_RAND, B_SRAND, B_TOLOWER, B_TOUPPER, B_SYSTEM, B_CLOSE, B_FFLUSH };

/* AST */
enum {
  N_NUM, N_STR, N_REGEX, N_VAR, N_LOCAL, N_FIELD, N_INDEX, N_ASSIGN, N_COND, N_OR, N_AND, N_IN,
  N_MATCH, N_CMP, N_CONCAT, N_BINARY, N_UNARY, N_PREINC, N_PREDEC, N_POSTINC, N_POSTDEC, N_CALL,
  N_BUILTIN, N_GETLINE, N_GROUP,
  S_PRINT, S_PRINTF, S_EXPR, S_IF, S_WHILE, S_DO, S_FOR, S_FORIN, S_BLOCK, S_NEXT, S_NEXTFILE,
  S_EXIT, S_RETURN, S_BREAK, S_CONTINUE, S_DELETE,
};
typedef struct Node {
  int op, ival;
  struct Node *a, *b, *c, *d, *next;
  double num;
  Str *str;
  regex_t *re;
} Node;

/* Symbols */
enum { K_UNKNOWN, K_SCALAR, K_ARRAY };
typedef struct { char *name; int kind; Value v; Array *arr; int special; } Sym;
typedef struct { char *name; int nparams; char **params; unsigned char *param_array; Node *body; int defined; } Func;
typedef struct Rule { Node *pattern, *pattern2, *action; int kind; int in_range; struct Rule *next; } Rule;
enum { R_BEGIN, R_END, R_MAIN };

extern Sym *syms;
extern int nsyms;
extern Func *funcs;
extern int nfuncs;
extern Rule *rules;
int sym_lookup(const char *name, int create);
int func_lookup(const char *name);
void parse_program(const char *src);

/* Special variable indices */
extern int v_NF, v_NR, v_FNR, v_FS, v_OFS, v_ORS, v_RS, v_FILENAME, v_SUBSEP, v_RSTART, v_RLENGTH,
    v_CONVFMT, v_OFMT, v_ENVIRON, v_ARGC, v_ARGV;

/* Runtime */
regex_t *re_compile(const char *src, size_t len, int dynamic);
regex_t *re_dynamic(const Value *v);
int awk_match_at(regex_t *re, const char *s, size_t len, size_t from, size_t *ms, size_t *me);
void awk_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
Str *awk_sprintf(Node *args);
void run_program(int argc, char **argv, int first_operand);
void set_var_str(int idx, const char *s);
char *unescape(const char *s, size_t len, size_t *outlen);
#endif
