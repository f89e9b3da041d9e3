/* fold [-bs] [-w WIDTH] [FILE]...: wrap lines at WIDTH columns (tabs to
 * the next multiple of 8, backspace and CR as coreutils counts them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "fold", "fold [OPTION]... [FILE]...",
  "Wrap input lines in each FILE, writing to standard output.\n"
  "  -b, --bytes         count bytes rather than columns\n"
  "  -s, --spaces        break at spaces\n"
  "  -w, --width=WIDTH   use WIDTH columns instead of 80\n",
  "bsw:",
  (const tb_longopt[]){
    {"bytes", 'b'},
    {"spaces", 's'},
    {"width:", 'w'},
    {0}},
};

static size_t width = 80;
static int bytes, spaces;

static size_t advance(size_t col, char c) {
  if (bytes) return col + 1;
  if (c == '\b') return col ? col - 1 : 0;
  if (c == '\r') return 0;
  if (c == '\t') return col + 8 - col % 8;
  return col + 1;
}

static void fold_line(char *line, size_t len, int nl, void *arg) {
  (void)arg;
  size_t col = 0, start = 0; /* pending output is line[start, i) */
  for (size_t i = 0; i < len; i++) {
    size_t next = advance(col, line[i]);
    if (next > width) {
      size_t cut = i;
      if (spaces) {
        size_t k = i;
        while (k > start && line[k - 1] != ' ' && line[k - 1] != '\t') k--;
        if (k > start) cut = k;
      }
      if (cut == start) cut = i > start ? i : i + 1; /* always make progress */
      out_write(line + start, cut - start);
      out_putc('\n');
      start = cut;
      col = 0;
      for (size_t j = start; j < i; j++) col = advance(col, line[j]);
      i--; /* look at line[i] again on the new line */
      if (start > i) i = start - 1, col = 0;
      continue;
    }
    col = next;
  }
  out_write(line + start, len - start);
  if (nl) out_putc('\n');
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  /* -NUM is an obsolete spelling of -w NUM */
  for (int i = 1; i < argc; i++)
    if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
      static char buf[32];
      snprintf(buf, sizeof buf, "-w%s", argv[i] + 1);
      argv[i] = buf;
    }
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'b') bytes = 1;
    else if (c == 's') spaces = 1;
    else if (c == 'w') {
      long long w = tb_parse_count(optarg, 0);
      if (w < 1) tb_usage_error("invalid number of columns: '%s'", optarg);
      width = (size_t)w;
    }
  }
  int status = tb_each_line(argc - optind, argv + optind, '\n', fold_line, NULL);
  out_flush();
  return status;
}
