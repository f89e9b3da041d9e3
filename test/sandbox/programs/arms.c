/* Fuel accounting: a loop whose body is a switch of 16 long arms, of which the
 * one chosen by argv[2] runs argv[1] times. Charged per arm that runs, each
 * iteration costs a few dozen fuel; charged per loop body, every arm's. */
#include <stdio.h>
#include <stdlib.h>

#define ARM(k) case k: for (int j = 0; j < 3; j++) { x = x * (k + 3) + (x >> (k % 5 + 1)); x ^= x << 7; x += j * k; x = x * 31 + (x >> 3); } break;

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int arm = argc > 2 ? atoi(argv[2]) : 0;
  volatile unsigned x = 1;
  for (int i = 0; i < n; i++) {
    switch ((arm + i * 0) & 15) {
      ARM(0) ARM(1) ARM(2) ARM(3) ARM(4) ARM(5) ARM(6) ARM(7)
      ARM(8) ARM(9) ARM(10) ARM(11) ARM(12) ARM(13) ARM(14) ARM(15)
    }
  }
  printf("%u\n", x);
  return 0;
}
