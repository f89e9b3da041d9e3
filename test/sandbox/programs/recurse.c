/* Hostile: unbounded non-tail recursion kept in wasm locals (not the C
 * shadow stack), so the engine's own stack overflows. */
#include <stdio.h>

__attribute__((noinline)) static unsigned mix(unsigned x) { return x * 2654435761u ^ (x >> 7); }
__attribute__((noinline)) static unsigned down(unsigned n) { return n == 0 ? 1 : mix(down(n + 1)) + n; }

int main(void) {
  printf("%u\n", down(1));
  return 0;
}
