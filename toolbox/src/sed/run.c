/* sed execution: input across files with one line of lookahead (for `$`),
 * the pattern and hold spaces, s/// substitution, address matching and the
 * command loop of each cycle. */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "sed.h"
#include "tb.h"

/* ---- input across files ---- */
static char **files;
static int nfiles, fi = -1;
static rd_t in;
static int in_open;
static long lineno;
static int status;

/* Buffered lookahead so `$` can be recognised. With -s each file is a stream of
 * its own, so the file a line came from is kept with it: `$` is also the last
 * line before another file's first. */
static char *next_buf;
static size_t next_len, next_cap;
static int next_nl, have_next, next_eof, next_file, cur_file = -1;

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
  next_file = fi;
  have_next = 1;
}
static int is_last(void) {
  fill_next();
  return !have_next || (opt_s && next_file != cur_file);
}

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
static void start_file(void);
static int read_line_into_ps(int append) {
  fill_next();
  if (!have_next) return 0;
  if (opt_s && next_file != cur_file) start_file(); /* n and N stop at `$`, so never here */
  cur_file = next_file;
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

/* -s: a new file starts over as GNU sed does: line numbers from 1, an empty hold
 * space, and no range left open from the file before. */
static void start_file(void) {
  lineno = 0;
  hs.len = 0;
  if (hs.s) hs.s[0] = 0;
  for (int k = 0; k < ncmds; k++) cmds[k].in_range = 0;
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

int sed_run(char **names, int n) {
  files = names;
  nfiles = n;
  run();
  return status;
}
