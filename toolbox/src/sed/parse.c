/* sed script parsing: addresses, commands and their arguments (s/// and y
 * delimited text, a/i/c text, labels) compiled into cmds[], then labels and
 * block ends resolved to jump targets. */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "sed.h"
#include "tb.h"

cmd_t *cmds;
int ncmds;
regex_t *last_re;

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

void parse_script(const char *script) {
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

void resolve_labels(void) {
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
