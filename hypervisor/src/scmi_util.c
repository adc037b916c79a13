/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_util.c - byte-wise memory shims, so the module needs no libc (freestanding build).
 * The messages and blobs they move are small (a few hundred bytes); speed is not their job.
 */
#include "scmi_util.h"

void scmi_mem_copy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    size_t i;

    for ( i = 0; i < n; i++ )
        d[i] = s[i];
}

void scmi_mem_zero(void *dst, size_t n)
{
    volatile uint8_t *d = dst;   /* volatile: no compiler turns this back into memset() */
    size_t i;

    for ( i = 0; i < n; i++ )
        d[i] = 0;
}

int scmi_mem_cmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    size_t i;

    for ( i = 0; i < n; i++ )
        if ( x[i] != y[i] )
            return x[i] < y[i] ? -1 : 1;
    return 0;
}
