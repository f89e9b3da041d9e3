/* cat [-nbEs] [file...]: concatenate; -n/-b number lines, state carries across
 * files like GNU (a file without a final newline continues the same line). */
#include <string.h>
#include <unistd.h>
#include "files.h"
#include "opt.h"
#include "tb.h"

static int opt_n, opt_b, opt_E, opt_s;
static long long lineno;
static int at_bol = 1, blank_run;

static void copy_plain(rd_t *r) {
  char buf[65536];
  ssize_t k;
  while ((k = rd_read(r, buf, sizeof buf)) > 0) out_write(buf, (size_t)k);
}

static void copy_lines(rd_t *r) {
  char *line;
  size_t len;
  int nl;
  while (rd_line(r, '\n', &line, &len, &nl) > 0) {
    if (at_bol && len == 0 && nl) {
      if (opt_s && blank_run) continue;
      blank_run = 1;
    } else if (at_bol) {
      blank_run = 0;
    }
    if (at_bol && (opt_n && !(opt_b && len == 0 && nl))) out_printf("%6lld\t", ++lineno);
    /* GNU -E shows a CR right before the newline as ^M */
    if (opt_E && nl && len && line[len - 1] == '\r') out_write(line, len - 1), out_str("^M");
    else out_write(line, len);
    if (nl) {
      if (opt_E) out_putc('$');
      out_putc('\n');
    }
    at_bol = nl;
  }
}

static int cat_file(rd_t *r, const char *name, void *arg) {
  (void)name, (void)arg;
  if (opt_n || opt_E || opt_s) copy_lines(r); else copy_plain(r);
  return 0;
}

int main(int argc, char **argv) {
  tb_prog = "cat";
  int i = 1;
  for (; tb_opt_word(argc, argv, &i); i++) {
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
        case 'n': opt_n = 1; break;
        case 'b': opt_b = opt_n = 1; break;
        case 'E': opt_E = 1; break;
        case 's': opt_s = 1; break;
        case 'u': break;
        default: tb_die(2, "invalid option -- '%c'\nusage: cat [-nbEs] [file...]", *p);
      }
    }
  }
  int status = tb_each_file(argc - i, argv + i, cat_file, NULL);
  out_flush();
  return status;
}
