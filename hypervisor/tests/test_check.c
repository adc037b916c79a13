/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_check.c - the message checker and the doorbell handler, rule by rule. Expected
 * verdicts follow docs/scmi-policy.md §8 and the payload layouts of shared/reference/scmi.md
 * §3.3 (e.g. CLOCK_RATE_SET names its clock at byte 4, after the flags).
 */
#include "fake_channel.h"
#include "testlib.h"

static struct scmi_policy pol;
static uint8_t blob[1 << 16];
static struct fake_chan fc;
static struct scmi_med_channel ch;
static uint32_t token = 1;

#define W(...) ((const uint32_t[]){ __VA_ARGS__ }), (sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)
#define NONE NULL, 0

/* Send one request through the handler; return the reason, check the response's shape. */
static enum scmi_med_reason send(uint32_t proto, uint32_t msg, const uint32_t *w, unsigned n)
{
    uint32_t h = hdr(proto, msg, token = (token * 7 + 3) & 0x3FF);
    int fwd = fc.forwards;
    enum scmi_med_reason r;

    fc_send(&fc, h, w, n);
    r = scmi_med_handle(&ch);
    /* Every outcome: channel FREE, header echoed (token kept). */
    CHECK_EQ(fc_status_word(&fc), 1);
    CHECK_EQ(fc_header(&fc), h);
    if ( r == SCMI_MED_ALLOW )
        CHECK_EQ(fc.forwards, fwd + 1);
    else
    {
        CHECK_EQ(fc.forwards, fwd);            /* a denied message never reaches the platform */
        CHECK_EQ(fc_length(&fc), 8);
        CHECK_EQ(fc_status(&fc), -3);          /* DENIED */
    }
    CHECK_EQ(fc.last.reason, r);
    return r;
}

static enum scmi_med_reason send_raw(uint32_t h, uint32_t length, uint32_t status)
{
    pb_put32(fc.page + 0x04, status);
    pb_put32(fc.page + 0x14, length);
    pb_put32(fc.page + 0x18, h);
    return scmi_med_handle(&ch);
}

