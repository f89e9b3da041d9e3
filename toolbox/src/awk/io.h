#ifndef AWK_IO_H
#define AWK_IO_H
#include <stddef.h>
int main_next_record(char **s, size_t *len); /* also bumps NR/FNR; 0 at end of all input */
void main_skip_file(void);
int getline_file(const char *name, char **s, size_t *len); /* 1 record, 0 EOF, -1 error */
void stream_write(const char *name, int append, const char *data, size_t n);
int stream_close(const char *name);
void streams_flush_all(void);
#endif
