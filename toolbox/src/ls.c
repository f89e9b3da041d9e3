/* ls [-1aAdFlnpRrSt] [FILE]...: list directory contents one name per line, as
 * GNU ls does when its output is not a terminal, sorted bytewise (LC_ALL=C).
 * -l shows what WASI's stat has: type, link count, size and mtime (UTC);
 * permissions are 0644/0755 and owner/group 0 unless the host supplies them,
 * and "total" estimates blocks from sizes (see lib/fsutil.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fsutil.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "ls", "ls [OPTION]... [FILE]...",
  "List information about the FILEs (the current directory by default),\n"
  "one per line, sorted by name (bytewise).\n"
  "  -a, --all                  do not ignore entries starting with .\n"
  "  -A, --almost-all           do not list implied . and ..\n"
  "  -d, --directory            list directories themselves, not their contents\n"
  "  -F, --classify             append indicator (one of /@=|) to entries\n"
  "  -l                         long listing (type, links, size, mtime in UTC)\n"
  "  -n, --numeric-uid-gid      like -l (owners are always numeric)\n"
  "  -p                         append / to directories\n"
  "  -R, --recursive            list subdirectories recursively\n"
  "  -r, --reverse              reverse order while sorting\n"
  "  -S                         sort by file size, largest first\n"
  "  -t                         sort by modification time, newest first\n"
  "  -1                         one file per line (always the case)\n",
  "1aAdFlnpRrSt",
  (const tb_longopt[]){
    {"all", 'a'},
    {"almost-all", 'A'},
    {"directory", 'd'},
    {"classify", 'F'},
    {"numeric-uid-gid", 'n'},
    {"recursive", 'R'},
    {"reverse", 'r'},
    {0}},
};

typedef struct {
  char *name, *path;
  struct stat st;
} entry_t;

static int all, almost, dirs_as_files, classify, slash, longfmt, recursive, reverse, status;
static char sort_by; /* 0 name, 'S' size, 't' mtime */
static time_t now;

static int compare(const void *pa, const void *pb) {
  const entry_t *a = pa, *b = pb;
  int c = 0;
  if (sort_by == 'S' && a->st.st_size != b->st.st_size) c = a->st.st_size > b->st.st_size ? -1 : 1;
  else if (sort_by == 't') {
    if (a->st.st_mtim.tv_sec != b->st.st_mtim.tv_sec) c = a->st.st_mtim.tv_sec > b->st.st_mtim.tv_sec ? -1 : 1;
    else if (a->st.st_mtim.tv_nsec != b->st.st_mtim.tv_nsec) c = a->st.st_mtim.tv_nsec > b->st.st_mtim.tv_nsec ? -1 : 1;
  }
  if (!c) c = strcmp(a->name, b->name);
  return reverse ? -c : c;
}

static char indicator(const struct stat *st) {
  if (S_ISDIR(st->st_mode)) return '/';
  if (!classify) return 0;
  return S_ISLNK(st->st_mode) ? '@' : S_ISFIFO(st->st_mode) ? '|' : S_ISSOCK(st->st_mode) ? '=' : 0;
}

static int digits(long long v) {
  int n = 1;
  while (v >= 10) v /= 10, n++;
  return n;
}

/* Prints a group of entries (the file operands, or one directory's contents). */
static void print_entries(entry_t *v, size_t n) {
  int wlinks = 1, wsize = 1;
  for (size_t i = 0; longfmt && i < n; i++) {
    int a = digits((long long)v[i].st.st_nlink), b = digits((long long)v[i].st.st_size);
    if (a > wlinks) wlinks = a;
    if (b > wsize) wsize = b;
  }
  for (size_t i = 0; i < n; i++) {
    const struct stat *st = &v[i].st;
    if (longfmt) {
      char mode[11], when[32];
      tb_mode_string(st, mode);
      struct tm tm;
      time_t t = st->st_mtim.tv_sec;
      gmtime_r(&t, &tm);
      int recent = t > now - 15778476 && t <= now; /* within six months, not in the future */
      strftime(when, sizeof when, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
      out_printf("%s %*lu %u %u %*lld %s ", mode, wlinks, (unsigned long)st->st_nlink, (unsigned)st->st_uid,
                 (unsigned)st->st_gid, wsize, (long long)st->st_size, when);
    }
    out_str(v[i].name);
    if (longfmt && S_ISLNK(st->st_mode)) {
      char target[4096];
      ssize_t k = readlink(v[i].path, target, sizeof target - 1);
      if (k >= 0) target[k] = 0, out_printf(" -> %s", target);
    }
    char ind = (slash || classify) ? indicator(st) : 0;
    if (ind) out_putc(ind);
    out_putc('\n');
  }
}

static void free_entries(entry_t *v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i].name), free(v[i].path);
  free(v);
}

