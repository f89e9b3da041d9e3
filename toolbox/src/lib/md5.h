/* MD5 (RFC 1321), written from the RFC's description; used by msplit. */
#ifndef MD5_H
#define MD5_H
#include <stddef.h>
#include <stdint.h>
#include "hashblock.h"
typedef struct { uint32_t a, b, c, d; hb_state hb; } md5_ctx;
void md5_init(md5_ctx *c);
void md5_update(md5_ctx *c, const void *p, size_t n);
void md5_final(md5_ctx *c, unsigned char out[16]);
void md5_hex(const void *p, size_t n, char out[33]);
#endif
