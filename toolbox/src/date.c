/* date [-u] [-d STRING | -r FILE] [-I[FMT] | -R | --rfc-3339=FMT | +FORMAT]: print a
 * time, now by default. Everything is UTC (the sandbox has no time zones; TZ is
 * ignored). -d reads ISO 8601 dates and times (optionally with Z or +HH:MM),
 * @EPOCH, now/today/yesterday/tomorrow and trailing "N unit [ago]" items.
 * FORMAT takes GNU's conversions and flags (- _ 0 ^ #, a width, %N, %:z, %P). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "opt.h"
#include "tb.h"

enum { RFC3339 = 256 };
static const tb_tool tool = {
  "date", "date [OPTION]... [+FORMAT]",
  "Display the date and time in the given FORMAT (all times are UTC).\n"
  "  -d, --date=STRING          display time described by STRING, not 'now'\n"
  "                             (ISO 8601, @EPOCH, now, today, yesterday, tomorrow,\n"
  "                             followed by items such as '2 days ago' or '+3 hours')\n"
  "  -I[FMT], --iso-8601[=FMT]  ISO 8601: FMT is date (default), hours, minutes, seconds, ns\n"
  "  -R, --rfc-email            RFC 5322 format, e.g. Mon, 14 Aug 2006 02:34:56 +0000\n"
  "      --rfc-3339=FMT         RFC 3339: FMT is date, seconds or ns\n"
  "  -r, --reference=FILE       display the last modification time of FILE\n"
  "  -u, --utc, --universal     Coordinated Universal Time (always the case here)\n"
  "FORMAT takes strftime conversions with GNU's flags (- _ 0 ^ #), widths, %N, %:z.\n",
  "d:I::r:Ru",
  (const tb_longopt[]){
    {"date:", 'd'},
    {"iso-8601::", 'I'},
    {"rfc-email", 'R'},
    {"rfc-3339:", RFC3339},
    {"reference:", 'r'},
    {"utc", 'u'},
    {"universal", 'u'},
    {0}},
};

static long long secs;
static long nsec;

static void conv(char *out, size_t cap, char c, const struct tm *tm, int colons) {
  char f[3] = {'%', c, 0};
  switch (c) {
    case 'k': snprintf(out, cap, "%2d", tm->tm_hour); break;
    case 'l': snprintf(out, cap, "%2d", (tm->tm_hour + 11) % 12 + 1); break;
    case 'P': snprintf(out, cap, "%s", tm->tm_hour < 12 ? "am" : "pm"); break;
    case 's': snprintf(out, cap, "%lld", secs); break;
    case 'N': snprintf(out, cap, "%09ld", nsec); break;
    case 'Z': snprintf(out, cap, "UTC"); break;
    case 'q': snprintf(out, cap, "%d", tm->tm_mon / 3 + 1); break;
    case 'z': snprintf(out, cap, "%s", colons == 0 ? "+0000" : colons == 1 ? "+00:00" : colons == 2 ? "+00:00:00" : "+00"); break;
    default:
      if (!strchr("aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyY%", c) || !strftime(out, cap, f, tm)) out[0] = 0;
  }
}

/* Expands FORMAT as GNU date does, into the output buffer. */
static void format(const char *fmt, const struct tm *tm) {
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      out_putc(*p);
      continue;
    }
    const char *start = p++;
    char flag = 0;
    int upper = 0, swap = 0, width = -1, colons = 0;
    for (;; p++) {
      if (*p == '-' || *p == '_' || *p == '0') flag = *p;
      else if (*p == '^') upper = 1;
      else if (*p == '#') swap = 1;
      else break;
    }
    if (isdigit((unsigned char)*p)) width = (int)strtol(p, (char **)&p, 10);
    while (*p == ':' && colons < 3) colons++, p++;
    if (*p == 'E' || *p == 'O') p++;
    char c = *p, s[128];
    if (!c || (colons && c != 'z') || !strchr("aAbBcCdDeFgGhHIjklmMnNpPqrRsStTuUVwWxXyYzZ%", c)) {
      out_write(start, (size_t)(p - start) + (c != 0)); /* not a conversion: as written */
      if (!c) break;
      continue;
    }
    conv(s, sizeof s, c, tm, colons);
    if (c == 'N' && width > 0 && width < 9) s[width] = 0, width = -1; /* %3N: milliseconds */
    int numeric = strchr("CdeGgHIjklmMNqsSuUVwWyY", c) != NULL;
    char pad = numeric && !strchr("ekl", c) ? '0' : ' ';
    char *v = s;
    size_t natural = strlen(s);
    if (flag && numeric) { /* drop the conversion's own padding, then apply the flag's */
      while ((*v == '0' || *v == ' ') && v[1] && isdigit((unsigned char)v[1])) v++;
      if (flag != '-') pad = flag == '_' ? ' ' : '0';
    } else if (flag == '_' || flag == '0') {
      pad = flag == '_' ? ' ' : '0';
    }
    if (flag == '-') width = -1, natural = 0;
    if (width < 0) width = flag && numeric && flag != '-' ? (int)natural : 0;
    if (swap && strchr("aAbBh", c)) upper = 1;
    for (char *q = v; *q; q++) {
      if (upper) *q = (char)toupper((unsigned char)*q);
      else if (swap && (c == 'p' || c == 'Z')) *q = (char)tolower((unsigned char)*q);
    }
    int len = (int)strlen(v);
    if (pad == '0' && (*v == '-' || *v == '+') && len < width) out_putc(*v++), width--, len--;
    for (; len < width; width--) out_putc(pad);
    out_str(v);
  }
}

