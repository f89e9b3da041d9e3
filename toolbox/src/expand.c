/* expand [-i] [-t N | -t LIST] [FILE]...: convert tabs to spaces. */
#include <stdlib.h>
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "expand", "expand [OPTION]... [FILE]...",
  "Convert tabs in each FILE to spaces, writing to standard output.\n"
  "  -i, --initial    do not convert tabs after non blanks\n"
  "  -t, --tabs=N     have tabs N characters apart, not 8\n"
  "  -t, --tabs=LIST  use comma separated list of tab positions\n",
  "it:",
  (const tb_longopt[]){
    {"initial", 'i'},
    {"tabs:", 't'},
    {0}},
};

static size_t *stops, nstops, every = 8;
static int initial_only;

static size_t next_stop(size_t col) {
  if (!nstops) return col + every - col % every;
  for (size_t i = 0; i < nstops; i++) if (stops[i] > col) return stops[i];
  return col + 1; /* past the last stop: one space, as coreutils */
}

static void expand_line(char *line, size_t len, int nl, void *arg) {
  (void)arg;
  size_t col = 0;
  int leading = 1;
  for (size_t i = 0; i < len; i++) {
    char ch = line[i];
    if (ch == '\t' && (leading || !initial_only)) {
      size_t to = next_stop(col);
      for (; col < to; col++) out_putc(' ');
      continue;
    }
    if (ch != ' ' && ch != '\t') leading = 0;
    out_putc(ch);
    if (ch == '\b') col = col ? col - 1 : 0;
    else col++;
  }
  if (nl) out_putc('\n');
}

static void parse_tabs(char *s) {
  for (char *tok = strtok(s, ", "); tok; tok = strtok(NULL, ", ")) {
    long long v = tb_parse_count(tok, 0);
    if (v < 1) tb_usage_error("tab size contains invalid character(s): '%s'", tok);
    stops = xrealloc(stops, (nstops + 1) * sizeof *stops);
    if (nstops && (size_t)v <= stops[nstops - 1]) tb_usage_error("tab sizes must be ascending");
    stops[nstops++] = (size_t)v;
  }
  if (nstops == 1) every = stops[0], nstops = 0;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'i') initial_only = 1;
    else if (c == 't') parse_tabs(optarg);
  }
  int status = tb_each_line(argc - optind, argv + optind, '\n', expand_line, NULL);
  out_flush();
  return status;
}
