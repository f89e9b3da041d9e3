/* The open-each-file loop: operands name files, none (or "-") means stdin.
 * A file that cannot be opened is reported as "prog: NAME: reason" and the
 * loop goes on; the result is 1 if any failed (or fn returned non-zero). */
#ifndef TB_FILES_H
#define TB_FILES_H
#include "tb.h"

typedef int (*tb_file_fn)(rd_t *r, const char *name, void *arg);
int tb_each_file(int n, char **names, tb_file_fn fn, void *arg);
/* The same loop with the open failure worded by open_fmt (tb_each_file's is
 * "%s: %s": the name, then the reason). */
int tb_each_file_as(int n, char **names, const char *open_fmt, tb_file_fn fn, void *arg);
/* The per-line loop on top of tb_each_file: fn gets every line of every file,
 * len without the delimiter, nl saying whether the delimiter was there. */
typedef void (*tb_line_fn)(char *line, size_t len, int nl, void *arg);
int tb_each_line(int n, char **names, int delim, tb_line_fn fn, void *arg);
/* Reads the whole stream into a malloc'd buffer (NUL-terminated); *len gets its size.
 * tb_slurp dies on a read error; tb_read_all returns NULL with errno set, for a
 * caller with its own wording; a directory fails with EISDIR. */
char *tb_slurp(rd_t *r, size_t *len);
char *tb_read_all(rd_t *r, size_t *len);
#endif
