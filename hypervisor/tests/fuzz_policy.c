/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_policy.c - libFuzzer target: scmi_policy_load() on arbitrary bytes. Half of the inputs
 * get their CRC fixed first (input byte 0 decides), so the fuzzer reaches the record checks
 * instead of stopping at BAD_CRC. On success the lookups must stay consistent.
 */
#include "policy_builder.h"
#include "scmi_policy.h"

#include <stdlib.h>
#include <string.h>

static struct scmi_policy pol;
static uint8_t buf[0x100000];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if ( size < 1 || size - 1 > sizeof(buf) )
        return 0;
    memcpy(buf, data + 1, size - 1);
    size--;
    if ( (data[0] & 1) && size >= 0x34 )
        pb_fix_crc(buf, size);
    if ( scmi_policy_load(&pol, buf, size) != SCMI_POL_OK )
    {
        if ( pol.n_domains != 0 )
            abort();
        return 0;
    }
    for ( uint32_t i = 0; i < pol.n_domains; i++ )
    {
        const struct scmi_pol_domain *d = &pol.domains[i];
        if ( scmi_policy_domain_by_key(&pol, d->key) != d )
            abort();
        for ( uint32_t p = 0; p < 256; p++ )
        {
            const struct scmi_pol_protocol *pr = scmi_policy_protocol(&pol, d, p);
            if ( pr == NULL )
                continue;
            if ( pr->id != p )
                abort();
            for ( int ns = 0; ns < SCMI_NS_COUNT; ns++ )
                for ( uint32_t id = 0; id < pr->ns[ns].n_bits + 33u; id += 7 )
                    (void)scmi_pol_bitmap_test(&pr->ns[ns], id);
        }
    }
    return 0;
}
