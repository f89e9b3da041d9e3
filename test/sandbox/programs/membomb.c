/* Hostile: allocates and touches 1 MiB blocks until malloc fails, then exits 3.
 * With "grow" as argv[1] it calls memory.grow directly and ignores failures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "grow") == 0) {
    for (int i = 0; i < 100000; i++) __builtin_wasm_memory_grow(0, 16);
    printf("pages=%lu\n", (unsigned long)__builtin_wasm_memory_size(0));
    return 0;
  }
  size_t total = 0;
  /* Chain the blocks so the compiler cannot elide the allocations. */
  char **head = NULL;
  for (;;) {
    char *p = malloc(1 << 20);
    if (!p) {
      fprintf(stderr, "membomb: malloc failed after %zu MiB\n", total >> 20);
      return 3;
    }
    memset(p, 0xab, 1 << 20);
    *(char ***)p = head;
    head = (char **)p;
    total += 1 << 20;
    if (((volatile char *)p)[100] != (char)0xab) return 4;
  }
}
