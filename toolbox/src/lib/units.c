#include "units.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

long long tb_parse_size(const char *s, int base) {
  if (!*s || *s == '-' || *s == '+' || *s == ' ') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, base);
  if (errno || end == s) return -1;
  if (!*end) return v > (unsigned long long)(~0ULL >> 1) ? -1 : (long long)v;
  static const char units[] = "KMGTPE";
  unsigned long long m;
  int power;
  if (*end == 'b' && !end[1]) m = 512, power = 0;
  else {
    char u = *end == 'k' ? 'K' : *end;
    const char *p = strchr(units, u);
    if (!p || !u) return -1;
    power = (int)(p - units) + 1;
    unsigned long long k = !strcmp(end + 1, "B") ? 1000 : (!end[1] || !strcmp(end + 1, "iB")) ? 1024 : 0;
    if (!k) return -1;
    m = 1;
    for (int i = 0; i < power; i++) m *= k;
  }
  if (v && m > (~0ULL >> 1) / v) return -1;
  return (long long)(v * m);
}
