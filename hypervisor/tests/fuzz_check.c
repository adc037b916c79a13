/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_check.c - libFuzzer target: scmi_med_handle() on arbitrary channel contents.
 * Input: byte 0 picks the domain, the rest is the guest's SMT page (status, flags, length,
 * header, payload). A fixed policy with every protocol of the layout table is loaded once.
 * Invariants checked on every input: the channel is left FREE with the request header echoed;
 * a denied message never reaches the platform and answers DENIED with length 8; an allowed one
 * reached the platform exactly once and re-checks as allowed.
 */
#include "fake_channel.h"

static struct scmi_policy pol;
static uint8_t blob[1 << 16];
static struct fake_chan fc;
static struct scmi_med_channel ch;
static const struct scmi_pol_domain *doms[2];

static void setup(void)
{
    static struct pb_policy p;
    static const uint8_t protos[] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x80 };
    static const uint32_t ids[] = { 0, 1, 2, 7, 31, 32, 100 };

    for ( unsigned d = 0; d < 2; d++ )
    {
        struct pb_domain *dom = pb_add_domain(&p, d ? "b" : "a", d + 1, 0x82000010u + d,
                                              0x05ff0000u, d ? 0x80 : 0x1000);
        for ( unsigned i = 0; i < sizeof(protos); i++ )
        {
            struct pb_proto *pr = pb_add_proto(dom, protos[i]);
            pr->messages = d ? 0x0000FFFFull : ~0ull;
            pb_ids(&pr->ns[0], ids + d, 4);
            pb_ids(&pr->ns[1], ids + 5, 2);
            if ( protos[i] == 0x19 )
            {
                pb_ids(&pr->ns[2], ids, 3);
                pb_ids(&pr->ns[3], ids + 2, 3);
            }
        }
    }
    size_t n = pb_write(&p, blob, sizeof(blob));
    if ( scmi_policy_load(&pol, blob, n) != SCMI_POL_OK )
        abort();
    doms[0] = scmi_policy_domain_by_key(&pol, 1);
    doms[1] = scmi_policy_domain_by_key(&pol, 2);
    ch.pol = &pol;
    ch.ops = &fc_ops;
    ch.ctx = &fc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scmi_med_decision ref;
    enum scmi_med_reason r;
    int fwd;
    uint32_t h;

    if ( ch.pol == NULL )
        setup();
    if ( size < 1 )
        return 0;
    memset(fc.page, 0, sizeof(fc.page));
    memcpy(fc.page, data + 1, size - 1 < sizeof(fc.page) ? size - 1 : sizeof(fc.page));
    ch.dom = doms[data[0] & 1];
    h = pb_get32(fc.page + 0x18);
    fwd = fc.forwards;
    r = scmi_med_handle(&ch);
    if ( pb_get32(fc.page + 0x04) != 1 || pb_get32(fc.page + 0x18) != h )
        abort();
    /* The precomputed rules against the rule-by-rule reference, on the copy handle checked
     * (the fake platform always answers, so r is the check's reason): same reason, and the
     * logged record, allowed messages included, equals the reference's. */
    if ( scmi_med_check(&pol, ch.dom, &ch.req) != r ||
         scmi_med_check_full(&pol, ch.dom, &ch.req, &ref) != r )
        abort();
    if ( fc.last.reason != r || fc.last.status != ref.status ||
         fc.last.domain_key != ref.domain_key || fc.last.header != ref.header ||
         fc.last.protocol_id != ref.protocol_id || fc.last.message_id != ref.message_id ||
         fc.last.token != ref.token || fc.last.res_id != ref.res_id ||
         fc.last.res2_id != ref.res2_id )
        abort();
    if ( r == SCMI_MED_ALLOW )
    {
        if ( fc.forwards != fwd + 1 || scmi_med_check(&pol, ch.dom, &fc.forwarded) != SCMI_MED_ALLOW )
            abort();
    }
    else if ( fc.forwards != fwd || pb_get32(fc.page + 0x14) != 8 ||
              (int32_t)pb_get32(fc.page + 0x1C) != -3 )
        abort();
    return 0;
}
