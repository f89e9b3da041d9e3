/* sed [-n] [-E|-r] [-s] [-e script]... [-f file]... [script] [file...]
 * Commands: s y p P d D q Q n N = a i c l? { } ! and b t : labels; addresses:
 * N, $, /re/, \cREc, addr1,addr2, addr1,+N, with I on regex addresses.
 * s flags: g p N I/i and w-less; replacement: & \1-\9 \n \t \L \U \l \u \E.
 * Output keeps a missing final newline missing, like GNU sed. */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "tb.h"

enum { A_NONE, A_LINE, A_LAST, A_RE, A_PLUS };
typedef struct { int type; long line; regex_t *re; } addr_t;
typedef struct cmd {
  addr_t a1, a2;
  int neg, cmd;
  int in_range;
  long range_end;
  /* s */
  regex_t *re;
  char *repl;
  size_t repl_len;
  int global, print, nth, eval_exit;
  /* y */
  unsigned char ymap[256];
  /* a i c, labels */
  char *text;
  size_t text_len;
  int jump; /* index for b/t and for '{' the matching '}' */
} cmd_t;

static cmd_t *cmds;
static int ncmds;
static int opt_n, opt_E, opt_s;
static regex_t *last_re;

/* ---- script parsing ---- */
static const char *sp;

static void bad(const char *msg) { tb_die(1, "-e expression #1, char %d: %s", 0, msg); }

static regex_t *compile(const char *pat, size_t len, int icase) {
  if (len == 0) {
    if (!last_re) bad("no previous regular expression");
    return NULL; /* NULL = reuse the last regex at run time */
  }
  char *p = xmemdup(pat, len);
  regex_t *re = xmalloc(sizeof *re);
  int rc = regcomp(re, p, (opt_E ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0));
  if (rc) {
    char msg[256];
    regerror(rc, re, msg, sizeof msg);
    tb_die(1, "-e expression: %s", msg);
  }
  free(p);
  last_re = re;
  return re;
}

/* Reads up to the unescaped delimiter; \delim becomes delim, \n a newline. */
static char *read_delimited(char delim, size_t *len, int is_regex) {
  size_t cap = 64, n = 0;
  char *o = xmalloc(cap);
  int br = 0;
  while (*sp && (*sp != delim || br)) {
    if (n + 4 > cap) o = xrealloc(o, cap *= 2);
    if (is_regex && *sp == '[' && !br) {
      br = 1;
      o[n++] = *sp++;
      if (*sp == '^') o[n++] = *sp++;
      if (*sp == ']') o[n++] = *sp++;
      continue;
    }
    if (br) {
      if (*sp == ']') br = 0;
      o[n++] = *sp++;
      continue;
    }
    if (*sp == '\\' && sp[1]) {
      sp++;
      if (*sp == delim) o[n++] = delim;
      else if (*sp == 'n') o[n++] = '\n';
      else if (*sp == 't' && is_regex) o[n++] = '\t';
      else { o[n++] = '\\'; o[n++] = *sp; }
      sp++;
      continue;
    }
    o[n++] = *sp++;
  }
  if (*sp != delim) bad("unterminated `s' command");
  sp++;
  o[n] = 0;
  *len = n;
  return o;
}

static void skip_ws(void) { while (*sp == ' ' || *sp == '\t') sp++; }

static int parse_addr(addr_t *a) {
  a->type = A_NONE;
  if (isdigit((unsigned char)*sp)) {
    a->type = A_LINE;
    a->line = strtol(sp, (char **)&sp, 10);
    return 1;
  }
  if (*sp == '$') { sp++; a->type = A_LAST; return 1; }
  if (*sp == '/' || *sp == '\\') {
    char d = *sp == '/' ? '/' : sp[1];
    sp += *sp == '/' ? 1 : 2;
    size_t len;
    char *pat = read_delimited(d, &len, 1);
    int icase = 0;
    while (*sp == 'I' || *sp == 'M') icase |= *sp++ == 'I';
    a->type = A_RE;
    a->re = compile(pat, len, icase);
    free(pat);
    return 1;
  }
  return 0;
}

