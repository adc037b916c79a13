/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_check.c - decides one guest SCMI message against the domain's policy, and handles a
 * doorbell end to end (docs/scmi-policy.md §8; shared/reference/scmi.md §3 and §6.3).
 */
#include "scmi_check.h"
#include "scmi_layout.h"
#include "scmi_util.h"

static const char *const reason_names[SCMI_MED_REASON_COUNT] = {
    [SCMI_MED_ALLOW] = "allow",
    [SCMI_MED_LENGTH] = "length",
    [SCMI_MED_LENGTH_ALIGN] = "length_align",
    [SCMI_MED_CHANNEL_FREE] = "channel_free",
    [SCMI_MED_HDR_TYPE] = "hdr_type",
    [SCMI_MED_HDR_RESERVED] = "hdr_reserved",
    [SCMI_MED_PROTO_DENIED] = "proto_denied",
    [SCMI_MED_MSG_UNKNOWN] = "msg_unknown",
    [SCMI_MED_MSG_PRIVILEGED] = "msg_privileged",
    [SCMI_MED_MSG_DENIED] = "msg_denied",
    [SCMI_MED_PAYLOAD_LENGTH] = "payload_length",
    [SCMI_MED_ASYNC] = "async",
    [SCMI_MED_RES_DENIED] = "res_denied",
    [SCMI_MED_RES_SHARED] = "res_shared",
    [SCMI_MED_RES2_DENIED] = "res2_denied",
    [SCMI_MED_SELECTOR] = "selector",
    [SCMI_MED_FORWARD_FAILED] = "forward_failed",
    [SCMI_MED_BAD_RESPONSE] = "bad_response",
};

const char *scmi_med_reason_name(enum scmi_med_reason r)
{
    if ( (unsigned int)r >= SCMI_MED_REASON_COUNT )
        return "unknown";
    return reason_names[r];
}

/* SMT length bounds (docs/scmi-policy.md §8 step 1). */
static enum scmi_med_reason check_length(const struct scmi_pol_domain *dom, uint32_t length)
{
    if ( length < 4u || length > dom->shmem_size - SCMI_SMT_HEADER )
        return SCMI_MED_LENGTH;
    if ( (length & 3u) != 0 )
        return SCMI_MED_LENGTH_ALIGN;
    return SCMI_MED_ALLOW;
}

/* Exact payload length per message (scmi.md §6.2 step 6). */
static bool payload_length_ok(const struct scmi_msg_layout *lay, const uint8_t *payload,
                              uint32_t len)
{
    uint32_t a, b, n_configs;

    if ( scmi_layout_fixed_lengths(lay, &a, &b) )
        return len == a || len == b;
    if ( lay->len_kind != SCMI_LEN_PINCTRL_CONFIG || len < 12u )     /* no other kind */
        return false;
    n_configs = (scmi_le32(payload + 8) >> 2) & 0xFFu;    /* attributes bits 9:2 */
    return len == 12u + 8u * n_configs;
}

/* A namespace-0 id: owned, or shared and the message only queries (docs §1). */
static enum scmi_med_reason check_resource(const struct scmi_pol_protocol *proto,
                                           const struct scmi_msg_layout *lay, uint32_t id)
{
    if ( scmi_pol_bitmap_test(&proto->ns[SCMI_NS_RESOURCES], id) )
        return SCMI_MED_ALLOW;
    if ( scmi_pol_bitmap_test(&proto->ns[SCMI_NS_SHARED], id) )
        return lay->cls == SCMI_CLASS_QUERY ? SCMI_MED_ALLOW : SCMI_MED_RES_SHARED;
    return SCMI_MED_RES_DENIED;
}

/* Pin control: the selector picks the namespace (scmi.md §3.3 PINCTRL rows). */
static enum scmi_med_reason check_pinctrl(const struct scmi_pol_protocol *proto,
                                          const struct scmi_msg_layout *lay,
                                          const uint8_t *payload, uint32_t id)
{
    uint32_t sel = (scmi_le32(payload + lay->sel_off) >> lay->sel_shift) & 3u;

    switch ( sel )
    {
    case 0:     /* pin */
        return check_resource(proto, lay, id);
    case 1:     /* group */
        return scmi_pol_bitmap_test(&proto->ns[SCMI_NS_GROUPS], id) ? SCMI_MED_ALLOW
                                                                    : SCMI_MED_RES_DENIED;
    case 2:     /* function */
        return scmi_pol_bitmap_test(&proto->ns[SCMI_NS_FUNCTIONS], id) ? SCMI_MED_ALLOW
                                                                       : SCMI_MED_RES_DENIED;
    default:
        return SCMI_MED_SELECTOR;
    }
}

