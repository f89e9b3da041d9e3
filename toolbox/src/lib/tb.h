/* Shared helpers for the toolbox: buffered stdout, a line reader that handles
 * arbitrarily long lines, allocation that dies on failure, and GNU-style
 * diagnostics ("prog: message"). Every tool sets `tb_prog` first. */
#ifndef TB_H
#define TB_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

extern const char *tb_prog;

/* The one place a diagnostic is written: "prog: " + the formatted message +
 * tail + "\n", in a single write to stderr. tb_warn, tb_die, tb_usage_error
 * and a tool's own error functions build on it. */
void tb_vmessage(const char *fmt, va_list ap, const char *tail);
/* Formats into a stack buffer (or a malloc'd one when the text is longer)
 * and hands the bytes to put(ctx, s, n): printf for any byte sink. */
void tb_vformat(void (*put)(void *ctx, const char *s, size_t n), void *ctx, const char *fmt, va_list ap);

void tb_die(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void tb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n);

/* Buffered output to an fd (stdout by default). */
void out_write(const void *p, size_t n);
void out_putc(int c);
void out_str(const char *s);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_flush(void);
void out_set_fd(int fd);

/* Buffered input. path "-" or NULL = stdin. */
typedef struct {
  int fd;
  unsigned char *buf;
  size_t cap, start, end;
  int eof;
} rd_t;
int rd_open(rd_t *r, const char *path); /* 0 ok, -1 with errno */
void rd_fd(rd_t *r, int fd);
void rd_close(rd_t *r);
/* Returns 1 and a pointer valid until the next call; len excludes the delimiter;
 * *nl says whether the delimiter was present. Returns 0 at EOF, -1 on read error. */
int rd_line(rd_t *r, int delim, char **line, size_t *len, int *nl);
/* Raw read: up to n bytes, returns count (0 at EOF, -1 error). */
ssize_t rd_read(rd_t *r, void *dst, size_t n);

/* Appends text and a newline to a growing NUL-terminated buffer (NULL to start
 * one), keeping *len; how sed and awk join their -e/-f pieces into one script. */
char *tb_append_line(char *buf, size_t *len, const char *text);

/* Parse a non-negative decimal count (with optional k/K/M/G suffix if allow_suffix); -1 on error. */
long long tb_parse_count(const char *s, int allow_suffix);
#endif
