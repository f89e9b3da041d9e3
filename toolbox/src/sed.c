/* sed [-n] [-E|-r] [-s] [-e script]... [-f file]... [script] [file...]
 * Commands: s y p P d D q Q n N = a i c l? { } ! and b t : labels; addresses:
 * N, $, /re/, \cREc, addr1,addr2, addr1,+N, with I on regex addresses.
 * s flags: g p N I/i and w-less; replacement: & \1-\9 \n \t \L \U \l \u \E.
 * Output keeps a missing final newline missing, like GNU sed. */
#include <errno.h>
#include <string.h>
#include "files.h"
#include "sed.h"
#include "opt.h"
#include "tb.h"

int opt_n, opt_E, opt_s;

int main(int argc, char **argv) {
  tb_prog = "sed";
  size_t slen = 0;
  char *script = NULL;
  int i = 1, have_e = 0;
  for (; tb_opt_word(argc, argv, &i); i++) {
    char *a = argv[i];
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
        char *v = tb_opt_value(argc, argv, &i, p + 1);
        if (!v) tb_die(1, "option requires an argument -- '%c'", o);
        char *text = v;
        if (o == 'f') {
          rd_t r;
          size_t len;
          if (rd_open(&r, v) < 0) tb_die(1, "couldn't open file %s: %s", v, strerror(errno));
          if (!(text = tb_read_all(&r, &len))) tb_die(1, "couldn't read %s: %s", v, strerror(errno));
          rd_close(&r);
        }
        script = tb_append_line(script, &slen, text);
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
  int status = sed_run(i < argc ? argv + i : stdin_only, i < argc ? argc - i : 1);
  out_flush();
  return status;
}
