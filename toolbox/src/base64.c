/* base64 [-d] [-i] [-w COLS] [FILE]: encode or decode RFC 4648 base64. */
#include <errno.h>
#include <string.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "base64", "base64 [OPTION]... [FILE]",
  "Base64 encode or decode FILE, or standard input, to standard output.\n"
  "  -d, --decode          decode data\n"
  "  -i, --ignore-garbage  when decoding, ignore non-alphabet characters\n"
  "  -w, --wrap=COLS       wrap encoded lines after COLS character (default 76); 0 disables\n",
  "diw:",
  (const tb_longopt[]){
    {"decode", 'd'},
    {"ignore-garbage", 'i'},
    {"wrap:", 'w'},
    {0}},
};

static const char ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static long long wrap = 76, col;

static void emit(char c) {
  out_putc(c);
  if (wrap && ++col == wrap) out_putc('\n'), col = 0;
}

static void encode(rd_t *r) {
  unsigned char buf[3 * 4096];
  size_t have = 0;
  ssize_t k;
  while ((k = rd_read(r, buf + have, sizeof buf - have)) > 0) {
    have += (size_t)k;
    size_t whole = have - have % 3;
    for (size_t i = 0; i < whole; i += 3) {
      unsigned v = (unsigned)buf[i] << 16 | (unsigned)buf[i + 1] << 8 | buf[i + 2];
      emit(ALPHA[v >> 18]), emit(ALPHA[v >> 12 & 63]), emit(ALPHA[v >> 6 & 63]), emit(ALPHA[v & 63]);
    }
    memmove(buf, buf + whole, have - whole);
    have -= whole;
  }
  if (k < 0) tb_die(1, "read error: %s", strerror(errno));
  if (have) {
    unsigned v = (unsigned)buf[0] << 16 | (have > 1 ? (unsigned)buf[1] << 8 : 0);
    emit(ALPHA[v >> 18]), emit(ALPHA[v >> 12 & 63]);
    emit(have > 1 ? ALPHA[v >> 6 & 63] : '=');
    emit('=');
  }
  if (wrap && col) out_putc('\n');
  if (!wrap) {} /* -w 0: no newline at all, as coreutils */
}

static int decode(rd_t *r, int ignore_garbage) {
  int val[256];
  for (int i = 0; i < 256; i++) val[i] = -1;
  for (int i = 0; i < 64; i++) val[(unsigned char)ALPHA[i]] = i;
  unsigned acc = 0;
  int n = 0, pad = 0, c;
  unsigned char b;
  while (rd_read(r, &b, 1) == 1) {
    c = b;
    if (c == '\n') continue;
    if (c == '=' ) { pad++; continue; }
    if (val[c] < 0 || pad) {
      if (ignore_garbage && val[c] < 0) continue;
      out_flush();
      tb_die(1, "invalid input");
    }
    acc = acc << 6 | (unsigned)val[c];
    if (++n == 4) {
      out_putc((int)(acc >> 16 & 255)), out_putc((int)(acc >> 8 & 255)), out_putc((int)(acc & 255));
      acc = 0, n = 0;
    }
  }
  if (n == 1) { out_flush(); tb_die(1, "invalid input"); }
  if (n == 2) out_putc((int)(acc >> 4 & 255));
  if (n == 3) out_putc((int)(acc >> 10 & 255)), out_putc((int)(acc >> 2 & 255));
  if (n && pad + n != 4) { out_flush(); tb_die(1, "invalid input"); }
  return 0;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int dec = 0, garbage = 0, c;
  while ((c = tb_getopt(argc, argv)) != -1) {
    if (c == 'd') dec = 1;
    else if (c == 'i') garbage = 1;
    else if (c == 'w' && (wrap = tb_parse_count(optarg, 0)) < 0) tb_usage_error("invalid wrap size: '%s'", optarg);
  }
  if (argc - optind > 1) tb_usage_error("extra operand '%s'", argv[optind + 1]);
  const char *name = optind < argc ? argv[optind] : "-";
  rd_t r;
  if (rd_open(&r, name) < 0) tb_die(1, "%s: %s", name, strerror(errno));
  if (dec) decode(&r, garbage); else encode(&r);
  out_flush();
  return 0;
}
