/* SPDX-License-Identifier: GPL-2.0-or-later */
/* policy_builder.c - see policy_builder.h. Offsets are docs/scmi-policy.md §3-§5. */
#include "policy_builder.h"

#include <string.h>

static uint32_t crc_table[256];

uint32_t pb_crc32c(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;

    if ( crc_table[1] == 0 )
        for ( uint32_t b = 0; b < 256; b++ )
        {
            uint32_t c = b;
            for ( int k = 0; k < 8; k++ )
                c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            crc_table[b] = c;
        }
    for ( i = 0; i < n; i++ )
        crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

void pb_fix_crc(uint8_t *blob, size_t len)
{
    pb_put32(blob + 0x30, 0);
    pb_put32(blob + 0x30, pb_crc32c(blob, len));
}

static uint32_t set_bits(const struct pb_set *s)
{
    uint32_t max = 0;
    for ( unsigned i = 0; i < s->n; i++ )
        if ( s->ids[i] + 1 > max )
            max = s->ids[i] + 1;
    return max;
}

size_t pb_write(const struct pb_policy *pol, uint8_t *out, size_t cap)
{
    unsigned n_protos = 0, n_words = 0;

    for ( unsigned d = 0; d < pol->n_domains; d++ )
        for ( unsigned p = 0; p < pol->domains[d].n_protos; p++ )
        {
            n_protos++;
            for ( int ns = 0; ns < 4; ns++ )
                n_words += (set_bits(&pol->domains[d].protos[p].ns[ns]) + 31) / 32;
        }
    size_t dom_off = 64, proto_off = dom_off + 64 * pol->n_domains;
    size_t pool_off = proto_off + 48 * n_protos, total = pool_off + 4 * n_words;
    if ( total > cap )
        return 0;
    memset(out, 0, total);
    memcpy(out, "XSCMIPOL", 8);
    out[8] = 1;                         /* ver_major 1, ver_minor 0 */
    pb_put32(out + 0x0C, 64);
    pb_put32(out + 0x10, (uint32_t)total);
    pb_put32(out + 0x14, 1);            /* DEFAULT_DENY */
    pb_put32(out + 0x18, pol->n_domains);
    pb_put32(out + 0x1C, (uint32_t)dom_off);
    pb_put32(out + 0x20, n_protos);
    pb_put32(out + 0x24, (uint32_t)proto_off);
    pb_put32(out + 0x28, n_words);
    pb_put32(out + 0x2C, (uint32_t)pool_off);

    unsigned proto_idx = 0, word = 0;
    for ( unsigned d = 0; d < pol->n_domains; d++ )
    {
        const struct pb_domain *dom = &pol->domains[d];
        uint8_t *r = out + dom_off + 64 * d;
        size_t nl = 0;
        while ( nl < 32 && dom->name[nl] )
            nl++;
        memcpy(r, dom->name, nl);
        pb_put32(r + 0x20, dom->key);
        pb_put32(r + 0x24, dom->smc_id);
        pb_put32(r + 0x28, (uint32_t)dom->shmem_gpa);
        pb_put32(r + 0x2C, (uint32_t)(dom->shmem_gpa >> 32));
        pb_put32(r + 0x30, dom->shmem_size);
        r[0x34] = (uint8_t)dom->n_protos;
        r[0x35] = (uint8_t)(dom->n_protos >> 8);
        pb_put32(r + 0x38, proto_idx);
        for ( unsigned p = 0; p < dom->n_protos; p++, proto_idx++ )
        {
            const struct pb_proto *pr = &dom->protos[p];
            uint8_t *q = out + proto_off + 48 * proto_idx;
            q[0] = pr->id;
            pb_put32(q + 4, (uint32_t)pr->messages);
            pb_put32(q + 8, (uint32_t)(pr->messages >> 32));
            for ( int ns = 0; ns < 4; ns++ )
            {
                uint32_t bits = set_bits(&pr->ns[ns]);
                pb_put32(q + 0x10 + 8 * ns, bits);
                pb_put32(q + 0x14 + 8 * ns, word);
                for ( unsigned i = 0; i < pr->ns[ns].n; i++ )
                {
                    uint32_t id = pr->ns[ns].ids[i];
                    out[pool_off + 4 * word + id / 8] |= (uint8_t)(1u << (id % 8));
                }
                word += (bits + 31) / 32;
            }
        }
    }
    pb_fix_crc(out, total);
    return total;
}

struct pb_domain *pb_add_domain(struct pb_policy *pol, const char *name, uint32_t key,
                                uint32_t smc_id, uint64_t gpa, uint32_t size)
{
    struct pb_domain *d = &pol->domains[pol->n_domains++];
    memset(d, 0, sizeof(*d));
    strncpy(d->name, name, sizeof(d->name) - 1);
    d->key = key;
    d->smc_id = smc_id;
    d->shmem_gpa = gpa;
    d->shmem_size = size;
    return d;
}

struct pb_proto *pb_add_proto(struct pb_domain *d, uint8_t id)
{
    struct pb_proto *p = &d->protos[d->n_protos++];
    memset(p, 0, sizeof(*p));
    p->id = id;
    return p;
}

void pb_msgs(struct pb_proto *p, const unsigned *msgs, unsigned n)
{
    for ( unsigned i = 0; i < n; i++ )
        p->messages |= (uint64_t)1 << msgs[i];
}

void pb_ids(struct pb_set *s, const uint32_t *ids, unsigned n)
{
    for ( unsigned i = 0; i < n; i++ )
        s->ids[s->n++] = ids[i];
}