static char *read_label(void) {
  skip_ws();
  const char *b = sp;
  while (*sp && *sp != ';' && *sp != '\n' && *sp != '}' ) sp++;
  const char *e = sp;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t')) e--;
  return xmemdup(b, (size_t)(e - b));
}

/* a/i/c text: one-liner "a text" or "a\" newline "text" (lines ending in \ continue). */
static void read_text(cmd_t *c) {
  skip_ws();
  if (*sp == '\\') { sp++; if (*sp == '\n') sp++; }
  skip_ws();
  size_t cap = 64, n = 0;
  char *o = xmalloc(cap);
  while (*sp && *sp != '\n') {
    if (n + 3 > cap) o = xrealloc(o, cap *= 2);
    if (*sp == '\\' && sp[1]) {
      sp++;
      if (*sp == '\n') { o[n++] = '\n'; sp++; continue; }
      o[n++] = *sp == 't' ? '\t' : *sp;
      sp++;
      continue;
    }
    o[n++] = *sp++;
  }
  o[n] = 0;
  c->text = o;
  c->text_len = n;
}

static int *block_stack, nblock;
static char **labels;
static int *label_at, nlabels;

static void parse_script(const char *script) {
  sp = script;
  for (;;) {
    while (*sp == ' ' || *sp == '\t' || *sp == '\n' || *sp == ';') sp++;
    if (!*sp) break;
    if (*sp == '#') { while (*sp && *sp != '\n') sp++; continue; }
    cmds = xrealloc(cmds, (size_t)(ncmds + 1) * sizeof *cmds);
    cmd_t *c = &cmds[ncmds];
    memset(c, 0, sizeof *c);
    if (parse_addr(&c->a1)) {
      skip_ws();
      if (*sp == ',') {
        sp++;
        skip_ws();
        if (*sp == '+') {
          sp++;
          c->a2.type = A_PLUS;
          c->a2.line = strtol(sp, (char **)&sp, 10);
        } else if (!parse_addr(&c->a2)) bad("unexpected `,'");
      }
    }
    skip_ws();
    while (*sp == '!') { c->neg = 1; sp++; skip_ws(); }
    c->cmd = *sp ? *sp++ : 0;
    switch (c->cmd) {
      case '{':
        block_stack = xrealloc(block_stack, (size_t)(nblock + 1) * sizeof *block_stack);
        block_stack[nblock++] = ncmds;
        break;
      case '}':
        if (!nblock) bad("unexpected `}'");
        cmds[block_stack[--nblock]].jump = ncmds;
        break;
      case 'p': case 'P': case 'd': case 'D': case 'n': case 'N': case '=': case 'g': case 'G': case 'h': case 'H':
      case 'x': case 'l': case 'z':
        break;
      case 'q': case 'Q':
        skip_ws();
        c->eval_exit = isdigit((unsigned char)*sp) ? (int)strtol(sp, (char **)&sp, 10) : 0;
        break;
      case 'a': case 'i': case 'c':
        read_text(c);
        break;
      case ':': {
        char *l = read_label();
        if (!*l) bad("\":\" lacks a label");
        labels = xrealloc(labels, (size_t)(nlabels + 1) * sizeof *labels);
        label_at = xrealloc(label_at, (size_t)(nlabels + 1) * sizeof *label_at);
        labels[nlabels] = l;
        label_at[nlabels++] = ncmds;
        break;
      }
      case 'b': case 't': case 'T':
        c->text = read_label();
        break;
      case 's': {
        char d = *sp++;
        if (!d || d == '\n' || d == '\\') bad("unterminated `s' command");
        size_t plen;
        char *pat = read_delimited(d, &plen, 1);
        c->repl = read_delimited(d, &c->repl_len, 0);
        int icase = 0;
        for (;;) {
          if (*sp == 'g') c->global = 1, sp++;
          else if (*sp == 'p') c->print = 1, sp++;
          else if (*sp == 'I' || *sp == 'i') icase = 1, sp++;
          else if (*sp == 'm' || *sp == 'M') sp++;
          else if (isdigit((unsigned char)*sp)) c->nth = (int)strtol(sp, (char **)&sp, 10);
          else break;
        }
        if (c->nth == 0) c->nth = 1;
        c->re = compile(pat, plen, icase);
        free(pat);
        break;
      }
      case 'y': {
        char d = *sp++;
        size_t l1, l2;
        char *s1 = read_delimited(d, &l1, 0), *s2 = read_delimited(d, &l2, 0);
        /* read_delimited keeps "\\x" pairs; collapse \\ to \ for y */
        size_t a = 0, b = 0;
        for (size_t k = 0; k < l1; k++) s1[a++] = (s1[k] == '\\' && k + 1 < l1) ? s1[++k] : s1[k];
        for (size_t k = 0; k < l2; k++) s2[b++] = (s2[k] == '\\' && k + 1 < l2) ? s2[++k] : s2[k];
        if (a != b) bad("strings for `y' command are different lengths");
        for (int k = 0; k < 256; k++) c->ymap[k] = (unsigned char)k;
        for (size_t k = 0; k < a; k++) c->ymap[(unsigned char)s1[k]] = (unsigned char)s2[k];
        free(s1);
        free(s2);
        break;
      }
      default:
        tb_die(1, "-e expression #1: unknown command: `%c'", c->cmd ? c->cmd : ' ');
    }
    ncmds++;
    skip_ws();
    if (*sp == '}' || *sp == '#' || c->cmd == '{') continue;
    if (*sp && *sp != ';' && *sp != '\n') tb_die(1, "-e expression #1: extra characters after command");
  }
}

