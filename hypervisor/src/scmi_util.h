/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_util.h - little-endian access, speculation-safe index clamping and the three memory
 * shims the module uses instead of a libc.
 */
#ifndef SCMI_UTIL_H
#define SCMI_UTIL_H

#include "scmi_types.h"

/* Unaligned little-endian loads and stores (blob and SMT fields are LE, docs/scmi-policy.md). */
static inline uint16_t scmi_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t scmi_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t scmi_le64(const uint8_t *p)
{
    return (uint64_t)scmi_le32(p) | ((uint64_t)scmi_le32(p + 4) << 32);
}

static inline void scmi_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/*
 * All-ones when idx < size, else zero, computed without a branch the CPU could predict past
 * (the array_index_mask_nospec idea: Linux/Xen nospec.h). size must be <= 2^31.
 */
static inline uint32_t scmi_index_mask(uint32_t idx, uint32_t size)
{
    /* idx < size  <=>  (idx - size) borrows, i.e. bit 63 of the 64-bit difference is set. */
    uint64_t diff = (uint64_t)idx - (uint64_t)size;

    return (uint32_t)0 - (uint32_t)(diff >> 63);
}

/* idx when idx < size, else 0: use the result, never idx, to index an array of size entries. */
static inline uint32_t scmi_index_clamp(uint32_t idx, uint32_t size)
{
    return idx & scmi_index_mask(idx, size);
}

/* The per-message check is inlined into its callers whatever the compiler's size heuristics
 * say (a hint: without it the code is the same C, only a call slower). */
#if defined(__GNUC__) || defined(__clang__)
#define SCMI_ALWAYS_INLINE inline __attribute__((__always_inline__))
#else
#define SCMI_ALWAYS_INLINE inline
#endif

void scmi_mem_copy(void *dst, const void *src, size_t n);
void scmi_mem_zero(void *dst, size_t n);
int scmi_mem_cmp(const void *a, const void *b, size_t n);

#endif /* SCMI_UTIL_H */
