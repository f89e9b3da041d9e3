/* awk [-F fs] [-v var=value]... [-f progfile | 'program'] [file | var=value]...
 * A small POSIX awk (see src/awk/ for lexer, parser, evaluator). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "files.h"
#include "opt.h"
#include "tb.h"

extern char **environ;

static void usage(void) {
  tb_die(2, "usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]");
}

static char *read_file(const char *path) {
  rd_t r;
  size_t len;
  if (rd_open(&r, path) < 0) tb_die(2, "can't open file %s: %s", path, strerror(errno));
  char *text = tb_read_all(&r, &len);
  if (!text) tb_die(2, "can't read file %s: %s", path, strerror(errno));
  rd_close(&r);
  return text;
}

/* The special scalars, in the order their symbols are created, with their initial values. */
static const struct { int *idx; const char *name, *init; } SPECIALS[] = {
  {&v_NF, "NF", "0"}, {&v_NR, "NR", "0"}, {&v_FNR, "FNR", "0"}, {&v_FS, "FS", " "}, {&v_OFS, "OFS", " "},
  {&v_ORS, "ORS", "\n"}, {&v_RS, "RS", "\n"}, {&v_FILENAME, "FILENAME", ""}, {&v_SUBSEP, "SUBSEP", "\034"},
  {&v_RSTART, "RSTART", "0"}, {&v_RLENGTH, "RLENGTH", "-1"}, {&v_CONVFMT, "CONVFMT", "%.6g"},
  {&v_OFMT, "OFMT", "%.6g"}, {&v_ARGC, "ARGC", NULL},
};

int main(int argc, char **argv) {
  tb_prog = "awk";
  for (size_t k = 0; k < sizeof SPECIALS / sizeof *SPECIALS; k++) {
    int i = sym_lookup(SPECIALS[k].name, 1);
    syms[i].kind = K_SCALAR;
    if (SPECIALS[k].init) syms[i].v = val_strnum(SPECIALS[k].init, strlen(SPECIALS[k].init));
    *SPECIALS[k].idx = i;
  }
  v_ENVIRON = sym_lookup("ENVIRON", 1);
  v_ARGV = sym_lookup("ARGV", 1);
  syms[v_ENVIRON].kind = syms[v_ARGV].kind = K_ARRAY;
  syms[v_ENVIRON].arr = arr_new();
  syms[v_ARGV].arr = arr_new();
  for (char **e = environ; e && *e; e++) {
    char *eq = strchr(*e, '=');
    if (!eq) continue;
    Str *k = str_new(*e, (size_t)(eq - *e));
    Value *slot = arr_get(syms[v_ENVIRON].arr, k, 1);
    *slot = val_strnum(eq + 1, strlen(eq + 1));
    str_unref(k);
  }

  char *program = NULL;
  size_t plen = 0;
  const char *fs = NULL;
  char **assigns = xmalloc((size_t)argc * sizeof *assigns);
  int nassign = 0, i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    char *a = argv[i];
    if (!strcmp(a, "--posix") || !strcmp(a, "--traditional")) continue;
    char opt = a[1];
    if (opt != 'F' && opt != 'v' && opt != 'f') { tb_warn("unknown option %s", a); usage(); }
    char *v = tb_opt_value(argc, argv, &i, a + 2);
    if (!v) usage();
    if (opt == 'F') fs = v;
    else if (opt == 'v') {
      if (!strchr(v, '=')) usage();
      assigns[nassign++] = v;
    } else {
      char *text = read_file(v);
      program = tb_append_line(program, &plen, text);
      free(text);
    }
  }
  if (!program) {
    if (i >= argc) usage();
    program = argv[i++];
  }
  if (fs) {
    if (!strcmp(fs, "t")) fs = "\t"; /* POSIX: -Ft means tab */
    set_var_str(v_FS, fs);
  }
  for (int k = 0; k < nassign; k++) {
    char *eq = strchr(assigns[k], '=');
    *eq = 0;
    set_var_str(sym_lookup(assigns[k], 1), eq + 1);
  }
  Value *a0 = arr_get(syms[v_ARGV].arr, str_new("0", 1), 1);
  *a0 = val_cstr("awk", 3);
  int nargv = 1;
  for (int k = i; k < argc; k++, nargv++) {
    Str *key = num_to_str(nargv, "%.6g");
    Value *slot = arr_get(syms[v_ARGV].arr, key, 1);
    *slot = val_strnum(argv[k], strlen(argv[k]));
    str_unref(key);
  }
  syms[v_ARGC].v = val_num(nargv);
  parse_program(program);
  run_program(argc, argv, i);
  return 0;
}
