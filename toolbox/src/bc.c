/* bc [-lq] [FILE]...: arbitrary-precision decimal arithmetic as POSIX/GNU bc
 * computes it: numbers carry a scale, + - * / % ^ follow bc's scale rules,
 * `scale` sets the digits kept by / % ^ and sqrt, variables (names of lower-case
 * letters, digits, _), assignments (= += -= *= /= %= ^=), comparisons, ! && ||,
 * sqrt() length() scale(), "strings", comments, quit. Output wraps at 70
 * columns with a backslash, as GNU's. Not here: if/while/for, functions
 * (define), arrays, ibase/obase, the -l math library (-l only sets scale=20). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bc/num.h"
#include "files.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "bc", "bc [OPTION]... [FILE]...",
  "An arbitrary precision calculator language (expressions, variables, scale).\n"
  "  -l, --mathlib   set scale to 20 (the math functions are not provided)\n"
  "  -q, --quiet     accepted (no banner is ever printed)\n"
  "  -s, --standard  accepted\n",
  "lqs",
  (const tb_longopt[]){
    {"mathlib", 'l'},
    {"quiet", 'q'},
    {"standard", 's'},
    {0}},
};

/* ---- the language: statements evaluated as they are parsed ---- */
static const char *src;
static int line_no = 1;

typedef struct { char *name; num_t v; } var_t;
static var_t *vars;
static int nvars;

static num_t *var(const char *name, size_t len) {
  for (int i = 0; i < nvars; i++)
    if (strlen(vars[i].name) == len && !strncmp(vars[i].name, name, len)) return &vars[i].v;
  vars = xrealloc(vars, sizeof *vars * (size_t)(nvars + 1));
  vars[nvars] = (var_t){xmemdup(name, len + 1), from_int(0)};
  vars[nvars].name[len] = 0;
  return &vars[nvars++].v;
}

/* A syntax error: reported once; parsing goes on without consuming, the statement is dropped. */
static num_t fail(const char *why) {
  if (!bc_failed && why) out_flush(), tb_warn("(standard_in) %d: %s", line_no, why);
  bc_failed = 1;
  return from_int(0);
}

static void blanks(void) { /* spaces, comments and escaped newlines; not statement ends */
  for (;;) {
    if (*src == ' ' || *src == '\t' || *src == '\r') src++;
    else if (src[0] == '\\' && src[1] == '\n') src += 2, line_no++;
    else if (src[0] == '/' && src[1] == '*') {
      const char *e = strstr(src + 2, "*/");
      for (const char *q = src; q < (e ? e : src + strlen(src)); q++) line_no += *q == '\n';
      src = e ? e + 2 : src + strlen(src);
    } else if (*src == '#') {
      while (*src && *src != '\n') src++;
    } else return;
  }
}
static int eat(const char *tok) {
  blanks();
  size_t n = strlen(tok);
  if (strncmp(src, tok, n)) return 0;
  if (n == 1 && strchr("<>=!", *tok) && src[1] == '=') return 0; /* "<" is not "<=" */
  if ((*tok == '+' || *tok == '-' || *tok == '*' || *tok == '/' || *tok == '%' || *tok == '^') && n == 1 && src[1] == '=') return 0;
  if ((*tok == '&' || *tok == '|') && n == 1) return 0;
  src += n;
  return 1;
}
static size_t ident(void) {
  blanks();
  size_t n = 0;
  if (islower((unsigned char)*src)) while (islower((unsigned char)src[n]) || isdigit((unsigned char)src[n]) || src[n] == '_') n++;
  return n;
}

static num_t expr(void);
static num_t checked(num_t v) {
  if (v.len < 0) runtime("Divide by zero"), v = fail(NULL);
  return v;
}

