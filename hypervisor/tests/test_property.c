/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_property.c - random policies x random messages: the checker's verdict must equal an
 * oracle written here from shared/reference/scmi.md §3.3 and docs/scmi-policy.md §8, with
 * its own encoding (switch statements over payload words, linear search over id lists), so
 * a mistake in the module's tables or bitmaps shows up as a disagreement. Each message is also
 * checked by scmi_med_check_full(), the rule-by-rule reference of the precomputed rules
 * scmi_med_check() uses: same reason, and scmi_med_record() builds the same log record.
 *
 *   test_property [N_MESSAGES [SEED]]     default 200000 (ctest); env SCMI_PROPERTY_N too
 */
#include "fake_channel.h"
#include "testlib.h"

#include <inttypes.h>

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}
static uint32_t below(uint32_t n) { return n ? rnd() % n : 0; }
static int chance(unsigned pct) { return below(100) < pct; }

/* ---- the oracle ------------------------------------------------------------------------ */

static int in_set(const struct pb_set *s, uint32_t id)
{
    for ( unsigned i = 0; i < s->n; i++ )
        if ( s->ids[i] == id )
            return 1;
    return 0;
}

enum { QUERY, CONTROL };

/* Owned, or shared for a query (docs §1). */
static int res_ok(const struct pb_proto *p, uint32_t id, int cls)
{
    return in_set(&p->ns[0], id) || (cls == QUERY && in_set(&p->ns[1], id));
}

static int pin_ok(const struct pb_proto *p, uint32_t id, uint32_t selector, int cls)
{
    if ( selector == 0 )
        return res_ok(p, id, cls);
    if ( selector == 1 )
        return in_set(&p->ns[2], id);
    if ( selector == 2 )
        return in_set(&p->ns[3], id);
    return 0;
}