/* The second id of CLOCK_PARENT_SET / PINCTRL_SETTINGS_CONFIGURE. */
static enum scmi_med_reason check_second(const struct scmi_pol_protocol *proto,
                                         const struct scmi_msg_layout *lay,
                                         const uint8_t *payload, struct scmi_med_decision *d)
{
    if ( lay->id2_off == SCMI_NO_OFF )
        return SCMI_MED_ALLOW;
    if ( lay->id2_kind == SCMI_ID_PINCTRL_FUNCTION &&
         !((scmi_le32(payload + 8) >> 10) & 1u) )       /* function_id valid: attributes b10 */
        return SCMI_MED_ALLOW;
    d->res2_id = scmi_le32(payload + lay->id2_off);
    if ( lay->id2_kind == SCMI_ID_PARENT )
    {
        if ( scmi_pol_bitmap_test(&proto->ns[SCMI_NS_RESOURCES], d->res2_id) ||
             scmi_pol_bitmap_test(&proto->ns[SCMI_NS_SHARED], d->res2_id) )
            return SCMI_MED_ALLOW;
        return SCMI_MED_RES2_DENIED;
    }
    return scmi_pol_bitmap_test(&proto->ns[SCMI_NS_FUNCTIONS], d->res2_id) ? SCMI_MED_ALLOW
                                                                           : SCMI_MED_RES2_DENIED;
}

/* Header fields and the message's place in policy and layout (steps 2-6). */
static enum scmi_med_reason check_message(const struct scmi_policy *pol,
                                          const struct scmi_pol_domain *dom,
                                          const struct scmi_med_msg *req,
                                          const struct scmi_pol_protocol **proto,
                                          const struct scmi_msg_layout **lay)
{
    uint32_t payload_len = req->length - 4u;

    if ( SCMI_HDR_TYPE(req->header) != SCMI_MSG_TYPE_COMMAND )
        return SCMI_MED_HDR_TYPE;
    if ( SCMI_HDR_RESERVED(req->header) != 0 )
        return SCMI_MED_HDR_RESERVED;
    *proto = scmi_policy_protocol(pol, dom, SCMI_HDR_PROTO(req->header));
    if ( *proto == NULL )
        return SCMI_MED_PROTO_DENIED;
    *lay = scmi_layout_find(SCMI_HDR_PROTO(req->header), SCMI_HDR_MSG_ID(req->header));
    if ( (*lay)->cls == SCMI_CLASS_UNKNOWN )
        return SCMI_MED_MSG_UNKNOWN;
    if ( (*lay)->cls == SCMI_CLASS_PRIV )
        return SCMI_MED_MSG_PRIVILEGED;
    if ( !scmi_pol_message_allowed(*proto, SCMI_HDR_MSG_ID(req->header)) )
        return SCMI_MED_MSG_DENIED;
    if ( !payload_length_ok(*lay, req->payload, payload_len) )
        return SCMI_MED_PAYLOAD_LENGTH;
    if ( (*lay)->async_off != SCMI_NO_OFF &&
         ((scmi_le32(req->payload + (*lay)->async_off) >> (*lay)->async_bit) & 1u) )
        return SCMI_MED_ASYNC;
    return SCMI_MED_ALLOW;
}

/* The log record's header fields; no ids yet, status DENIED until a check allows. */
static void record_header(struct scmi_med_decision *d, const struct scmi_pol_domain *dom,
                          uint32_t header)
{
    d->domain_key = dom->key;
    d->header = header;
    d->protocol_id = SCMI_HDR_PROTO(header);
    d->message_id = SCMI_HDR_MSG_ID(header);
    d->token = SCMI_HDR_TOKEN(header);
    d->res_id = SCMI_MED_NO_ID;
    d->res2_id = SCMI_MED_NO_ID;
    d->status = SCMI_DENIED;
}

enum scmi_med_reason scmi_med_check_full(const struct scmi_policy *pol,
                                         const struct scmi_pol_domain *dom,
                                         const struct scmi_med_msg *req,
                                         struct scmi_med_decision *d)
{
    const struct scmi_pol_protocol *proto = NULL;
    const struct scmi_msg_layout *lay = NULL;
    enum scmi_med_reason why;

    record_header(d, dom, req->header);
    why = check_length(dom, req->length);
    if ( why == SCMI_MED_ALLOW && (req->channel_status & SCMI_SMT_STATUS_FREE) )
        why = SCMI_MED_CHANNEL_FREE;
    if ( why == SCMI_MED_ALLOW )
        why = check_message(pol, dom, req, &proto, &lay);
    if ( why == SCMI_MED_ALLOW && lay->id_off != SCMI_NO_OFF )
    {
        /* Offsets are below the exact length just checked: the read stays in the payload. */
        d->res_id = scmi_le32(req->payload + lay->id_off);
        why = lay->id_kind == SCMI_ID_PINCTRL ? check_pinctrl(proto, lay, req->payload, d->res_id)
                                              : check_resource(proto, lay, d->res_id);
    }
    if ( why == SCMI_MED_ALLOW )
        why = check_second(proto, lay, req->payload, d);
    d->reason = why;
    if ( why == SCMI_MED_ALLOW )
        d->status = SCMI_SUCCESS;
    return why;
}