static num_t primary(void) {
  blanks();
  if (eat("(")) {
    num_t v = expr();
    if (!eat(")")) fail("syntax error");
    return v;
  }
  if (bc_failed) return from_int(0);
  if (isdigit((unsigned char)*src) || (*src == '.' && isdigit((unsigned char)src[1]))) {
    const char *p = src;
    int ip = 0, fp = 0;
    while (isdigit((unsigned char)p[ip]) || (p[ip] == '\\' && p[ip + 1] == '\n')) ip++;
    if (p[ip] == '.') while (isdigit((unsigned char)p[ip + 1 + fp])) fp++;
    num_t n = mk(ip + fp, fp);
    int k = 0;
    for (int i = ip + fp + (fp || p[ip] == '.'); i-- > 0;)
      if (isdigit((unsigned char)p[i])) n.d[k++] = (unsigned char)(p[i] - '0');
    n.len = k;
    src = p + ip + (p[ip] == '.' ? 1 + fp : 0);
    trim(&n);
    return n;
  }
  size_t n = ident();
  if (!n) return fail("syntax error");
  const char *name = src;
  src += n;
  int is = (int)n;
  if (eat("(")) {
    num_t a = expr();
    if (!eat(")")) fail("syntax error");
    num_t r;
    if (is == 4 && !strncmp(name, "sqrt", 4)) r = square_root(a);
    else if (is == 6 && !strncmp(name, "length", 6)) {
      num_t t = copy(a);
      int len = t.len;
      while (len > t.scale && len > 0 && !t.d[len - 1]) len--;
      r = from_int(is_zero(a) ? (a.scale ? a.scale : 1) : (len > t.scale ? len : t.scale));
      free(t.d);
    } else if (is == 5 && !strncmp(name, "scale", 5)) r = from_int(a.scale);
    else r = fail("Function not defined.");
    free(a.d);
    return r;
  }
  if (is == 5 && !strncmp(name, "scale", 5)) return from_int(scale_reg);
  return copy(*var(name, n));
}

static num_t unary(void) {
  if (eat("-")) {
    num_t v = unary();
    v.neg = !v.neg && !is_zero(v);
    return v;
  }
  return primary();
}

static num_t pow_expr(void) {
  num_t a = unary();
  if (!eat("^")) return a;
  num_t b = pow_expr(), r = power(a, b);
  free(a.d), free(b.d);
  return r;
}

static num_t binary(num_t a, char op, num_t b) {
  num_t r;
  switch (op) {
    case '+': r = add(a, b, 0); break;
    case '-': r = add(a, b, 1); break;
    case '*': r = mul(a, b, scale_reg); break;
    case '/': r = checked(divide(a, b, scale_reg)); break;
    case '^': r = power(a, b); break;
    default: { /* a - (a / b) * b, the quotient at scale `scale` */
      int s = scale_reg + b.scale > a.scale ? scale_reg + b.scale : a.scale;
      num_t q = checked(divide(a, b, scale_reg)), p = mul(q, b, s);
      r = add(a, p, 1);
      free(q.d), free(p.d);
    }
  }
  free(a.d), free(b.d);
  return r;
}

static num_t term(void) {
  num_t a = pow_expr();
  for (;;) {
    char op = eat("*") ? '*' : eat("/") ? '/' : eat("%") ? '%' : 0;
    if (!op) return a;
    a = binary(a, op, pow_expr());
  }
}

static num_t sum(void) {
  num_t a = term();
  for (;;) {
    char op = eat("+") ? '+' : eat("-") ? '-' : 0;
    if (!op) return a;
    a = binary(a, op, term());
  }
}

static int assigned; /* the statement's outermost operator was an assignment: no output */

