/* Input records (main input over ARGV operands, and getline files) and
 * output streams for print/printf redirection. RS: "\n" or any single byte,
 * "" = paragraph mode, longer = an ERE (that input is read whole). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "awk.h"
#include "fields.h"
#include "io.h"
#include "tb.h"

typedef struct Stream {
  char *name;
  int out, fd;
  rd_t r;
  char *wb;
  size_t wn;
  char *slurp; size_t slen, spos; int slurped;
  struct Stream *next;
} Stream;
static Stream *streams;

/* Reads one record from r into (*s,*len); the buffer stays valid until the next call. */
static int read_record(rd_t *r, Stream *st, char **s, size_t *len) {
  Str *rs = to_str(&syms[v_RS].v);
  int nl, rc;
  paragraph_mode = rs->len == 0;
  if (rs->len == 1) {
    rc = rd_line(r, (unsigned char)rs->s[0], s, len, &nl);
    str_unref(rs);
    return rc > 0;
  }
  static char *acc;
  static size_t acap;
  if (rs->len == 0) {
    str_unref(rs);
    size_t n = 0;
    char *line;
    size_t ll;
    int got = 0;
    while ((rc = rd_line(r, '\n', &line, &ll, &nl)) > 0) {
      if (ll == 0) { if (got) break; continue; }
      if (n + ll + 2 > acap) acc = xrealloc(acc, acap = (n + ll) * 2 + 64);
      if (got) acc[n++] = '\n';
      memcpy(acc + n, line, ll);
      n += ll;
      got = 1;
    }
    *s = acc;
    *len = n;
    return got;
  }
  /* Regex RS: read the whole stream once, then cut records out of it. */
  if (!st->slurped) {
    size_t cap = 65536;
    st->slurp = xmalloc(cap + 1);
    ssize_t k;
    while ((k = rd_read(r, st->slurp + st->slen, cap - st->slen)) > 0) {
      st->slen += (size_t)k;
      if (st->slen == cap) st->slurp = xrealloc(st->slurp, (cap *= 2) + 1);
    }
    st->slurp[st->slen] = 0;
    st->slurped = 1;
  }
  Value rv = val_str(rs);
  regex_t *re = re_dynamic(&rv);
  val_free(&rv);
  if (st->spos >= st->slen) return 0;
  size_t ms, me, from = st->spos;
  while (awk_match_at(re, st->slurp, st->slen, from, &ms, &me) && me == ms) from = ms + 1;
  if (from <= st->slen && awk_match_at(re, st->slurp, st->slen, from, &ms, &me) && me > ms) {
    *s = st->slurp + st->spos;
    *len = ms - st->spos;
    st->spos = me;
    return 1;
  }
  *s = st->slurp + st->spos;
  *len = st->slen - st->spos;
  st->spos = st->slen;
  if (*len && (*s)[*len - 1] == '\n') (*len)--;
  return 1;
}

/* ---- main input ---- */
static int argi = 0, main_open = 0, used_file = 0;
static Stream main_st;
static int main_argc;

static void incr_var(int idx) {
  double n = to_num(&syms[idx].v) + 1;
  val_free(&syms[idx].v);
  syms[idx].v = val_num(n);
}

