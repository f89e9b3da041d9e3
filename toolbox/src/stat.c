/* stat [-L] [-c FORMAT | --printf=FORMAT | -t] FILE...: show what WASI's stat
 * knows about each FILE: name, size, type, links, inode, device and times
 * (UTC). WASI has no permission bits, owners, block counts or birth time, so
 * %a/%A read 0644/0755/0777 (lib/fsutil.h), %u/%g 0, %U/%G UNKNOWN, blocks are
 * estimated from the size, and birth is "-" (%W 0). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "escape.h"
#include "fsutil.h"
#include "opt.h"
#include "tb.h"

enum { PRINTF = 256 };
static const tb_tool tool = {
  "stat", "stat [OPTION]... FILE...",
  "Display file status (what WASI reports: see the differences in docs/toolbox.md).\n"
  "  -L, --dereference     follow links\n"
  "  -c  --format=FORMAT   use FORMAT instead of the default, with a newline after each\n"
  "      --printf=FORMAT   like --format, but interpret backslash escapes, no newline\n"
  "  -t, --terse           print the information in terse form\n"
  "FORMAT: %n name, %N quoted name (-> target), %s size, %F type, %a %A permissions,\n"
  "%h links, %i inode, %d %D device, %u %g %U %G owner, %b %B %o blocks and sizes,\n"
  "%x %y %z access, modify, change times (%X %Y %Z in seconds), %w %W birth, %%.\n",
  "Lc:t",
  (const tb_longopt[]){
    {"dereference", 'L'},
    {"format:", 'c'},
    {"printf:", PRINTF},
    {"terse", 't'},
    {0}},
};

static const char *DEFAULT_FMT =
  "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
  "Device: %Hd,%Ld\tInode: %-11i Links: %h\n"
  "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
  "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";
static const char *TERSE_FMT = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n";

static int plain_names; /* the default format shows names unquoted, as GNU's does */

static void number(const char *spec, size_t speclen, char conv, unsigned long long v) {
  char f[64];
  snprintf(f, sizeof f, "%%%.*sll%c", (int)speclen, spec, conv);
  out_printf(f, v);
}

static void string(const char *spec, size_t speclen, const char *s) {
  char f[64];
  snprintf(f, sizeof f, "%%%.*ss", (int)speclen, spec);
  out_printf(f, s);
}

/* Expands FORMAT for one file; FORMAT's %-directives take printf flags, width and precision. */
static void show(const char *fmt, const char *name, const struct stat *st) {
  char buf[4200], mode[11];
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      out_putc(*p);
      continue;
    }
    const char *spec = ++p;
    p += strspn(p, "-+ #0'");
    p += strspn(p, "0123456789");
    if (*p == '.') p++, p += strspn(p, "0123456789");
    size_t sl = (size_t)(p - spec);
    char c = *p;
    if ((c == 'H' || c == 'L') && (p[1] == 'd' || p[1] == 'r')) c = *p == 'H' ? 'M' : 'm', p++; /* %Hd major, %Ld minor */
    const struct timespec *ts = c == 'x' || c == 'X' ? &st->st_atim : c == 'y' || c == 'Y' ? &st->st_mtim : &st->st_ctim;
    switch (c) {
      case 0: out_putc('%'); p--; break;
      case '%': out_putc('%'); break;
      case 'n': string(spec, sl, name); break;
      case 'N': {
        char target[4096];
        ssize_t k = S_ISLNK(st->st_mode) ? readlink(name, target, sizeof target - 1) : -1;
        const char *q = plain_names ? "" : "'";
        if (k >= 0) target[k] = 0, snprintf(buf, sizeof buf, "%s%s%s -> %s%s%s", q, name, q, q, target, q);
        else snprintf(buf, sizeof buf, "%s%s%s", q, name, q);
        string(spec, sl, buf);
        break;
      }
      case 's': number(spec, sl, 'd', (unsigned long long)st->st_size); break;
      case 'F': string(spec, sl, tb_type_name(st)); break;
      case 'a': number(spec, sl, 'o', tb_perms(st)); break;
      case 'A': tb_mode_string(st, mode), string(spec, sl, mode); break;
      case 'f': number(spec, sl, 'x', (st->st_mode & ~07777u) | tb_perms(st)); break;
      case 'h': number(spec, sl, 'u', (unsigned long long)st->st_nlink); break;
      case 'i': number(spec, sl, 'u', (unsigned long long)st->st_ino); break;
      case 'u': number(spec, sl, 'u', st->st_uid); break;
      case 'g': number(spec, sl, 'u', st->st_gid); break;
      case 'U': case 'G': string(spec, sl, "UNKNOWN"); break;
      case 'b': number(spec, sl, 'u', (unsigned long long)tb_blocks_k(st) * 2); break;
      case 'B': number(spec, sl, 'u', 512); break;
      case 'o': number(spec, sl, 'u', 4096); break;
      case 'd': number(spec, sl, 'u', (unsigned long long)st->st_dev); break;
      case 'D': number(spec, sl, 'x', (unsigned long long)st->st_dev); break;
      case 'M': number(spec, sl, 'u', (unsigned long long)(st->st_dev >> 8 & 0xfff)); break;
      case 'm': number(spec, sl, 'u', (unsigned long long)(st->st_dev & 0xff)); break;
      case 't': case 'T': number(spec, sl, 'x', 0); break;
      case 'x': case 'y': case 'z': tb_format_time(buf, sizeof buf, ts), string(spec, sl, buf); break;
      case 'X': case 'Y': case 'Z': number(spec, sl, 'd', (unsigned long long)ts->tv_sec); break;
      case 'w': string(spec, sl, "-"); break;
      case 'W': number(spec, sl, 'd', 0); break;
      default: out_putc('?');
    }
  }
}

int main(int argc, char **argv) {
  tb_init(&tool);
  const char *fmt = NULL;
  char *escaped = NULL;
  int follow = 0, newline = 1, c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'L') follow = 1;
    else if (c == 'c') fmt = optarg, newline = 1;
    else if (c == 't') fmt = TERSE_FMT, newline = 0;
    else if (c == PRINTF) {
      int stop = 0;
      escaped = xmalloc(strlen(optarg) + 1);
      escaped[tb_unescape(optarg, escaped, 0, &stop)] = 0;
      fmt = escaped, newline = 0;
    }
  }
  if (optind >= argc) tb_usage_error("missing operand");
  plain_names = !fmt;
  int status = 0;
  for (int i = optind; i < argc; i++) {
    struct stat st;
    if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
      out_flush();
      tb_warn("cannot stat '%s': %s", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    show(fmt ? fmt : DEFAULT_FMT, argv[i], &st);
    if (newline && fmt) out_putc('\n');
  }
  out_flush();
  return status;
}