static void build_policy(void)
{
    static struct pb_policy p;
    static const unsigned all[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    struct pb_domain *d;
    struct pb_proto *pr;
    size_t n;

    memset(&p, 0, sizeof(p));
    d = pb_add_domain(&p, "g", 1, 0x82000010u, 0x05ff0000u, 0x1000);
    pr = pb_add_proto(d, 0x10);                        /* BASE, privileged bits set too */
    pb_msgs(pr, all, 12);
    pb_ids(&pr->ns[0], W(0));
    pr = pb_add_proto(d, 0x11);                        /* POWER */
    pb_msgs(pr, all, 9);
    pb_ids(&pr->ns[0], W(1));
    pb_ids(&pr->ns[1], W(2));
    pb_msgs(pb_add_proto(d, 0x12), all, 6);            /* SYSTEM incl. 0x3 */
    pr = pb_add_proto(d, 0x13);                        /* PERF incl. 0xB */
    pb_msgs(pr, all, 13);
    pb_ids(&pr->ns[0], W(0));
    pr = pb_add_proto(d, 0x14);                        /* CLOCK */
    pb_msgs(pr, all, 16);
    pb_ids(&pr->ns[0], W(0, 3));
    pb_ids(&pr->ns[1], W(5));
    pr = pb_add_proto(d, 0x16);                        /* RESET without RESET_NOTIFY (0x5) */
    pb_msgs(pr, W(0, 1, 2, 3, 4, 6));
    pb_ids(&pr->ns[0], W(2));
    pr = pb_add_proto(d, 0x18);                        /* POWERCAP incl. 0xC */
    pb_msgs(pr, all, 13);
    pb_ids(&pr->ns[0], W(0));
    pr = pb_add_proto(d, 0x19);                        /* PINCTRL */
    pb_msgs(pr, all, 11);
    pb_ids(&pr->ns[0], W(4));
    pb_ids(&pr->ns[1], W(6));
    pb_ids(&pr->ns[2], W(1));
    pb_ids(&pr->ns[3], W(2));
    pb_msgs(pb_add_proto(d, 0x80), W(0, 1, 2, 3));     /* a vendor protocol */
    n = pb_write(&p, blob, sizeof(blob));
    CHECK_EQ(scmi_policy_load(&pol, blob, n), SCMI_POL_OK);
    ch.pol = &pol;
    ch.dom = scmi_policy_domain_by_key(&pol, 1);
    ch.ops = &fc_ops;
    ch.ctx = &fc;
    fc.pol = &pol;
    fc.dom = ch.dom;
}

static void test_clock(void)
{
    CHECK_EQ(send(0x14, 0x3, W(0)), SCMI_MED_ALLOW);          /* CLOCK_ATTRIBUTES owned */
    CHECK_EQ(send(0x14, 0x3, W(3)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x3, W(5)), SCMI_MED_ALLOW);          /* shared, QUERY */
    CHECK_EQ(send(0x14, 0x3, W(1)), SCMI_MED_RES_DENIED);
    CHECK_EQ(fc.last.res_id, 1);
    CHECK_EQ(send(0x14, 0x3, W(0x10000)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x14, 0x3, W(0xFFFFFFFFu)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x14, 0x3, W(0, 0)), SCMI_MED_PAYLOAD_LENGTH);
    CHECK_EQ(send(0x14, 0x3, NONE), SCMI_MED_PAYLOAD_LENGTH);
    CHECK_EQ(send(0x14, 0x4, W(3, 0)), SCMI_MED_ALLOW);       /* DESCRIBE_RATES id, index */
    CHECK_EQ(send(0x14, 0x6, W(5)), SCMI_MED_ALLOW);          /* RATE_GET shared */
    /* RATE_SET: flags, clock_id at byte 4, rate lo, hi. */
    CHECK_EQ(send(0x14, 0x5, W(0, 0, 1000, 0)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x5, W(0, 1, 1000, 0)), SCMI_MED_RES_DENIED);   /* word 0 = 0 is no id */
    CHECK_EQ(fc.last.res_id, 1);
    CHECK_EQ(send(0x14, 0x5, W(3, 0, 1000, 0)), SCMI_MED_ASYNC);       /* b0 async (+b1) */
    CHECK_EQ(send(0x14, 0x5, W(4, 3, 1000, 0)), SCMI_MED_ALLOW);       /* b2 round-up only */
    CHECK_EQ(send(0x14, 0x5, W(0, 5, 1000, 0)), SCMI_MED_RES_SHARED);  /* shared: CONTROL */
    CHECK_EQ(send(0x14, 0x5, W(0, 0, 1000)), SCMI_MED_PAYLOAD_LENGTH);
    /* CONFIG_SET: 8 or 12 bytes. */
    CHECK_EQ(send(0x14, 0x7, W(0, 1)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x7, W(0, 1, 0)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x7, W(0, 1, 0, 0)), SCMI_MED_PAYLOAD_LENGTH);
    CHECK_EQ(send(0x14, 0x7, W(0)), SCMI_MED_PAYLOAD_LENGTH);
    CHECK_EQ(send(0x14, 0x7, W(5, 1)), SCMI_MED_RES_SHARED);
    /* PARENT_SET: clock_id, parent_id (owned or shared). */
    CHECK_EQ(send(0x14, 0xD, W(0, 3)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0xD, W(0, 5)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0xD, W(0, 1)), SCMI_MED_RES2_DENIED);
    CHECK_EQ(fc.last.res2_id, 1);
    CHECK_EQ(send(0x14, 0xD, W(5, 0)), SCMI_MED_RES_SHARED);
    CHECK_EQ(send(0x14, 0xC, W(5, 0)), SCMI_MED_ALLOW);       /* POSSIBLE_PARENTS_GET query */
    /* Common messages and unknown ones. */
    CHECK_EQ(send(0x14, 0x0, NONE), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x1, NONE), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x2, W(5)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x14, 0x0, W(0)), SCMI_MED_PAYLOAD_LENGTH);
    CHECK_EQ(send(0x14, 0x11, W(0)), SCMI_MED_MSG_UNKNOWN);
    CHECK_EQ(send(0x14, 0xFF, W(0)), SCMI_MED_MSG_UNKNOWN);
}

static void test_power_reset(void)
{
    /* POWER_STATE_SET: flags, domain_id at byte 4, state. */
    CHECK_EQ(send(0x11, 0x4, W(0, 1, 0)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x11, 0x4, W(1, 1, 0)), SCMI_MED_ASYNC);
    CHECK_EQ(send(0x11, 0x4, W(0, 2, 0)), SCMI_MED_RES_SHARED);
    CHECK_EQ(send(0x11, 0x4, W(0, 0, 1)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x11, 0x5, W(2)), SCMI_MED_ALLOW);          /* STATE_GET on shared */
    CHECK_EQ(send(0x11, 0x3, W(1)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x11, 0x6, W(2, 1)), SCMI_MED_RES_SHARED);  /* NOTIFY is CONTROL */
    /* RESET: domain_id, flags (b2 async), state. */
    CHECK_EQ(send(0x16, 0x4, W(2, 0, 0)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x16, 0x4, W(2, 1, 0)), SCMI_MED_ALLOW);    /* autonomous, sync */
    CHECK_EQ(send(0x16, 0x4, W(2, 4, 0)), SCMI_MED_ASYNC);
    CHECK_EQ(send(0x16, 0x4, W(3, 0, 0)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x16, 0x5, W(2, 1)), SCMI_MED_MSG_DENIED);  /* bit 5 not in the policy */
    CHECK_EQ(send(0x16, 0x6, W(2)), SCMI_MED_ALLOW);
}