static void resolve_labels(void) {
  if (nblock) bad("unmatched `{'");
  for (int i = 0; i < ncmds; i++) {
    cmd_t *c = &cmds[i];
    if (c->cmd != 'b' && c->cmd != 't' && c->cmd != 'T') continue;
    c->jump = ncmds;
    if (!*c->text) continue;
    int k = 0;
    for (; k < nlabels; k++) if (!strcmp(labels[k], c->text)) break;
    if (k == nlabels) tb_die(1, "-e expression #1: can't find label for jump to `%s'", c->text);
    c->jump = label_at[k];
  }
}

/* ---- input across files ---- */
static char **files;
static int nfiles, fi = -1;
static rd_t in;
static int in_open;
static long lineno;
static int status;

/* Buffered lookahead so `$` can be recognised. */
static char *next_buf;
static size_t next_len, next_cap;
static int next_nl, have_next, next_eof;

static int raw_read(char **s, size_t *len, int *nl) {
  for (;;) {
    if (!in_open) {
      if (++fi >= nfiles) return 0;
      if (rd_open(&in, files[fi]) < 0) {
        tb_warn("can't read %s: %s", files[fi], strerror(errno));
        status = 2;
        continue;
      }
      in_open = 1;
    }
    if (rd_line(&in, '\n', s, len, nl) > 0) return 1;
    rd_close(&in);
    in_open = 0;
  }
}
static void fill_next(void) {
  if (have_next || next_eof) return;
  char *s;
  size_t len;
  int nl;
  if (!raw_read(&s, &len, &nl)) { next_eof = 1; return; }
  if (len + 1 > next_cap) next_buf = xrealloc(next_buf, next_cap = len * 2 + 16);
  memcpy(next_buf, s, len);
  next_len = len;
  next_nl = nl;
  have_next = 1;
}
static int is_last(void) { fill_next(); return !have_next; }

/* ---- pattern space & output ---- */
typedef struct { char *s; size_t len, cap; } buf_t;
static buf_t ps, hs, tmp;
static int ps_nl, missing_nl;