/* The rule of a message as scmi_med_check() finds it; ids from 0x20 take rule 0x1F, which
 * is UNKNOWN or UNLISTED like theirs would be. */
static struct scmi_pol_rule rule_of(const struct scmi_policy *pol,
                                    const struct scmi_pol_domain *dom, uint32_t header)
{
    uint32_t msg = SCMI_HDR_MSG_ID(header);
    uint32_t in = scmi_index_mask(msg, SCMI_POL_RULE_MSGS - 1u);   /* all ones: msg < 0x1F */

    return pol->fast[dom->proto_slot[SCMI_HDR_PROTO(header)]]
        .rule[(msg & in) | ((SCMI_POL_RULE_MSGS - 1u) & ~in)];
}

/* scmi_med_check() turns a rule kind that denies whatever the payload into its reason. */
_Static_assert(SCMI_MED_PROTO_DENIED + SCMI_RULE_UNLISTED == SCMI_MED_PROTO_DENIED &&
               SCMI_MED_PROTO_DENIED + SCMI_RULE_UNKNOWN == SCMI_MED_MSG_UNKNOWN &&
               SCMI_MED_PROTO_DENIED + SCMI_RULE_PRIV == SCMI_MED_MSG_PRIVILEGED &&
               SCMI_MED_PROTO_DENIED + SCMI_RULE_MSG_DENIED == SCMI_MED_MSG_DENIED,
               "rule kinds and reasons out of step");
/* The inline path indexes the rules with the message id's bits 4:0 and sends ids from 0x20 out
 * of line (SCMI_MED_INLINE_HDR_MASK); rule_of() gives those ids rule 0x1F, which must be a
 * rule of no layout row. */
_Static_assert(SCMI_POL_RULE_MSGS == 32u && (SCMI_MED_INLINE_HDR_MASK & 0xFFu) == 0xE0u,
               "32 rules, ids from 0x20 out of line");
_Static_assert(SCMI_LAYOUT_MSGS < SCMI_POL_RULE_MSGS, "rule 0x1F has no layout row");

enum scmi_med_reason scmi_med_check_rest(const struct scmi_policy *pol,
                                         const struct scmi_pol_domain *dom,
                                         const struct scmi_med_msg *req)
{
    struct scmi_med_decision d;
    uint32_t h = req->header;
    struct scmi_pol_rule r = rule_of(pol, dom, h);

    /* Steps 1-4 (SMT length, channel, header) come before anything a rule says. */
    if ( check_length(dom, req->length) != SCMI_MED_ALLOW ||
         (req->channel_status & SCMI_SMT_STATUS_FREE) ||
         (h & SCMI_HDR_TYPE_RESERVED_MASK) != 0 )
        return scmi_med_check_full(pol, dom, req, &d);
    if ( r.kind < SCMI_RULE_SLOW )
        return (enum scmi_med_reason)(SCMI_MED_PROTO_DENIED + r.kind);
    /* A FAST rule that accepts the length is decided inline; seen here only when called
     * directly, so the full check answers that too. */
    if ( r.kind == SCMI_RULE_FAST && req->length - 4u != r.len && req->length - 4u != r.len_alt )
        return SCMI_MED_PAYLOAD_LENGTH;
    return scmi_med_check_full(pol, dom, req, &d);
}

/* Reasons given at step 10 or later: the message got as far as its ids (§8). */
static bool reached_ids(enum scmi_med_reason why)
{
    switch ( why )
    {
    case SCMI_MED_ALLOW:
    case SCMI_MED_RES_DENIED:
    case SCMI_MED_RES_SHARED:
    case SCMI_MED_RES2_DENIED:
    case SCMI_MED_SELECTOR:
        return true;
    default:
        return false;
    }
}

/*
 * scmi_med_check_full() reads the first id once the message passed steps 1-9, and the second
 * id once the first id is allowed (check_second()). The lengths are checked by then, so
 * every offset is inside the payload.
 */
void scmi_med_record(const struct scmi_pol_domain *dom, const struct scmi_med_msg *req,
                     enum scmi_med_reason why, struct scmi_med_decision *d)
{
    uint32_t h = req->header;
    const struct scmi_msg_layout *lay = scmi_layout_find(SCMI_HDR_PROTO(h), SCMI_HDR_MSG_ID(h));

