/* awk regular expressions on top of musl's POSIX ERE: awk escapes (\/ \t \n
 * \" and octal) are turned into literal bytes first, including inside bracket
 * expressions where POSIX gives backslash no special meaning. Dynamic regexes
 * (strings used as patterns) are cached by source text. */
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "tb.h"

/* The C escape \d stands for, or -1 if it is not one (a backslash stays for the caller to decide). */
static int c_escape(char d) {
  switch (d) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'v': return '\v';
    case 'a': return '\a';
    case 'b': return '\b';
    default: return -1;
  }
}

static char *translate(const char *s, size_t len) {
  char *o = xmalloc(len * 2 + 1);
  size_t j = 0;
  int br = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (br) {
      if (c == '[' && i + 1 < len && (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=')) {
        const char *e = strstr(s + i + 2, (char[]){s[i + 1], ']', 0});
        if (e) {
          size_t n = (size_t)(e - (s + i)) + 2;
          memcpy(o + j, s + i, n);
          j += n;
          i += n - 1;
          br = 2; /* a class is content: a following ']' closes */
          continue;
        }
      }
      if (c == ']' && br > 1) { br = 0; o[j++] = c; continue; }
      br++;
      if (c == '\\' && i + 1 < len) {
        char d = s[++i];
        int e = c_escape(d);
        o[j++] = e >= 0 ? (char)e : d;
        continue;
      }
      o[j++] = c;
      continue;
    }
    if (c == '[') {
      o[j++] = c;
      br = 1;
      if (i + 1 < len && s[i + 1] == '^') o[j++] = s[++i];
      if (i + 1 < len && s[i + 1] == ']') { o[j++] = s[++i]; br = 2; }
      continue;
    }
    if (c == '\\' && i + 1 < len) {
      char d = s[++i];
      int e = c_escape(d);
      if (e >= 0) o[j++] = (char)e;
      else if (d == '/' || d == '"') o[j++] = d;
      else if (d == 'y') { o[j++] = '\\'; o[j++] = 'b'; }
      else { o[j++] = '\\'; o[j++] = d; }
      continue;
    }
    o[j++] = c;
  }
  o[j] = 0;
  return o;
}

regex_t *re_compile(const char *src, size_t len, int dynamic) {
  (void)dynamic;
  char *pat = translate(src, len);
  regex_t *re = xmalloc(sizeof *re);
  int rc = regcomp(re, pat, REG_EXTENDED);
  if (rc) {
    char msg[256];
    regerror(rc, re, msg, sizeof msg);
    awk_error("regular expression /%s/: %s", pat, msg);
  }
  free(pat);
  return re;
}

#define CACHE 128
static struct { Str *src; regex_t *re; } cache[CACHE];
static int cache_next;

regex_t *re_dynamic(const Value *v) {
  Str *s = to_str(v);
  for (int i = 0; i < CACHE; i++) {
    if (cache[i].src && cache[i].src->len == s->len && !memcmp(cache[i].src->s, s->s, s->len)) {
      str_unref(s);
      return cache[i].re;
    }
  }
  regex_t *re = re_compile(s->s, s->len, 1);
  int k = cache_next++ % CACHE;
  if (cache[k].src) {
    regfree(cache[k].re);
    free(cache[k].re);
    str_unref(cache[k].src);
  }
  cache[k].src = s;
  cache[k].re = re;
  return re;
}

int awk_match_at(regex_t *re, const char *s, size_t len, size_t from, size_t *ms, size_t *me) {
  if (from > len) return 0;
  regmatch_t m[1];
  if (regexec(re, s + from, 1, m, from > 0 ? REG_NOTBOL : 0) != 0) return 0;
  *ms = from + (size_t)m[0].rm_so;
  *me = from + (size_t)m[0].rm_eo;
  return 1;
}
