/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_platform.c - several guests behind the mediator, one simulated SCMI platform
 * (hypervisor/sim). Each guest runs the message sequence Linux's SCMI drivers send at probe
 * (base discovery; clock attributes / describe-rates / rate get / rate set / config set; power
 * attributes / state get / state set; reset attributes / reset), on two board-shaped layouts:
 *   juno   Juno-SCMI-like: power domain 8 (CoreSight) shared by both guests, 9 the GPU's,
 *          clock 3 the HDLCD's, perf domain 2 the GPU's (juno-scmi.dtsi, scmi.md §5)
 *   imx95  i.MX95-like: vendor protocol 0x80 listed for one guest only (imx95.dtsi, scmi.md §5)
 * Expected verdicts come from each guest's device list (what devassign would assign), never
 * from the checker: allowed messages reach the platform with their token, denied ones never do.
 */
#include "fake_channel.h"
#include "scmi_sim.h"
#include "testlib.h"

#define MAXG 4
struct ids { unsigned n; uint32_t v[8]; };
struct guest {
    const char *name;
    uint32_t key;
    struct ids clocks, power, power_shared, resets, perf;
    int vendor80;
    struct fake_chan fc;
    struct scmi_med_channel ch;
};

static struct scmi_sim sim;
static struct scmi_policy pol;
static uint8_t blob[1 << 16];
static struct { uint32_t agent, header; } seen[4096];
static unsigned n_seen;
static struct guest *cur;
static unsigned sent, allowed;

static uint32_t last_res;
static void sim_log(void *ctx, uint32_t agent, const struct scmi_med_msg *req, int32_t status,
                    uint32_t res)
{
    (void)ctx; (void)status;
    last_res = res;
    CHECK(n_seen < 4096);
    seen[n_seen].agent = agent;
    seen[n_seen].header = req->header;
    n_seen++;
}

static int to_sim(struct fake_chan *fc, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    (void)fc;
    return scmi_sim_process(&sim, cur->key, req, resp);
}

static int has(const struct ids *s, uint32_t id)
{
    for ( unsigned i = 0; i < s->n; i++ )
        if ( s->v[i] == id )
            return 1;
    return 0;
}

/* One request from guest g; `expect` says whether its device list allows it. */
static void req(struct guest *g, int expect, uint32_t proto, uint32_t msg, const uint32_t *w,
                unsigned n)
{
    static uint32_t seq;
    uint32_t h = hdr(proto, msg, (++seq) & 0x3FF);
    unsigned before = n_seen;

    cur = g;
    fc_send(&g->fc, h, w, n);
    enum scmi_med_reason r = scmi_med_handle(&g->ch);
    sent++;
    CHECK_EQ(fc_header(&g->fc), h);               /* token kept */
    CHECK_EQ(fc_status_word(&g->fc) & 1, 1);      /* FREE again */
    if ( expect )
    {
        if ( r != SCMI_MED_ALLOW )
            fprintf(stderr, "%s: proto %#x msg %#x id %u denied (%s)\n", g->name, proto, msg,
                    n ? w[0] : 0, scmi_med_reason_name(r));
        CHECK_EQ(r, SCMI_MED_ALLOW);
        CHECK_EQ(n_seen, before + 1);
        CHECK_EQ(seen[before].agent, g->key);
        CHECK_EQ(seen[before].header, h);
        allowed++;
    }
    else
    {
        if ( r == SCMI_MED_ALLOW )
            fprintf(stderr, "%s: proto %#x msg %#x id %u allowed\n", g->name, proto, msg, n ? w[0] : 0);
        CHECK(r != SCMI_MED_ALLOW);
        CHECK_EQ(n_seen, before);                 /* never reached the platform */
        CHECK_EQ(fc_status(&g->fc), -3);
    }
}
#define REQ(g, e, p, m, ...) req(g, e, p, m, (const uint32_t[]){ __VA_ARGS__ }, \
                                 sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)
#define REQ0(g, e, p, m) req(g, e, p, m, NULL, 0)

