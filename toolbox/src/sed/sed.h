/* Internal interface of sed: the compiled script (parse.c builds it from the
 * -e/-f text, run.c executes it over the input files) and the options both
 * halves read. */
#ifndef SED_H
#define SED_H
#include <regex.h>
#include <stddef.h>

enum { A_NONE, A_LINE, A_LAST, A_RE, A_PLUS };
typedef struct { int type; long line; regex_t *re; } addr_t;
typedef struct cmd {
  addr_t a1, a2;
  int neg, cmd;
  int in_range;
  long range_end;
  /* s */
  regex_t *re;
  char *repl;
  size_t repl_len;
  int global, print, nth, eval_exit;
  /* y */
  unsigned char ymap[256];
  /* a i c, labels */
  char *text;
  size_t text_len;
  int jump; /* index for b/t and for '{' the matching '}' */
} cmd_t;

extern cmd_t *cmds;
extern int ncmds;
extern int opt_n, opt_E, opt_s;
extern regex_t *last_re; /* the most recent regex; an empty // means this one */

/* Compiles the script into cmds[] and resolves b/t/T labels; dies on a syntax error. */
void parse_script(const char *script);
void resolve_labels(void);
/* Runs the script over the files (none = stdin); returns the exit status. */
int sed_run(char **names, int n);
#endif
