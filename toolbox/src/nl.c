/* nl [OPTION]... [FILE]...: number lines, with coreutils' sections
 * (\:\:\: header, \:\: body, \: footer) and styles a, t, n, pREGEX. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "nl", "nl [OPTION]... [FILE]...",
  "Write each FILE to standard output, with line numbers added.\n"
  "  -b, --body-numbering=STYLE      use STYLE for numbering body lines (default t)\n"
  "  -d, --section-delimiter=CC      use CC for logical page delimiters (default \\:)\n"
  "  -f, --footer-numbering=STYLE    use STYLE for numbering footer lines (default n)\n"
  "  -h, --header-numbering=STYLE    use STYLE for numbering header lines (default n)\n"
  "  -i, --line-increment=NUMBER     line number increment at each line\n"
  "  -l, --join-blank-lines=NUMBER   group of NUMBER empty lines counted as one (style a)\n"
  "  -n, --number-format=FORMAT      insert line numbers according to FORMAT: ln, rn, rz\n"
  "  -p, --no-renumber               do not reset line numbers for each section\n"
  "  -s, --number-separator=STRING   add STRING after (possible) line number\n"
  "  -v, --starting-line-number=NUMBER  first line number for each section\n"
  "  -w, --number-width=NUMBER       use NUMBER columns for line numbers\n"
  "STYLE is one of: a (all lines), t (non-empty lines), n (no lines), pBRE (lines matching BRE).\n",
  "b:d:f:h:i:l:n:ps:v:w:",
  (const tb_longopt[]){
    {"body-numbering:", 'b'},
    {"section-delimiter:", 'd'},
    {"footer-numbering:", 'f'},
    {"header-numbering:", 'h'},
    {"line-increment:", 'i'},
    {"join-blank-lines:", 'l'},
    {"number-format:", 'n'},
    {"no-renumber", 'p'},
    {"number-separator:", 's'},
    {"starting-line-number:", 'v'},
    {"number-width:", 'w'},
    {0}},
};

typedef struct { char kind; regex_t re; } style_t;
static style_t styles[3] = {{'n'}, {'t'}, {'n'}}; /* header, body, footer */
static const char *format = "rn", *sep = "\t", *delim = "\\:";
static long long start = 1, incr = 1, number;
static int width = 6, join_blank = 1, renumber = 1, section = 1, blank_run;

static void parse_style(style_t *s, const char *arg) {
  if (arg[0] == 'p') {
    if (regcomp(&s->re, arg + 1, REG_NOSUB)) tb_usage_error("invalid regular expression '%s'", arg + 1);
  } else if (!strchr("atn", arg[0]) || arg[1]) {
    tb_usage_error("invalid numbering style: '%s'", arg);
  }
  s->kind = arg[0];
}

/* 1, 2 or 3 for a body, header or footer delimiter line (\: repeated); 0 otherwise. */
static int delimiter(const char *line, size_t len) {
  size_t dl = strlen(delim);
  if (!dl || len % dl || len == 0 || len / dl > 3) return 0;
  for (size_t i = 0; i < len; i += dl)
    if (memcmp(line + i, delim, dl)) return 0;
  return (int)(len / dl);
}

static void nl_line(char *line, size_t len, int nl, void *arg) {
  (void)nl, (void)arg;
  int d = delimiter(line, len);
  if (d) {
    section = d == 3 ? 0 : d == 2 ? 1 : 2;
    if (section == 0 && renumber) number = start;
    out_putc('\n');
    return;
  }
  style_t *s = &styles[section];
  int num = 0;
  if (s->kind == 'a') {
    if (len) num = 1, blank_run = 0;
    else num = ++blank_run >= join_blank, blank_run = num ? 0 : blank_run;
  } else if (s->kind == 't') {
    num = len > 0;
  } else if (s->kind == 'p') {
    char *z = xmemdup(line, len);
    num = regexec(&s->re, z, 0, NULL, 0) == 0;
    free(z);
  }
  if (num) {
    const char *f = !strcmp(format, "ln") ? "%-*lld" : !strcmp(format, "rz") ? "%0*lld" : "%*lld";
    out_printf(f, width, number);
    out_str(sep);
    number += incr;
  } else {
    out_printf("%*s", width + (int)strlen(sep), "");
  }
  out_write(line, len);
  out_putc('\n'); /* a last line without one gets it, as coreutils */
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  static char dbuf[3];
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'b': parse_style(&styles[1], optarg); break;
      case 'h': parse_style(&styles[0], optarg); break;
      case 'f': parse_style(&styles[2], optarg); break;
      case 'd':
        /* a single character means that character followed by ':' */
        if (strlen(optarg) == 1) dbuf[0] = optarg[0], dbuf[1] = ':', delim = dbuf;
        else delim = optarg;
        break;
      case 'i': incr = strtoll(optarg, 0, 10); break;
      case 'l': join_blank = atoi(optarg); if (join_blank < 1) tb_usage_error("invalid line number of blank lines: '%s'", optarg); break;
      case 'n':
        if (strcmp(optarg, "ln") && strcmp(optarg, "rn") && strcmp(optarg, "rz")) tb_usage_error("invalid line numbering format: '%s'", optarg);
        format = optarg;
        break;
      case 'p': renumber = 0; break;
      case 's': sep = optarg; break;
      case 'v': start = strtoll(optarg, 0, 10); break;
      case 'w': width = atoi(optarg); if (width < 1) tb_usage_error("invalid line number field width: '%s'", optarg); break;
    }
  }
  number = start;
  int status = tb_each_line(argc - optind, argv + optind, '\n', nl_line, NULL);
  out_flush();
  return status;
}
