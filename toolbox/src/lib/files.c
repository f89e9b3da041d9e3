#include "files.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int tb_each_file(int n, char **names, tb_file_fn fn, void *arg) {
  return tb_each_file_as(n, names, "%s: %s", fn, arg);
}

int tb_each_file_as(int n, char **names, const char *open_fmt, tb_file_fn fn, void *arg) {
  static char *dash[] = {"-"};
  if (n <= 0) n = 1, names = dash;
  int status = 0;
  for (int i = 0; i < n; i++) {
    rd_t r;
    if (rd_open(&r, names[i]) < 0) {
      tb_warn(open_fmt, names[i], strerror(errno));
      status = 1;
      continue;
    }
    if (fn(&r, names[i], arg)) status = 1;
    rd_close(&r);
  }
  return status;
}

typedef struct { int delim; tb_line_fn fn; void *arg; } line_loop;

static int each_line(rd_t *r, const char *name, void *arg) {
  (void)name;
  line_loop *l = arg;
  char *line;
  size_t len;
  int nl;
  while (rd_line(r, l->delim, &line, &len, &nl) > 0) l->fn(line, len, nl, l->arg);
  return 0;
}

int tb_each_line(int n, char **names, int delim, tb_line_fn fn, void *arg) {
  line_loop l = {delim, fn, arg};
  return tb_each_file(n, names, each_line, &l);
}

char *tb_slurp(rd_t *r, size_t *len) {
  char *buf = tb_read_all(r, len);
  if (!buf) tb_die(1, "read error: %s", strerror(errno));
  return buf;
}

char *tb_read_all(rd_t *r, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = xmalloc(cap + 1);
  for (;;) {
    if (n == cap) buf = xrealloc(buf, (cap *= 2) + 1);
    ssize_t k = rd_read(r, buf + n, cap - n);
    if (k < 0) {
      /* A directory opens under WASI and then fails to read, with whatever errno
       * the host picks (Node: EBADF); name it as GNU tools do. */
      struct stat st;
      int e = fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR : errno;
      free(buf);
      errno = e;
      return NULL;
    }
    if (k == 0) break;
    n += (size_t)k;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}
