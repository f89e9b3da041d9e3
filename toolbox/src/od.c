/* od [-A RADIX] [-t TYPE]... [-abcdilosx] [-j SKIP] [-N COUNT] [-w[N]] [-v] [FILE]...:
 * dump the concatenated input in octal, hex, decimal or as characters, laid
 * out as coreutils od lays it out (column padding shared between several
 * types, `*` for repeated lines, the final offset on a line of its own).
 * Sizes are those of GNU od on x86-64 (I = 4, L = 8 bytes), little-endian. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "tb.h"
#include "units.h"

static const tb_tool tool = {
  "od", "od [OPTION]... [FILE]...",
  "Write an unambiguous representation, octal bytes by default,\n"
  "of FILE to standard output.  With more than one FILE, concatenate them.\n"
  "  -A, --address-radix=RADIX   offsets in [doxn]: decimal, octal, hex or none\n"
  "  -j, --skip-bytes=BYTES      skip BYTES input bytes first\n"
  "  -N, --read-bytes=BYTES      limit dump to BYTES input bytes\n"
  "  -t, --format=TYPE           a, c, d[SIZE], o[SIZE], u[SIZE], x[SIZE]; z adds text\n"
  "  -v, --output-duplicates     do not use * to mark line suppression\n"
  "  -w[BYTES], --width[=BYTES]  BYTES bytes per output line (32 without BYTES)\n"
  "  -a -b -c -d -i -l -o -s -x  same as -t a, o1, c, u2, dI, dL, o2, d2, x2\n"
  "SIZE is 1, 2, 4, 8 or C, S, I, L.  BYTES may be 0x hex and take b, K, M, G suffixes.\n",
  "A:abcdij:lN:ost:vw::x",
  (const tb_longopt[]){
    {"address-radix:", 'A'},
    {"skip-bytes:", 'j'},
    {"read-bytes:", 'N'},
    {"format:", 't'},
    {"output-duplicates", 'v'},
    {"width::", 'w'},
    {0}},
};

typedef struct {
  char fmt;     /* a c d o u x */
  int size;     /* bytes per datum */
  int width;    /* digits of one field, without the separating space */
  int pad;      /* extra spaces shared out between the fields of a line */
  int trailer;  /* z: the bytes as text after the line */
} spec_t;

static spec_t specs[64];
static int nspecs, addr_base = 8, addr_len = 7, dup_lines = 1;
static size_t per_line;
static int status;

static const char OCT[] = {0, 3, 6, 8, 11, 14, 16, 19, 22};
static const char SDEC[] = {1, 4, 6, 8, 11, 13, 16, 18, 20};
static const char UDEC[] = {0, 3, 5, 8, 10, 13, 15, 17, 20};
static const char HEX[] = {0, 2, 4, 6, 8, 10, 12, 14, 16};
static const char NAMES[33][4] = {
  "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr", "so", "si",
  "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp"};

static void add_spec(char fmt, int size, int trailer) {
  if (nspecs == (int)(sizeof specs / sizeof *specs)) tb_die(1, "too many formats");
  int w = fmt == 'o' ? OCT[size] : fmt == 'x' ? HEX[size] : fmt == 'd' ? SDEC[size] : fmt == 'u' ? UDEC[size] : 3;
  specs[nspecs++] = (spec_t){fmt, size, w, 0, trailer};
}

/* One -t argument: a sequence of a, c, [doux][SIZE], each optionally followed by z. */
static void parse_type(const char *arg) {
  const char *s = arg;
  while (*s) {
    char f = *s++;
    int size = 1;
    if (f == 'd' || f == 'o' || f == 'u' || f == 'x') {
      size = 4;
      if (*s == 'C') size = 1, s++;
      else if (*s == 'S') size = 2, s++;
      else if (*s == 'I') size = 4, s++;
      else if (*s == 'L') size = 8, s++;
      else if (*s >= '0' && *s <= '9') {
        char *end;
        long n = strtol(s, &end, 10);
        if (n != 1 && n != 2 && n != 4 && n != 8)
          tb_usage_error("invalid type string '%s';\nthis system doesn't provide a %ld-byte integral type", arg, n);
        size = (int)n, s = end;
      }
    } else if (f != 'a' && f != 'c') {
      tb_usage_error("invalid character '%c' in type string '%s'", f, arg);
    }
    int z = *s == 'z';
    if (z) s++;
    add_spec(f, size, z);
  }
}

