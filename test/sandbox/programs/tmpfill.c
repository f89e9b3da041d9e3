/* Writes argv[1] KiB (default 64) to /tmp/fill in 1 KiB writes, reads it back,
 * lists /tmp, and reports how far it got: "wrote N KiB, errno=E, read M". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long want = argc > 1 ? atol(argv[1]) : 64, wrote = 0;
  int err = 0;
  char buf[1024];
  memset(buf, 'z', sizeof buf);
  int fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { printf("open errno=%d\n", errno); return 1; }
  for (; wrote < want; wrote++) {
    if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) { err = errno; break; }
  }
  close(fd);
  fd = open("/tmp/fill", O_RDONLY);
  long got = 0;
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) got += n;
  close(fd);
  printf("wrote %ld KiB, errno=%d, read %ld\n", wrote, err, got);
  DIR *d = opendir("/tmp");
  struct dirent *e;
  while (d && (e = readdir(d))) if (e->d_name[0] != '.') printf("entry %s\n", e->d_name);
  if (d) closedir(d);
  return 0;
}
