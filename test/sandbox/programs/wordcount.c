/* A user program as a user would write it: counts lines, words and bytes of
 * stdin with stdio, and exits with the status given as argv[1] (default 0). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long lines = 0, words = 0, bytes = 0;
  int c, inword = 0;
  while ((c = getchar()) != EOF) {
    bytes++;
    if (c == '\n') lines++;
    if (isspace(c)) inword = 0;
    else if (!inword) { inword = 1; words++; }
  }
  printf("%ld %ld %ld\n", lines, words, bytes);
  return argc > 1 ? atoi(argv[1]) : 0;
}