/* Reads "N unit [ago]" items after the base date; returns 0 if the rest is not that. */
static int relative(const char *s, long long *delta) {
  static const char *units[] = {"sec", "second", "min", "minute", "hour", "day", "week", "fortnight"};
  static const long long size[] = {1, 1, 60, 60, 3600, 86400, 604800, 1209600};
  while (isspace((unsigned char)*s)) s++;
  while (*s) {
    char *end;
    long long n = 1;
    if (isdigit((unsigned char)*s) || *s == '+' || *s == '-') {
      n = strtoll(s, &end, 10);
      if (end == s) return 0;
      s = end;
    }
    while (isspace((unsigned char)*s)) s++;
    size_t len = 0;
    while (isalpha((unsigned char)s[len])) len++;
    size_t base = len && s[len - 1] == 's' ? len - 1 : len;
    int found = -1;
    for (int i = 0; i < 8; i++)
      if ((strlen(units[i]) == len || strlen(units[i]) == base) && !strncasecmp(s, units[i], strlen(units[i]))) found = i;
    if (found < 0) return 0;
    s += len;
    while (isspace((unsigned char)*s)) s++;
    if (!strncasecmp(s, "ago", 3)) n = -n, s += 3;
    *delta += n * size[found];
    while (isspace((unsigned char)*s)) s++;
  }
  return 1;
}

