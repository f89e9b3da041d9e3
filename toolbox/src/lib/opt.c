#include "opt.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tb.h"

const char *tb_usage = "", *tb_help = "";
int tb_usage_status = 1;

#define OPT_HELP 0x7f01

void tb_init(const char *prog, const char *usage, const char *help) {
  tb_prog = prog;
  tb_usage = usage;
  tb_help = help;
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

int tb_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts) {
  static struct option all[48];
  static int ready;
  if (!ready) {
    int n = 0;
    for (; longopts && longopts[n].name && n < 46; n++) all[n] = longopts[n];
    all[n++] = (struct option){"help", no_argument, 0, OPT_HELP};
    all[n] = (struct option){0, 0, 0, 0};
    ready = 1;
    opterr = 0;
  }
  int c = getopt_long(argc, argv, shortopts, all, NULL);
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