static void build(struct guest *gs, unsigned n)
{
    static struct pb_policy p;
    memset(&p, 0, sizeof(p));
    for ( unsigned i = 0; i < n; i++ )
    {
        struct guest *g = &gs[i];
        struct pb_domain *d = pb_add_domain(&p, g->name, g->key, 0x82000010u + i,
                                            0x05ff0000u, 0x1000);
        struct pb_proto *pr = pb_add_proto(d, 0x10);
        pb_msgs(pr, (const unsigned[]){ 0, 1, 2, 3, 4, 5, 6, 7 }, 8);
        pb_ids(&pr->ns[0], &g->key, 1);           /* DISCOVER_AGENT: itself only */
        if ( g->power.n || g->power_shared.n )
        {
            pr = pb_add_proto(d, 0x11);
            pb_msgs(pr, (const unsigned[]){ 0, 1, 2, 3, 4, 5 }, 6);
            pb_ids(&pr->ns[0], g->power.v, g->power.n);
            pb_ids(&pr->ns[1], g->power_shared.v, g->power_shared.n);
        }
        if ( g->perf.n )
        {
            pr = pb_add_proto(d, 0x13);
            pb_msgs(pr, (const unsigned[]){ 0, 1, 2, 3, 4, 7, 8 }, 7);
            pb_ids(&pr->ns[0], g->perf.v, g->perf.n);
        }
        if ( g->clocks.n )
        {
            pr = pb_add_proto(d, 0x14);
            pb_msgs(pr, (const unsigned[]){ 0, 1, 2, 3, 4, 5, 6, 7 }, 8);
            pb_ids(&pr->ns[0], g->clocks.v, g->clocks.n);
        }
        if ( g->resets.n )
        {
            pr = pb_add_proto(d, 0x16);
            pb_msgs(pr, (const unsigned[]){ 0, 1, 2, 3, 4 }, 5);
            pb_ids(&pr->ns[0], g->resets.v, g->resets.n);
        }
        if ( g->vendor80 )
            pb_msgs(pb_add_proto(d, 0x80), (const unsigned[]){ 0, 1, 2 }, 3);
    }
    size_t len = pb_write(&p, blob, sizeof(blob));
    CHECK_EQ(scmi_policy_load(&pol, blob, len), SCMI_POL_OK);
    for ( unsigned i = 0; i < n; i++ )
    {
        struct guest *g = &gs[i];
        memset(&g->fc, 0, sizeof(g->fc));
        pb_put32(g->fc.page + 4, 1);
        g->fc.platform = to_sim;
        g->ch.pol = &pol;
        g->ch.dom = scmi_policy_domain_by_key(&pol, g->key);
        CHECK(g->ch.dom != NULL);
        g->ch.ops = &fc_ops;
        g->ch.ctx = &g->fc;
    }
}

/* drivers/firmware/arm_scmi/base.c at probe. */
static void linux_base(struct guest *g)
{
    REQ0(g, 1, 0x10, 0x0);
    CHECK_EQ(fc_ret(&g->fc, 0), 0x20000);
    REQ0(g, 1, 0x10, 0x1);
    uint32_t attrs = fc_ret(&g->fc, 0), n_agents = (attrs >> 8) & 0xFF;
    CHECK_EQ(attrs & 0xFF, sim.vendor_80 ? 4 : 3);
    REQ0(g, 1, 0x10, 0x3);
    CHECK_EQ(fc_ret(&g->fc, 0), 'd' | 'e' << 8 | 'v' << 16 | 'a' << 24);   /* "devassign" */
    CHECK_EQ(fc_ret(&g->fc, 2), 'n');
    REQ0(g, 1, 0x10, 0x4);
    REQ0(g, 1, 0x10, 0x5);
    REQ(g, 1, 0x10, 0x6, 0);
    CHECK_EQ(fc_ret(&g->fc, 0), attrs & 0xFF);
    CHECK_EQ(fc_ret(&g->fc, 1) & 0xFFFFFF, 0x161411);     /* 0x11, 0x14, 0x16 */
    REQ(g, 1, 0x10, 0x6, attrs & 0xFF);
    CHECK_EQ(fc_ret(&g->fc, 0), 0);
    for ( uint32_t a = 0; a < n_agents; a++ )
        REQ(g, a == g->key, 0x10, 0x7, a);
    REQ(g, 1, 0x10, 0x2, 0x7);                             /* PROTOCOL_MESSAGE_ATTRIBUTES */
    REQ(g, 0, 0x10, 0x9, g->key, 0, 1);                    /* SET_DEVICE_PERMISSIONS */
    REQ(g, 0, 0x10, 0xB, g->key, 1);                       /* RESET_AGENT_CONFIGURATION */
}

/* drivers/firmware/arm_scmi/clock.c + drivers/clk/clk-scmi.c at probe, then a consumer. */
static void linux_clock(struct guest *g)
{
    int listed = g->clocks.n > 0;
    REQ0(g, listed, 0x14, 0x0);
    REQ0(g, listed, 0x14, 0x1);
    if ( !listed )
        return;
    uint32_t n = fc_ret(&g->fc, 0) & 0xFFFF;
    CHECK_EQ(n, sim.n_clocks);
    for ( uint32_t id = 0; id < n; id++ )
    {
        int mine = has(&g->clocks, id);
        REQ(g, mine, 0x14, 0x3, id);
        if ( mine )
        {
            CHECK_EQ(fc_ret(&g->fc, 1), 'c' | 'l' << 8 | 'k' << 16 | ('0' + id % 10) << 24);
            CHECK_EQ(last_res, id);
        }
        REQ(g, mine, 0x14, 0x4, id, 0);
        if ( mine )
        {
            CHECK_EQ(fc_ret(&g->fc, 0), 3);                /* 3 discrete rates, none left */
            CHECK_EQ(fc_ret(&g->fc, 1), SCMI_SIM_RATE0);
            REQ(g, 1, 0x14, 0x6, id);                      /* recalc_rate */
        }
    }
    for ( unsigned i = 0; i < g->clocks.n; i++ )
    {
        uint32_t id = g->clocks.v[i];
        REQ(g, 1, 0x14, 0x7, id, 1);                       /* clk_prepare_enable */
        REQ(g, 1, 0x14, 0x5, 0, id, SCMI_SIM_RATE1, 0);    /* clk_set_rate, sync */
        CHECK_EQ(last_res, id);                            /* the id at byte 4 */
        REQ(g, 1, 0x14, 0x6, id);
        CHECK_EQ(fc_ret(&g->fc, 0), SCMI_SIM_RATE1);
        CHECK_EQ(sim.clk_on[id], 1);
        REQ(g, 0, 0x14, 0x5, 1, id, SCMI_SIM_RATE2, 0);    /* async: denied */
    }
}

