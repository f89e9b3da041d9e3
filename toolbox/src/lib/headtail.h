/* Option parsing and the file loop shared by head and tail: -n N, -c N, -N, +N (tail), -q, -v. */
#ifndef HEADTAIL_H
#define HEADTAIL_H
#include <stddef.h>
#include "tb.h"
typedef struct {
  int bytes;        /* -c instead of -n */
  long long count;  /* N */
  int sign;         /* '+' (tail from line N), '-' (head all but last N), 0 */
  int quiet, verbose;
  int first_file;   /* index of first operand in argv */
} ht_opts;
void ht_parse(int argc, char **argv, ht_opts *o, int is_tail);
/* All of head's or tail's main after tb_prog: parses the options, then opens
 * each operand (none = stdin), prints the "==> NAME <==" headers GNU prints and
 * calls fn on it; returns the exit status (1 if a file could not be opened). */
typedef void (*ht_file_fn)(rd_t *r, const ht_opts *o);
int ht_main(int argc, char **argv, int is_tail, ht_file_fn fn);
/* Offset where the last n lines of buf[0..len) begin (a final unterminated line counts). */
size_t last_lines_start(const char *buf, size_t len, long long n);
#endif
