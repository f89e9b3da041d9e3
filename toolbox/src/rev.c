/* rev [FILE]...: reverse the characters of each line keeping UTF-8 sequences whole (util-linux rev in a UTF-8 locale). */
#include <string.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "rev", "rev [FILE]...",
  "Reverse the characters of every line of each FILE (or standard input).\n"
};

static void rev_line(char *line, size_t len, int nl, void *arg) {
  (void)arg;
  static char *buf;
  static size_t cap;
  if (len > cap) buf = xrealloc(buf, cap = len * 2);
  size_t w = len;
  for (size_t i = 0; i < len;) {
    size_t k = 1;
    if ((unsigned char)line[i] >= 0xc0)
      while (i + k < len && k < 4 && ((unsigned char)line[i + k] & 0xc0) == 0x80) k++;
    w -= k;
    memcpy(buf + w, line + i, k);
    i += k;
  }
  out_write(buf, len);
  if (nl) out_putc('\n');
}

int main(int argc, char **argv) {
  tb_init(&tool);
  while (tb_getopt(argc, argv) != -1) {}
  int status = tb_each_line(argc - optind, argv + optind, '\n', rev_line, NULL);
  out_flush();
  return status;
}