static void linux_power(struct guest *g)
{
    int listed = g->power.n || g->power_shared.n;
    REQ0(g, listed, 0x11, 0x0);
    REQ0(g, listed, 0x11, 0x1);
    if ( !listed )
        return;
    uint32_t n = fc_ret(&g->fc, 0) & 0xFFFF;
    CHECK_EQ(n, sim.n_power);
    for ( uint32_t d = 0; d < n; d++ )
    {
        int visible = has(&g->power, d) || has(&g->power_shared, d);
        REQ(g, visible, 0x11, 0x3, d);
        REQ(g, visible, 0x11, 0x5, d);                     /* scmi_pm_domain: state_get */
    }
    for ( uint32_t d = 0; d < n; d++ )
        REQ(g, has(&g->power, d), 0x11, 0x4, 0, d, 0);     /* genpd power on: owned only */
}

static void linux_reset(struct guest *g)
{
    int listed = g->resets.n > 0;
    REQ0(g, listed, 0x16, 0x0);
    REQ0(g, listed, 0x16, 0x1);
    if ( !listed )
        return;
    uint32_t n = fc_ret(&g->fc, 0) & 0xFFFF;
    for ( uint32_t r = 0; r < n; r++ )
        REQ(g, has(&g->resets, r), 0x16, 0x3, r);
    for ( uint32_t r = 0; r < n; r++ )
    {
        REQ(g, has(&g->resets, r), 0x16, 0x4, r, 0, 0);    /* deassert */
        REQ(g, 0, 0x16, 0x4, r, 4, 0);                     /* async: denied */
    }
}

static void run_board(const char *board, struct guest *gs, unsigned n)
{
    unsigned s0 = sent, a0 = allowed;
    build(gs, n);
    /* Interleave the guests as concurrent boots would. */
    for ( unsigned i = 0; i < n; i++ ) linux_base(&gs[i]);
    for ( unsigned i = 0; i < n; i++ ) linux_power(&gs[n - 1 - i]);
    for ( unsigned i = 0; i < n; i++ ) linux_clock(&gs[i]);
    for ( unsigned i = 0; i < n; i++ ) linux_reset(&gs[i]);
    for ( unsigned i = 0; i < n; i++ )
    {
        REQ0(&gs[i], gs[i].vendor80, 0x80, 0x0);
        REQ0(&gs[i], 0, 0x81, 0x0);
        REQ0(&gs[i], 0, 0x12, 0x4);                        /* system power: not listed */
        REQ(&gs[i], 0, 0x12, 0x3, 0, 0);                   /* SYSTEM_POWER_STATE_SET */
    }
    printf("%s: %u messages, %u reached the platform\n", board, sent - s0, allowed - a0);
}

int main(void)
{
    static struct guest juno[2] = {
        { .name = "gpu", .key = 1, .power = { 1, { 9 } }, .power_shared = { 1, { 8 } },
          .perf = { 1, { 2 } } },
        { .name = "hdlcd", .key = 2, .clocks = { 1, { 3 } }, .power_shared = { 1, { 8 } } },
    };
    static struct guest imx[3] = {
        { .name = "m7", .key = 1, .clocks = { 2, { 1, 2 } }, .power = { 1, { 3 } },
          .resets = { 1, { 1 } }, .vendor80 = 1 },
        { .name = "a55-net", .key = 2, .clocks = { 1, { 5 } }, .power = { 1, { 0 } },
          .resets = { 2, { 0, 2 } } },
        { .name = "a55-gpio", .key = 3, .clocks = { 1, { 6 } } },
    };

    scmi_sim_init(&sim, 6, 10, 1, 2);
    sim.log = sim_log;
    run_board("juno", juno, 2);
    CHECK_EQ(sim.pd_state[9], 0);          /* the GPU's domain was switched on */
    CHECK_EQ(sim.pd_state[8], 0x40000000); /* the shared CoreSight domain never was */
    CHECK_EQ(sim.clk_rate[3], SCMI_SIM_RATE1);
    CHECK_EQ(sim.clk_rate[0], SCMI_SIM_RATE0);

    scmi_sim_init(&sim, 8, 4, 3, 3);
    sim.vendor_80 = 1;
    sim.log = sim_log;
    run_board("imx95", imx, 3);
    CHECK_EQ(sim.clk_rate[0], SCMI_SIM_RATE0);
    CHECK_EQ(sim.clk_rate[6], SCMI_SIM_RATE1);
    CHECK_EQ(n_seen, allowed);             /* the platform saw exactly the allowed ones */
    TEST_DONE("test_platform");
}
