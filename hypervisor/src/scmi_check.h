/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_check.h - the SCMI mediator: one guest doorbell in, one response out.
 *
 *   scmi_med_handle()  copy the guest channel out FIRST, check the copy, then either write
 *                      the DENIED response or forward the copy and relay the platform's answer
 *   scmi_med_check()   the pure decision on a copied message, inline (used by handle, tests,
 *                      fuzzers): a reason, nothing else
 *   scmi_med_check_full()  the same decision rule by rule, with its log record: the reference
 *                      scmi_med_check() is tested against
 *   scmi_med_record()  the log record of a decided message, built only when somebody logs
 *
 * Everything that touches the outside world goes through struct scmi_med_ops, so the module
 * itself has no state, no heap and no I/O.
 */
#ifndef SCMI_CHECK_H
#define SCMI_CHECK_H

#include "scmi_policy.h"
#include "scmi_proto.h"
#include "scmi_types.h"

/* Largest payload a 4 KiB channel can hold (scmi.md §3.2: payload from 0x1C). */
#define SCMI_MED_MAX_PAYLOAD (SCMI_SMT_PAGE_SIZE - SCMI_SMT_PAYLOAD)

/* Why a message was allowed or denied (stable; logged by name). */
enum scmi_med_reason {
    SCMI_MED_ALLOW = 0,
    SCMI_MED_LENGTH,            /* SMT length < 4 or beyond the channel */
    SCMI_MED_LENGTH_ALIGN,      /* SMT length not a multiple of 4 */
    SCMI_MED_CHANNEL_FREE,      /* the guest rang without marking the channel busy */
    SCMI_MED_HDR_TYPE,          /* message type is not 0 (command) */
    SCMI_MED_HDR_RESERVED,      /* header bits 31:28 not zero */
    /* These four follow the order of enum scmi_pol_rule_kind (scmi_med_check() relies on it). */
    SCMI_MED_PROTO_DENIED,      /* protocol not in the domain's policy */
    SCMI_MED_MSG_UNKNOWN,       /* (protocol, message) not in the layout table */
    SCMI_MED_MSG_PRIVILEGED,    /* privileged message: never for guests */
    SCMI_MED_MSG_DENIED,        /* message bit not set in the policy */
    SCMI_MED_PAYLOAD_LENGTH,    /* payload length wrong for this message */
    SCMI_MED_ASYNC,             /* asynchronous request: no P2A channel is mediated */
    SCMI_MED_RES_DENIED,        /* resource id not in the policy */
    SCMI_MED_RES_SHARED,        /* CONTROL message on a shared resource */
    SCMI_MED_RES2_DENIED,       /* second id (clock parent, pinctrl function) not allowed */
    SCMI_MED_SELECTOR,          /* pinctrl selector 3 (reserved) */
    SCMI_MED_FORWARD_FAILED,    /* allowed, but the platform could not be reached */
    SCMI_MED_BAD_RESPONSE,      /* allowed, but the platform's response was malformed */
    SCMI_MED_REASON_COUNT
};

const char *scmi_med_reason_name(enum scmi_med_reason r);

/* A message as the mediator holds it: its own copy of the SMT fields (scmi.md §3.2). */
struct scmi_med_msg {
    uint32_t channel_status;
    uint32_t flags;
    uint32_t length;            /* SMT length: 4 + payload bytes */
    uint32_t header;
    uint8_t payload[SCMI_MED_MAX_PAYLOAD];
};

/* What the checker decided, for the log. */
struct scmi_med_decision {
    enum scmi_med_reason reason;
    uint32_t domain_key;
    uint32_t header;
    uint32_t protocol_id, message_id, token;
    uint32_t res_id;            /* first id the message names, or SCMI_MED_NO_ID */
    uint32_t res2_id;           /* second id, or SCMI_MED_NO_ID */
    int32_t status;             /* SCMI status returned to the guest */
};
#define SCMI_MED_NO_ID 0xFFFFFFFFu

struct scmi_med_ops {
    /* Copy len bytes from offset off of the domain's channel page (off + len <= 4096). */
    void (*chan_read)(void *ctx, uint32_t off, void *dst, uint32_t len);
    /* Write len bytes at offset off of the domain's channel page. */
    void (*chan_write)(void *ctx, uint32_t off, const void *src, uint32_t len);
    /* Send the checked copy to the platform, fill *resp (header, length, payload).
     * 0 on success, negative when the platform could not be reached. */
    int (*forward)(void *ctx, const struct scmi_med_msg *req, struct scmi_med_msg *resp);
    /* Report a decision (may be NULL). */
    void (*log)(void *ctx, const struct scmi_med_decision *d);
};

/* One domain's channel: policy view, ops and the buffers (no stack, no heap). */
struct scmi_med_channel {
    const struct scmi_policy *pol;
    const struct scmi_pol_domain *dom;
    const struct scmi_med_ops *ops;
    void *ctx;
    struct scmi_med_msg req;
    struct scmi_med_msg resp;
};

/* The reference: the rules of docs/scmi-policy.md §8 one by one, in order, straight from the
 * protocol record and the layout table. Fills all of *d (the log record); returns d->reason. */
enum scmi_med_reason scmi_med_check_full(const struct scmi_policy *pol,
                                         const struct scmi_pol_domain *dom,
                                         const struct scmi_med_msg *req,
                                         struct scmi_med_decision *d);

