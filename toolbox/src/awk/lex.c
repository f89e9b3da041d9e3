/* awk lexer. A '/' starts a regex literal only where an operand may start;
 * the parser says so through `regex_ok`. String escapes are decoded here;
 * regex literals are kept raw (re_compile decodes them). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "awk.h"
#include "tb.h"

static const char *src, *p;
static int line = 1;

void lex_init(const char *s) { src = p = s; line = 1; }

static const struct { const char *w; int t; int b; } KW[] = {
  {"BEGIN", T_BEGIN, 0}, {"END", T_END, 0}, {"function", T_FUNCTION, 0}, {"func", T_FUNCTION, 0},
  {"if", T_IF, 0}, {"else", T_ELSE, 0}, {"while", T_WHILE, 0}, {"for", T_FOR, 0}, {"do", T_DO, 0},
  {"break", T_BREAK, 0}, {"continue", T_CONTINUE, 0}, {"next", T_NEXT, 0}, {"nextfile", T_NEXTFILE, 0},
  {"exit", T_EXIT, 0}, {"return", T_RETURN, 0}, {"delete", T_DELETE, 0}, {"in", T_IN, 0},
  {"getline", T_GETLINE, 0}, {"print", T_PRINT, 0}, {"printf", T_PRINTF, 0},
  {"length", T_BUILTIN, B_LENGTH}, {"substr", T_BUILTIN, B_SUBSTR}, {"index", T_BUILTIN, B_INDEX},
  {"split", T_BUILTIN, B_SPLIT}, {"sub", T_BUILTIN, B_SUB}, {"gsub", T_BUILTIN, B_GSUB},
  {"match", T_BUILTIN, B_MATCH}, {"sprintf", T_BUILTIN, B_SPRINTF}, {"sin", T_BUILTIN, B_SIN},
  {"cos", T_BUILTIN, B_COS}, {"atan2", T_BUILTIN, B_ATAN2}, {"exp", T_BUILTIN, B_EXP},
  {"log", T_BUILTIN, B_LOG}, {"sqrt", T_BUILTIN, B_SQRT}, {"int", T_BUILTIN, B_INT},
  {"rand", T_BUILTIN, B_RAND}, {"srand", T_BUILTIN, B_SRAND}, {"tolower", T_BUILTIN, B_TOLOWER},
  {"toupper", T_BUILTIN, B_TOUPPER}, {"system", T_BUILTIN, B_SYSTEM}, {"close", T_BUILTIN, B_CLOSE},
  {"fflush", T_BUILTIN, B_FFLUSH},
};

char *unescape(const char *s, size_t len, size_t *outlen) {
  char *o = xmalloc(len + 1);
  size_t j = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '\\' || i + 1 == len) { o[j++] = s[i]; continue; }
    char c = s[++i];
    switch (c) {
      case 'n': o[j++] = '\n'; break;
      case 't': o[j++] = '\t'; break;
      case 'r': o[j++] = '\r'; break;
      case 'a': o[j++] = '\a'; break;
      case 'b': o[j++] = '\b'; break;
      case 'f': o[j++] = '\f'; break;
      case 'v': o[j++] = '\v'; break;
      case '\\': o[j++] = '\\'; break;
      case '"': o[j++] = '"'; break;
      case '/': o[j++] = '/'; break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        int v = 0, k = 0;
        while (k < 3 && i < len && s[i] >= '0' && s[i] <= '7') v = v * 8 + (s[i++] - '0'), k++;
        i--;
        o[j++] = (char)v;
        break;
      }
      default: o[j++] = '\\'; o[j++] = c; break; /* kept for regex use, e.g. "\\." */
    }
  }
  o[j] = 0;
  *outlen = j;
  return o;
}

Token lex_next(int regex_ok) {
  Token t = {0};
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r') p++;
    if (*p == '\\' && p[1] == '\n') { p += 2; line++; continue; }
    if (*p == '\\' && p[1] == '\r' && p[2] == '\n') { p += 3; line++; continue; }
    if (*p == '#') { while (*p && *p != '\n') p++; continue; }
    break;
  }
  t.line = line;
  const char *s = p;
  if (!*p) { t.type = T_EOF; return t; }
  if (*p == '\n') { p++; line++; t.type = T_NEWLINE; return t; }
  if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
    char *end;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) t.num = (double)strtoll(p, &end, 16);
    else t.num = strtod(p, &end);
    p = end;
    t.type = T_NUMBER;
    return t;
  }
  if (isalpha((unsigned char)*p) || *p == '_') {
    while (isalnum((unsigned char)*p) || *p == '_') p++;
    t.text = xmemdup(s, (size_t)(p - s));
    t.len = (size_t)(p - s);
    for (size_t i = 0; i < sizeof KW / sizeof KW[0]; i++) {
      if (!strcmp(KW[i].w, t.text)) { t.type = KW[i].t; t.builtin = KW[i].b; return t; }
    }
    t.type = *p == '(' ? T_FUNC_NAME : T_NAME;
    return t;
  }
  if (*p == '"') {
    p++;
    const char *b = p;
    while (*p && *p != '"') {
      if (*p == '\\' && p[1]) p++;
      else if (*p == '\n') awk_error("newline in string");
      p++;
    }
    if (!*p) awk_error("non-terminated string");
    t.text = unescape(b, (size_t)(p - b), &t.len);
    p++;
    t.type = T_STRING;
    return t;
  }
  if (*p == '/' && regex_ok) {
    p++;
    const char *b = p;
    int in_bracket = 0;
    while (*p && (*p != '/' || in_bracket)) {
      if (*p == '\n') awk_error("newline in regex");
      if (*p == '\\' && p[1]) p++;
      else if (*p == '[' && !in_bracket) {
        in_bracket = 1;
        if (p[1] == '^') p++;
        if (p[1] == ']') p++;
      } else if (*p == '[' && p[1] == ':') {
        const char *e = strstr(p + 2, ":]");
        if (e) p = e + 1;
      } else if (*p == ']') in_bracket = 0;
      p++;
    }
    if (!*p) awk_error("non-terminated regular expression");
    t.text = xmemdup(b, (size_t)(p - b));
    t.len = (size_t)(p - b);
    p++;
    t.type = T_ERE;
    return t;
  }
  static const struct { const char *op; int t; } OPS[] = {
    {"+=", T_ADD_ASSIGN}, {"-=", T_SUB_ASSIGN}, {"*=", T_MUL_ASSIGN}, {"/=", T_DIV_ASSIGN},
    {"%=", T_MOD_ASSIGN}, {"^=", T_POW_ASSIGN}, {"**=", T_POW_ASSIGN}, {"||", T_OR}, {"&&", T_AND},
    {"!~", T_NOMATCH}, {"==", T_EQ}, {"<=", T_LE}, {">=", T_GE}, {"!=", T_NE}, {"++", T_INCR},
    {"--", T_DECR}, {">>", T_APPEND}, {"**", '^'},
  };
  for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
    size_t n = strlen(OPS[i].op);
    if (!strncmp(p, OPS[i].op, n)) { p += n; t.type = OPS[i].t; return t; }
  }
  t.type = (unsigned char)*p++;
  if (!strchr("{}()[];,+-*/%^!><|?:~$=", t.type)) awk_error("syntax error: unexpected character '%c'", t.type);
  return t;
}
