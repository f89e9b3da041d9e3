/* Holds argv[1] MiB (default 1) of touched memory while it copies stdin to
 * stdout: a pipeline stage that keeps its memory for as long as data flows.
 * Exits 3 with a message when the memory is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  size_t size = (size_t)(argc > 1 ? atol(argv[1]) : 1) << 20;
  volatile char *p = malloc(size);
  if (!p) {
    fprintf(stderr, "hog: cannot hold %zu MiB\n", size >> 20);
    return 3;
  }
  for (size_t i = 0; i < size; i += 4096) p[i] = 1;
  char buf[4096];
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) write(1, buf, (size_t)n);
  return p[size / 2] == 1 ? 0 : 4;
}
