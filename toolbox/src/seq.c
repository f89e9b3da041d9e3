/* seq [-s SEP] [-w] [-f FORMAT] [FIRST [INCREMENT]] LAST: print a sequence.
 * Integers are exact (64-bit); otherwise double with the operands'
 * largest number of decimals, as coreutils does. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "seq", "seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST",
  "Print numbers from FIRST to LAST, in steps of INCREMENT (both default to 1).\n"
  "  -f, --format=FORMAT      use printf style floating-point FORMAT\n"
  "  -s, --separator=STRING   use STRING to separate numbers (default: \\n)\n"
  "  -w, --equal-width        equalize width by padding with leading zeroes\n",
  "+f:s:w",
  (const tb_longopt[]){
    {"format:", 'f'},
    {"separator:", 's'},
    {"equal-width", 'w'},
    {0}},
};

static const char *sep = "\n", *fmt;
static int equal_width;

static int decimals(const char *s) {
  const char *dot = strchr(s, '.');
  if (!dot || strpbrk(s, "eE")) return 0;
  return (int)strspn(dot + 1, "0123456789");
}

static double parse(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || isspace((unsigned char)*s)) tb_usage_error("invalid floating point argument: '%s'", s);
  return v;
}

static int is_int(const char *s) {
  if (*s == '+' || *s == '-') s++;
  return *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 18;
}

/* Checks that a user FORMAT has exactly one floating-point conversion; returns a copy. */
static char *checked_format(const char *f) {
  char *o = xmalloc(strlen(f) * 2 + 2), *w = o;
  int convs = 0;
  for (const char *p = f; *p; p++) {
    *w++ = *p;
    if (*p != '%') continue;
    if (p[1] == '%') { *w++ = *++p; continue; }
    p++;
    while (*p && strchr("-+ #0'", *p)) *w++ = *p++;
    while (isdigit((unsigned char)*p) || *p == '.') *w++ = *p++;
    if (!*p || !strchr("aAeEfFgG", *p)) tb_usage_error("format '%s' has unknown %%%c directive", f, *p ? *p : ' ');
    *w++ = *p;
    convs++;
  }
  *w = 0;
  if (convs != 1) tb_usage_error("format '%s' has %s %% directive", f, convs ? "too many" : "no");
  return o;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  /* Stop at the first operand, so negative numbers are not taken for options. */
  for (;;) {
    if (optind < argc && argv[optind][0] == '-' && (isdigit((unsigned char)argv[optind][1]) || argv[optind][1] == '.')) break;
    int c = tb_getopt(argc, argv);
    if (c == -1) break;
    if (c == 'f') fmt = optarg;
    else if (c == 's') sep = optarg;
    else if (c == 'w') equal_width = 1;
  }
  int n = argc - optind;
  if (n < 1) tb_usage_error("missing operand");
  if (n > 3) tb_usage_error("extra operand '%s'", argv[optind + 3]);
  const char *sf = n > 1 ? argv[optind] : "1", *si = n == 3 ? argv[optind + 1] : "1", *sl = argv[argc - 1];
  double first = parse(sf), incr = parse(si), last = parse(sl);
  if (incr == 0) tb_usage_error("invalid Zero increment value: '%s'", si);
  if (fmt && equal_width) tb_usage_error("format string may not be specified when printing equal width strings");
  int started = 0;
  if (!fmt && !equal_width && is_int(sf) && is_int(si) && is_int(sl)) {
    long long a = strtoll(sf, 0, 10), d = strtoll(si, 0, 10), z = strtoll(sl, 0, 10);
    for (long long v = a; d > 0 ? v <= z : v >= z; v += d) {
      if (started) out_str(sep);
      out_printf("%lld", v);
      started = 1;
    }
  } else {
    int prec = decimals(sf) > decimals(si) ? decimals(sf) : decimals(si);
    char def[32];
    int width = 0;
    if (equal_width) {
      char a[64], b[64];
      int lp = decimals(sl) > prec ? decimals(sl) : prec;
      width = snprintf(a, sizeof a, "%.*f", prec, first);
      int wl = snprintf(b, sizeof b, "%.*f", lp, last) - (lp - prec);
      if (wl > width) width = wl;
    }
    snprintf(def, sizeof def, "%%0%d.%df", width, prec);
    const char *f = fmt ? checked_format(fmt) : def;
    for (long long i = 0;; i++) {
      double v = first + (double)i * incr;
      if (incr > 0 ? v > last : v < last) break;
      if (started) out_str(sep);
      out_printf(f, v);
      started = 1;
    }
  }
  if (started) out_putc('\n');
  out_flush();
  return 0;
}