/* Every message the inline path of scmi_med_check() does not decide itself: a bad SMT
 * length, header or channel status, a rule that denies whatever the payload, a payload length
 * the rule does not accept, and the shapes a rule cannot express (SLOW). Same reason as
 * scmi_med_check_full(). Kept out of line: guests that follow the protocol rarely get here. */
enum scmi_med_reason scmi_med_check_rest(const struct scmi_policy *pol,
                                         const struct scmi_pol_domain *dom,
                                         const struct scmi_med_msg *req);

/* The log record of a message checked with reason why: exactly what scmi_med_check_full()
 * fills for it (test_property and fuzz_check compare the two). Built only when somebody logs. */
void scmi_med_record(const struct scmi_pol_domain *dom, const struct scmi_med_msg *req,
                     enum scmi_med_reason why, struct scmi_med_decision *d);

/* Header bits scmi_med_check() leaves to scmi_med_check_rest() when set: type, reserved, and
 * message ids from 0x20 (bits 7:5; no protocol defines one). */
#define SCMI_MED_INLINE_HDR_MASK (SCMI_HDR_TYPE_RESERVED_MASK | 0xE0u)

/*
 * Decide on a copied message: the same reason as scmi_med_check_full() for every message
 * (test_property, fuzz_check), from the policy's precomputed rules (struct scmi_pol_fast).
 * Inline, so that the doorbell handler (and the bench) pay no call for the common case.
 *
 * Once the header, channel status and rule are good, a FAST rule whose payload length
 * matches implies the SMT length bounds (SCMI_RULE_MAX_LEN), and the remaining steps of the
 * full check are exactly the async flag and the resource id.
 *
 * Every index derived from the message stays inside its table whatever a mispredicted branch
 * does: the protocol id is 8 bits (proto_slot has 256 entries, and holds only slots the loader
 * wrote, at most SCMI_POL_MAX_PROTOS), the rule index is the message id's bits 4:0 (32 rules),
 * the id is read at byte 0 or 4 of the copy, and the resource id is clamped to each bitmap's
 * size with a mask (scmi_pol_bit). So speculation reads nothing outside the copy and the
 * policy's own tables and bitmaps.
 */
static SCMI_ALWAYS_INLINE enum scmi_med_reason
scmi_med_check(const struct scmi_policy *pol, const struct scmi_pol_domain *dom,
               const struct scmi_med_msg *req)
{
    uint32_t h = req->header, plen = req->length - 4u, w, id;
    const struct scmi_pol_fast *f = &pol->fast[dom->proto_slot[SCMI_HDR_PROTO(h)]];
    struct scmi_pol_rule r = f->rule[SCMI_HDR_MSG_ID(h) & (SCMI_POL_RULE_MSGS - 1u)];

    /* Steps 2-4 of §8: channel busy, type and reserved bits zero; and a message id below 0x20.
     * Then the rule: step 1 and steps 5-9 at once for a FAST rule whose payload length matches
     * (plen wraps below 4 and then matches no rule). */
    if ( ((h & SCMI_MED_INLINE_HDR_MASK) | (req->channel_status & SCMI_SMT_STATUS_FREE)) != 0 )
        return scmi_med_check_rest(pol, dom, req);
    if ( r.kind != SCMI_RULE_FAST )
    {
        /* A rule that denies whatever the payload, once the SMT length bounds (step 1) hold:
         * kinds UNLISTED..MSG_DENIED are reasons PROTO_DENIED..MSG_DENIED, in order. */
        if ( r.kind < SCMI_RULE_SLOW && plen <= dom->shmem_size - SCMI_SMT_HEADER - 4u &&
             (plen & 3u) == 0 )
            return (enum scmi_med_reason)(SCMI_MED_PROTO_DENIED + r.kind);
        return scmi_med_check_rest(pol, dom, req);
    }
    if ( plen != r.len && plen != r.len_alt )
        return scmi_med_check_rest(pol, dom, req);
    if ( r.flags & SCMI_RULE_HAS_ASYNC )
    {
        w = scmi_le32(req->payload + ((r.flags & SCMI_RULE_ASYNC_AT4) ? 4u : 0u));
        if ( (w >> (r.flags >> SCMI_RULE_ASYNC_SHIFT)) & 1u )
            return SCMI_MED_ASYNC;
    }
    if ( !(r.flags & SCMI_RULE_HAS_ID) )
        return SCMI_MED_ALLOW;
    id = scmi_le32(req->payload + ((r.flags & SCMI_RULE_ID_AT4) ? 4u : 0u));
    if ( scmi_pol_bit(f->owned, f->owned_bits, id) )
        return SCMI_MED_ALLOW;
    if ( !scmi_pol_bit(f->shared, f->shared_bits, id) )
        return SCMI_MED_RES_DENIED;
    return (r.flags & SCMI_RULE_SHARED_OK) ? SCMI_MED_ALLOW : SCMI_MED_RES_SHARED;
}

/* Handle one doorbell on ch: copy in, check, deny or forward, write the response, log.
 * Always leaves the guest channel FREE with a response in it. Returns the reason. */
enum scmi_med_reason scmi_med_handle(struct scmi_med_channel *ch);

#endif /* SCMI_CHECK_H */
