/* Files as ls, find and stat see them through WASI. WASI's stat has a file type,
 * size, link count, inode and times but no permission bits, owner or block count,
 * so permissions read as 0644 (0755 for directories, 0777 for links) unless the host
 * supplies some, owners as 0, and blocks are estimated from the size. */
#ifndef TB_FSUTIL_H
#define TB_FSUTIL_H
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

unsigned tb_perms(const struct stat *st);
/* "-rw-r--r--" (11 bytes with the NUL). */
void tb_mode_string(const struct stat *st, char out[11]);
/* stat's %F: "regular file", "regular empty file", "directory", "symbolic link"... */
const char *tb_type_name(const struct stat *st);
/* 1024-byte blocks, as ls -s and "total" count them (4 KiB allocation units). */
long long tb_blocks_k(const struct stat *st);
/* The names in directory PATH, without . and .., sorted bytewise; count, or -1 with errno. */
ssize_t tb_list_dir(const char *path, char ***names);
void tb_free_names(char **names, size_t n);
/* DIR/NAME without doubling a trailing slash; malloc'd. */
char *tb_path_join(const char *dir, const char *name);
/* "2024-03-05 07:08:09.123456789 +0000", as stat %y prints times (always UTC). */
void tb_format_time(char *buf, size_t cap, const struct timespec *ts);
#endif