static int oracle(const struct pb_domain *d, uint32_t status, uint32_t length, uint32_t header,
                  const uint8_t *pl)
{
    const struct pb_proto *p = NULL;
    uint32_t proto = (header >> 10) & 0xFF, msg = header & 0xFF, n;
#define WD(i) pb_get32(pl + 4 * (i))
#define LEN(x) if ( n != (x) ) return 0

    if ( length < 4 || length > d->shmem_size - 0x18 || length % 4 || (status & 1) )
        return 0;
    if ( ((header >> 8) & 3) != 0 || (header >> 28) != 0 )
        return 0;
    for ( unsigned i = 0; i < d->n_protos; i++ )
        if ( d->protos[i].id == proto )
            p = &d->protos[i];
    if ( p == NULL || msg > 63 || !((p->messages >> msg) & 1) )
        return 0;
    n = length - 4;
    switch ( msg )      /* common to every protocol */
    {
    case 0: case 1: LEN(0); return 1;
    case 2: case 0x10: LEN(4); return 1;
    }
    switch ( proto )
    {
    case 0x10:
        switch ( msg )
        {
        case 3: case 4: case 5: LEN(0); return 1;
        case 6: case 8: LEN(4); return 1;
        case 7: LEN(4); return res_ok(p, WD(0), QUERY);
        }
        return 0;       /* 9, A, B privileged; others unknown */
    case 0x11:
        switch ( msg )
        {
        case 3: case 5: case 8: LEN(4); return res_ok(p, WD(0), QUERY);
        case 4: LEN(12); return !(WD(0) & 1) && res_ok(p, WD(1), CONTROL);
        case 6: case 7: LEN(8); return res_ok(p, WD(0), CONTROL);
        }
        return 0;
    case 0x12:
        if ( msg == 4 ) { LEN(0); return 1; }
        if ( msg == 5 ) { LEN(4); return 1; }
        return 0;
    case 0x13:
        switch ( msg )
        {
        case 3: case 6: case 8: case 0xC: LEN(4); return res_ok(p, WD(0), QUERY);
        case 4: LEN(8); return res_ok(p, WD(0), QUERY);
        case 5: LEN(12); return res_ok(p, WD(0), CONTROL);
        case 7: case 9: case 0xA: LEN(8); return res_ok(p, WD(0), CONTROL);
        }
        return 0;
    case 0x14:
        switch ( msg )
        {
        case 3: case 6: case 8: case 0xE: case 0xF: LEN(4); return res_ok(p, WD(0), QUERY);
        case 4: case 0xB: case 0xC: LEN(8); return res_ok(p, WD(0), QUERY);
        case 5: LEN(16); return !(WD(0) & 1) && res_ok(p, WD(1), CONTROL);
        case 7: if ( n != 8 && n != 12 ) return 0; return res_ok(p, WD(0), CONTROL);
        case 9: case 0xA: LEN(8); return res_ok(p, WD(0), CONTROL);
        case 0xD: LEN(8); return res_ok(p, WD(0), CONTROL) && res_ok(p, WD(1), QUERY);
        }
        return 0;
    case 0x15:
        switch ( msg )
        {
        case 3: LEN(4); return 1;
        case 4: case 0xA: case 0xB: LEN(8); return res_ok(p, WD(0), CONTROL);
        case 5: LEN(16); return res_ok(p, WD(0), CONTROL);
        case 6: LEN(8); return !(WD(1) & 1) && res_ok(p, WD(0), QUERY);
        case 7: case 8: LEN(8); return res_ok(p, WD(0), QUERY);
        case 9: LEN(4); return res_ok(p, WD(0), QUERY);
        }
        return 0;
    case 0x16:
        switch ( msg )
        {
        case 3: case 6: LEN(4); return res_ok(p, WD(0), QUERY);
        case 4: LEN(12); return !(WD(1) & 4) && res_ok(p, WD(0), CONTROL);
        case 5: LEN(8); return res_ok(p, WD(0), CONTROL);
        }
        return 0;
    case 0x17:
        switch ( msg )
        {
        case 3: case 6: case 8: case 9: LEN(4); return res_ok(p, WD(0), QUERY);
        case 4: LEN(8); return res_ok(p, WD(0), QUERY);
        case 5: LEN(8); return res_ok(p, WD(0), CONTROL);
        case 7: LEN(12); return !(WD(1) & 1) && res_ok(p, WD(0), CONTROL);
        }
        return 0;
    case 0x18:
        switch ( msg )
        {
        case 3: case 4: case 6: case 8: case 9: LEN(4); return res_ok(p, WD(0), QUERY);
        case 5: case 7: LEN(12); return !(WD(1) & 1) && res_ok(p, WD(0), CONTROL);
        case 0xA: LEN(8); return res_ok(p, WD(0), CONTROL);
        case 0xB: LEN(16); return res_ok(p, WD(0), CONTROL);
        }
        return 0;
    case 0x19:
        switch ( msg )
        {
        case 3: case 9: LEN(8); return pin_ok(p, WD(0), WD(1) & 3, QUERY);
        case 4: LEN(12); return pin_ok(p, WD(0), WD(1) & 3, QUERY);
        case 5: LEN(8); return pin_ok(p, WD(0), (WD(1) >> 16) & 3, QUERY);
        case 7: case 8: LEN(8); return pin_ok(p, WD(0), WD(1) & 3, CONTROL);
        case 6:
            if ( n < 12 || n != 12 + 8 * ((WD(2) >> 2) & 0xFF) )
                return 0;
            if ( ((WD(2) >> 10) & 1) && !in_set(&p->ns[3], WD(1)) )
                return 0;
            return pin_ok(p, WD(0), WD(2) & 3, CONTROL);
        }
        return 0;
    }
    return 0;           /* any other protocol: common messages only */
#undef WD
#undef LEN
}

/* ---- random policies and messages ------------------------------------------------------- */

static const uint8_t proto_pool[] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
                                      0x80, 0x81, 0x8F, 0x1A, 0x20 };
static struct pb_policy rp;
static uint8_t blob[1 << 20];
static struct scmi_policy pol;

static uint32_t rand_id(void)
{
    if ( chance(85) )
        return below(24);
    return chance(90) ? below(700) : (chance(50) ? 0xFFFFFFFFu : rnd());
}

static void rand_set(struct pb_set *s, unsigned max_n, struct pb_set *exclude)
{
    unsigned n = below(max_n + 1);
    s->n = 0;
    for ( unsigned i = 0; i < n; i++ )
    {
        uint32_t id = chance(90) ? below(24) : below(700);
        if ( !in_set(s, id) && !(exclude && in_set(exclude, id)) )
            s->ids[s->n++] = id;
    }
}