    record_header(d, dom, h);
    d->reason = why;
    if ( why == SCMI_MED_ALLOW )
        d->status = SCMI_SUCCESS;
    if ( !reached_ids(why) )
        return;
    if ( lay->id_off != SCMI_NO_OFF )
        d->res_id = scmi_le32(req->payload + lay->id_off);
    if ( (why == SCMI_MED_ALLOW || why == SCMI_MED_RES2_DENIED) && lay->id2_off != SCMI_NO_OFF &&
         !(lay->id2_kind == SCMI_ID_PINCTRL_FUNCTION && !((scmi_le32(req->payload + 8) >> 10) & 1u)) )
        d->res2_id = scmi_le32(req->payload + lay->id2_off);
}

/* --- doorbell handling ----------------------------------------------------------------- */

/* Step 2 of scmi.md §6.3: one copy of the channel; every later step reads only this copy. */
static void copy_in(struct scmi_med_channel *ch)
{
    uint8_t fixed[SCMI_SMT_PAYLOAD];
    struct scmi_med_msg *req = &ch->req;

    ch->ops->chan_read(ch->ctx, 0, fixed, SCMI_SMT_PAYLOAD);
    req->channel_status = scmi_le32(fixed + SCMI_SMT_CHANNEL_STATUS);
    req->flags = scmi_le32(fixed + SCMI_SMT_FLAGS);
    req->length = scmi_le32(fixed + SCMI_SMT_LENGTH);
    req->header = scmi_le32(fixed + SCMI_SMT_HEADER);
    /* The payload is copied only when the copied length fits the channel. */
    if ( check_length(ch->dom, req->length) == SCMI_MED_ALLOW && req->length > 4u )
        ch->ops->chan_read(ch->ctx, SCMI_SMT_PAYLOAD, req->payload, req->length - 4u);
}

/* A status-only response to req: header echoed (token kept), length 8 (scmi.md §6.3 step 10). */
static void make_status_response(struct scmi_med_msg *resp, uint32_t header, int32_t status)
{
    resp->header = header;
    resp->length = 8u;
    scmi_put_le32(resp->payload, (uint32_t)status);
}

/* The platform's answer must fit the channel and match the request (scmi.md §6.3 step 11). */
static bool response_ok(const struct scmi_med_channel *ch)
{
    const struct scmi_med_msg *resp = &ch->resp;
    uint32_t req_hdr = ch->req.header, h = resp->header;

    if ( resp->length < 8u || resp->length > ch->dom->shmem_size - SCMI_SMT_HEADER ||
         (resp->length & 3u) != 0 )
        return false;
    return SCMI_HDR_TYPE(h) == SCMI_MSG_TYPE_COMMAND && SCMI_HDR_RESERVED(h) == 0 &&
           SCMI_HDR_PROTO(h) == SCMI_HDR_PROTO(req_hdr) &&
           SCMI_HDR_MSG_ID(h) == SCMI_HDR_MSG_ID(req_hdr) &&
           SCMI_HDR_TOKEN(h) == SCMI_HDR_TOKEN(req_hdr);
}

/* Response into the guest page; channel_status FREE last, so the guest sees a whole answer. */
static void write_back(struct scmi_med_channel *ch)
{
    uint8_t word[8];

    ch->ops->chan_write(ch->ctx, SCMI_SMT_PAYLOAD, ch->resp.payload, ch->resp.length - 4u);
    scmi_put_le32(word, ch->resp.length);
    scmi_put_le32(word + 4, ch->resp.header);
    ch->ops->chan_write(ch->ctx, SCMI_SMT_LENGTH, word, 8u);
    scmi_put_le32(word, SCMI_SMT_STATUS_FREE);
    ch->ops->chan_write(ch->ctx, SCMI_SMT_CHANNEL_STATUS, word, 4u);
}

enum scmi_med_reason scmi_med_handle(struct scmi_med_channel *ch)
{
    struct scmi_med_decision d;
    enum scmi_med_reason why;

    copy_in(ch);
    why = scmi_med_check(ch->pol, ch->dom, &ch->req);
    /* The check gives only the reason; the record is built for whoever logs it. */
    if ( ch->ops->log != NULL )
        scmi_med_record(ch->dom, &ch->req, why, &d);
    if ( why != SCMI_MED_ALLOW )
        make_status_response(&ch->resp, ch->req.header, SCMI_DENIED);
    else if ( ch->ops->forward(ch->ctx, &ch->req, &ch->resp) != 0 )
    {
        why = SCMI_MED_FORWARD_FAILED;
        make_status_response(&ch->resp, ch->req.header, SCMI_COMMS_ERROR);
    }
    else if ( !response_ok(ch) )
    {
        why = SCMI_MED_BAD_RESPONSE;
        make_status_response(&ch->resp, ch->req.header, SCMI_COMMS_ERROR);
    }
    d.reason = why;
    d.status = (int32_t)scmi_le32(ch->resp.payload);
    write_back(ch);
    if ( ch->ops->log != NULL )
        ch->ops->log(ch->ctx, &d);
    return why;
}
