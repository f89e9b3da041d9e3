/* Key definitions and comparison for sort, following GNU sort's rules
 * (begfield/limfield field location, strnumcmp-style -n, last-resort byte
 * comparison) in the C locale. */
#ifndef SORTKEY_H
#define SORTKEY_H
#include <stddef.h>

typedef struct {
  size_t sword, schar;   /* 0-based start field and char offset */
  size_t eword, echar;   /* 0-based end field, echar 0 = end of field; eword SIZE_MAX = end of line */
  int skipsblanks, skipeblanks;
  int numeric, general, reverse, fold, dict, nonprint;
} sort_key;

typedef struct {
  sort_key *keys;
  size_t nkeys;
  int tab;         /* -1 = blank-separated fields */
  int stable, unique, reverse;
} sort_spec;

/* Compare by keys only (0 when equal under the keys). */
int sort_keycmp(const sort_spec *sp, const char *a, size_t al, const char *b, size_t bl);
/* Full comparison: keys, then (unless -s/-u) whole-line bytes, honouring global -r. */
int sort_cmp(const sort_spec *sp, const char *a, size_t al, const char *b, size_t bl);
/* Parse a -k argument into k, inheriting global flags when the key has none. 0 ok, -1 bad. */
int sort_parse_key(const char *arg, sort_key *k);
/* Apply an option letter (b d f g i n r) to k; returns 0 if it is not one. */
int sort_key_flag(sort_key *k, char c, int which_end);
#endif
