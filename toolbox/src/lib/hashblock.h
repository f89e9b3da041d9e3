/* The block framing MD5, SHA-1 and SHA-256 share: input is gathered into
 * 64-byte blocks for the hash's compression function, and the end is padded
 * with 0x80, zeros and the message length in bits (8 bytes: little-endian for
 * MD5, big-endian for SHA). */
#ifndef HASHBLOCK_H
#define HASHBLOCK_H
#include <stddef.h>
#include <stdint.h>
typedef struct { uint64_t len; unsigned char buf[64]; size_t n; } hb_state;
/* Compresses one 64-byte block into the chaining state h. */
typedef void (*hb_compress)(void *h, const unsigned char *block);
void hb_update(hb_state *s, hb_compress f, void *h, const void *data, size_t n);
void hb_final(hb_state *s, hb_compress f, void *h, int big_endian);
#endif
