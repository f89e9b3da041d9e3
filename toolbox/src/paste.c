/* paste [-s] [-d LIST] [FILE]...: merge lines of files side by side (or, with -s, each file onto one line). */
#include <errno.h>
#include <string.h>
#include "escape.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "paste", "paste [OPTION]... [FILE]...",
  "Write lines consisting of the sequentially corresponding lines from each FILE,\n"
  "separated by TABs, to standard output.\n"
  "  -d, --delimiters=LIST   reuse characters from LIST instead of TABs\n"
  "  -s, --serial            paste one file at a time instead of in parallel\n"
  "  -z, --zero-terminated   line delimiter is NUL, not newline\n",
  "d:sz",
  (const tb_longopt[]){
    {"delimiters:", 'd'},
    {"serial", 's'},
    {"zero-terminated", 'z'},
    {0}},
};

static char *delims = "\t";
static size_t ndelims = 1;

/* -d LIST: \n \t \\ and \0 (no delimiter) as coreutils reads them. */
static void parse_delims(const char *s) {
  delims = xmalloc(strlen(s) + 1);
  ndelims = 0;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      delims[ndelims++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == '0' ? 0 : *s;
    } else {
      delims[ndelims++] = *s;
    }
  }
}

static void put_delim(size_t i) {
  if (!ndelims) return;
  char d = delims[i % ndelims];
  if (d) out_putc(d);
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int serial = 0, eol = '\n', c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'd') parse_delims(optarg);
    else if (c == 's') serial = 1;
    else if (c == 'z') eol = 0;
  }
  static char *dash[] = {"-"};
  int n = argc - optind;
  char **names = n ? argv + optind : dash;
  if (!n) n = 1;
  rd_t *rd = xmalloc(sizeof(rd_t) * (size_t)n);
  int *open_ = xmalloc(sizeof(int) * (size_t)n), status = 0;
  rd_t in;
  int stdin_used = 0;
  for (int i = 0; i < n; i++) {
    open_[i] = 1;
    if (!strcmp(names[i], "-")) {
      if (!stdin_used) rd_fd(&in, 0), stdin_used = 1;
      continue;
    }
    if (rd_open(&rd[i], names[i]) < 0) tb_die(1, "%s: %s", names[i], strerror(errno));
  }
  /* every "-" shares one stdin reader, taking lines from it in turn */
#define R(i) (!strcmp(names[i], "-") ? &in : &rd[i])
  char *line;
  size_t len;
  int nl;
  if (serial) {
    for (int i = 0; i < n; i++) {
      size_t k = 0;
      while (rd_line(R(i), eol, &line, &len, &nl) > 0) {
        if (k) put_delim(k - 1);
        out_write(line, len);
        k++;
      }
      out_putc(eol);
    }
  } else {
    for (;;) {
      int live = 0;
      for (int i = 0; i < n; i++) {
        if (open_[i] && rd_line(R(i), eol, &line, &len, &nl) > 0) {
          if (!live) {
            /* earlier files already ended: their delimiters still appear */
            for (int j = 0; j < i; j++) put_delim((size_t)j);
          }
          live = 1;
          out_write(line, len);
        } else {
          open_[i] = 0;
        }
        if (live && i + 1 < n) put_delim((size_t)i);
      }
      if (!live) break;
      out_putc(eol);
    }
  }
  out_flush();
  return status;
}