static void rand_policy(void)
{
    memset(&rp, 0, sizeof(rp));
    rp.n_domains = 1 + below(4);
    for ( unsigned d = 0; d < rp.n_domains; d++ )
    {
        struct pb_domain *dom = &rp.domains[d];
        uint8_t used[256] = { 0 };
        snprintf(dom->name, sizeof(dom->name), "dom%u", d);
        dom->key = d + 1;
        dom->smc_id = 0x82000010u + d;
        dom->shmem_gpa = 0x05ff0000u;
        dom->shmem_size = chance(50) ? 0x1000 : 0x80 + 4 * below(0x3E0);
        for ( unsigned k = 0, n = below(8); k < n; k++ )
        {
            uint8_t id = proto_pool[below(sizeof(proto_pool))];
            if ( used[id] )
                continue;
            used[id] = 1;
            struct pb_proto *p = &dom->protos[dom->n_protos++];
            memset(p, 0, sizeof(*p));
            p->id = id;
            p->messages = chance(30) ? ~0ull : ((uint64_t)rnd() << 32 | rnd()) | 0x7;
            rand_set(&p->ns[0], 8, NULL);
            rand_set(&p->ns[1], 4, &p->ns[0]);
            if ( id == 0x19 )
            {
                rand_set(&p->ns[2], 5, NULL);
                rand_set(&p->ns[3], 5, NULL);
            }
        }
        /* the writer wants ascending protocol ids */
        for ( unsigned i = 0; i < dom->n_protos; i++ )
            for ( unsigned j = i + 1; j < dom->n_protos; j++ )
                if ( dom->protos[j].id < dom->protos[i].id )
                {
                    struct pb_proto t = dom->protos[i];
                    dom->protos[i] = dom->protos[j];
                    dom->protos[j] = t;
                }
    }
    size_t n = pb_write(&rp, blob, sizeof(blob));
    CHECK(n > 0);
    CHECK_EQ(scmi_policy_load(&pol, blob, n), SCMI_POL_OK);
}

/* Plausible payload lengths in bytes: near what the messages take, sometimes anything. */
static uint32_t rand_payload_len(void)
{
    static const uint32_t common[] = { 0, 4, 8, 12, 16, 20, 28 };
    if ( chance(90) )
        return common[below(7)];
    return chance(50) ? 4 * below(40) : below(4200);
}

static struct scmi_med_msg msg;

static void rand_message(const struct pb_domain *dom)
{
    uint32_t proto, m, plen;

    if ( dom->n_protos && chance(85) )
        proto = dom->protos[below(dom->n_protos)].id;
    else
        proto = proto_pool[below(sizeof(proto_pool))];
    m = chance(90) ? below(0x12) : below(256);
    msg.header = (proto << 10) | m | (below(1024) << 18);
    if ( chance(3) )
        msg.header |= below(4) << 8;
    if ( chance(3) )
        msg.header |= (1u + below(15)) << 28;
    plen = rand_payload_len();
    if ( proto == 0x19 && m == 6 && chance(50) )
        plen = 12 + 8 * below(6);
    msg.length = plen + 4 - (chance(2) ? below(4) : 0);
    if ( chance(1) )
        msg.length = rnd();
    msg.channel_status = chance(97) ? 0 : (chance(50) ? 1 : 3);
    for ( unsigned i = 0; i < sizeof(msg.payload) / 4 && i < 16; i++ )
    {
        uint32_t w;
        switch ( below(5) )
        {
        case 0: w = rand_id(); break;
        case 1: w = below(8); break;                  /* small flags */
        case 2: w = (below(4) << 16) | below(4); break;
        case 3: w = (below(8) << 2) | (below(2) << 10) | below(4); break;
        default: w = rnd(); break;
        }
        pb_put32(msg.payload + 4 * i, w);
    }
    if ( proto == 0x19 && m == 6 && plen >= 12 )     /* make n_configs agree half the time */
    {
        uint32_t w2 = pb_get32(msg.payload + 8) & ~(0xFFu << 2);
        if ( chance(50) )
            w2 |= ((plen - 12) / 8) << 2;
        pb_put32(msg.payload + 8, w2);
    }
}

/* Half-plausible messages are mostly denied; steer some towards the oracle's "yes": ids from
 * the domain's own sets, zero flags, and the first length the oracle accepts. */
