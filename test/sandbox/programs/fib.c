/* CPU-bound but finite: naive recursive Fibonacci of argv[1] (default 27),
 * used to compare instrumented and original behaviour and to cost fuel. */
#include <stdio.h>
#include <stdlib.h>

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
  unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 27;
  unsigned long sum = 0;
  for (unsigned i = 0; i <= n; i++) sum += fib(i);
  printf("fib(%u)=%u sum=%lu\n", n, fib(n), sum);
  return 0;
}
