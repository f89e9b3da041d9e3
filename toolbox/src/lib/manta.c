#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mobula.h"
#include "tb.h"

void manta_uuid(char out[37]) {
  unsigned char b[16];
  if (getentropy(b, sizeof b) != 0) tb_die(1, "no entropy for a uuid");
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
           b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *manta_output_key(const char *suffix) {
  const char *base = getenv("MANTA_OUTPUT_BASE");
  if (!base || !*base) tb_die(1, "MANTA_OUTPUT_BASE is not set (not running in a job?)");
  char uuid[37];
  manta_uuid(uuid);
  size_t n = strlen(base) + 36 + strlen(suffix) + 1;
  char *k = xmalloc(n);
  snprintf(k, n, "%s%s%s", base, uuid, suffix);
  return k;
}

int manta_parse_reducer(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0 || v > 1000000) tb_die(2, "invalid reducer index: %s", s);
  return (int)v;
}

void manta_write_all(int fd, const char *p, size_t n, const char *what) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) tb_die(1, "write to %s failed: %s", what, strerror(errno));
    p += w;
    n -= (size_t)w;
  }
}
