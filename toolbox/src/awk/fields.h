#ifndef AWK_FIELDS_H
#define AWK_FIELDS_H
#include "awk.h"
typedef void (*split_cb)(void *ctx, const char *s, size_t len);
/* Splits s by an awk field separator (" " = blank runs, 1 char = literal, else ERE). */
void split_string(const char *s, size_t len, const Str *fs, int para, split_cb cb, void *ctx);
extern int paragraph_mode;
void ensure_split(void);
void set_record(const char *s, size_t len);
Value get_field(long i);
void set_field(long i, Value v); /* takes ownership */
void set_nf(long n);
#endif
