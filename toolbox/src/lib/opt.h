/* Option parsing and --help shared by the toolbox programs. A tool calls
 * tb_init(name, usage, help) first; tb_getopt is getopt_long (GNU-style
 * permutation) that also answers --help (usage + help on stdout, exit 0)
 * and, on an unknown option, prints "Try 'NAME --help'..." and exits 1.
 * tb_help_only serves tools that take no options (true, yes, echo). */
#ifndef TB_OPT_H
#define TB_OPT_H
#include <getopt.h>

extern const char *tb_usage, *tb_help;
extern int tb_usage_status; /* exit status of a usage error; 1 unless a tool says otherwise */

void tb_init(const char *prog, const char *usage, const char *help);
int tb_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
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
