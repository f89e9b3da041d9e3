/* find [PATH]... [EXPRESSION]: walk each PATH (default .) depth-first, evaluating
 * EXPRESSION on every file: tests -name -iname -path -ipath -type -size -empty
 * -newer -true -false, actions -print -print0 -prune, operators ( ) ! -not -a
 * -and -o -or, options -maxdepth -mindepth. Without an action, -print.
 * Directory entries are visited in bytewise name order (GNU: readdir order);
 * symbolic links are not followed. */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fsutil.h"
#include "opt.h"
#include "tb.h"

static const tb_tool tool = {
  "find", "find [PATH...] [EXPRESSION]",
  "Search for files in a directory hierarchy (entries in bytewise name order).\n"
  "  options:   -maxdepth N  -mindepth N\n"
  "  tests:     -name PATTERN  -iname PATTERN  -path PATTERN  -ipath PATTERN\n"
  "             -type [fdlpscb]  -size [+-]N[cwbkMG]  -empty  -newer FILE  -true  -false\n"
  "  actions:   -print  -print0  -prune\n"
  "  operators: ( EXPR )  ! EXPR  -not EXPR  EXPR -a EXPR  EXPR -o EXPR\n"
};

enum { AND, OR, NOT, NAME, PATH, TYPE, SIZE, EMPTY, NEWER, TRUE, FALSE, PRINT, PRINT0, PRUNE };
typedef struct node {
  int op;
  struct node *l, *r;
  const char *arg;
  int flag;         /* -iname/-ipath: FNM_CASEFOLD; -size: the comparison (-1 <, 0 =, 1 >) */
  long long n, unit; /* -size N in units of unit bytes; -newer: the reference mtime (n s, unit ns) */
} node_t;

static char **args;
static int nargs, pos, has_action, maxdepth = -1, mindepth, status, pruned;

static node_t *mk(int op, node_t *l, node_t *r) {
  node_t *n = calloc(1, sizeof *n);
  if (!n) tb_die(1, "out of memory");
  n->op = op, n->l = l, n->r = r;
  return n;
}

static node_t *parse_or(void);

static const char *need_arg(const char *what) {
  if (pos >= nargs) tb_die(1, "missing argument to '%s'", what);
  return args[pos++];
}

static node_t *primary(void) {
  if (pos >= nargs) tb_die(1, "expected an expression");
  const char *t = args[pos++];
  if (!strcmp(t, "(")) {
    node_t *e = parse_or();
    if (pos >= nargs || strcmp(args[pos], ")")) tb_die(1, "invalid expression; I was expecting to find a ')' somewhere but did not see one.");
    pos++;
    return e;
  }
  if (!strcmp(t, "!") || !strcmp(t, "-not")) return mk(NOT, primary(), NULL);
  node_t *n = mk(TRUE, NULL, NULL);
  if (!strcmp(t, "-name") || !strcmp(t, "-iname")) n->op = NAME, n->arg = need_arg(t), n->flag = t[1] == 'i' ? FNM_CASEFOLD : 0;
  else if (!strcmp(t, "-path") || !strcmp(t, "-ipath") || !strcmp(t, "-wholename"))
    n->op = PATH, n->arg = need_arg(t), n->flag = t[1] == 'i' ? FNM_CASEFOLD : 0;
  else if (!strcmp(t, "-type")) {
    n->op = TYPE, n->arg = need_arg(t);
    if (strlen(n->arg) != 1 || !strchr("fdlpscb", n->arg[0])) tb_die(1, "Unknown argument to -type: %s", n->arg);
  } else if (!strcmp(t, "-size")) {
    const char *a = need_arg(t), *p = a;
    n->op = SIZE, n->flag = *p == '+' ? 1 : *p == '-' ? -1 : 0;
    if (*p == '+' || *p == '-') p++;
    char *end;
    n->n = strtoll(p, &end, 10);
    static const char units[] = "cwbkMG";
    static const long long size[] = {1, 2, 512, 1024, 1048576, 1073741824};
    const char *u = *end ? strchr(units, *end) : NULL;
    if (end == p || *p < '0' || *p > '9' || (*end && (!u || end[1]))) tb_die(1, "invalid -size type '%s'", a);
    n->unit = u ? size[u - units] : 512;
  } else if (!strcmp(t, "-empty")) n->op = EMPTY;
  else if (!strcmp(t, "-newer")) {
    struct stat st;
    const char *f = need_arg(t);
    if (stat(f, &st) < 0) tb_die(1, "'%s': %s", f, strerror(errno));
    n->op = NEWER, n->n = st.st_mtim.tv_sec, n->unit = st.st_mtim.tv_nsec;
  } else if (!strcmp(t, "-true")) n->op = TRUE;
  else if (!strcmp(t, "-false")) n->op = FALSE;
  else if (!strcmp(t, "-print")) n->op = PRINT, has_action = 1;
  else if (!strcmp(t, "-print0")) n->op = PRINT0, has_action = 1;
  else if (!strcmp(t, "-prune")) n->op = PRUNE;
  else if (!strcmp(t, "-maxdepth") || !strcmp(t, "-mindepth")) {
    const char *a = need_arg(t);
    long long v = tb_parse_count(a, 0);
    if (v < 0) tb_die(1, "Expected a positive decimal integer argument to %s, but got '%s'", t, a);
    *(t[2] == 'a' ? &maxdepth : &mindepth) = (int)v;
  } else if (!strcmp(t, "-depth") || !strcmp(t, "-noleaf") || !strcmp(t, "-xdev")) {
    if (t[1] == 'd') tb_die(1, "-depth is not supported");
  } else tb_die(1, "unknown predicate '%s'", t);
  return n;
}

