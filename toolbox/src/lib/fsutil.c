#include "fsutil.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tb.h"

unsigned tb_perms(const struct stat *st) {
  unsigned p = st->st_mode & 07777;
  if (p) return p;
  return S_ISLNK(st->st_mode) ? 0777 : S_ISDIR(st->st_mode) ? 0755 : 0644;
}

void tb_mode_string(const struct stat *st, char out[11]) {
  mode_t m = st->st_mode;
  out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
  if (S_ISLNK(m)) {
    memcpy(out + 1, "rwxrwxrwx", 10);
    return;
  }
  unsigned p = tb_perms(st);
  for (int i = 0; i < 9; i++) out[1 + i] = p & (0400u >> i) ? "rwxrwxrwx"[i] : '-';
  if (p & 04000) out[3] = out[3] == 'x' ? 's' : 'S';
  if (p & 02000) out[6] = out[6] == 'x' ? 's' : 'S';
  if (p & 01000) out[9] = out[9] == 'x' ? 't' : 'T';
  out[10] = 0;
}

const char *tb_type_name(const struct stat *st) {
  mode_t m = st->st_mode;
  if (S_ISREG(m)) return st->st_size ? "regular file" : "regular empty file";
  if (S_ISDIR(m)) return "directory";
  if (S_ISLNK(m)) return "symbolic link";
  if (S_ISFIFO(m)) return "fifo";
  if (S_ISSOCK(m)) return "socket";
  if (S_ISCHR(m)) return "character special file";
  if (S_ISBLK(m)) return "block special file";
  return "weird file";
}

long long tb_blocks_k(const struct stat *st) {
  if (st->st_blocks) return (long long)st->st_blocks / 2;
  if (S_ISLNK(st->st_mode)) return 0;
  return ((long long)st->st_size + 4095) / 4096 * 4;
}

static int by_bytes(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

ssize_t tb_list_dir(const char *path, char ***names) {
  DIR *d = opendir(path);
  if (!d) return -1;
  size_t n = 0, cap = 16;
  char **v = xmalloc(cap * sizeof *v);
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (n == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
    v[n++] = xstrdup(e->d_name);
  }
  int err = errno;
  closedir(d);
  if (err) {
    tb_free_names(v, n);
    errno = err;
    return -1;
  }
  qsort(v, n, sizeof *v, by_bytes);
  *names = v;
  return (ssize_t)n;
}

void tb_free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
}

char *tb_path_join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  int slash = a && dir[a - 1] != '/';
  char *p = xmalloc(a + slash + b + 1);
  memcpy(p, dir, a);
  if (slash) p[a] = '/';
  memcpy(p + a + slash, name, b + 1);
  return p;
}

void tb_format_time(char *buf, size_t cap, const struct timespec *ts) {
  struct tm tm;
  time_t t = ts->tv_sec;
  gmtime_r(&t, &tm);
  size_t n = strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(buf + n, cap - n, ".%09ld +0000", (long)ts->tv_nsec);
}
