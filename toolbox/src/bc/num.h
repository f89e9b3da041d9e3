/* bc's numbers: decimal digits with a scale, and the arithmetic on them with
 * bc's scale rules (see bc.c). */
#ifndef BC_NUM_H
#define BC_NUM_H

/* value = (-1)^neg * d / 10^scale, d as decimal digits, least significant first.
 * len -1 marks a failed division (by zero). */
typedef struct {
  int neg, scale, len;
  unsigned char *d;
} num_t;

extern int scale_reg; /* bc's `scale` */
num_t mk(int len, int scale);
void trim(num_t *n);
num_t copy(num_t a);
num_t from_int(long long v);
num_t rescale(num_t a, int scale);
int cmp_abs(num_t a, num_t b);
int is_zero(num_t a);
long long to_int(num_t a);
num_t add(num_t a, num_t b, int sub);
num_t mul(num_t a, num_t b, int scale);
num_t divide(num_t a, num_t b, int scale);
num_t power(num_t a, num_t b);
num_t square_root(num_t a);
void print_num(num_t n);
/* A runtime error (stderr); the statement is abandoned by the caller. */
void runtime(const char *msg);
extern int bc_failed;
extern int col; /* output column, for the 70-column wrap */
#endif