static void test_privileged_and_unknown(void)
{
    /* The policy sets these bits; they are denied anyway (docs §8 step 5). */
    CHECK_EQ(send(0x10, 0x9, W(1, 0, 1)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x10, 0xA, W(1, 0, 0x14, 1)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x10, 0xB, W(1, 1)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x12, 0x3, W(0, 0)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x13, 0xB, W(0, 7)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x18, 0xC, W(0, 5)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x19, 0xA, W(1, 4, 0)), SCMI_MED_MSG_PRIVILEGED);
    CHECK_EQ(send(0x12, 0x4, NONE), SCMI_MED_ALLOW);          /* SYSTEM_POWER_STATE_GET */
    CHECK_EQ(send(0x13, 0x7, W(0, 100)), SCMI_MED_ALLOW);     /* PERF_LEVEL_SET */
    CHECK_EQ(send(0x10, 0x7, W(0)), SCMI_MED_ALLOW);          /* DISCOVER_AGENT own */
    CHECK_EQ(send(0x10, 0x7, W(1)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x10, 0x7, W(0xFFFFFFFFu)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x10, 0xC, NONE), SCMI_MED_MSG_UNKNOWN);
    CHECK_EQ(send(0x80, 0x0, NONE), SCMI_MED_ALLOW);          /* vendor: listed, common msg */
    CHECK_EQ(send(0x80, 0x3, W(0)), SCMI_MED_MSG_UNKNOWN);    /* vendor: layout unknown */
    CHECK_EQ(send(0x81, 0x0, NONE), SCMI_MED_PROTO_DENIED);   /* vendor not listed */
    CHECK_EQ(send(0x15, 0x0, NONE), SCMI_MED_PROTO_DENIED);   /* sensor not listed */
    CHECK_EQ(send(0x05, 0x0, NONE), SCMI_MED_PROTO_DENIED);
}

static void test_pinctrl(void)
{
    CHECK_EQ(send(0x19, 0x3, W(4, 0)), SCMI_MED_ALLOW);        /* ATTRIBUTES pin 4 */
    CHECK_EQ(send(0x19, 0x3, W(6, 0)), SCMI_MED_ALLOW);        /* shared pin, QUERY */
    CHECK_EQ(send(0x19, 0x7, W(6, 0)), SCMI_MED_RES_SHARED);   /* REQUEST shared pin */
    CHECK_EQ(send(0x19, 0x7, W(4, 0)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x19, 0x3, W(1, 1)), SCMI_MED_ALLOW);        /* group 1 */
    CHECK_EQ(send(0x19, 0x3, W(2, 1)), SCMI_MED_RES_DENIED);
    CHECK_EQ(send(0x19, 0x3, W(2, 2)), SCMI_MED_ALLOW);        /* function 2 */
    CHECK_EQ(send(0x19, 0x3, W(4, 2)), SCMI_MED_RES_DENIED);   /* pin id, function selector */
    CHECK_EQ(send(0x19, 0x3, W(4, 3)), SCMI_MED_SELECTOR);
    CHECK_EQ(send(0x19, 0x4, W(1, 1, 0)), SCMI_MED_ALLOW);     /* LIST_ASSOCIATIONS group */
    /* SETTINGS_GET: selector in attributes bits 17:16. */
    CHECK_EQ(send(0x19, 0x5, W(1, 1u << 16)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x19, 0x5, W(1, 1)), SCMI_MED_RES_DENIED);   /* bits 1:0 are not it: pin 1 */
    /* SETTINGS_CONFIGURE: id, function_id, attributes (b1:0 sel, b9:2 n, b10 fn valid). */
    CHECK_EQ(send(0x19, 0x6, W(4, 2, (2u << 2) | (1u << 10), 1, 2, 3, 4)), SCMI_MED_ALLOW);
    CHECK_EQ(send(0x19, 0x6, W(4, 2, (2u << 2) | (1u << 10), 1, 2)), SCMI_MED_PAYLOAD_LENGTH);
    CHECK_EQ(send(0x19, 0x6, W(4, 3, (1u << 10))), SCMI_MED_RES2_DENIED);
    CHECK_EQ(send(0x19, 0x6, W(4, 3, 0)), SCMI_MED_ALLOW);     /* function not valid: ignored */
    CHECK_EQ(send(0x19, 0x6, W(1, 2, 1u | (1u << 10))), SCMI_MED_ALLOW);   /* group 1 */
    CHECK_EQ(send(0x19, 0x6, W(6, 2, 0)), SCMI_MED_RES_SHARED);
    CHECK_EQ(send(0x19, 0x6, W(4, 0)), SCMI_MED_PAYLOAD_LENGTH);
    {
        static uint32_t w[3 + 2 * 255];
        memset(w, 0, sizeof(w));
        w[0] = 4;
        w[2] = 255u << 2;
        CHECK_EQ(send(0x19, 0x6, w, 3 + 2 * 255), SCMI_MED_ALLOW);   /* 12 + 8*255 = 2052 */
        CHECK_EQ(send(0x19, 0x6, w, 3 + 2 * 254), SCMI_MED_PAYLOAD_LENGTH);
    }
}