static void steer(const struct pb_domain *pd)
{
    static const uint32_t lens[] = { 0, 4, 8, 12, 16 };
    uint32_t proto = (msg.header >> 10) & 0xFF;
    const struct pb_proto *p = NULL;

    for ( unsigned i = 0; i < pd->n_protos; i++ )
        if ( pd->protos[i].id == proto )
            p = &pd->protos[i];
    if ( p == NULL )
        return;
    msg.header &= ~0xF0000300u;
    msg.channel_status = 0;
    for ( unsigned w = 0; w < 4; w++ )
    {
        const struct pb_set *s = &p->ns[chance(70) ? 0 : below(4)];
        uint32_t v = s->n && chance(60) ? s->ids[below(s->n)] : (chance(60) ? 0 : below(4));
        pb_put32(msg.payload + 4 * w, v);
    }
    for ( unsigned i = 0; i < 5; i++ )
    {
        msg.length = 4 + lens[i];
        if ( oracle(pd, 0, msg.length, msg.header, msg.payload) )
            return;
    }
    msg.length = 4 + lens[below(5)];
}

int main(int argc, char **argv)
{
    uint64_t n = 200000, allowed = 0, i, reasons[SCMI_MED_REASON_COUNT] = { 0 };
    const char *env = getenv("SCMI_PROPERTY_N");

    if ( env )
        n = strtoull(env, NULL, 0);
    if ( argc > 1 )
        n = strtoull(argv[1], NULL, 0);
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5C3105EEDull;
    printf("test_property: %" PRIu64 " messages, seed %#" PRIx64 "\n", n, rng_state);
    for ( i = 0; i < n; i++ )
    {
        if ( i % 2000 == 0 )
            rand_policy();
        unsigned di = below(rp.n_domains);
        const struct pb_domain *pd = &rp.domains[di];
        const struct scmi_pol_domain *dom = scmi_policy_domain_by_key(&pol, pd->key);
        struct scmi_med_decision dec, ref;
        enum scmi_med_reason why;
        int want, got;

        rand_message(pd);
        if ( chance(40) )
            steer(pd);
        why = scmi_med_check(&pol, dom, &msg);
        got = why == SCMI_MED_ALLOW;
        want = oracle(pd, msg.channel_status, msg.length, msg.header, msg.payload);
        /* The precomputed rules against the rule-by-rule reference: same reason, and the
         * record scmi_med_record() builds from that reason is the reference's record. */
        scmi_med_record(dom, &msg, why, &dec);
        if ( scmi_med_check_full(&pol, dom, &msg, &ref) != why || ref.reason != dec.reason ||
             ref.status != dec.status || ref.domain_key != dec.domain_key ||
             ref.header != dec.header || ref.protocol_id != dec.protocol_id ||
             ref.message_id != dec.message_id || ref.token != dec.token ||
             ref.res_id != dec.res_id || ref.res2_id != dec.res2_id )
        {
            fprintf(stderr, "message %" PRIu64 ": scmi_med_check says %s (res %#x res2 %#x), "
                    "scmi_med_check_full %s (res %#x res2 %#x); header %#x length %u\n", i,
                    scmi_med_reason_name(dec.reason), dec.res_id, dec.res2_id,
                    scmi_med_reason_name(ref.reason), ref.res_id, ref.res2_id, msg.header,
                    msg.length);
            return 1;
        }
        reasons[dec.reason]++;
        if ( got != want )
        {
            fprintf(stderr, "disagreement at message %" PRIu64 ": checker %s (%s), oracle %s\n"
                    "  domain %s proto %#x msg %#x length %u status %u header %#x words %#x %#x %#x\n",
                    i, got ? "allows" : "denies", scmi_med_reason_name(dec.reason),
                    want ? "allows" : "denies", pd->name, (msg.header >> 10) & 0xFF,
                    msg.header & 0xFF, msg.length, msg.channel_status, msg.header,
                    pb_get32(msg.payload), pb_get32(msg.payload + 4), pb_get32(msg.payload + 8));
            return 1;
        }
        allowed += (uint64_t)got;
        tl_checks++;
    }
    /* The generator must reach both verdicts often, or the property says little. */
    printf("test_property: %" PRIu64 " allowed, %" PRIu64 " denied\n", allowed, n - allowed);
    printf("test_property: reasons:");
    for ( i = 0; i < SCMI_MED_REASON_COUNT; i++ )
        if ( reasons[i] )
            printf(" %s %" PRIu64, scmi_med_reason_name((enum scmi_med_reason)i), reasons[i]);
    printf("\n");
    /* Every reason the checker can give before forwarding must come up. */
    for ( i = 0; i < SCMI_MED_FORWARD_FAILED; i++ )
        CHECK(reasons[i] > 0);
    CHECK(allowed > n / 50);
    CHECK(n - allowed > n / 50);
    TEST_DONE("test_property");
}
