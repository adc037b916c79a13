// SPDX-License-Identifier: GPL-2.0-or-later
// Only linked into the memory benchmark: replacing malloc process-wide is the point of it.
#include "heapmeter.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <malloc.h>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);
}

namespace {

std::atomic<size_t> g_inUse{0};
std::atomic<size_t> g_peak{0};
std::atomic<size_t> g_blocks{0};

void *counted(void *p)
{
    if (!p)
        return p;
    g_blocks.fetch_add(1);
    const size_t now = g_inUse.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
    size_t seen = g_peak.load();
    while (now > seen && !g_peak.compare_exchange_weak(seen, now)) {
    }
    return p;
}

void uncount(void *p)
{
    if (p) {
        g_inUse.fetch_sub(malloc_usable_size(p));
        g_blocks.fetch_sub(1);
    }
}

} // namespace

namespace heapmeter {

size_t inUse() { return g_inUse.load(); }
size_t peak() { return g_peak.load(); }
size_t blocksInUse() { return g_blocks.load(); }
void resetPeak() { g_peak.store(g_inUse.load()); }

} // namespace heapmeter

extern "C" {

void *malloc(size_t n) { return counted(__libc_malloc(n)); }
void *calloc(size_t n, size_t size) { return counted(__libc_calloc(n, size)); }
void *memalign(size_t alignment, size_t n) { return counted(__libc_memalign(alignment, n)); }
void *aligned_alloc(size_t alignment, size_t n) { return counted(__libc_memalign(alignment, n)); }

void free(void *p)
{
    uncount(p);
    __libc_free(p);
}

void *realloc(void *p, size_t n)
{
    const size_t before = p ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (!q) {
        if (p && n == 0) { // glibc's realloc(p, 0) frees p
            g_inUse.fetch_sub(before);
            g_blocks.fetch_sub(1);
        }
        return q;
    }
    g_inUse.fetch_sub(before);
    if (p)
        g_blocks.fetch_sub(1);
    return counted(q);
}

int posix_memalign(void **out, size_t alignment, size_t n)
{
    void *p = __libc_memalign(alignment, n);
    if (!p)
        return ENOMEM;
    *out = counted(p);
    return 0;
}

} // extern "C"
