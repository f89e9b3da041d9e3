/* Option parsing and --help shared by the toolbox programs. A tool declares
 * itself as data (a tb_tool: name, usage, help text, options) and hands it to
 * tb_init first; tb_getopt is then getopt_long over the tool's options
 * (GNU-style permutation) that also answers --help (usage + help on stdout,
 * exit 0) and, on an unknown option, prints "Try 'NAME --help'..." and exits 1.
 * tb_help_only serves tools that take no options (true, yes, echo). */
#ifndef TB_OPT_H
#define TB_OPT_H
#include <getopt.h>

extern const char *tb_usage, *tb_help;
extern int tb_usage_status; /* exit status of a usage error; 1 unless a tool says otherwise */

/* A long option, written as getopt writes short ones: the name, then ':' when it
 * takes an argument or '::' when the argument is optional. val is what tb_getopt
 * returns for it: the letter of its short twin, or a tool's own code (>= 256). */
typedef struct {
  const char *name;
  int val;
} tb_longopt;

/* What a tool is, as data, laid out in the order --help shows it, so a tool
 * declares one of these (`static const tb_tool tool = {"base64", "base64 [OPTION]...
 * [FILE]", "Base64 encode...\n" ..., "diw:", (const tb_longopt[]){...}}`) instead of
 * spelling out the setup in main. The help text is written out whole, not built from
 * the options, because each tool's --help follows GNU's own irregular layout. */
typedef struct {
  const char *name;             /* the "NAME: " of diagnostics */
  const char *usage;            /* after "Usage: "; further forms as "\n  or:  ..." */
  const char *help;             /* the lines after the usage, each ending in "\n" */
  const char *shortopts;        /* getopt's letters ("+..." stops at the first operand); NULL: none */
  const tb_longopt *longopts;   /* ending in {0}; NULL: none */
} tb_tool;

void tb_init(const tb_tool *tool);
/* The next option of the tool given to tb_init, as getopt_long returns it. */
int tb_getopt(int argc, char **argv);
void tb_show_help(void) __attribute__((noreturn));
void tb_usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* --help as the sole argument prints help and exits; returns otherwise. */
void tb_help_only(int argc, char **argv);

/* Old-style options, as the first toolbox programs read them (no --help, no
 * permutation, their own wording of errors): tb_opt_word says whether argv[*i]
 * is an option word ("-x...", not "-" alone); at "--" it steps past it and says
 * no, so `for (; tb_opt_word(argc, argv, &i); i++)` leaves i at the first
 * operand. tb_opt_value is the value of the option letter just before rest:
 * rest itself if not empty, else the next word (stepping *i past it), else NULL. */
int tb_opt_word(int argc, char **argv, int *i);
char *tb_opt_value(int argc, char **argv, int *i, char *rest);
#endif