/* The input: every operand in turn, as one stream. */
static char **files;
static int nfiles, cur = -1;
static rd_t in;
static int in_open;

static int next_file(void) {
  if (in_open) rd_close(&in), in_open = 0;
  while (++cur < nfiles) {
    if (rd_open(&in, files[cur]) == 0) return in_open = 1;
    tb_warn("%s: %s", files[cur], strerror(errno));
    status = 1;
  }
  return 0;
}

static size_t read_input(unsigned char *buf, size_t n) {
  size_t got = 0;
  while (got < n && (in_open || next_file())) {
    ssize_t k = rd_read(&in, buf + got, n - got);
    if (k < 0) tb_warn("%s: read error: %s", files[cur], strerror(errno)), status = 1;
    if (k <= 0) next_file();
    else got += (size_t)k;
  }
  return got;
}

static uint64_t datum(const unsigned char *p, int size) {
  uint64_t v = 0;
  for (int i = size - 1; i >= 0; i--) v = v << 8 | p[i]; /* little-endian, as on x86 */
  return v;
}

static void field(const spec_t *s, const unsigned char *p, int w) {
  uint64_t v = datum(p, s->size);
  unsigned char c = *p;
  switch (s->fmt) {
    case 'o': out_printf("%*.*llo", w, s->width, (unsigned long long)v); break;
    case 'x': out_printf("%*.*llx", w, s->width, (unsigned long long)v); break;
    case 'u': out_printf("%*llu", w, (unsigned long long)v); break;
    case 'd': {
      int shift = 64 - 8 * s->size;
      out_printf("%*lld", w, (long long)(int64_t)(v << shift) >> shift);
      break;
    }
    case 'a': {
      int m = c & 0x7f;
      char one[2] = {(char)m, 0};
      out_printf("%*s", w, m == 127 ? "del" : m <= 32 ? NAMES[m] : one);
      break;
    }
    default: {
      static const char from[] = "\a\b\f\n\r\t\v", to[] = "abfnrtv";
      const char *e = c ? strchr(from, c) : NULL;
      char buf[5] = {'\\', '0', 0};
      if (e) buf[1] = to[e - from];
      else if (c >= 32 && c < 127) buf[0] = (char)c, buf[1] = 0;
      else if (c) snprintf(buf, sizeof buf, "%03o", c);
      out_printf("%*s", w, buf);
    }
  }
}

static void address(unsigned long long a, char end) {
  if (!addr_base) return;
  const char *f = addr_base == 8 ? "%0*llo" : addr_base == 10 ? "%0*llu" : "%0*llx";
  out_printf(f, addr_len, a);
  if (end) out_putc(end);
}

static void write_line(unsigned long long off, const unsigned char *block, size_t n) {
  for (int i = 0; i < nspecs; i++) {
    const spec_t *s = &specs[i];
    int fields = (int)(per_line / s->size), blank = (int)((per_line - n) / s->size), left = s->pad;
    if (i == 0) address(off, 0);
    else out_printf("%*s", addr_len * (addr_base != 0), "");
    const unsigned char *p = block;
    for (int k = fields; k > blank; k--, p += s->size) {
      int next = s->pad * (k - 1) / fields;
      field(s, p, left - next + s->width);
      left = next;
    }
    if (s->trailer) {
      out_printf("%*s  >", blank * s->width + s->pad * blank / fields, "");
      for (size_t j = 0; j < n; j++) out_putc(block[j] >= 32 && block[j] < 127 ? block[j] : '.');
      out_putc('<');
    }
    out_putc('\n');
  }
}

