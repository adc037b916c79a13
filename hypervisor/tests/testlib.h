/* SPDX-License-Identifier: GPL-2.0-or-later */
/* testlib.h - minimal assertions for the plain C host tests (exit 1 on the first failure). */
#ifndef TESTLIB_H
#define TESTLIB_H
#include <stdio.h>
#include <stdlib.h>

static int tl_checks;
#define CHECK(cond) do { tl_checks++; if ( !(cond) ) { \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); exit(1); } } while ( 0 )
#define CHECK_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); tl_checks++; \
    if ( _a != _b ) { fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
    __FILE__, __LINE__, #a, #b, _a, _b); exit(1); } } while ( 0 )
#define TEST_DONE(name) do { printf("%s: %d checks passed\n", name, tl_checks); return 0; } while ( 0 )
#endif
