/* C backslash escapes as echo -e, printf and paste -d read them:
 * \\ \a \b \e \f \n \r \t \v, \xHH (one or two hex digits), octal, and \c
 * (stop all output). TB_ESC_OCTAL0: octal is \0NNN (echo -e, printf %b);
 * otherwise \NNN (printf's format). Unknown escapes stay as written. */
#ifndef TB_ESCAPE_H
#define TB_ESCAPE_H
#include <stddef.h>

#define TB_ESC_OCTAL0 1

/* Decodes s into out (room for strlen(s) bytes); returns the length; *stop set on \c. */
size_t tb_unescape(const char *s, char *out, int flags, int *stop);
/* Decodes one escape at s (just past the backslash) into *c; returns bytes consumed, 0 if not an escape. */
size_t tb_escape_one(const char *s, int flags, int *c);
#endif
