#include "escape.h"
#include <string.h>

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t tb_escape_one(const char *s, int flags, int *c) {
  static const char from[] = "\\abefnrtv", to[] = "\\\a\b\033\f\n\r\t\v";
  const char *k = *s ? strchr(from, *s) : NULL;
  if (k) { *c = to[k - from]; return 1; }
  if (*s == 'x' && hexval((unsigned char)s[1]) >= 0) {
    int v = hexval((unsigned char)s[1]);
    if (hexval((unsigned char)s[2]) >= 0) { *c = v * 16 + hexval((unsigned char)s[2]); return 3; }
    *c = v;
    return 2;
  }
  size_t i = 0, start = 0;
  if ((flags & TB_ESC_OCTAL0) ? *s == '0' : (*s >= '0' && *s <= '7')) {
    if (flags & TB_ESC_OCTAL0) i = start = 1;
    int v = 0;
    while (i - start < 3 && s[i] >= '0' && s[i] <= '7') v = v * 8 + (s[i++] - '0');
    *c = v & 0xff;
    return i;
  }
  return 0;
}

size_t tb_unescape(const char *s, char *out, int flags, int *stop) {
  size_t n = 0;
  *stop = 0;
  while (*s) {
    if (*s != '\\' || !s[1]) { out[n++] = *s++; continue; }
    if (s[1] == 'c') { *stop = 1; break; }
    int c;
    size_t used = tb_escape_one(s + 1, flags, &c);
    if (!used) { out[n++] = *s++; continue; }
    out[n++] = (char)c;
    s += 1 + used;
  }
  return n;
}