/* Advances to the next ARGV operand that is a file; processes var=value ones. */
static int open_next(void) {
  main_argc = (int)to_num(&syms[v_ARGC].v);
  while (++argi < main_argc) {
    Str *k = num_to_str(argi, "%.6g");
    Value *v = arr_get(syms[v_ARGV].arr, k, 0);
    str_unref(k);
    if (!v) continue;
    Str *a = to_str(v);
    if (a->len == 0) { str_unref(a); continue; }
    char *eq = strchr(a->s, '=');
    if (eq && eq != a->s && (a->s[0] == '_' || (a->s[0] | 32) >= 'a') ) {
      int ok = 1;
      for (char *p = a->s; p < eq; p++)
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (p > a->s && *p >= '0' && *p <= '9'))) ok = 0;
      if (ok) {
        *eq = 0;
        set_var_str(sym_lookup(a->s, 1), eq + 1);
        str_unref(a);
        continue;
      }
    }
    used_file = 1;
    memset(&main_st, 0, sizeof main_st);
    if (rd_open(&main_st.r, a->s) < 0) {
      tb_warn("cannot open \"%s\" (%s)", a->s, strerror(errno));
      str_unref(a);
      exit(2);
    }
    val_free(&syms[v_FILENAME].v);
    syms[v_FILENAME].v = val_str(a);
    val_free(&syms[v_FNR].v);
    syms[v_FNR].v = val_num(0);
    main_open = 1;
    return 1;
  }
  if (!used_file) {
    used_file = 1;
    memset(&main_st, 0, sizeof main_st);
    rd_fd(&main_st.r, 0);
    val_free(&syms[v_FNR].v);
    syms[v_FNR].v = val_num(0);
    main_open = 1;
    return 1;
  }
  return 0;
}

int main_next_record(char **s, size_t *len) {
  for (;;) {
    if (!main_open && !open_next()) return 0;
    if (read_record(&main_st.r, &main_st, s, len)) {
      incr_var(v_NR);
      incr_var(v_FNR);
      return 1;
    }
    main_skip_file();
  }
}

void main_skip_file(void) {
  if (!main_open) return;
  rd_close(&main_st.r);
  free(main_st.slurp);
  main_open = 0;
}

/* ---- named streams ---- */
static Stream *find_stream(const char *name, int out) {
  for (Stream *s = streams; s; s = s->next) if (!strcmp(s->name, name) && s->out == out) return s;
  return NULL;
}

int getline_file(const char *name, char **s, size_t *len) {
  Stream *st = find_stream(name, 0);
  if (!st) {
    st = calloc(1, sizeof *st);
    if (rd_open(&st->r, name) < 0) { free(st); return -1; }
    st->name = xstrdup(name);
    st->next = streams;
    streams = st;
  }
  return read_record(&st->r, st, s, len);
}

static void flush_stream(Stream *s) {
  size_t o = 0;
  while (o < s->wn) {
    ssize_t w = write(s->fd, s->wb + o, s->wn - o);
    if (w <= 0) break;
    o += (size_t)w;
  }
  s->wn = 0;
}

void stream_write(const char *name, int append, const char *data, size_t n) {
  if (!strcmp(name, "/dev/stdout") || !strcmp(name, "-")) { out_write(data, n); return; }
  Stream *st = find_stream(name, 1);
  if (!st) {
    int fd = !strcmp(name, "/dev/stderr") ? 2 : open(name, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
    if (fd < 0) awk_error("can't redirect to \"%s\" (%s)", name, strerror(errno));
    st = calloc(1, sizeof *st);
    st->name = xstrdup(name);
    st->out = 1;
    st->fd = fd;
    st->wb = xmalloc(65536);
    st->next = streams;
    streams = st;
  }
  if (st->fd == 2) out_flush();
  if (st->wn + n > 65536) flush_stream(st);
  if (n > 65536) {
    st->wn = 0;
    ssize_t w = write(st->fd, data, n);
    (void)w;
    return;
  }
  memcpy(st->wb + st->wn, data, n);
  st->wn += n;
  if (st->fd == 2) flush_stream(st);
}

int stream_close(const char *name) {
  int found = -1;
  for (Stream **p = &streams; *p;) {
    Stream *s = *p;
    if (strcmp(s->name, name)) { p = &s->next; continue; }
    if (s->out) { flush_stream(s); if (s->fd > 2) close(s->fd); free(s->wb); }
    else { rd_close(&s->r); free(s->slurp); }
    *p = s->next;
    free(s->name);
    free(s);
    found = 0;
  }
  return found;
}

void streams_flush_all(void) {
  out_flush();
  for (Stream *s = streams; s; s = s->next) if (s->out) flush_stream(s);
}
