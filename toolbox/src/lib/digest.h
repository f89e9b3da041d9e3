/* md5sum, sha1sum and sha256sum: one main over three hash functions, with
 * coreutils' output format (escaped names, --tag, -z) and -c checking. */
#ifndef DIGEST_H
#define DIGEST_H
#include <stddef.h>

typedef struct {
  const char *prog, *tag; /* "md5sum", "MD5" */
  size_t bytes;           /* digest length */
  void (*hash_fd)(int fd, unsigned char *out, int *err);
} digest_algo;

extern const digest_algo DIGEST_MD5, DIGEST_SHA1, DIGEST_SHA256;
int digest_main(int argc, char **argv, const digest_algo *algo);
#endif