/* -d STRING: sets secs/nsec, or returns 0. */
static int parse_date(const char *str) {
  const char *s = str;
  while (isspace((unsigned char)*s)) s++;
  long long delta = 0;
  char *end;
  if (*s == '@') {
    secs = strtoll(s + 1, &end, 10);
    nsec = 0;
    if (end == s + 1) return 0;
    if (*end == '.') {
      long scale = 100000000;
      for (end++; isdigit((unsigned char)*end); end++, scale /= 10) nsec += (*end - '0') * scale;
    }
    while (isspace((unsigned char)*end)) end++;
    return !*end; /* GNU takes nothing after @EPOCH */
  }
  struct tm tm = {0};
  time_t now = (time_t)secs;
  gmtime_r(&now, &tm);
  static const struct { const char *word; int days; } words[] = {{"now", 0}, {"today", 0}, {"yesterday", -1}, {"tomorrow", 1}};
  for (int i = 0; i < 4; i++) {
    size_t n = strlen(words[i].word);
    if (!strncasecmp(s, words[i].word, n) && !isalpha((unsigned char)s[n])) {
      if (!relative(s + n, &delta)) return 0;
      secs += delta + 86400LL * words[i].days;
      return 1;
    }
  }
  if (!*s) { /* GNU: the empty string is midnight today */
    secs -= secs % 86400, nsec = 0;
    return 1;
  }
  int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, timed = 0;
  if (sscanf(s, "%d-%d-%d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31) return 0;
  s += n;
  nsec = 0;
  if ((*s == 'T' || *s == 't' || *s == ' ') && strspn(s + 1, "0123456789") > 0 && s[1 + strspn(s + 1, "0123456789")] == ':') {
    int k = 0;
    if (sscanf(s + 1, "%d:%d%n", &h, &mi, &k) != 2) return 0;
    s += 1 + k;
    if (*s == ':' && sscanf(s + 1, "%d%n", &sec, &k) == 1) s += 1 + k;
    if (*s == '.' || *s == ',') {
      long scale = 100000000;
      for (s++; isdigit((unsigned char)*s); s++, scale /= 10) nsec += (*s - '0') * scale;
    }
    if (h > 23 || mi > 59 || sec > 59) return 0;
    timed = 1;
  }
  long long off = 0;
  while (*s == ' ') s++;
  if (*s == 'Z' || *s == 'z') s++;
  else if (!strncasecmp(s, "UTC", 3) || !strncasecmp(s, "GMT", 3)) s += 3;
  else if ((*s == '+' || *s == '-') && isdigit((unsigned char)s[1]) && (timed || isdigit((unsigned char)s[2]))) {
    /* a zone: +HH, +HHMM, +HH:MM; after a time GNU also takes +H (so "07:08 +2 days" is UTC+2) */
    int sign = *s == '-' ? -1 : 1, digits = (int)strspn(s + 1, "0123456789"), oh, om = 0;
    if (digits == 4) oh = (s[1] - '0') * 10 + s[2] - '0', om = (s[3] - '0') * 10 + s[4] - '0';
    else if (digits <= 2) oh = (int)strtol(s + 1, NULL, 10);
    else return 0;
    s += 1 + digits;
    if (digits <= 2 && *s == ':' && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2])) om = (s[1] - '0') * 10 + s[2] - '0', s += 3;
    off = sign * (oh * 3600LL + om * 60);
  }
  if (!relative(s, &delta)) return 0;
  tm = (struct tm){.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
  secs = (long long)timegm(&tm) - off + delta;
  return 1;
}

int main(int argc, char **argv) {
  tb_init(&tool);
  const char *fmt = NULL, *when = NULL, *ref = NULL;
  int c, nfmt = 0;
  static const char *iso[] = {"date", "hours", "minutes", "seconds", "ns"};
  static const char *isofmt[] = {"%Y-%m-%d", "%Y-%m-%dT%H%:z", "%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S,%N%:z"};
  while ((c = tb_getopt(argc, argv)) != -1) {
    switch (c) {
      case 'd': when = optarg; break;
      case 'r': ref = optarg; break;
      case 'u': break;
      case 'R': fmt = "%a, %d %b %Y %H:%M:%S %z", nfmt++; break;
      case 'I': case RFC3339: {
        int i = 0, found = -1;
        for (; i < 5; i++)
          if (optarg ? !strncmp(iso[i], optarg, strlen(optarg)) && *optarg : i == 0) found = found < 0 ? i : -2;
        if (c == RFC3339 && (found == 1 || found == 2)) found = -1;
        if (found < 0) tb_usage_error("invalid argument '%s' for '%s'", optarg ? optarg : "", c == 'I' ? "--iso-8601" : "--rfc-3339");
        fmt = c == 'I' ? isofmt[found] : found == 0 ? "%Y-%m-%d" : found == 3 ? "%Y-%m-%d %H:%M:%S%:z" : "%Y-%m-%d %H:%M:%S.%N%:z";
        nfmt++;
        break;
      }
    }
  }
  for (; optind < argc; optind++) {
    if (argv[optind][0] != '+') tb_usage_error("invalid date '%s' (setting the date is not supported)", argv[optind]);
    if (fmt && nfmt) tb_usage_error("multiple output formats specified");
    fmt = argv[optind] + 1, nfmt++;
  }
  if (nfmt > 1) tb_usage_error("multiple output formats specified");
  if (when && ref) tb_usage_error("the options to specify dates for printing are mutually exclusive");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  secs = ts.tv_sec, nsec = ts.tv_nsec;
  if (ref) {
    struct stat st;
    if (stat(ref, &st) < 0) tb_die(1, "%s: %s", ref, strerror(errno));
    secs = st.st_mtim.tv_sec, nsec = st.st_mtim.tv_nsec;
  }
  if (when && !parse_date(when)) tb_die(1, "invalid date '%s'", when);
  time_t t = (time_t)secs;
  struct tm tm;
  if (!gmtime_r(&t, &tm)) tb_die(1, "time %lld is out of range", secs);
  format(fmt ? fmt : "%a %b %e %H:%M:%S %Z %Y", &tm);
  out_putc('\n');
  out_flush();
  return 0;
}
