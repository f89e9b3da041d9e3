/* Sizes as GNU tools read them (od -j/-N, split -b/-C): a number with an
 * optional multiplier suffix: b (512), k/K (1024), M, G, T, P, E (powers of
 * 1024), or with "B" (KB = 1000, MB = 1000^2...) or "iB" (KiB = 1024).
 * base is as strtoull's: 10, or 0 for 0x hex and leading-0 octal. */
#ifndef TB_UNITS_H
#define TB_UNITS_H

/* The value, or -1 if S is not a valid size (or overflows 63 bits). */
long long tb_parse_size(const char *s, int base);
#endif
