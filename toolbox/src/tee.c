/* tee [-ai] [FILE]...: copy stdin to stdout and to each FILE. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "tee", "tee [OPTION]... [FILE]...",
  "Copy standard input to each FILE, and also to standard output.\n"
  "  -a, --append             append to the given FILEs, do not overwrite\n"
  "  -i, --ignore-interrupts  accepted; there are no signals in the sandbox\n"
  "  -p                       accepted; a closed output is reported and skipped\n",
  "aip",
  (const tb_longopt[]){
    {"append", 'a'},
    {"ignore-interrupts", 'i'},
    {0}},
};

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w, n -= (size_t)w;
  }
  return 0;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int append = 0, c, status = 0;
  while ((c = tb_getopt(argc, argv)) != -1) if (c == 'a') append = 1;
  int n = argc - optind + 1;
  int *fds = xmalloc(sizeof(int) * (size_t)n);
  const char **names = xmalloc(sizeof(char *) * (size_t)n);
  fds[0] = 1, names[0] = "standard output";
  for (int i = 1; i < n; i++) {
    names[i] = argv[optind + i - 1];
    fds[i] = !strcmp(names[i], "-") ? 1 : open(names[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
    if (fds[i] < 0) tb_warn("%s: %s", names[i], strerror(errno)), status = 1;
  }
  static char buf[65536];
  int live = n;
  for (;;) {
    ssize_t k = read(0, buf, sizeof buf);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) { tb_warn("read error: %s", strerror(errno)); return 1; }
    if (k == 0) break;
    for (int i = 0; i < n; i++) {
      if (fds[i] < 0) continue;
      if (write_all(fds[i], buf, (size_t)k) < 0) {
        if (errno != EPIPE) tb_warn("%s: %s", names[i], strerror(errno)), status = 1;
        fds[i] = -1;
        live--;
      }
    }
    if (!live) break;
  }
  for (int i = 1; i < n; i++) if (fds[i] > 1) close(fds[i]);
  return status;
}
