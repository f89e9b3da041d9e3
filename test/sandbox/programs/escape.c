/* Hostile: tries to read outside the sandbox's file view. Prints one line per
 * path: "PATH ok" if it could open and read it, or "PATH errno=N" otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void try_path(const char *path) {
  int fd = open(path, O_RDONLY);
  char buf[16];
  if (fd < 0) { printf("%s errno=%d\n", path, errno); return; }
  ssize_t n = read(fd, buf, sizeof buf);
  printf("%s %s\n", path, n >= 0 ? "ok" : "readerr");
  close(fd);
}

int main(int argc, char **argv) {
  if (argc > 1) { for (int i = 1; i < argc; i++) try_path(argv[i]); return 0; }
  const char *paths[] = { "/etc/passwd", "../etc/passwd", "/tmp/../../etc/passwd",
                          "/tmp/../etc/passwd", "/proc/self/environ", "/" };
  for (unsigned i = 0; i < sizeof paths / sizeof *paths; i++) try_path(paths[i]);
  return 0;
}
