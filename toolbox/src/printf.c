/* printf FORMAT [ARGUMENT]...: as coreutils' printf; the format is reused
 * while arguments remain. The shell's builtin printf runs first; this
 * program serves xargs and explicit paths. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "printf", "printf FORMAT [ARGUMENT]...",
  "Print ARGUMENT(s) according to FORMAT, reusing FORMAT while arguments remain.\n"
  "FORMAT takes C escapes (\\n \\t \\\\ \\NNN \\xHH \\c ...) and the conversions\n"
  "%d %i %o %u %x %X %f %e %E %g %G %a %A %c %s %b %% with flags, width and precision (also *).\n"
};

static int status;
static char **args;
static int nargs, argi;

static const char *next_arg(void) { return argi < nargs ? args[argi++] : NULL; }

static void bad_number(const char *s, const char *end) {
  out_flush();
  tb_warn(end == s ? "'%s': expected a numeric value" : "'%s': value not completely converted", s);
  status = 1;
}

static long long int_arg(int is_unsigned) {
  const char *s = next_arg();
  if (!s) return 0;
  if (*s == '\'' || *s == '"') return (unsigned char)s[1];
  char *end;
  errno = 0;
  long long v = is_unsigned && *s != '-' ? (long long)strtoull(s, &end, 0) : strtoll(s, &end, 0);
  if (*end || end == s) bad_number(s, end);
  else if (errno == ERANGE) { tb_warn("%s: %s", s, strerror(errno)); status = 1; }
  return v;
}

static double float_arg(void) {
  const char *s = next_arg();
  if (!s) return 0;
  if (*s == '\'' || *s == '"') return (unsigned char)s[1];
  char *end;
  double v = strtod(s, &end);
  if (*end || end == s) bad_number(s, end);
  return v;
}

/* Runs FORMAT once; returns 1 if \c asked to stop. */
static int run(const char *f) {
  while (*f) {
    if (*f == '\\') {
      if (f[1] == 'c') return 1;
      int c;
      size_t used = tb_escape_one(f + 1, 0, &c);
      if (used) { out_putc(c); f += 1 + used; }
      else { out_putc(*f++); }
      continue;
    }
    if (*f != '%') { out_putc(*f++); continue; }
    if (f[1] == '%') { out_putc('%'); f += 2; continue; }
    /* build a C conversion spec: % flags width .prec conv */
    char spec[64];
    size_t n = 0;
    spec[n++] = *f++;
    while (*f && strchr("-+ #0'", *f) && n < 20) spec[n++] = *f++;
    if (*f == '*') { n += (size_t)snprintf(spec + n, 20, "%d", (int)int_arg(0)); f++; }
    else while (isdigit((unsigned char)*f) && n < 40) spec[n++] = *f++;
    if (*f == '.') {
      spec[n++] = *f++;
      if (*f == '*') { n += (size_t)snprintf(spec + n, 20, "%d", (int)int_arg(0)); f++; }
      else while (isdigit((unsigned char)*f) && n < 50) spec[n++] = *f++;
    }
    while (*f && strchr("hlLqjzt", *f)) f++; /* size modifiers are accepted and ignored */
    char conv = *f ? *f++ : 0;
    spec[n] = 0;
    switch (conv) {
      case 'd': case 'i':
        strcpy(spec + n, "lld"), out_printf(spec, int_arg(0));
        break;
      case 'o': case 'u': case 'x': case 'X':
        spec[n] = 'l', spec[n + 1] = 'l', spec[n + 2] = conv, spec[n + 3] = 0;
        out_printf(spec, (unsigned long long)int_arg(1));
        break;
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        spec[n] = conv, spec[n + 1] = 0;
        out_printf(spec, float_arg());
        break;
      case 'c': {
        const char *s = next_arg();
        strcpy(spec + n, "c"), out_printf(spec, s ? s[0] : 0);
        break;
      }
      case 's': {
        const char *s = next_arg();
        strcpy(spec + n, "s"), out_printf(spec, s ? s : "");
        break;
      }
      case 'b': {
        const char *s = next_arg();
        if (!s) s = "";
        char *buf = xmalloc(strlen(s) + 1);
        int stop;
        size_t len = tb_unescape(s, buf, TB_ESC_OCTAL0, &stop);
        buf[len] = 0;
        strcpy(spec + n, "s"), out_printf(spec, buf);
        free(buf);
        if (stop) return 1;
        break;
      }
      default:
        out_flush();
        tb_die(1, "%%%c: invalid conversion specification", conv);
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  tb_help_only(argc, argv);
  int first = argc > 1 && !strcmp(argv[1], "--") ? 2 : 1;
  if (first >= argc) tb_usage_error("missing operand");
  const char *format = argv[first];
  args = argv + first + 1;
  nargs = argc - first - 1;
  do {
    int before = argi;
    if (run(format)) break;
    if (argi == before) break; /* a format that takes no arguments runs once */
  } while (argi < nargs);
  out_flush();
  return status;
}
