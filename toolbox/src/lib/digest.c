#include "digest.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "files.h"
#include "md5.h"
#include "opt.h"
#include "sha.h"
#include "tb.h"

static unsigned char iobuf[1 << 16];

/* Reads fd to its end through update(); *err gets errno on a read failure. */
#define HASH_FD(NAME, CTX, INIT, UPDATE, FINAL)                   \
  static void NAME(int fd, unsigned char *out, int *err) {        \
    CTX c;                                                        \
    INIT(&c);                                                     \
    *err = 0;                                                     \
    for (;;) {                                                    \
      ssize_t k = read(fd, iobuf, sizeof iobuf);                  \
      if (k < 0 && errno == EINTR) continue;                      \
      if (k < 0) { *err = errno; return; }                        \
      if (k == 0) break;                                          \
      UPDATE(&c, iobuf, (size_t)k);                               \
    }                                                             \
    FINAL(&c, out);                                               \
  }
HASH_FD(hash_md5, md5_ctx, md5_init, md5_update, md5_final)
HASH_FD(hash_sha1, sha_ctx, sha1_init, sha_update, sha_final)
HASH_FD(hash_sha256, sha_ctx, sha256_init, sha_update, sha_final)

const digest_algo DIGEST_MD5 = {"md5sum", "MD5", 16, hash_md5};
const digest_algo DIGEST_SHA1 = {"sha1sum", "SHA1", 20, hash_sha1};
const digest_algo DIGEST_SHA256 = {"sha256sum", "SHA256", 32, hash_sha256};

static const digest_algo *A;
static int opt_binary, opt_tag, opt_zero, opt_quiet, opt_status, opt_warn, opt_strict, opt_ignore_missing;

/* Hashes a file ("-" = stdin) into hex; returns errno or 0. */
static int hash_file(const char *name, char *hex) {
  int fd = strcmp(name, "-") ? open(name, O_RDONLY) : 0;
  if (fd < 0) return errno;
  unsigned char d[32];
  int err;
  A->hash_fd(fd, d, &err);
  if (fd > 0) close(fd);
  if (err) return err;
  for (size_t i = 0; i < A->bytes; i++) {
    hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
  }
  hex[2 * A->bytes] = 0;
  return 0;
}

static int needs_escape(const char *s) { return strchr(s, '\\') || strchr(s, '\n'); }

static void put_name(const char *s, int escape) {
  for (; *s; s++) {
    if (escape && *s == '\\') out_str("\\\\");
    else if (escape && *s == '\n') out_str("\\n");
    else out_putc(*s);
  }
}

static int sum_one(const char *name) {
  char hex[65];
  int err = hash_file(name, hex);
  if (err) {
    out_flush();
    tb_warn("%s: %s", name, strerror(err));
    return 1;
  }
  int esc = !opt_zero && needs_escape(name);
  if (esc) out_putc('\\');
  if (opt_tag) {
    out_printf("%s (", A->tag);
    put_name(name, esc);
    out_printf(") = %s", hex);
  } else {
    out_printf("%s %c", hex, opt_binary ? '*' : ' ');
    put_name(name, esc);
  }
  out_putc(opt_zero ? 0 : '\n');
  return 0;
}

static int is_hex(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i]) return 0;
  return 1;
}

/* Undoes put_name's escaping in place; returns 0 on a bad escape. */
static int unescape_name(char *s) {
  char *w = s;
  for (; *s; s++) {
    if (*s != '\\') { *w++ = *s; continue; }
    s++;
    if (*s == '\\') *w++ = '\\';
    else if (*s == 'n') *w++ = '\n';
    else return 0;
  }
  *w = 0;
  return 1;
}

/* Splits a checksum line into hex digest and file name; 0 if it is not one. */
static int parse_line(char *line, char **hex, char **name) {
  while (*line == ' ' || *line == '\t') line++;
  int esc = 0;
  if (*line == '\\') esc = 1, line++;
  size_t taglen = strlen(A->tag), hexlen = 2 * A->bytes;
  if (!strncmp(line, A->tag, taglen) && (line[taglen] == ' ' || line[taglen] == '(')) {
    char *p = line + taglen;
    if (*p == ' ') p++;
    if (*p++ != '(') return 0;
    char *end = strstr(p, ") = ");
    char *last;
    for (last = end; end && (end = strstr(end + 1, ") = ")); last = end) {}
    if (!last || strlen(last + 4) != hexlen || !is_hex(last + 4, hexlen)) return 0;
    *last = 0;
    *name = p, *hex = last + 4;
  } else {
    if (!is_hex(line, hexlen) || (line[hexlen] != ' ' && line[hexlen] != '\t')) return 0;
    line[hexlen] = 0;
    *hex = line;
    char *p = line + hexlen + 1;
    if (*p == ' ' || *p == '*') p++;
    if (!*p) return 0;
    *name = p;
  }
  return !esc || unescape_name(*name);
}

static const char *plural(long n, const char *one, const char *many) { return n == 1 ? one : many; }

