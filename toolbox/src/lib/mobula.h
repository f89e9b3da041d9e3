/* Host imports of the Mobula sandbox (import module "mobula"), used by the
 * Manta tools. Keys are byte strings (not NUL-terminated on the wire).
 *  output_open: a writable fd whose bytes become job output `key`, routed to
 *               reducer `reducer` (-1 = none); close it to finish. <0 = -errno.
 *  output_ref:  emit an existing object `key` as output by reference (mcat).
 *  object_open: a writable fd creating a plain, non-output object (mtee). */
#ifndef MOBULA_H
#define MOBULA_H
#include <stdint.h>

__attribute__((import_module("mobula"), import_name("output_open")))
int32_t mobula_output_open(const char *key, int32_t key_len, int32_t reducer);

__attribute__((import_module("mobula"), import_name("output_ref")))
int32_t mobula_output_ref(const char *key, int32_t key_len, int32_t reducer);

__attribute__((import_module("mobula"), import_name("object_open")))
int32_t mobula_object_open(const char *key, int32_t key_len);

/* Shared helpers for the Manta tools (lib/manta.c). */
void manta_uuid(char out[37]);              /* random v4 UUID */
char *manta_output_key(const char *suffix); /* $MANTA_OUTPUT_BASE<uuid><suffix>, malloc'd */
int manta_parse_reducer(const char *s);     /* -r argument, dies on a bad value */
void manta_write_all(int fd, const char *p, size_t n, const char *what);
#endif
