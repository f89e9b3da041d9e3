#include "tb.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tb_prog = "toolbox";

void tb_vmessage(const char *fmt, va_list ap, const char *tail) {
  char msg[1024];
  int k = vsnprintf(msg, sizeof msg, fmt, ap);
  if (k < 0) k = 0;
  if (k > (int)sizeof msg - 1) k = sizeof msg - 1;
  snprintf(msg + k, sizeof msg - (size_t)k, "%s", tail); /* the message and tail share one 1 KiB cap */
  char line[1200];
  int n = snprintf(line, sizeof line, "%s: %s\n", tb_prog, msg);
  if (n > (int)sizeof line - 1) n = sizeof line - 1;
  (void)!write(2, line, (size_t)n);
}

void tb_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tb_vmessage(fmt, ap, "");
  va_end(ap);
}

void tb_die(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  out_flush();
  tb_vmessage(fmt, ap, "");
  va_end(ap);
  exit(status);
}

void tb_vformat(void (*put)(void *ctx, const char *s, size_t n), void *ctx, const char *fmt, va_list ap) {
  char tmp[512];
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  if (n < (int)sizeof tmp) {
    put(ctx, tmp, (size_t)n);
  } else {
    char *big = xmalloc((size_t)n + 1);
    vsnprintf(big, (size_t)n + 1, fmt, again);
    put(ctx, big, (size_t)n);
    free(big);
  }
  va_end(again);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) tb_die(2, "memory exhausted");
  return p;
}
void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) tb_die(2, "memory exhausted");
  return p;
}
char *xstrdup(const char *s) { return xmemdup(s, strlen(s)); }
char *xmemdup(const void *p, size_t n) {
  char *d = xmalloc(n + 1);
  memcpy(d, p, n);
  d[n] = 0;
  return d;
}

/* ---- output ---- */
static char obuf[65536];
static size_t olen;
static int ofd = 1;
/* On a terminal (an mlogin screen) output is line-buffered, as stdio's is, so a line shows
 * when it is written rather than when the program exits; elsewhere it is fully buffered.
 * -1: not asked yet (isatty costs a call, asked once per fd). */
static int oline = -1;

static int line_buffered(void) {
  if (oline < 0) oline = isatty(ofd);
  return oline;
}

void out_set_fd(int fd) { out_flush(); ofd = fd; oline = -1; }

static void write_all(const char *p, size_t n) {
  while (n) {
    ssize_t w = write(ofd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      /* A closed pipe downstream is not worth a diagnostic, just stop. */
      exit(errno == EPIPE ? 0 : 2);
    }
    p += w;
    n -= (size_t)w;
  }
}
void out_flush(void) {
  if (olen) write_all(obuf, olen);
  olen = 0;
}
void out_write(const void *p, size_t n) {
  if (n >= sizeof obuf) {
    out_flush();
    write_all(p, n);
    return;
  }
  if (olen + n > sizeof obuf) out_flush();
  memcpy(obuf + olen, p, n);
  olen += n;
  if (line_buffered() && memchr(p, '\n', n)) out_flush();
}
void out_putc(int c) {
  if (olen == sizeof obuf) out_flush();
  obuf[olen++] = (char)c;
  if (c == '\n' && line_buffered()) out_flush();
}
void out_str(const char *s) { out_write(s, strlen(s)); }
static void out_put(void *ctx, const char *s, size_t n) { (void)ctx, out_write(s, n); }
void out_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tb_vformat(out_put, NULL, fmt, ap);
  va_end(ap);
}

/* ---- input ---- */
void rd_fd(rd_t *r, int fd) {
  r->fd = fd;
  r->cap = 65536;
  r->buf = xmalloc(r->cap);
  r->start = r->end = 0;
  r->eof = 0;
}
int rd_open(rd_t *r, const char *path) {
  int fd = 0;
  if (path && strcmp(path, "-") != 0) {
    fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
  }
  rd_fd(r, fd);
  return 0;
}
void rd_close(rd_t *r) {
  if (r->fd > 0) close(r->fd);
  free(r->buf);
  r->buf = NULL;
}
static int fill(rd_t *r) {
  if (r->start > 0 && r->start == r->end) r->start = r->end = 0;
  if (r->end == r->cap) {
    if (r->start > 0) {
      memmove(r->buf, r->buf + r->start, r->end - r->start);
      r->end -= r->start;
      r->start = 0;
    } else {
      r->cap *= 2;
      r->buf = xrealloc(r->buf, r->cap);
    }
  }
  for (;;) {
    ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) r->eof = 1;
    r->end += (size_t)n;
    return (int)(n > 0);
  }
}
int rd_line(rd_t *r, int delim, char **line, size_t *len, int *nl) {
  size_t scanned = 0;
  for (;;) {
    unsigned char *s = r->buf + r->start + scanned;
    size_t avail = r->end - r->start - scanned;
    unsigned char *p = avail ? memchr(s, delim, avail) : NULL;
    if (p) {
      *line = (char *)r->buf + r->start;
      *len = (size_t)(p - (r->buf + r->start));
      *nl = 1;
      r->start += *len + 1;
      return 1;
    }
    scanned = r->end - r->start;
    if (r->eof) break;
    int f = fill(r);
    if (f < 0) return -1;
  }
  if (r->end == r->start) return 0;
  *line = (char *)r->buf + r->start;
  *len = r->end - r->start;
  *nl = 0;
  r->start = r->end;
  return 1;
}
ssize_t rd_read(rd_t *r, void *dst, size_t n) {
  if (r->start == r->end) {
    if (r->eof) return 0;
    /* Large reads bypass the buffer. */
    r->start = r->end = 0;
    for (;;) {
      ssize_t k = read(r->fd, dst, n);
      if (k < 0 && errno == EINTR) continue;
      if (k == 0) r->eof = 1;
      return k;
    }
  }
  size_t k = r->end - r->start;
  if (k > n) k = n;
  memcpy(dst, r->buf + r->start, k);
  r->start += k;
  return (ssize_t)k;
}

char *tb_append_line(char *buf, size_t *len, const char *text) {
  size_t tl = strlen(text);
  buf = xrealloc(buf, *len + tl + 2);
  memcpy(buf + *len, text, tl);
  *len += tl;
  buf[(*len)++] = '\n';
  buf[*len] = 0;
  return buf;
}

long long tb_parse_count(const char *s, int allow_suffix) {
  if (!*s) return -1;
  long long v = 0;
  const char *p = s;
  while (*p >= '0' && *p <= '9') {
    if (v > (long long)1e17) return -1;
    v = v * 10 + (*p++ - '0');
  }
  if (p == s) return -1;
  if (*p && allow_suffix) {
    long long m = 1;
    switch (*p) {
      case 'b': m = 512; break;
      case 'k': case 'K': m = 1024; break;
      case 'M': m = 1024 * 1024; break;
      case 'G': m = 1024LL * 1024 * 1024; break;
      default: return -1;
    }
    p++;
    if (*p == 'B' && m != 512) { m = m / 1024 * 1000; p++; }
    v *= m;
  }
  return *p ? -1 : v;
}

/* WASI has no working directory of its own: the shell's reaches a program as $PWD, and
 * wasi-libc resolves relative paths against what chdir() set. So every tool starts there
 * (`cd /tmp; cat f` in a job or an mlogin session). A $PWD that does not exist is ignored. */
__attribute__((constructor)) static void tb_enter_pwd(void) {
  const char *pwd = getenv("PWD");
  if (pwd && pwd[0] == '/') (void)chdir(pwd);
}