static int check_one(rd_t *r, const char *listname, void *arg) {
  (void)arg;
  long bad_format = 0, unreadable = 0, mismatched = 0, good_lines = 0, matched = 0, lineno = 0;
  char *line;
  size_t len;
  int nl;
  while (rd_line(r, opt_zero ? 0 : '\n', &line, &len, &nl) > 0) {
    lineno++;
    char *copy = xmemdup(line, len);
    if (len && copy[len - 1] == '\r') copy[len - 1] = 0;
    char *hex, *name;
    if (copy[0] == '#') { free(copy); continue; }
    if (memchr(line, 0, len) || !parse_line(copy, &hex, &name)) {
      bad_format++;
      if (opt_warn) {
        out_flush();
        tb_warn("%s: %ld: improperly formatted %s checksum line", strcmp(listname, "-") ? listname : "standard input", lineno, A->tag);
      }
      free(copy);
      continue;
    }
    good_lines++;
    char actual[65];
    int err = hash_file(name, actual);
    int esc = strchr(name, '\n') != NULL; /* -c escapes only names with a newline */
    if (err == ENOENT && opt_ignore_missing) { free(copy); continue; }
    if (err) {
      unreadable++;
      out_flush();
      tb_warn("%s: %s", name, strerror(err));
      if (!opt_status) {
        if (esc) out_putc('\\');
        put_name(name, esc);
        out_str(": FAILED open or read\n");
      }
    } else {
      for (char *h = hex; *h; h++) *h = (char)(*h >= 'A' && *h <= 'F' ? *h + 32 : *h);
      int ok = !strcmp(hex, actual);
      if (ok) matched++; else mismatched++;
      if (!opt_status && !(ok && opt_quiet)) {
        if (esc) out_putc('\\');
        put_name(name, esc);
        out_str(ok ? ": OK\n" : ": FAILED\n");
      }
    }
    free(copy);
  }
  out_flush();
  const char *shown = strcmp(listname, "-") ? listname : "standard input";
  if (!good_lines) {
    tb_warn("%s: no properly formatted checksum lines found", strcmp(listname, "-") ? listname : "'standard input'");
    return 1;
  }
  (void)shown;
  if (!opt_status) {
    if (bad_format) tb_warn("WARNING: %ld %s improperly formatted", bad_format, plural(bad_format, "line is", "lines are"));
    if (unreadable) tb_warn("WARNING: %ld listed %s could not be read", unreadable, plural(unreadable, "file", "files"));
    if (mismatched) tb_warn("WARNING: %ld computed %s did NOT match", mismatched, plural(mismatched, "checksum", "checksums"));
  }
  if (opt_ignore_missing && !matched && !mismatched && !unreadable) {
    tb_warn("%s: no file was verified", shown);
    return 1;
  }
  return mismatched || unreadable || (opt_strict && bad_format);
}

enum { TAG = 0x100, QUIET, STATUS, STRICT, IGNORE_MISSING };
static const tb_longopt longopts[] = {
  {"binary", 'b'},
  {"check", 'c'},
  {"text", 't'},
  {"zero", 'z'},
  {"warn", 'w'},
  {"tag", TAG},
  {"quiet", QUIET},
  {"status", STATUS},
  {"strict", STRICT},
  {"ignore-missing", IGNORE_MISSING},
  {0}};

int digest_main(int argc, char **argv, const digest_algo *algo) {
  A = algo;
  static char usage[128], help[1400];
  snprintf(usage, sizeof usage, "%s [OPTION]... [FILE]...", algo->prog);
  snprintf(help, sizeof help,
           "Print or check %s checksums; with no FILE, or when FILE is -, read standard input.\n"
           "  -b, --binary         mark files as binary ('*' before the name)\n"
           "  -c, --check          read checksums from the FILEs and check them\n"
           "      --tag            BSD-style output: %s (FILE) = HASH\n"
           "  -t, --text           mark files as text (the default)\n"
           "  -z, --zero           end each output line with NUL, not newline, and do not escape names\n"
           "Options for --check:\n"
           "      --ignore-missing don't fail or report status for missing files\n"
           "      --quiet          don't print OK for each successfully verified file\n"
           "      --status         don't output anything, the exit status shows success\n"
           "      --strict         exit non-zero for improperly formatted checksum lines\n"
           "  -w, --warn           warn about improperly formatted checksum lines\n",
           algo->tag, algo->tag);
  static tb_tool tool = {NULL, usage, help, "bctzw", longopts};
  tool.name = algo->prog; /* one table serves md5sum, sha1sum and sha256sum */
  tb_init(&tool);
  int check = 0, c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'b': opt_binary = 1; break;
      case 't': opt_binary = 0; break;
      case 'c': check = 1; break;
      case 'z': opt_zero = 1; break;
      case 'w': opt_warn = 1; break;
      case TAG: opt_tag = 1; break;
      case QUIET: opt_quiet = 1; break;
      case STATUS: opt_status = 1; break;
      case STRICT: opt_strict = 1; break;
      case IGNORE_MISSING: opt_ignore_missing = 1; break;
    }
  }
  int status = 0;
  if (check) {
    status = tb_each_file(argc - optind, argv + optind, check_one, NULL);
  } else if (optind == argc) {
    status = sum_one("-");
  } else {
    for (int i = optind; i < argc; i++) status |= sum_one(argv[i]);
  }
  out_flush();
  return status;
}
