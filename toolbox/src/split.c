/* split [-l N | -b SIZE | -C SIZE | -n CHUNKS] [-a LEN] [-d|-x] [-e] [--verbose]
 *       [--additional-suffix=S] [FILE [PREFIX]]: write FILE in pieces named
 * PREFIXaa, PREFIXab... in the current directory, as coreutils 9.1 names and
 * cuts them (suffixes widen after PREFIXyz to PREFIXzaaa unless -a or -n fixes
 * their length). -n reads the whole input first, so it also works on a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "files.h"
#include "opt.h"
#include "tb.h"
#include "units.h"

enum { ADDSUF = 256, VERBOSE };
static const tb_tool tool = {
  "split", "split [OPTION]... [FILE [PREFIX]]",
  "Output pieces of FILE to PREFIXaa, PREFIXab, ...;\n"
  "default size is 1000 lines, and default PREFIX is 'x'.\n"
  "  -a, --suffix-length=N   generate suffixes of length N (default 2)\n"
  "      --additional-suffix=SUFFIX  append SUFFIX to file names\n"
  "  -b, --bytes=SIZE        put SIZE bytes per output file (K, M, G, KB, KiB...)\n"
  "  -C, --line-bytes=SIZE   put at most SIZE bytes of records per output file\n"
  "  -d, --numeric-suffixes[=FROM]  use numeric suffixes starting at 0 (or FROM)\n"
  "  -x, --hex-suffixes[=FROM]      use hex suffixes starting at 0 (or FROM)\n"
  "  -e, --elide-empty-files  do not generate empty output files with '-n'\n"
  "  -l, --lines=NUMBER      put NUMBER lines per output file\n"
  "  -n, --number=CHUNKS     N, K/N, l/N, l/K/N, r/N or r/K/N\n"
  "      --verbose           print a diagnostic just before each file is opened\n",
  "0123456789a:b:C:dxel:n:",
  (const tb_longopt[]){
    {"suffix-length:", 'a'},
    {"additional-suffix:", ADDSUF},
    {"bytes:", 'b'},
    {"line-bytes:", 'C'},
    {"numeric-suffixes::", 'd'},
    {"hex-suffixes::", 'x'},
    {"elide-empty-files", 'e'},
    {"lines:", 'l'},
    {"number:", 'n'},
    {"verbose", VERBOSE},
    {0}},
};

static const char *prefix = "x", *add_suffix = "", *alphabet = "abcdefghijklmnopqrstuvwxyz", *num_start;
static long long suffix_len; /* 0 = not given */
static int suffix_auto = 1, elide, verbose;

/* ---- output file names and the current output file ---- */
static char *name;
static size_t *sufidx, base_len, slen;
static int out = -1;

static void new_name(int widen) {
  if (!widen) {
    base_len = strlen(prefix);
    name = xmalloc(base_len + slen + strlen(add_suffix) + 1);
    memcpy(name, prefix, base_len);
  } else { /* fold the suffix's first (last-letter) character into the base, one more position */
    slen++;
    name = xrealloc(name, base_len + 1 + slen + strlen(add_suffix) + 1);
    name[base_len] = alphabet[sufidx[0]];
    base_len++;
  }
  memset(name + base_len, alphabet[0], slen);
  strcpy(name + base_len + slen, add_suffix);
  free(sufidx);
  sufidx = calloc(slen, sizeof *sufidx);
  if (num_start) {
    size_t n = strlen(num_start);
    memcpy(name + base_len + slen - n, num_start, n);
    for (size_t i = 0; i < n; i++) sufidx[slen - n + i] = (size_t)(num_start[i] - '0');
  }
}

static void next_name(void) {
  if (!name) {
    new_name(0);
    return;
  }
  for (size_t i = slen; i-- > 0;) {
    sufidx[i]++;
    if (suffix_auto && i == 0 && !alphabet[sufidx[0] + 1]) {
      new_name(1);
      return;
    }
    name[base_len + i] = alphabet[sufidx[i]];
    if (name[base_len + i]) return;
    sufidx[i] = 0;
    name[base_len + i] = alphabet[0];
  }
  tb_die(1, "output file suffixes exhausted");
}

static int create_next(void) {
  next_name();
  if (verbose) out_printf("creating file '%s'\n", name);
  int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) tb_die(1, "%s: %s", name, strerror(errno));
  return fd;
}