static void test_header_and_channel(void)
{
    uint32_t h = hdr(0x14, 0x3, 0x2AB);
    int fwd = fc.forwards;

    for ( uint32_t t = 1; t < 4; t++ )
    {
        fc_send(&fc, h | (t << 8), W(0));
        CHECK_EQ(scmi_med_handle(&ch), SCMI_MED_HDR_TYPE);
        CHECK_EQ(fc_header(&fc), h | (t << 8));
    }
    for ( uint32_t b = 28; b < 32; b++ )
    {
        fc_send(&fc, h | (1u << b), W(0));
        CHECK_EQ(scmi_med_handle(&ch), SCMI_MED_HDR_RESERVED);
        CHECK_EQ(fc_status(&fc), -3);
        CHECK_EQ(fc_length(&fc), 8);
        CHECK_EQ(fc_status_word(&fc), 1);
    }
    pb_put32(fc.page + 0x1C, 0);
    CHECK_EQ(send_raw(h, 0, 0), SCMI_MED_LENGTH);
    CHECK_EQ(send_raw(h, 3, 0), SCMI_MED_LENGTH);
    CHECK_EQ(send_raw(h, 6, 0), SCMI_MED_LENGTH_ALIGN);
    CHECK_EQ(send_raw(h, 0x1000 - 0x18 + 4, 0), SCMI_MED_LENGTH);
    CHECK_EQ(send_raw(h, 0xFFFFFFFCu, 0), SCMI_MED_LENGTH);
    CHECK_EQ(send_raw(h, 8, 1), SCMI_MED_CHANNEL_FREE);       /* rang without marking busy */
    pb_put32(fc.page + 0x1C, 0);                            /* clock 0 (the last reply overwrote it) */
    CHECK_EQ(send_raw(h, 8, 2), SCMI_MED_ALLOW);              /* ERROR bit alone: busy */
    CHECK_EQ(fc.forwards, fwd + 1);
    CHECK_EQ(fc_status_word(&fc), 1);                         /* FREE, ERROR cleared */
}

/* The platform answers with the clock rate; the mediator relays it. */
static int rate_platform(struct fake_chan *f, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    (void)f;
    resp->header = req->header;
    resp->length = 16;
    pb_put32(resp->payload, 0);
    pb_put32(resp->payload + 4, 24000000);
    pb_put32(resp->payload + 8, 0);
    return 0;
}
static int bad_token_platform(struct fake_chan *f, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    (void)f;
    resp->header = req->header ^ (1u << 18);
    resp->length = 8;
    pb_put32(resp->payload, 0);
    return 0;
}
static int huge_platform(struct fake_chan *f, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    (void)f;
    resp->header = req->header;
    resp->length = 0x1000;
    return 0;
}
static int dead_platform(struct fake_chan *f, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    (void)f; (void)req; (void)resp;
    return -1;
}