static int ends_and(void) {
  return pos >= nargs || !strcmp(args[pos], "-o") || !strcmp(args[pos], "-or") || !strcmp(args[pos], ")");
}

static node_t *parse_and(void) {
  node_t *l = primary();
  while (!ends_and()) {
    if (!strcmp(args[pos], "-a") || !strcmp(args[pos], "-and")) pos++;
    l = mk(AND, l, primary());
  }
  return l;
}

static node_t *parse_or(void) {
  node_t *l = parse_and();
  while (pos < nargs && (!strcmp(args[pos], "-o") || !strcmp(args[pos], "-or"))) {
    pos++;
    l = mk(OR, l, parse_and());
  }
  return l;
}

static const char *base_name(const char *path, char *buf, size_t cap) {
  size_t len = strlen(path);
  while (len > 1 && path[len - 1] == '/') len--;
  size_t start = len;
  while (start > 0 && path[start - 1] != '/') start--;
  if (len == 1 && path[0] == '/') start = 0;
  size_t n = len - start < cap - 1 ? len - start : cap - 1;
  memcpy(buf, path + start, n);
  buf[n] = 0;
  return buf;
}

static int is_empty(const char *path, const struct stat *st) {
  if (S_ISREG(st->st_mode)) return st->st_size == 0;
  if (!S_ISDIR(st->st_mode)) return 0;
  char **names;
  ssize_t n = tb_list_dir(path, &names);
  if (n < 0) return 0;
  tb_free_names(names, (size_t)n);
  return n == 0;
}

static int eval(const node_t *e, const char *path, const struct stat *st) {
  char buf[4096];
  switch (e->op) {
    case AND: return eval(e->l, path, st) && eval(e->r, path, st);
    case OR: return eval(e->l, path, st) || eval(e->r, path, st);
    case NOT: return !eval(e->l, path, st);
    case NAME: return fnmatch(e->arg, base_name(path, buf, sizeof buf), e->flag) == 0;
    case PATH: return fnmatch(e->arg, path, e->flag) == 0;
    case TYPE: {
      mode_t m = st->st_mode;
      switch (e->arg[0]) {
        case 'f': return S_ISREG(m);
        case 'd': return S_ISDIR(m);
        case 'l': return S_ISLNK(m);
        case 'p': return S_ISFIFO(m);
        case 's': return S_ISSOCK(m);
        case 'c': return S_ISCHR(m);
        default: return S_ISBLK(m);
      }
    }
    case SIZE: {
      long long units = ((long long)st->st_size + e->unit - 1) / e->unit; /* rounded up, as GNU */
      return e->flag > 0 ? units > e->n : e->flag < 0 ? units < e->n : units == e->n;
    }
    case EMPTY: return is_empty(path, st);
    case NEWER:
      return st->st_mtim.tv_sec > e->n || (st->st_mtim.tv_sec == e->n && st->st_mtim.tv_nsec > e->unit);
    case FALSE: return 0;
    case PRINT: case PRINT0:
      out_str(path);
      out_putc(e->op == PRINT ? '\n' : 0);
      return 1;
    case PRUNE: pruned = 1; return 1;
    default: return 1;
  }
}

static void walk(const node_t *expr, const char *path, int depth) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    out_flush();
    tb_warn("'%s': %s", path, strerror(errno));
    status = 1;
    return;
  }
  pruned = 0;
  if (depth >= mindepth) eval(expr, path, &st);
  if (!S_ISDIR(st.st_mode) || pruned || (maxdepth >= 0 && depth >= maxdepth)) return;
  char **names;
  ssize_t n = tb_list_dir(path, &names);
  if (n < 0) {
    out_flush();
    tb_warn("'%s': %s", path, strerror(errno));
    status = 1;
    return;
  }
  for (ssize_t i = 0; i < n; i++) {
    char *child = tb_path_join(path, names[i]);
    walk(expr, child, depth + 1);
    free(child);
  }
  tb_free_names(names, (size_t)n);
}

int main(int argc, char **argv) {
  tb_init(&tool);
  tb_help_only(argc, argv);
  int first = 1;
  while (first < argc && argv[first][0] != '-' && strcmp(argv[first], "(") && strcmp(argv[first], "!")) first++;
  args = argv + first, nargs = argc - first;
  node_t *expr = nargs ? parse_or() : mk(TRUE, NULL, NULL);
  if (pos < nargs) tb_die(1, "paths must precede expression: '%s'", args[pos]);
  if (!has_action) expr = mk(AND, expr, mk(PRINT, NULL, NULL));
  static char *dot[] = {"."};
  char **paths = first > 1 ? argv + 1 : dot;
  int npaths = first > 1 ? first - 1 : 1;
  for (int i = 0; i < npaths; i++) walk(expr, paths[i], 0);
  out_flush();
  return status;
}
