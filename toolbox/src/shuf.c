/* shuf [-rz] [-n COUNT] [-o FILE] [--random-source=FILE] [FILE | -e ARG... | -i LO-HI]:
 * write a random permutation of the input lines (or a sample of COUNT, with
 * repetition under -r). The generator is xoshiro256** seeded from the WASI
 * random source, or, with --random-source, from a hash of that file's bytes:
 * the same file gives the same output every run, but not GNU's output (GNU
 * reads the file as its raw stream of random bits). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

enum { RANDSRC = 256 };
static const tb_tool tool = {
  "shuf", "shuf [OPTION]... [FILE]\n  or:  shuf -e [OPTION]... [ARG]...\n  or:  shuf -i LO-HI [OPTION]...",
  "Write a random permutation of the input lines to standard output.\n"
  "  -e, --echo                treat each ARG as an input line\n"
  "  -i, --input-range=LO-HI   treat each number LO through HI as an input line\n"
  "  -n, --head-count=COUNT    output at most COUNT lines\n"
  "  -o, --output=FILE         write result to FILE instead of standard output\n"
  "      --random-source=FILE  seed the generator from FILE's bytes (deterministic,\n"
  "                            but not the same permutation as GNU shuf)\n"
  "  -r, --repeat              output lines can be repeated\n"
  "  -z, --zero-terminated     line delimiter is NUL, not newline\n",
  "ei:n:o:rz",
  (const tb_longopt[]){
    {"echo", 'e'},
    {"input-range:", 'i'},
    {"head-count:", 'n'},
    {"output:", 'o'},
    {"random-source:", RANDSRC},
    {"repeat", 'r'},
    {"zero-terminated", 'z'},
    {0}},
};

static uint64_t st[4];

static uint64_t rotl(uint64_t x, int k) { return x << k | x >> (64 - k); }
static uint64_t next64(void) {
  uint64_t r = rotl(st[1] * 5, 7) * 9, t = st[1] << 17;
  st[2] ^= st[0], st[3] ^= st[1], st[1] ^= st[2], st[0] ^= st[3], st[2] ^= t, st[3] = rotl(st[3], 45);
  return r;
}
/* Uniform in [0, n), without modulo bias. */
static uint64_t below(uint64_t n) {
  uint64_t lim = -n % n, x;
  do x = next64(); while (x < lim);
  return x % n;
}
static void seed(uint64_t h) {
  for (int i = 0; i < 4; i++) { /* splitmix64 fills the state */
    uint64_t z = (h += 0x9e3779b97f4a7c15ULL);
    z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9ULL, z = (z ^ z >> 27) * 0x94d049bb133111ebULL;
    st[i] = z ^ z >> 31;
  }
}
static void seed_from_file(const char *path) {
  rd_t r;
  if (rd_open(&r, path) < 0) tb_die(1, "%s: %s", path, strerror(errno));
  uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a over the whole file */
  unsigned char buf[8192];
  ssize_t k;
  while ((k = rd_read(&r, buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < k; i++) h = (h ^ buf[i]) * 0x100000001b3ULL;
  rd_close(&r);
  seed(h);
}

/* A sparse view of the array 0..n-1 for Fisher-Yates over huge -i ranges:
 * only the slots a swap touched are stored (open addressing). */
typedef struct { uint64_t key, val; } slot_t;
static slot_t *slots;
static size_t nslots;
static uint64_t *dense; /* instead, when the whole array is small enough or mostly touched */
static slot_t *find(uint64_t key) {
  size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (nslots - 1);
  while (slots[i].key != UINT64_MAX && slots[i].key != key) i = (i + 1) & (nslots - 1);
  return &slots[i];
}
static uint64_t get(uint64_t i) {
  if (dense) return dense[i];
  slot_t *s = find(i);
  return s->key == i ? s->val : i;
}
static void set(uint64_t i, uint64_t v) {
  if (dense) {
    dense[i] = v;
    return;
  }
  slot_t *s = find(i);
  s->key = i, s->val = v;
}

static char eol = '\n';

static void emit(const char *s, size_t n) {
  out_write(s, n);
  out_putc(eol);
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int echo = 0, range = 0, repeat = 0, c;
  long long count = -1;
  uint64_t lo = 0, hi = 0;
  const char *outfile = NULL, *source = NULL;
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'e': echo = 1; break;
      case 'i': {
        char *dash = strchr(optarg, '-'), *end;
        if (range) tb_usage_error("multiple -i options specified");
        range = 1;
        errno = 0;
        if (dash && dash != optarg && optarg[0] >= '0' && optarg[0] <= '9' && dash[1] >= '0' && dash[1] <= '9') {
          lo = strtoull(optarg, &end, 10);
          if (end == dash) hi = strtoull(dash + 1, &end, 10);
          if (!errno && !*end && lo <= hi + 1 && hi < UINT64_MAX) break;
        }
        tb_usage_error("invalid input range: '%s'", optarg);
      }
      case 'n': {
        long long n = tb_parse_count(optarg, 0);
        if (n < 0) tb_usage_error("invalid line count: '%s'", optarg);
        if (count < 0 || n < count) count = n;
        break;
      }
      case 'o': outfile = optarg; break;
      case RANDSRC:
        if (source && strcmp(source, optarg)) tb_usage_error("multiple random sources specified");
        source = optarg;
        break;
      case 'r': repeat = 1; break;
      case 'z': eol = 0; break;
    }
  }
  if (echo && range) tb_usage_error("cannot combine -e and -i options");
  if (range && optind < argc) tb_usage_error("extra operand '%s'", argv[optind]);
  if (!echo && !range && argc - optind > 1) tb_usage_error("extra operand '%s'", argv[optind + 1]);

  if (source) seed_from_file(source);
  else {
    uint64_t h;
    if (getentropy(&h, sizeof h)) tb_die(1, "no random source: %s", strerror(errno));
    seed(h);
  }

  /* The input as n lines: lines[i] (len[i]) or, for -i, the numbers lo..hi. */
  char **lines = NULL;
  size_t *lens = NULL;
  uint64_t n = 0;
  if (range) n = hi + 1 - lo;
  else if (echo) {
    n = (uint64_t)(argc - optind);
    lines = argv + optind;
    lens = xmalloc(sizeof *lens * (n + 1));
    for (uint64_t i = 0; i < n; i++) lens[i] = strlen(lines[i]);
  } else {
    rd_t r;
    const char *f = optind < argc ? argv[optind] : "-";
    if (rd_open(&r, f) < 0) tb_die(1, "%s: %s", f, strerror(errno));
    size_t len;
    char *data = tb_slurp(&r, &len), *p = data, *end = data + len;
    size_t cap = 1024;
    lines = xmalloc(sizeof *lines * cap), lens = xmalloc(sizeof *lens * cap);
    while (p < end) {
      char *q = memchr(p, eol, (size_t)(end - p));
      if (!q) q = end;
      if (n == cap) cap *= 2, lines = xrealloc(lines, sizeof *lines * cap), lens = xrealloc(lens, sizeof *lens * cap);
      lines[n] = p, lens[n++] = (size_t)(q - p);
      p = q + 1;
    }
  }
  if (outfile) {
    int fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) tb_die(1, "%s: %s", outfile, strerror(errno));
    out_set_fd(fd);
  }

  char num[24];
#define EMIT(i) (range ? emit(num, (size_t)snprintf(num, sizeof num, "%llu", (unsigned long long)(lo + (i)))) : emit(lines[i], lens[i]))
  if (repeat) {
    if (!n) {
      if (count != 0) tb_die(1, "no lines to repeat");
    } else {
      for (long long k = 0; count < 0 || k < count; k++) EMIT(below(n));
    }
  } else {
    uint64_t want = count >= 0 && (uint64_t)count < n ? (uint64_t)count : n;
    if (n <= 4 * want || n <= 65536) {
      dense = xmalloc(sizeof *dense * (n ? n : 1));
      for (uint64_t i = 0; i < n; i++) dense[i] = i;
    } else {
      for (nslots = 16; nslots < 2 * want + 2; nslots *= 2) {}
      slots = xmalloc(sizeof *slots * nslots);
      memset(slots, 0xff, sizeof *slots * nslots);
    }
    for (uint64_t i = 0; i < want; i++) { /* partial Fisher-Yates: slot i gets a random pick from i..n-1 */
      uint64_t j = i + below(n - i), vi = get(i), vj = get(j);
      set(j, vi);
      EMIT(vj);
    }
  }
  out_flush();
  return 0;
}
