/* SHA-1 and SHA-256 (FIPS 180-4), written from the standard; used by sha1sum and sha256sum. */
#ifndef SHA_H
#define SHA_H
#include <stddef.h>
#include <stdint.h>
#include "hashblock.h"
typedef struct { uint32_t h[8]; hb_state hb; int words; } sha_ctx;
void sha1_init(sha_ctx *c);
void sha256_init(sha_ctx *c);
void sha_update(sha_ctx *c, const void *p, size_t n);
void sha_final(sha_ctx *c, unsigned char *out); /* 20 or 32 bytes */
#endif