static void test_forward_path(void)
{
    uint32_t h = hdr(0x14, 0x6, 0x155);

    fc.platform = rate_platform;
    fc_send(&fc, h, W(3));
    CHECK_EQ(scmi_med_handle(&ch), SCMI_MED_ALLOW);
    CHECK_EQ(fc.forwarded.header, h);
    CHECK_EQ(fc.forwarded.length, 8);
    CHECK_EQ(pb_get32(fc.forwarded.payload), 3);
    CHECK_EQ(fc_length(&fc), 16);
    CHECK_EQ(fc_status(&fc), 0);
    CHECK_EQ(fc_ret(&fc, 0), 24000000);
    CHECK_EQ(fc_header(&fc), h);
    CHECK_EQ(fc_status_word(&fc), 1);
    fc.platform = bad_token_platform;
    fc_send(&fc, h, W(3));
    CHECK_EQ(scmi_med_handle(&ch), SCMI_MED_BAD_RESPONSE);
    CHECK_EQ(fc_status(&fc), -7);                  /* COMMS_ERROR */
    CHECK_EQ(fc_header(&fc), h);
    fc.platform = huge_platform;
    fc_send(&fc, h, W(3));
    CHECK_EQ(scmi_med_handle(&ch), SCMI_MED_BAD_RESPONSE);
    CHECK_EQ(fc_length(&fc), 8);
    fc.platform = dead_platform;
    fc_send(&fc, h, W(3));
    CHECK_EQ(scmi_med_handle(&ch), SCMI_MED_FORWARD_FAILED);
    CHECK_EQ(fc_status(&fc), -7);
    CHECK_EQ(fc_status_word(&fc), 1);
    fc.platform = NULL;
}

/* Another vCPU rewrites the channel while the mediator works (scmi.md §2.5 TOCTOU). */
static int evil_at;     /* rewrite after this read (1: fixed part, 2: payload) */
static uint32_t evil_payload;
static void evil_after_read(struct fake_chan *f, int nth)
{
    if ( nth != evil_at )
        return;
    /* Turn the page into SET_DEVICE_PERMISSIONS with another payload. */
    pb_put32(f->page + 0x18, hdr(0x10, 0x9, 7));
    pb_put32(f->page + 0x14, 16);
    pb_put32(f->page + 0x1C, evil_payload);
}
static uint32_t expect_payload;
static int recheck_platform(struct fake_chan *f, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    /* Whatever reaches the platform must itself pass the check (it is the checked copy). */
    CHECK_EQ(scmi_med_check(f->pol, f->dom, req), SCMI_MED_ALLOW);
    CHECK_EQ(req->header, hdr(0x14, 0x3, 9));
    CHECK_EQ(req->length, 8);
    CHECK_EQ(pb_get32(req->payload), expect_payload);
    resp->header = req->header;
    resp->length = 8;
    pb_put32(resp->payload, 0);
    return 0;
}

static enum scmi_med_reason race(int at, uint32_t rewrite, uint32_t expect)
{
    int reads = fc.reads;
    enum scmi_med_reason r;

    fc.reads = 0;
    evil_at = at;
    evil_payload = rewrite;
    expect_payload = expect;
    fc_send(&fc, hdr(0x14, 0x3, 9), W(3));
    r = scmi_med_handle(&ch);
    CHECK_EQ(fc.reads, 2);                  /* fixed part, then the payload: nothing later */
    CHECK_EQ(fc_header(&fc), hdr(0x14, 0x3, 9));   /* the copied header is the one echoed */
    fc.reads += reads;
    return r;
}

static void test_toctou(void)
{
    int fwd = fc.forwards;

    fc.platform = recheck_platform;
    fc.after_read = evil_after_read;
    /* Rewritten after the copy: the check and the platform see only the copy. */
    CHECK_EQ(race(2, 1, 3), SCMI_MED_ALLOW);
    CHECK_EQ(fc.forwards, fwd + 1);
    /* Rewritten between the two reads: the header and length were already copied, the new
     * payload is what gets checked and forwarded - allowed only if it is allowed itself. */
    CHECK_EQ(race(1, 0, 0), SCMI_MED_ALLOW);
    CHECK_EQ(race(1, 1, 0), SCMI_MED_RES_DENIED);
    CHECK_EQ(fc.forwards, fwd + 2);
    fc.after_read = NULL;
    fc.platform = NULL;
}

int main(void)
{
    build_policy();
    CHECK(strcmp(scmi_med_reason_name(SCMI_MED_RES_SHARED), "res_shared") == 0);
    for ( unsigned i = 0; i < SCMI_MED_REASON_COUNT; i++ )
        CHECK(strcmp(scmi_med_reason_name((enum scmi_med_reason)i), "unknown") != 0);
    test_clock();
    test_power_reset();
    test_privileged_and_unknown();
    test_pinctrl();
    test_header_and_channel();
    test_forward_path();
    test_toctou();
    TEST_DONE("test_check");
}