static void list_dir(const char *path, int header, int top) {
  char **names;
  ssize_t n = tb_list_dir(path, &names);
  if (header) out_printf("%s:\n", path);
  if (n < 0) {
    out_flush();
    tb_warn("cannot open directory '%s': %s", path, strerror(errno));
    status = top ? 2 : 1;
    return;
  }
  entry_t *v = xmalloc(sizeof *v * ((size_t)n + 2));
  size_t m = 0;
  if (all) {
    v[m++] = (entry_t){xstrdup("."), tb_path_join(path, "."), {0}};
    v[m++] = (entry_t){xstrdup(".."), tb_path_join(path, ".."), {0}};
  }
  for (ssize_t i = 0; i < n; i++)
    if (names[i][0] != '.' || all || almost) v[m++] = (entry_t){xstrdup(names[i]), tb_path_join(path, names[i]), {0}};
  tb_free_names(names, (size_t)n);
  long long total = 0;
  for (size_t i = 0; i < m; i++) {
    if (lstat(v[i].path, &v[i].st) < 0) tb_warn("cannot access '%s': %s", v[i].path, strerror(errno)), status = 1;
    total += tb_blocks_k(&v[i].st);
  }
  qsort(v, m, sizeof *v, compare);
  if (longfmt) out_printf("total %lld\n", total);
  print_entries(v, m);
  for (size_t i = 0; recursive && i < m; i++) {
    if (!S_ISDIR(v[i].st.st_mode) || !strcmp(v[i].name, ".") || !strcmp(v[i].name, "..")) continue;
    out_putc('\n');
    list_dir(v[i].path, 1, 0);
  }
  free_entries(v, m);
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'a': all = 1, almost = 0; break;
      case 'A': almost = 1, all = 0; break;
      case 'd': dirs_as_files = 1; break;
      case 'F': classify = 1; break;
      case 'l': case 'n': longfmt = 1; break;
      case 'p': slash = 1; break;
      case 'R': recursive = 1; break;
      case 'r': reverse = 1; break;
      case 'S': case 't': sort_by = (char)c; break;
    }
  }
  now = time(NULL);
  static char *dot[] = {"."};
  char **ops = optind < argc ? argv + optind : dot;
  size_t nops = optind < argc ? (size_t)(argc - optind) : 1;
  entry_t *files = xmalloc(sizeof *files * nops), *dirs = xmalloc(sizeof *dirs * nops);
  size_t nf = 0, nd = 0;
  for (size_t i = 0; i < nops; i++) {
    entry_t e = {xstrdup(ops[i]), xstrdup(ops[i]), {0}};
    int r = longfmt || dirs_as_files ? lstat(ops[i], &e.st) : stat(ops[i], &e.st);
    if (r < 0 && lstat(ops[i], &e.st) < 0) {
      tb_warn("cannot access '%s': %s", ops[i], strerror(errno));
      status = 2;
      free(e.name), free(e.path);
      continue;
    }
    if (S_ISDIR(e.st.st_mode) && !dirs_as_files) dirs[nd++] = e;
    else files[nf++] = e;
  }
  qsort(files, nf, sizeof *files, compare);
  qsort(dirs, nd, sizeof *dirs, compare);
  print_entries(files, nf);
  for (size_t i = 0; i < nd; i++) {
    if (nf || i) out_putc('\n');
    list_dir(dirs[i].path, nops > 1 || recursive, 1);
  }
  free_entries(files, nf);
  free_entries(dirs, nd);
  out_flush();
  return status;
}
