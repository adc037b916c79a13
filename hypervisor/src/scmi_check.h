/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_check.h - the SCMI mediator: one guest doorbell in, one response out.
 *
 *   scmi_med_handle()  copy the guest channel out FIRST, check the copy, then either write
 *                      the DENIED response or forward the copy and relay the platform's answer
 *   scmi_med_check()   the pure decision on a copied message (used by handle, tests, fuzzers)
 *   scmi_med_check_full()  the same decision rule by rule: the reference scmi_med_check() is
 *                      tested against, and its fallback
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

/*
 * Decide on a copied message; returns the reason. Fills d->reason and d->status always, and
 * the rest of *d (the log record: header fields, ids) when the message is denied; for an
 * allowed one only scmi_med_check_full() fills the rest. Decides from the policy's
 * precomputed rules (struct scmi_pol_fast), with the same verdict and reason as
 * scmi_med_check_full() for every message (test_property, fuzz_check).
 */
enum scmi_med_reason scmi_med_check(const struct scmi_policy *pol,
                                    const struct scmi_pol_domain *dom,
                                    const struct scmi_med_msg *req,
                                    struct scmi_med_decision *d);

/* The reference: the rules of docs/scmi-policy.md §8 one by one, in order, straight from the
 * protocol record and the layout table. Fills all of *d; returns d->reason. scmi_med_check()
 * falls back to it for the messages its rules leave to it (SLOW), and for malformed ones. */
enum scmi_med_reason scmi_med_check_full(const struct scmi_policy *pol,
                                         const struct scmi_pol_domain *dom,
                                         const struct scmi_med_msg *req,
                                         struct scmi_med_decision *d);

/* Handle one doorbell on ch: copy in, check, deny or forward, write the response, log.
 * Always leaves the guest channel FREE with a response in it. Returns the reason. */
enum scmi_med_reason scmi_med_handle(struct scmi_med_channel *ch);

#endif /* SCMI_CHECK_H */
