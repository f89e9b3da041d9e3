/* msplit -n N [-d delim] [-f fields] [-i]
 * Partitions stdin lines over N outputs $MANTA_OUTPUT_BASE<uuid>.<i> (all N
 * are created, even if empty), output i routed to reducer i. The key is the
 * concatenation of the selected fields (1-based, default 1, split on delim,
 * default tab); reducer = parseInt(md5hex(key)[0..8], 16) % N, or with -i the
 * key itself is the reducer index. -j/-e (JSON, JavaScript) are unsupported. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "md5.h"
#include "mobula.h"
#include "opt.h"
#include "tb.h"

static void usage(void) { tb_die(2, "usage: msplit -n N [-d delimiter] [-f field[,field...]] [-i]"); }

typedef struct { int fd; char *buf; size_t n; char *key; } out_t;
static out_t *outs;

static void flush_out(out_t *o) {
  manta_write_all(o->fd, o->buf, o->n, o->key);
  o->n = 0;
}
static void put(out_t *o, const char *p, size_t n) {
  if (o->n + n > 16384) flush_out(o);
  if (n > 16384) { manta_write_all(o->fd, p, n, o->key); return; }
  memcpy(o->buf + o->n, p, n);
  o->n += n;
}

int main(int argc, char **argv) {
  tb_prog = "msplit";
  long n = -1;
  const char *delim = "\t";
  int *fields = NULL, nfields = 0, by_index = 0, i = 1;
  for (; i < argc; i++) {
    char *a = argv[i];
    if (a[0] != '-' || !a[1]) usage();
    char o = a[1];
    if (o == 'i' && !a[2]) { by_index = 1; continue; }
    if (o == 'j' || o == 'e') tb_die(2, "-%c is not supported (no JSON/JavaScript keys in this sandbox)", o);
    if (o != 'n' && o != 'd' && o != 'f') { tb_warn("unsupported option '%s'", a); usage(); }
    char *v = tb_opt_value(argc, argv, &i, a + 2);
    if (!v) usage();
    if (o == 'n') {
      char *end;
      n = strtol(v, &end, 10);
      if (*end || n < 1 || n > 1024) tb_die(2, "invalid number of reducers: %s", v);
    } else if (o == 'd') {
      if (!*v) tb_die(2, "empty delimiter");
      delim = v;
    } else {
      for (char *tok = strtok(v, ","); tok; tok = strtok(NULL, ",")) {
        char *end;
        long f = strtol(tok, &end, 10);
        if (*end || f < 1) tb_die(2, "invalid field: %s", tok);
        fields = xrealloc(fields, (size_t)(nfields + 1) * sizeof *fields);
        fields[nfields++] = (int)f;
      }
    }
  }
  if (n < 1) usage();
  if (!nfields) {
    fields = xmalloc(sizeof *fields);
    fields[nfields++] = 1;
  }
  char *base = manta_output_key("");
  outs = xmalloc((size_t)n * sizeof *outs);
  for (long r = 0; r < n; r++) {
    size_t kl = strlen(base) + 24;
    outs[r].key = xmalloc(kl);
    snprintf(outs[r].key, kl, "%s.%ld", base, r);
    outs[r].fd = mobula_output_open(outs[r].key, (int32_t)strlen(outs[r].key), (int32_t)r);
    if (outs[r].fd < 0) tb_die(1, "%s: %s", outs[r].key, strerror(-outs[r].fd));
    outs[r].buf = xmalloc(16384);
    outs[r].n = 0;
  }
  size_t dl = strlen(delim), kcap = 256;
  char *key = xmalloc(kcap);
  rd_t in;
  rd_fd(&in, 0);
  char *line;
  size_t len;
  int nl;
  long lineno = 0;
  while (rd_line(&in, '\n', &line, &len, &nl) > 0) {
    lineno++;
    size_t kl = 0;
    for (int k = 0; k < nfields; k++) {
      /* find field fields[k] */
      const char *p = line, *e = line + len;
      for (int f = 1; f < fields[k] && p; f++) {
        const char *d = dl <= (size_t)(e - p) ? memmem(p, (size_t)(e - p), delim, dl) : NULL;
        p = d ? d + dl : NULL;
      }
      if (!p) continue;
      const char *d = dl <= (size_t)(e - p) ? memmem(p, (size_t)(e - p), delim, dl) : NULL;
      size_t fl = (size_t)((d ? d : e) - p);
      if (kl + fl > kcap) key = xrealloc(key, kcap = (kl + fl) * 2);
      memcpy(key + kl, p, fl);
      kl += fl;
    }
    long r;
    if (by_index) {
      char tmp[32];
      size_t tl = kl < sizeof tmp - 1 ? kl : sizeof tmp - 1;
      memcpy(tmp, key, tl);
      tmp[tl] = 0;
      char *end;
      r = strtol(tmp, &end, 10);
      if (end == tmp || r < 0 || r >= n) tb_die(1, "line %ld: invalid reducer index \"%s\" (have %ld reducers)", lineno, tmp, n);
    } else {
      char hex[33];
      md5_hex(key, kl, hex);
      hex[8] = 0;
      r = (long)(strtoul(hex, NULL, 16) % (unsigned long)n);
    }
    put(&outs[r], line, len);
    put(&outs[r], "\n", 1);
  }
  for (long r = 0; r < n; r++) {
    flush_out(&outs[r]);
    if (close(outs[r].fd) != 0) tb_die(1, "%s: %s", outs[r].key, strerror(errno));
  }
  return 0;
}