static num_t assign(void) {
  const char *save = src;
  size_t n = ident();
  if (n) {
    const char *name = src;
    src += n;
    blanks();
    static const char *ops[] = {"=", "+=", "-=", "*=", "/=", "%=", "^="};
    for (int i = 0; i < 7; i++) {
      size_t l = strlen(ops[i]);
      if (!strncmp(src, ops[i], l) && !(l == 1 && src[1] == '=')) {
        src += l;
        num_t v = assign(), old;
        int is_scale = n == 5 && !strncmp(name, "scale", 5);
        num_t *slot = is_scale ? &old : var(name, n);
        if (is_scale) old = from_int(scale_reg);
        if (i) v = binary(copy(*slot), ops[i][0], v);
        if (is_scale) {
          long long sv = to_int(v);
          if (sv < 0 || sv > 100000) runtime("Scale out of range");
          else if (!bc_failed) scale_reg = (int)sv;
          free(old.d);
        } else if (!bc_failed) {
          free(slot->d);
          *slot = copy(v);
        }
        assigned = 1;
        return v;
      }
    }
  }
  src = save;
  assigned = 0;
  return sum();
}

static num_t relation(void) {
  num_t a = assign();
  static const char *ops[] = {"<=", ">=", "==", "!=", "<", ">"};
  for (int i = 0; i < 6; i++)
    if (eat(ops[i])) {
      num_t b = assign();
      int s = a.scale > b.scale ? a.scale : b.scale;
      num_t x = rescale(a, s), y = rescale(b, s);
      int c = x.neg != y.neg ? (x.neg ? -1 : 1) : (x.neg ? -cmp_abs(x, y) : cmp_abs(x, y));
      int t = i == 0 ? c <= 0 : i == 1 ? c >= 0 : i == 2 ? c == 0 : i == 3 ? c != 0 : i == 4 ? c < 0 : c > 0;
      free(a.d), free(b.d), free(x.d), free(y.d);
      assigned = 0;
      return from_int(t);
    }
  return a;
}

static num_t not_expr(void) {
  if (eat("!")) {
    num_t v = not_expr();
    int z = is_zero(v);
    free(v.d);
    assigned = 0;
    return from_int(z);
  }
  return relation();
}

static num_t and_expr(void) {
  num_t a = not_expr();
  while (eat("&&")) {
    num_t b = not_expr();
    int t = !is_zero(a) && !is_zero(b);
    free(a.d), free(b.d);
    a = from_int(t), assigned = 0;
  }
  return a;
}

static num_t expr(void) {
  num_t a = and_expr();
  while (eat("||")) {
    num_t b = and_expr();
    int t = !is_zero(a) || !is_zero(b);
    free(a.d), free(b.d);
    a = from_int(t), assigned = 0;
  }
  return a;
}

/* Runs one file's text; returns 1 after quit. */
static int run_program(const char *text) {
  src = text;
  for (;;) {
    if (bc_failed) { /* an error dropped the statement: skip the rest of the line */
      while (*src && *src != '\n') src++;
      bc_failed = 0;
    }
    blanks();
    if (*src == '\n') line_no++, src++;
    if (*src == ';' || *src == '\n') {
      src += *src == ';';
      continue;
    }
    if (!*src) return 0;
    if (!strncmp(src, "quit", 4) && !islower((unsigned char)src[4])) return 1;
    if (*src == '"') {
      const char *e = strchr(src + 1, '"');
      if (!e) {
        fail("syntax error");
        continue;
      }
      for (const char *q = src + 1; q < e; q++) out_putc(*q), line_no += *q == '\n', col = *q == '\n' ? 0 : col + 1;
      src = e + 1;
      continue;
    }
    assigned = 0;
    num_t v = expr();
    blanks();
    if (*src && *src != '\n' && *src != ';') fail("syntax error");
    if (!assigned && !bc_failed) print_num(v);
    free(v.d);
  }
}

int main(int argc, char **argv) {
  tb_init(&tool);
  int c;
  while ((c = tb_getopt(argc, argv)) != -1)
    if (c == 'l') scale_reg = 20;
  for (int i = optind; i <= argc; i++) {
    rd_t r;
    const char *f = i < argc ? argv[i] : "-";
    if (rd_open(&r, f) < 0) tb_die(1, "File %s is unavailable.", f);
    size_t len;
    char *text = tb_slurp(&r, &len);
    rd_close(&r);
    if (run_program(text)) break; /* quit */
  }
  out_flush();
  return 0;
}