static void put(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0) tb_die(1, "%s: %s", name, strerror(errno));
    p += k, n -= (size_t)k;
  }
}

/* Write to the current piece, starting a new one first if asked. */
static void emit(int fresh, const char *p, size_t n) {
  if (fresh) {
    if (out >= 0) close(out);
    out = create_next();
  }
  put(out, p, n);
}

/* ---- the ways to split ---- */
static rd_t in;
static char buf[1 << 16];

static void by_lines(long long lines) {
  long long seen = 0;
  int fresh = 1;
  ssize_t k;
  while ((k = rd_read(&in, buf, sizeof buf)) > 0) {
    char *p = buf, *end = buf + k, *from = buf;
    while ((p = memchr(p, '\n', (size_t)(end - p)))) {
      p++;
      if (++seen == lines) {
        emit(fresh, from, (size_t)(p - from));
        from = p, fresh = 1, seen = 0;
      }
    }
    if (from < end) emit(fresh, from, (size_t)(end - from)), fresh = 0;
  }
}

static void by_bytes(long long size) {
  long long left = size;
  ssize_t k;
  while ((k = rd_read(&in, buf, sizeof buf)) > 0) {
    for (char *p = buf; k > 0;) {
      size_t n = (long long)k < left ? (size_t)k : (size_t)left;
      emit(left == size, p, n);
      p += n, k -= (ssize_t)n, left -= (long long)n;
      if (!left) left = size;
    }
  }
}

/* -C: pieces of at most SIZE bytes that end at a newline, unless a line alone is longer. */
static void by_line_bytes(const char *data, size_t len, size_t size) {
  for (size_t pos = 0; pos < len;) {
    size_t n = len - pos < size ? len - pos : size;
    if (pos + n < len) {
      const char *nl = memrchr(data + pos, '\n', n);
      if (nl) n = (size_t)(nl - (data + pos)) + 1;
    }
    emit(1, data + pos, n);
    pos += n;
  }
}

/* -n N, -n K/N: N pieces of size/N bytes, the last taking the rest (the size counts as at
 * least N, as in GNU, so small inputs give one-byte pieces then empty ones). */
static void chunks(const char *data, size_t len, long long k, long long n) {
  size_t size = len > (size_t)n ? len : (size_t)n, q = size / (size_t)n;
  for (long long i = 1; i <= n; i++) {
    size_t a = (size_t)(i - 1) * q, b = i == n ? size : (size_t)i * q;
    if (a > len) a = len;
    if (b > len) b = len;
    if (k && i == k) out_write(data + a, b - a);
    else if (!k && !(elide && a == b)) emit(1, data + a, b - a);
  }
}

/* -n l/N, l/K/N: the same N byte ranges, but whole lines: a line goes to the range it starts in. */
static void line_chunks(const char *data, size_t len, long long k, long long n) {
  size_t size = len > (size_t)n ? len : (size_t)n, q = size / (size_t)n;
  long long cur = 0; /* pieces started so far */
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    long long piece = (long long)(pos / q) + 1;
    if (piece > n) piece = n;
    for (; cur < piece; cur++)
      if (!k && !(elide && cur + 1 < piece)) emit(1, "", 0);
    if (k == piece) out_write(data + pos, end - pos);
    else if (!k) put(out, data + pos, end - pos);
    pos = end;
  }
  for (; cur < n; cur++)
    if (!k && !elide) emit(1, "", 0);
}

/* -n r/N, r/K/N: line i to piece i mod N. */
static void round_robin(long long k, long long n) {
  int *fds = NULL;
  if (!k) {
    fds = xmalloc(sizeof *fds * (size_t)n);
    for (long long i = 0; i < n; i++) fds[i] = -1;
  }
  char *line;
  size_t len;
  int nl;
  long long i = 0;
  while (rd_line(&in, '\n', &line, &len, &nl) > 0) {
    long long j = i++ % n;
    if (k) {
      if (j == k - 1) out_write(line, len), out_write("\n", nl);
    } else {
      if (fds[j] < 0) fds[j] = create_next();
      put(fds[j], line, len);
      put(fds[j], "\n", nl);
    }
  }
  for (long long j = 0; !k && j < n; j++) {
    if (fds[j] < 0 && !elide) fds[j] = create_next();
    if (fds[j] >= 0) close(fds[j]);
  }
}

