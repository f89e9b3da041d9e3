/* md5sum [OPTION]... [FILE]...: see lib/digest.c. */
#include "digest.h"

int main(int argc, char **argv) { return digest_main(argc, argv, &DIGEST_MD5); }
