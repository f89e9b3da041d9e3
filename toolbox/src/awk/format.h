#ifndef AWK_FORMAT_H
#define AWK_FORMAT_H
#include <stdarg.h>
#include <stdlib.h>
#include "awk.h"
Str *format_values(const char *fmt, size_t len, Value *args, int nargs);
#endif
