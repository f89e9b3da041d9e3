#include "opt.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tb.h"

const char *tb_usage = "", *tb_help = "";
int tb_usage_status = 1;
static const tb_tool *tool;

#define OPT_HELP 0x7f01

void tb_init(const tb_tool *t) {
  tool = t;
  tb_prog = t->name;
  tb_usage = t->usage;
  tb_help = t->help;
}

void tb_show_help(void) {
  out_printf("Usage: %s\n%s", tb_usage, tb_help);
  out_flush();
  exit(0);
}

void tb_usage_error(const char *fmt, ...) {
  char hint[256];
  snprintf(hint, sizeof hint, "\nTry '%s --help' for more information.", tb_prog);
  va_list ap;
  va_start(ap, fmt);
  out_flush();
  tb_vmessage(fmt, ap, hint);
  va_end(ap);
  exit(tb_usage_status);
}

/* getopt_long's table for the tool's long options, the colons of each name
 * turned into its has_arg, and --help added last. */
static const struct option *long_table(void) {
  static const int has_arg[] = {no_argument, required_argument, optional_argument};
  static struct option all[48];
  int n = 0;
  for (const tb_longopt *o = tool->longopts; o && o->name && n < 46; o++, n++) {
    size_t len = strcspn(o->name, ":");
    int colons = (int)strlen(o->name + len);
    all[n] = (struct option){xmemdup(o->name, len), has_arg[colons > 2 ? 2 : colons], 0, o->val};
  }
  all[n++] = (struct option){"help", no_argument, 0, OPT_HELP};
  all[n] = (struct option){0, 0, 0, 0};
  return all;
}

int tb_getopt(int argc, char **argv) {
  static const struct option *longopts;
  if (!longopts) {
    longopts = long_table();
    opterr = 0;
  }
  const char *shortopts = tool->shortopts ? tool->shortopts : "";
  int c = getopt_long(argc, argv, shortopts, longopts, NULL);
  if (c == OPT_HELP) tb_show_help();
  if (c == '?') {
    if (optopt && strchr(shortopts, optopt)) tb_usage_error("option requires an argument -- '%c'", optopt);
    if (optopt) tb_usage_error("invalid option -- '%c'", optopt);
    tb_usage_error("unrecognized option '%s'", argv[optind - 1]);
  }
  if (c == ':') tb_usage_error("option requires an argument -- '%c'", optopt);
  return c;
}

void tb_help_only(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--help")) tb_show_help();
}

int tb_opt_word(int argc, char **argv, int *i) {
  if (*i >= argc || argv[*i][0] != '-' || !argv[*i][1]) return 0;
  if (!strcmp(argv[*i], "--")) {
    ++*i;
    return 0;
  }
  return 1;
}

char *tb_opt_value(int argc, char **argv, int *i, char *rest) {
  return *rest ? rest : *i + 1 < argc ? argv[++*i] : NULL;
}