static void buf_set(buf_t *b, const char *s, size_t n) {
  if (n + 1 > b->cap) b->s = xrealloc(b->s, b->cap = n * 2 + 16);
  memmove(b->s, s, n);
  b->len = n;
  b->s[n] = 0;
}
static void buf_add(buf_t *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) b->s = xrealloc(b->s, b->cap = (b->len + n) * 2 + 16);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = 0;
}
static int read_line_into_ps(int append) {
  fill_next();
  if (!have_next) return 0;
  if (append) { buf_add(&ps, "\n", 1); buf_add(&ps, next_buf, next_len); }
  else buf_set(&ps, next_buf, next_len);
  ps_nl = next_nl;
  have_next = 0;
  lineno++;
  return 1;
}
static void emit(const char *s, size_t n, int nl) {
  if (missing_nl) out_putc('\n');
  out_write(s, n);
  if (nl) out_putc('\n');
  missing_nl = !nl;
}

/* ---- s/// ---- */
static int case_mode, case_once; /* \U \L and \u \l */
static void put_cased(buf_t *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int c = (unsigned char)s[i];
    if (case_once) { c = case_once == 'u' ? toupper(c) : tolower(c); case_once = 0; }
    else if (case_mode) c = case_mode == 'U' ? toupper(c) : tolower(c);
    char ch = (char)c;
    buf_add(b, &ch, 1);
  }
}
static void expand_repl(cmd_t *c, const char *base, regmatch_t *m, buf_t *out) {
  case_mode = case_once = 0;
  for (size_t i = 0; i < c->repl_len; i++) {
    char ch = c->repl[i];
    if (ch == '&') { put_cased(out, base + m[0].rm_so, (size_t)(m[0].rm_eo - m[0].rm_so)); continue; }
    if (ch == '\\' && i + 1 < c->repl_len) {
      char d = c->repl[++i];
      if (d >= '0' && d <= '9') {
        int g = d - '0';
        if (m[g].rm_so >= 0) put_cased(out, base + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
        continue;
      }
      switch (d) {
        case 'n': put_cased(out, "\n", 1); break;
        case 't': put_cased(out, "\t", 1); break;
        case 'U': case 'L': case_mode = d; case_once = 0; break;
        case 'E': case_mode = 0; case_once = 0; break;
        case 'u': case 'l': case_once = d; break;
        default: put_cased(out, &d, 1); break;
      }
      continue;
    }
    put_cased(out, &ch, 1);
  }
}
static int do_subst(cmd_t *c) {
  regex_t *re = c->re ? c->re : last_re;
  regmatch_t m[10];
  size_t from = 0;
  int count = 0, did = 0;
  long last_end = -1;
  tmp.len = 0;
  buf_add(&tmp, "", 0);
  while (from <= ps.len) {
    if (regexec(re, ps.s + from, 10, m, from ? REG_NOTBOL : 0) != 0) break;
    size_t ms = from + (size_t)m[0].rm_so, me = from + (size_t)m[0].rm_eo;
    for (int k = 0; k < 10; k++) if (m[k].rm_so >= 0) m[k].rm_so += (regoff_t)from, m[k].rm_eo += (regoff_t)from;
    if (ms == me && (long)ms == last_end) { /* empty match right after a match: skip a char */
      if (ms >= ps.len) break;
      buf_add(&tmp, ps.s + ms, 1);
      from = ms + 1;
      continue;
    }
    count++;
    buf_add(&tmp, ps.s + from, ms - from);
    if (count >= c->nth && (c->global || count == c->nth)) {
      expand_repl(c, ps.s, m, &tmp);
      did = 1;
    } else {
      buf_add(&tmp, ps.s + ms, me - ms);
    }
    last_end = (long)me;
    if (ms == me) {
      if (ms < ps.len) buf_add(&tmp, ps.s + ms, 1);
      from = ms + 1;
    } else {
      from = me;
    }
    if (did && !c->global) break;
  }
  if (!did) return 0;
  if (from < ps.len) buf_add(&tmp, ps.s + from, ps.len - from);
  buf_set(&ps, tmp.s, tmp.len);
  return 1;
}

static int addr_match(addr_t *a) {
  switch (a->type) {
    case A_LINE: return lineno == a->line;
    case A_LAST: return is_last();
    case A_RE: return regexec(a->re ? a->re : last_re, ps.s, 0, NULL, 0) == 0;
  }
  return 0;
}
static int selected(cmd_t *c) {
  int r;
  if (c->a1.type == A_NONE) r = 1;
  else if (c->a2.type == A_NONE) r = addr_match(&c->a1);
  else if (c->in_range) {
    r = 1;
    if (c->a2.type == A_LINE || c->a2.type == A_PLUS) {
      if (lineno >= c->range_end) c->in_range = 0;
    } else if (addr_match(&c->a2)) c->in_range = 0;
  } else if (addr_match(&c->a1)) {
    r = 1;
    c->in_range = 1;
    if (c->a2.type == A_PLUS) c->range_end = lineno + c->a2.line;
    else if (c->a2.type == A_LINE) c->range_end = c->a2.line;
    if ((c->a2.type == A_LINE || c->a2.type == A_PLUS) && lineno >= c->range_end) c->in_range = 0;
    if (c->a2.type == A_LAST && is_last()) c->in_range = 0;
  } else r = 0;
  return r != c->neg;
}

static buf_t append_q; /* text queued by 'a' (and r), flushed at end of cycle */

static void end_cycle(int autoprint) {
  if (autoprint && !opt_n) emit(ps.s, ps.len, ps_nl);
  if (append_q.len) { emit(append_q.s, append_q.len, 1); append_q.len = 0; }
}

static void run(void) {
  while (read_line_into_ps(0)) {
    int tflag = 0, autoprint = 1;
  restart:
    for (int pc = 0; pc < ncmds; pc++) {
      cmd_t *c = &cmds[pc];
      if (c->cmd == '}' || c->cmd == ':') continue;
      if (!selected(c)) {
        if (c->cmd == '{') pc = c->jump;
        continue;
      }
      switch (c->cmd) {
        case '{': break;
        case 'p': emit(ps.s, ps.len, ps_nl); break;
        case 'P': { char *nl = memchr(ps.s, '\n', ps.len); emit(ps.s, nl ? (size_t)(nl - ps.s) : ps.len, nl ? 1 : ps_nl); break; }
        case 'd': autoprint = 0; goto next_cycle;
        case 'D': {
          char *nl = memchr(ps.s, '\n', ps.len);
          if (!nl) { autoprint = 0; goto next_cycle; }
          buf_set(&ps, nl + 1, ps.len - (size_t)(nl + 1 - ps.s));
          if (append_q.len) { emit(append_q.s, append_q.len, 1); append_q.len = 0; }
          goto restart;
        }
        case 'q': /* GNU terminates the last line on q */
          if (!opt_n) emit(ps.s, ps.len, 1);
          end_cycle(0);
          out_flush();
          exit(c->eval_exit);
        case 'Q': out_flush(); exit(c->eval_exit);
        case 'n':
          if (is_last()) { if (opt_n) autoprint = 0; goto next_cycle; }
          if (!opt_n) emit(ps.s, ps.len, ps_nl);
          read_line_into_ps(0);
          break;
        case 'N':
          if (is_last()) goto next_cycle; /* GNU prints the pattern space */
          read_line_into_ps(1);
          break;
        case '=': out_printf("%s%ld\n", missing_nl ? "\n" : "", lineno); missing_nl = 0; break;
        case 'a': buf_add(&append_q, append_q.len ? "\n" : "", append_q.len ? 1 : 0); buf_add(&append_q, c->text, c->text_len); break;
        case 'i': emit(c->text, c->text_len, 1); break;
        case 'c':
          if (c->a2.type == A_NONE || !c->in_range) emit(c->text, c->text_len, 1);
          autoprint = 0;
          goto next_cycle;
        case 's':
          if (do_subst(c)) {
            tflag = 1;
            if (c->print) emit(ps.s, ps.len, ps_nl);
          }
          break;
        case 'y':
          for (size_t k = 0; k < ps.len; k++) ps.s[k] = (char)c->ymap[(unsigned char)ps.s[k]];
          break;
        case 'h': buf_set(&hs, ps.s, ps.len); break;
        case 'H': buf_add(&hs, "\n", 1); buf_add(&hs, ps.s, ps.len); break;
        case 'g': buf_set(&ps, hs.s ? hs.s : "", hs.len); break;
        case 'G': buf_add(&ps, "\n", 1); buf_add(&ps, hs.s ? hs.s : "", hs.len); break;
        case 'x': { buf_t t = ps; ps = hs; hs = t; if (!ps.s) buf_set(&ps, "", 0); break; }
        case 'z': ps.len = 0; buf_add(&ps, "", 0); break;
        case 'l': {
          for (size_t k = 0; k < ps.len; k++) {
            unsigned char ch = (unsigned char)ps.s[k];
            if (ch == '\\') out_str("\\\\");
            else if (ch == '\n') out_str("\\n");
            else if (ch == '\t') out_str("\\t");
            else if (isprint(ch)) out_putc(ch);
            else out_printf("\\%03o", ch);
          }
          out_str("$\n");
          break;
        }
        case 'b': pc = c->jump - 1; break;
        case 't': if (tflag) { tflag = 0; pc = c->jump - 1; } break;
        case 'T': if (!tflag) pc = c->jump - 1; else tflag = 0; break;
      }
    }
  next_cycle:
    end_cycle(autoprint);
  }
}

int main(int argc, char **argv) {
  tb_prog = "sed";
  size_t slen = 0;
  char *script = NULL;
  int i = 1, have_e = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    char *a = argv[i];
    if (!strcmp(a, "--")) { i++; break; }
    if (!strcmp(a, "--quiet") || !strcmp(a, "--silent")) { opt_n = 1; continue; }
    if (!strcmp(a, "--regexp-extended")) { opt_E = 1; continue; }
    if (!strcmp(a, "--posix") || !strcmp(a, "-u") || !strcmp(a, "--unbuffered")) continue;
    for (char *p = a + 1; *p; p++) {
      if (*p == 'n') { opt_n = 1; continue; }
      if (*p == 'E' || *p == 'r') { opt_E = 1; continue; }
      if (*p == 's') { opt_s = 1; continue; }
      if (*p == 'u' || *p == 'z') { if (*p == 'z') tb_die(1, "-z is not supported"); continue; }
      if (*p == 'e' || *p == 'f') {
        char o = *p;
        char *v = p[1] ? p + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!v) tb_die(1, "option requires an argument -- '%c'", o);
        char *text = v;
        if (o == 'f') {
          rd_t r;
          if (rd_open(&r, v) < 0) tb_die(1, "couldn't open file %s: %s", v, strerror(errno));
          size_t cap = 4096, n = 0;
          text = xmalloc(cap);
          ssize_t k;
          while ((k = rd_read(&r, text + n, cap - n - 1)) > 0) { n += (size_t)k; if (cap - n < 2) text = xrealloc(text, cap *= 2); }
          text[n] = 0;
          rd_close(&r);
        }
        size_t tl = strlen(text);
        script = xrealloc(script, slen + tl + 2);
        memcpy(script + slen, text, tl);
        slen += tl;
        script[slen++] = '\n';
        script[slen] = 0;
        have_e = 1;
        break;
      }
      if (*p == 'i') tb_die(1, "-i (in-place editing) is not supported");
      tb_die(1, "invalid option -- '%c'\nusage: sed [-nEr] [-e script]... [-f file]... [script] [file...]", *p);
    }
  }
  if (!have_e) {
    if (i >= argc) tb_die(1, "usage: sed [-nEr] [-e script]... [-f file]... [script] [file...]");
    script = argv[i++];
  }
  parse_script(script);
  resolve_labels();
  static char *stdin_only[] = {"-"};
  files = i < argc ? argv + i : stdin_only;
  nfiles = i < argc ? argc - i : 1;
  run();
  out_flush();
  return status;
}