static long long size_arg(const char *what, const char *s) {
  long long v = tb_parse_size(s, 0);
  if (v < 0) tb_usage_error("invalid %s argument '%s'", what, s);
  return v;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  long long skip = 0, limit = -1, width = 0;
  int c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'A':
        if (!optarg[0] || optarg[1] || !strchr("doxn", optarg[0]))
          tb_usage_error("invalid output address radix '%s'; it must be one character from [doxn]", optarg);
        addr_base = optarg[0] == 'd' ? 10 : optarg[0] == 'o' ? 8 : optarg[0] == 'x' ? 16 : 0;
        addr_len = addr_base == 16 ? 6 : addr_base ? 7 : 0;
        break;
      case 'a': add_spec('a', 1, 0); break;
      case 'b': add_spec('o', 1, 0); break;
      case 'c': add_spec('c', 1, 0); break;
      case 'd': add_spec('u', 2, 0); break;
      case 'i': add_spec('d', 4, 0); break;
      case 'l': add_spec('d', 8, 0); break;
      case 'o': add_spec('o', 2, 0); break;
      case 's': add_spec('d', 2, 0); break;
      case 'x': add_spec('x', 2, 0); break;
      case 't': parse_type(optarg); break;
      case 'j': skip = size_arg("skip", optarg); break;
      case 'N': limit = size_arg("read", optarg); break;
      case 'v': dup_lines = 0; break;
      case 'w':
        width = optarg ? tb_parse_count(optarg, 0) : 32;
        if (width < 1) tb_usage_error("invalid -w argument '%s'", optarg);
        break;
    }
  }
  if (!nspecs) add_spec('o', 2, 0);
  int lcm = 1;
  for (int i = 0; i < nspecs; i++)
    if (lcm % specs[i].size) lcm = lcm * specs[i].size / (lcm < specs[i].size ? lcm : specs[i].size);
  if (width) {
    if (width % lcm) tb_warn("warning: invalid width %lld; using %d instead", width, lcm), width = lcm;
    per_line = (size_t)width;
  } else {
    per_line = lcm < 16 ? (size_t)(16 / lcm * lcm) : (size_t)lcm;
  }
  int line_width = 0;
  for (int i = 0; i < nspecs; i++) {
    int w = (specs[i].width + 1) * (int)(per_line / specs[i].size);
    if (w > line_width) line_width = w;
  }
  for (int i = 0; i < nspecs; i++) specs[i].pad = line_width - specs[i].width * (int)(per_line / specs[i].size);

  static char *dash[] = {"-"};
  files = optind < argc ? argv + optind : dash;
  nfiles = optind < argc ? argc - optind : 1;

  if (!next_file()) return status; /* as GNU: nothing at all when no operand can be opened */
  unsigned char *blocks = xmalloc(2 * per_line), *buf = blocks, *prev = blocks + per_line;
  for (long long left = skip; left > 0;) {
    size_t k = read_input(buf, left < (long long)per_line ? (size_t)left : per_line);
    if (!k) tb_die(1, "cannot skip past end of combined input");
    left -= (long long)k;
  }
  unsigned long long off = (unsigned long long)skip;
  int first = 1, starred = 0;
  for (;;) {
    size_t want = per_line;
    if (limit >= 0 && (unsigned long long)limit - (off - (unsigned long long)skip) < want)
      want = (size_t)((unsigned long long)limit - (off - (unsigned long long)skip));
    size_t n = want ? read_input(buf, want) : 0;
    if (!n) break;
    if (n == per_line && dup_lines && !first && !memcmp(buf, prev, per_line)) {
      if (!starred) out_str("*\n"), starred = 1;
    } else {
      if (n < per_line) memset(buf + n, 0, per_line - n); /* pad the last datum with zero bytes */
      write_line(off, buf, n);
      starred = 0;
    }
    first = 0;
    off += n;
    unsigned char *t = prev;
    prev = buf, buf = t;
    if (n < per_line) break;
  }
  address(off, '\n');
  out_flush();
  return status;
}
