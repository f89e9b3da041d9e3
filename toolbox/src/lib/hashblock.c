/* Block buffering and final padding for MD5, SHA-1 and SHA-256 (see hashblock.h). */
#include "hashblock.h"
#include <string.h>

void hb_update(hb_state *s, hb_compress f, void *h, const void *data, size_t n) {
  const unsigned char *p = data;
  s->len += n;
  if (s->n) {
    size_t k = 64 - s->n < n ? 64 - s->n : n;
    memcpy(s->buf + s->n, p, k);
    s->n += k, p += k, n -= k;
    if (s->n < 64) return;
    f(h, s->buf);
    s->n = 0;
  }
  for (; n >= 64; p += 64, n -= 64) f(h, p);
  memcpy(s->buf, p, n);
  s->n = n;
}

void hb_final(hb_state *s, hb_compress f, void *h, int big_endian) {
  uint64_t bits = s->len * 8;
  unsigned char pad[72] = {0x80};
  hb_update(s, f, h, pad, (s->n < 56 ? 56 : 120) - s->n);
  unsigned char l[8];
  for (int i = 0; i < 8; i++) l[i] = (unsigned char)(bits >> (big_endian ? 56 - 8 * i : 8 * i));
  hb_update(s, f, h, l, 8);
}
