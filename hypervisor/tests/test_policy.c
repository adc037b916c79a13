/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_policy.c - the blob loader against docs/scmi-policy.md: the worked example (§10) loads
 * with the values the document states, each rule of §3-§5 rejects with its reason of §7, and
 * no truncation or bit flip of a valid blob is accepted.
 * Usage: test_policy EXAMPLE.bin
 */
#include "policy_builder.h"
#include "scmi_policy.h"
#include "testlib.h"

#include <string.h>

static struct scmi_policy pol;
static uint8_t blob[1 << 16], work[1 << 16];
static size_t blob_len;

/* The example of docs §10, as a description for the test-side writer. */
static void example(struct pb_policy *p)
{
    static const unsigned base_msgs[] = { 0, 1, 2, 3, 4, 5, 6 };
    static const unsigned clk_msgs[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    static const uint32_t owned[] = { 0, 2 }, shared[] = { 1 };
    struct pb_domain *d;
    struct pb_proto *pr;

    memset(p, 0, sizeof(*p));
    d = pb_add_domain(p, "guest1", 1, 0x82000010u, 0x05ff0000u, 0x1000);
    pb_msgs(pb_add_proto(d, 0x10), base_msgs, 7);
    pr = pb_add_proto(d, 0x14);
    pb_msgs(pr, clk_msgs, 8);
    pb_ids(&pr->ns[0], owned, 2);
    pb_ids(&pr->ns[1], shared, 1);
}

static enum scmi_pol_reason load(const uint8_t *b, size_t n)
{
    return scmi_policy_load(&pol, b, n);
}

/* Copies the example, lets f mutate it, fixes the CRC (unless told not to), loads. */
static enum scmi_pol_reason mutated(void (*f)(uint8_t *b, size_t *n), int fix_crc)
{
    size_t n = blob_len;

    memcpy(work, blob, blob_len);
    f(work, &n);
    if ( fix_crc )
        pb_fix_crc(work, n);
    return load(work, n);
}

#define MUT(name, body) static void name(uint8_t *b, size_t *n) { (void)b; (void)n; body; }
MUT(m_magic, b[0] = 'Y')
MUT(m_major, b[8] = 2)
MUT(m_hdr_size, pb_put32(b + 0x0C, 72))
MUT(m_total, pb_put32(b + 0x10, 0xE4))
MUT(m_flags0, pb_put32(b + 0x14, 0))
MUT(m_flags3, pb_put32(b + 0x14, 3))
MUT(m_hdr_res, b[0x3F] = 1)
MUT(m_ndom_limit, pb_put32(b + 0x18, 65))
MUT(m_nwords_limit, pb_put32(b + 0x28, 65537))
MUT(m_proto_bounds, pb_put32(b + 0x24, 0xFFFFFFF0u))
MUT(m_pool_bounds, pb_put32(b + 0x28, 65536))
MUT(m_dom_off, pb_put32(b + 0x1C, 0x48))
MUT(m_trailing, { memset(b + *n, 0, 8); *n += 8; pb_put32(b + 0x10, (uint32_t)*n); })
MUT(m_trailing_minor1, { memset(b + *n, 0xAB, 8); *n += 8; pb_put32(b + 0x10, (uint32_t)*n);
                         b[0x0A] = 1; })
MUT(m_name_dot, b[0x40 + 2] = '.')
MUT(m_name_empty, memset(b + 0x40, 0, 32))
MUT(m_name_tail, b[0x40 + 20] = 'x')
MUT(m_name_32, memset(b + 0x40, 'n', 32))
MUT(m_smc_slow, pb_put32(b + 0x64, 0x02000010u))
MUT(m_smc_owner, pb_put32(b + 0x64, 0x83000010u))
MUT(m_smc_mbz, pb_put32(b + 0x64, 0x82010010u))
MUT(m_smc64, pb_put32(b + 0x64, 0xC2000010u))
MUT(m_gpa_unaligned, pb_put32(b + 0x68, 0x05ff0800u))
MUT(m_gpa_zero, pb_put32(b + 0x68, 0))
MUT(m_gpa_high, { pb_put32(b + 0x68, 0); pb_put32(b + 0x6C, 0x10000u); })          /* 2^48 */
MUT(m_gpa_top, { pb_put32(b + 0x68, 0xFFFFF000u); pb_put32(b + 0x6C, 0xFFFFu); })  /* 2^48 - 4096 */
MUT(m_size_small, pb_put32(b + 0x70, 0x7C))
MUT(m_size_big, pb_put32(b + 0x70, 0x1004))
MUT(m_size_odd, pb_put32(b + 0x70, 0x102))
MUT(m_dom_res0, b[0x76] = 1)
MUT(m_dom_res1, b[0x7F] = 1)
MUT(m_first_proto, pb_put32(b + 0x78, 1))
MUT(m_dom_nprotos_limit, b[0x74] = 65)
MUT(m_dom_nprotos_1, b[0x74] = 1)
MUT(m_proto_id, b[0x80] = 0x0F)
MUT(m_proto_order, b[0xB0] = 0x10)
MUT(m_proto_res, b[0x81] = 1)
MUT(m_proto_res2, b[0xBC] = 1)
MUT(m_ns_bits, pb_put32(b + 0xC0, 65537))
MUT(m_ns_word, pb_put32(b + 0xCC, 0))
MUT(m_ns_empty_word, pb_put32(b + 0x94, 1))
MUT(m_ns_padding, b[0xE0] = 0x0D)          /* resources {0,2} + bit 3 beyond n_bits 3 */
MUT(m_ns_minimal, pb_put32(b + 0xC0, 4))   /* n_bits 4 but bit 3 clear */
MUT(m_ns_overlap, b[0xE4] = 0x03)          /* shared {0,1}: 0 is also a resource */

static void test_example_values(void)
{
    const struct scmi_pol_domain *d;
    const struct scmi_pol_protocol *base, *clk;

    CHECK_EQ(load(blob, blob_len), SCMI_POL_OK);
    CHECK_EQ(pol.ver_major, 1);
    CHECK_EQ(pol.ver_minor, 0);
    CHECK_EQ(pol.n_domains, 1);
    CHECK_EQ(pol.n_protos, 2);
    d = scmi_policy_domain_by_key(&pol, 1);
    CHECK(d != NULL);
    CHECK(scmi_policy_domain_by_key(&pol, 2) == NULL);
    CHECK(strcmp(d->name, "guest1") == 0);
    CHECK_EQ(d->smc_id, 0x82000010u);
    CHECK_EQ(d->shmem_gpa, 0x05ff0000u);
    CHECK_EQ(d->shmem_size, 0x1000);
    base = scmi_policy_protocol(&pol, d, 0x10);
    clk = scmi_policy_protocol(&pol, d, 0x14);
    CHECK(base != NULL && clk != NULL);
    CHECK(scmi_policy_protocol(&pol, d, 0x11) == NULL);
    CHECK(scmi_policy_protocol(&pol, d, 0x80) == NULL);
    CHECK_EQ(base->messages, 0x7F);
    CHECK_EQ(clk->messages, 0xFF);
    for ( unsigned m = 0; m < 300; m++ )
        CHECK_EQ(scmi_pol_message_allowed(clk, m), m < 8);
    CHECK(scmi_pol_bitmap_test(&clk->ns[SCMI_NS_RESOURCES], 0));
    CHECK(!scmi_pol_bitmap_test(&clk->ns[SCMI_NS_RESOURCES], 1));
    CHECK(scmi_pol_bitmap_test(&clk->ns[SCMI_NS_RESOURCES], 2));
    CHECK(!scmi_pol_bitmap_test(&clk->ns[SCMI_NS_RESOURCES], 3));
    CHECK(!scmi_pol_bitmap_test(&clk->ns[SCMI_NS_RESOURCES], 0xFFFFFFFFu));
    CHECK(scmi_pol_bitmap_test(&clk->ns[SCMI_NS_SHARED], 1));
    CHECK(!scmi_pol_bitmap_test(&clk->ns[SCMI_NS_SHARED], 0));
    CHECK(!scmi_pol_bitmap_test(&base->ns[SCMI_NS_RESOURCES], 0));
    CHECK_EQ(pb_get32(blob + 0x30), 0xFEB31DF7u);   /* the CRC docs §10 states */
}

static void test_reasons(void)
{
    CHECK_EQ(load(blob, 63), SCMI_POL_TOO_SHORT);
    CHECK_EQ(load(NULL, 0), SCMI_POL_TOO_SHORT);
    CHECK_EQ(mutated(m_magic, 1), SCMI_POL_BAD_MAGIC);
    CHECK_EQ(mutated(m_major, 1), SCMI_POL_BAD_VERSION);
    CHECK_EQ(mutated(m_hdr_size, 1), SCMI_POL_BAD_HDR_SIZE);
    CHECK_EQ(mutated(m_total, 1), SCMI_POL_BAD_TOTAL_SIZE);
    CHECK_EQ(mutated(m_flags0, 1), SCMI_POL_BAD_FLAGS);
    CHECK_EQ(mutated(m_flags3, 1), SCMI_POL_BAD_FLAGS);
    CHECK_EQ(mutated(m_hdr_res, 1), SCMI_POL_HDR_RESERVED);
    CHECK_EQ(mutated(m_ndom_limit, 1), SCMI_POL_LIMIT);
    CHECK_EQ(mutated(m_nwords_limit, 1), SCMI_POL_LIMIT);
    CHECK_EQ(mutated(m_proto_bounds, 1), SCMI_POL_SECTION_BOUNDS);
    CHECK_EQ(mutated(m_pool_bounds, 1), SCMI_POL_SECTION_BOUNDS);
    CHECK_EQ(mutated(m_dom_off, 1), SCMI_POL_SECTION_LAYOUT);
    CHECK_EQ(mutated(m_trailing, 1), SCMI_POL_SECTION_LAYOUT);
    CHECK_EQ(mutated(m_trailing_minor1, 1), SCMI_POL_OK);   /* §3: a later minor may add */
    CHECK_EQ(mutated(m_magic, 0), SCMI_POL_BAD_MAGIC);
    CHECK_EQ(mutated(m_name_dot, 0), SCMI_POL_BAD_CRC);
    CHECK_EQ(mutated(m_name_dot, 1), SCMI_POL_DOM_NAME);
    CHECK_EQ(mutated(m_name_empty, 1), SCMI_POL_DOM_NAME);
    CHECK_EQ(mutated(m_name_tail, 1), SCMI_POL_DOM_NAME);
    CHECK_EQ(mutated(m_name_32, 1), SCMI_POL_OK);
    CHECK_EQ(strlen(pol.domains[0].name), 32);
    CHECK_EQ(mutated(m_smc_slow, 1), SCMI_POL_DOM_SMC_ID);
    CHECK_EQ(mutated(m_smc_owner, 1), SCMI_POL_DOM_SMC_ID);
    CHECK_EQ(mutated(m_smc_mbz, 1), SCMI_POL_DOM_SMC_ID);
    CHECK_EQ(mutated(m_smc64, 1), SCMI_POL_OK);
    CHECK_EQ(mutated(m_gpa_unaligned, 1), SCMI_POL_DOM_SHMEM);
    CHECK_EQ(mutated(m_gpa_zero, 1), SCMI_POL_DOM_SHMEM);
    CHECK_EQ(mutated(m_gpa_high, 1), SCMI_POL_DOM_SHMEM);
    CHECK_EQ(mutated(m_gpa_top, 1), SCMI_POL_OK);
    CHECK_EQ(mutated(m_size_small, 1), SCMI_POL_DOM_SHMEM);
    CHECK_EQ(mutated(m_size_big, 1), SCMI_POL_DOM_SHMEM);
    CHECK_EQ(mutated(m_size_odd, 1), SCMI_POL_DOM_SHMEM);
    CHECK_EQ(mutated(m_dom_res0, 1), SCMI_POL_DOM_RESERVED);
    CHECK_EQ(mutated(m_dom_res1, 1), SCMI_POL_DOM_RESERVED);
    CHECK_EQ(mutated(m_first_proto, 1), SCMI_POL_DOM_PROTO_RANGE);
    CHECK_EQ(mutated(m_dom_nprotos_limit, 1), SCMI_POL_LIMIT);
    CHECK_EQ(mutated(m_dom_nprotos_1, 1), SCMI_POL_DOM_PROTO_RANGE);
    CHECK_EQ(mutated(m_proto_id, 1), SCMI_POL_PROTO_ID);
    CHECK_EQ(mutated(m_proto_order, 1), SCMI_POL_PROTO_ORDER);
    CHECK_EQ(mutated(m_proto_res, 1), SCMI_POL_PROTO_RESERVED);
    CHECK_EQ(mutated(m_proto_res2, 1), SCMI_POL_PROTO_RESERVED);
    CHECK_EQ(mutated(m_ns_bits, 1), SCMI_POL_NS_BITS);
    CHECK_EQ(mutated(m_ns_word, 1), SCMI_POL_NS_LAYOUT);
    CHECK_EQ(mutated(m_ns_empty_word, 1), SCMI_POL_NS_LAYOUT);
    CHECK_EQ(mutated(m_ns_padding, 1), SCMI_POL_NS_PADDING);
    CHECK_EQ(mutated(m_ns_minimal, 1), SCMI_POL_NS_NOT_MINIMAL);
    CHECK_EQ(mutated(m_ns_overlap, 1), SCMI_POL_NS_SHARED_OVERLAP);
    /* A rejected load leaves no domain behind. */
    CHECK_EQ(pol.n_domains, 0);
    CHECK(scmi_policy_domain_by_key(&pol, 1) == NULL);
}

static void test_multi_domain_rules(void)
{
    static struct pb_policy p;
    static const unsigned m0[] = { 0 };
    static const uint32_t grp[] = { 3 };
    size_t n;

    memset(&p, 0, sizeof(p));
    pb_add_domain(&p, "a", 1, 0x82000010u, 0x1000, 0x100);
    pb_add_domain(&p, "a", 2, 0x82000011u, 0x1000, 0x100);
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(load(work, n), SCMI_POL_DOM_NAME_DUP);
    strcpy(p.domains[1].name, "b");
    p.domains[1].key = 1;
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(load(work, n), SCMI_POL_DOM_KEY_ORDER);
    p.domains[1].key = 2;
    p.domains[1].smc_id = 0x82000010u;
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(load(work, n), SCMI_POL_DOM_SMC_DUP);
    p.domains[1].smc_id = 0x82000011u;
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(load(work, n), SCMI_POL_OK);
    CHECK_EQ(pol.n_domains, 2);
    CHECK(strcmp(scmi_policy_domain_by_key(&pol, 2)->name, "b") == 0);
    /* groups/functions only on pin control (§5). */
    struct pb_proto *pr = pb_add_proto(&p.domains[0], 0x14);
    pb_msgs(pr, m0, 1);
    pb_ids(&pr->ns[2], grp, 1);
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(load(work, n), SCMI_POL_NS_NOT_PINCTRL);
    pr->id = 0x19;
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(load(work, n), SCMI_POL_OK);
    CHECK(scmi_pol_bitmap_test(&scmi_policy_protocol(&pol, &pol.domains[0], 0x19)->ns[SCMI_NS_GROUPS], 3));
    /* The empty policy is valid and denies everything. */
    memset(&p, 0, sizeof(p));
    n = pb_write(&p, work, sizeof(work));
    CHECK_EQ(n, 64);
    CHECK_EQ(load(work, n), SCMI_POL_OK);
    CHECK_EQ(pol.n_domains, 0);
}

static void test_corruption(void)
{
    /* Every truncation, and every single-bit flip (CRC32C detects them all), is rejected. */
    for ( size_t n = 0; n < blob_len; n++ )
        CHECK(load(blob, n) != SCMI_POL_OK);
    for ( size_t bit = 0; bit < blob_len * 8; bit++ )
    {
        memcpy(work, blob, blob_len);
        work[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        CHECK(load(work, blob_len) != SCMI_POL_OK);
    }
}

int main(int argc, char **argv)
{
    static struct pb_policy p;
    FILE *f;

    CHECK(argc == 2);
    f = fopen(argv[1], "rb");
    CHECK(f != NULL);
    blob_len = fread(blob, 1, sizeof(blob), f);
    fclose(f);
    CHECK_EQ(blob_len, 0xE8);                       /* docs §10: 232 bytes */
    /* Two writers of the format (test-side C, e2e Python) and the document agree. */
    example(&p);
    CHECK_EQ(pb_write(&p, work, sizeof(work)), blob_len);
    CHECK(memcmp(work, blob, blob_len) == 0);
    CHECK_EQ(scmi_crc32c(0, (const uint8_t *)"123456789", 9), 0xE3069283u);
    CHECK_EQ(pb_crc32c((const uint8_t *)"123456789", 9), 0xE3069283u);
    for ( unsigned i = 0; i < SCMI_POL_REASON_COUNT; i++ )
        CHECK(strcmp(scmi_pol_reason_name((enum scmi_pol_reason)i), "unknown") != 0);
    CHECK(strcmp(scmi_pol_reason_name(SCMI_POL_NS_SHARED_OVERLAP), "ns_shared_overlap") == 0);
    CHECK_EQ(SCMI_POL_NS_NOT_PINCTRL, 28);          /* the codes of docs §7 are fixed */
    test_example_values();
    test_reasons();
    test_multi_domain_rules();
    test_corruption();
    TEST_DONE("test_policy");
}
