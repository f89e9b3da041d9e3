/* Prints its arguments and one environment variable: the smallest proof
 * that args, environ and printf-through-fd_write work. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  printf("hello");
  for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
  const char *who = getenv("WHO");
  printf("\nwho=%s\n", who ? who : "(unset)");
  return 0;
}