static long long chunk_number(const char *s, long long max) {
  char *end;
  long long v = strtoll(s, &end, 10);
  if (*end || end == s || v < 1 || (max && v > max)) tb_usage_error("invalid number of chunks: '%s'", s);
  return v;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  char mode = 0, rmode = 0; /* l b C n; n's kind: 0 bytes, 'l' lines, 'r' round robin */
  long long count = 1000, k = 0;
  int c;
  /* -NUM (obsolete -l NUM): a digit continues the number when the one before it was not
   * the last character of its argument (getopt moved on to the next one after it) */
  int before = optind, more_digits = 0;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c >= '0' && c <= '9') {
      count = more_digits ? count * 10 + (c - '0') : c - '0';
      if (count > (long long)1e17) tb_usage_error("invalid number of lines");
      more_digits = optind == before;
      c = 'D';
    } else {
      more_digits = 0;
    }
    before = optind;
    if (strchr("lbCnD", c)) {
      if (mode && mode != c) tb_usage_error("cannot split in more than one way");
      mode = (char)c;
    }
    switch (c) {
      case 'a':
        suffix_len = tb_parse_count(optarg, 0);
        if (suffix_len < 1) tb_usage_error("invalid suffix length: '%s'", optarg);
        break;
      case ADDSUF:
        if (strchr(optarg, '/')) tb_usage_error("invalid suffix '%s', contains directory separator", optarg);
        add_suffix = optarg;
        break;
      case 'b': case 'C':
        count = tb_parse_size(optarg, 10);
        if (count < 1) tb_usage_error("invalid number of bytes: '%s'", optarg);
        break;
      case 'd': case 'x':
        alphabet = c == 'd' ? "0123456789" : "0123456789abcdef";
        num_start = optarg;
        if (optarg && strspn(optarg, "0123456789") != strlen(optarg))
          tb_usage_error("%s: invalid start value for numerical suffix", optarg);
        break;
      case 'e': elide = 1; break;
      case 'l':
        count = tb_parse_count(optarg, 0);
        if (count < 1) tb_usage_error("invalid number of lines: '%s'", optarg);
        break;
      case 'n': {
        char *s = optarg, *slash;
        rmode = 0, k = 0;
        if ((s[0] == 'l' || s[0] == 'r') && s[1] == '/') rmode = s[0], s += 2;
        if ((slash = strchr(s, '/'))) {
          *slash = 0;
          count = chunk_number(slash + 1, 0);
          k = chunk_number(s, count);
        } else {
          count = chunk_number(s, 0);
        }
        break;
      }
      case VERBOSE: verbose = 1; break;
    }
  }
  if (argc - optind > 2) tb_usage_error("extra operand '%s'", argv[optind + 2]);
  const char *file = optind < argc ? argv[optind] : "-";
  if (optind + 1 < argc) prefix = argv[optind + 1];

  /* suffix length: as needed for -n's N pieces (at least 2), else 2 and widening */
  size_t needed = 0, base = strlen(alphabet);
  if (num_start) suffix_auto = 0;
  if (mode == 'n') {
    unsigned long long last = (unsigned long long)count - 1;
    if (num_start && strtoull(num_start, NULL, 10) < (unsigned long long)count) last += strtoull(num_start, NULL, 10);
    do needed++; while (last /= base);
    suffix_auto = 0;
  }
  if (suffix_len) {
    if ((size_t)suffix_len < needed) tb_die(1, "the suffix length needs to be at least %zu", needed);
    suffix_auto = 0;
    slen = (size_t)suffix_len;
  } else {
    slen = needed > 2 ? needed : 2;
  }
  if (num_start && strlen(num_start) > slen) tb_usage_error("numerical suffix start value is too large for the suffix length");

  if (rd_open(&in, file) < 0) tb_die(1, "%s: %s", file, strerror(errno));
  if (mode == 'n' && rmode != 'r') {
    size_t len;
    char *data = tb_slurp(&in, &len);
    if (rmode == 'l') line_chunks(data, len, k, count);
    else chunks(data, len, k, count);
  } else if (mode == 'n') {
    round_robin(k, count);
  } else if (mode == 'b') {
    by_bytes(count);
  } else if (mode == 'C') {
    size_t len;
    char *data = tb_slurp(&in, &len);
    by_line_bytes(data, len, (size_t)count);
  } else {
    if (!count) tb_usage_error("invalid number of lines: 0");
    by_lines(count);
  }
  if (out >= 0) close(out);
  out_flush();
  return 0;
}
