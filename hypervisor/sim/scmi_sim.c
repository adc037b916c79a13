/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_sim.c - see scmi_sim.h. Response payloads: int32 status first, then the return values
 * (scmi.md §3.2). Protocol versions are chosen so that Linux 6.1 uses the short forms:
 * BASE 2.0, POWER 2.0, CLOCK 2.0 (CLOCK_CONFIG_SET 8 bytes, 16-byte names), RESET 1.0.
 */
#include "scmi_sim.h"
#include "scmi_util.h"

struct reply {
    struct scmi_med_msg *resp;
    uint32_t words;             /* return words after the status */
    uint32_t res;               /* the resource the message acted on, for the log */
};

static void put(struct reply *r, uint32_t v)
{
    scmi_put_le32(r->resp->payload + 4u + 4u * r->words, v);
    r->words++;
}

/* 16-byte name field (DEN0056 short names): text, then the decimal n unless n is NO_NUMBER,
 * NUL padded, at most 15 characters. */
#define NO_NUMBER 0xFFFFFFFFu
static void put_name(struct reply *r, const char *text, uint32_t n)
{
    uint8_t name[16];
    uint32_t i = 0, j, digits = 0;
    char tmp[10];

    scmi_mem_zero(name, sizeof(name));
    while ( text[i] && i < 15 )
    {
        name[i] = (uint8_t)text[i];
        i++;
    }
    if ( n != NO_NUMBER )
    {
        do
        {
            tmp[digits++] = (char)('0' + n % 10u);
            n /= 10u;
        } while ( n && digits < sizeof(tmp) );
    }
    for ( j = 0; j < digits && i < 15; j++ )
        name[i++] = (uint8_t)tmp[digits - 1u - j];
    for ( j = 0; j < 16; j += 4 )
        put(r, scmi_le32(name + j));
}

static uint32_t word(const struct scmi_med_msg *req, uint32_t i)
{
    if ( req->length < 8u + 4u * i )
        return 0;
    return scmi_le32(req->payload + 4u * i);
}

static int32_t common(struct reply *r, uint32_t msg, uint32_t version)
{
    switch ( msg )
    {
    case SCMI_MSG_PROTOCOL_VERSION:
        put(r, version);
        return SCMI_SUCCESS;
    case SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
        put(r, 0);
        return SCMI_SUCCESS;
    default:
        return SCMI_NOT_SUPPORTED;
    }
}

static const uint8_t sim_protocols[] = { SCMI_PROTO_POWER, SCMI_PROTO_CLOCK, SCMI_PROTO_RESET };

static int32_t base(struct scmi_sim *s, uint32_t agent, const struct scmi_med_msg *req,
                    struct reply *r)
{
    uint32_t msg = SCMI_HDR_MSG_ID(req->header), skip, n, i, w;

    switch ( msg )
    {
    case SCMI_MSG_PROTOCOL_ATTRIBUTES:      /* bits 15:8 agents, 7:0 protocols */
        put(r, (s->n_agents << 8) | (uint32_t)(sizeof(sim_protocols) + (s->vendor_80 ? 1 : 0)));
        return SCMI_SUCCESS;
    case SCMI_BASE_DISCOVER_VENDOR:
        put_name(r, "devassign", NO_NUMBER);
        return SCMI_SUCCESS;
    case SCMI_BASE_DISCOVER_SUB_VENDOR:
        put_name(r, "xen-sim", NO_NUMBER);
        return SCMI_SUCCESS;
    case SCMI_BASE_DISCOVER_IMPL_VERSION:
        put(r, 1);
        return SCMI_SUCCESS;
    case SCMI_BASE_DISCOVER_LIST_PROTOCOLS: /* num, then protocol ids packed in bytes */
        skip = word(req, 0);
        n = (uint32_t)sizeof(sim_protocols) + (s->vendor_80 ? 1u : 0u);
        n = skip < n ? n - skip : 0;
        put(r, n);
        for ( i = 0, w = 0; i < n; i++ )
        {
            uint32_t id = skip + i < sizeof(sim_protocols) ? sim_protocols[skip + i] : 0x80u;
            w |= id << (8u * (i % 4u));
            if ( i % 4u == 3u || i + 1u == n )
            {
                put(r, w);
                w = 0;
            }
        }
        return SCMI_SUCCESS;
    case SCMI_BASE_DISCOVER_AGENT:          /* agent_id, name */
        n = word(req, 0) == 0xFFFFFFFFu ? agent : word(req, 0);
        r->res = word(req, 0);
        if ( n > s->n_agents )
            return SCMI_NOT_FOUND;
        put(r, n);
        put_name(r, n ? "agent" : "platform", n);
        return SCMI_SUCCESS;
    default:
        return common(r, msg, 0x20000u);
    }
}

static int32_t power(struct scmi_sim *s, const struct scmi_med_msg *req, struct reply *r)
{
    uint32_t msg = SCMI_HDR_MSG_ID(req->header), id;

    switch ( msg )
    {
    case SCMI_MSG_PROTOCOL_ATTRIBUTES:      /* num_domains, stats low/high/size */
        put(r, s->n_power);
        put(r, 0);
        put(r, 0);
        put(r, 0);
        return SCMI_SUCCESS;
    case SCMI_POWER_DOMAIN_ATTRIBUTES:      /* flags (b29 sync state set), name */
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_power )
            return SCMI_NOT_FOUND;
        put(r, 1u << 29);
        put_name(r, "pd", id);
        return SCMI_SUCCESS;
    case SCMI_POWER_STATE_SET:              /* flags, domain, state */
        id = word(req, 1);
        r->res = id;
        if ( id >= s->n_power )
            return SCMI_NOT_FOUND;
        s->pd_state[id] = word(req, 2);
        return SCMI_SUCCESS;
    case SCMI_POWER_STATE_GET:
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_power )
            return SCMI_NOT_FOUND;
        put(r, s->pd_state[id]);
        return SCMI_SUCCESS;
    default:
        return common(r, msg, 0x20000u);
    }
}

static int32_t clock(struct scmi_sim *s, const struct scmi_med_msg *req, struct reply *r)
{
    static const uint32_t rates[3] = { SCMI_SIM_RATE0, SCMI_SIM_RATE1, SCMI_SIM_RATE2 };
    uint32_t msg = SCMI_HDR_MSG_ID(req->header), id, idx, i;

    switch ( msg )
    {
    case SCMI_MSG_PROTOCOL_ATTRIBUTES:      /* num_clocks[15:0], max_async_req[23:16] = 0 */
        put(r, s->n_clocks);
        return SCMI_SUCCESS;
    case SCMI_CLOCK_ATTRIBUTES:             /* attributes (b0 enabled), name, latency */
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_clocks )
            return SCMI_NOT_FOUND;
        put(r, s->clk_on[id] & 1u);
        put_name(r, "clk", id);
        put(r, 0);
        return SCMI_SUCCESS;
    case SCMI_CLOCK_DESCRIBE_RATES:         /* num_rates_flags, then {low, high} per rate */
        id = word(req, 0);
        r->res = id;
        idx = word(req, 1);
        if ( id >= s->n_clocks )
            return SCMI_NOT_FOUND;
        if ( idx > 3u )
            return SCMI_OUT_OF_RANGE;
        put(r, 3u - idx);                   /* returned[11:0], list format, remaining 0 */
        for ( i = idx; i < 3u; i++ )
        {
            put(r, rates[i]);
            put(r, 0);
        }
        return SCMI_SUCCESS;
    case SCMI_CLOCK_RATE_SET:               /* flags, clock, rate low, high */
        id = word(req, 1);
        r->res = id;
        if ( id >= s->n_clocks )
            return SCMI_NOT_FOUND;
        s->clk_rate[id] = (uint64_t)word(req, 2) | ((uint64_t)word(req, 3) << 32);
        return SCMI_SUCCESS;
    case SCMI_CLOCK_RATE_GET:
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_clocks )
            return SCMI_NOT_FOUND;
        put(r, (uint32_t)s->clk_rate[id]);
        put(r, (uint32_t)(s->clk_rate[id] >> 32));
        return SCMI_SUCCESS;
    case SCMI_CLOCK_CONFIG_SET:             /* clock, attributes (b0 enable) */
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_clocks )
            return SCMI_NOT_FOUND;
        s->clk_on[id] = word(req, 1) & 1u;
        return SCMI_SUCCESS;
    default:
        return common(r, msg, 0x20000u);
    }
}

static int32_t reset(struct scmi_sim *s, const struct scmi_med_msg *req, struct reply *r)
{
    uint32_t msg = SCMI_HDR_MSG_ID(req->header), id;

    switch ( msg )
    {
    case SCMI_MSG_PROTOCOL_ATTRIBUTES:      /* num_domains[15:0] */
        put(r, s->n_resets);
        return SCMI_SUCCESS;
    case SCMI_RESET_DOMAIN_ATTRIBUTES:      /* attributes (no async), latency, name */
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_resets )
            return SCMI_NOT_FOUND;
        put(r, 0);
        put(r, 0);
        put_name(r, "rst", id);
        return SCMI_SUCCESS;
    case SCMI_RESET_RESET:                  /* domain, flags, state */
        id = word(req, 0);
        r->res = id;
        if ( id >= s->n_resets )
            return SCMI_NOT_FOUND;
        s->rst_state[id] = word(req, 1);
        return SCMI_SUCCESS;
    default:
        return common(r, msg, 0x10000u);
    }
}

void scmi_sim_init(struct scmi_sim *s, uint32_t n_clocks, uint32_t n_power, uint32_t n_resets,
                   uint32_t n_agents)
{
    uint32_t i;

    scmi_mem_zero(s, sizeof(*s));
    s->n_clocks = n_clocks < SCMI_SIM_MAX_RES ? n_clocks : SCMI_SIM_MAX_RES;
    s->n_power = n_power < SCMI_SIM_MAX_RES ? n_power : SCMI_SIM_MAX_RES;
    s->n_resets = n_resets < SCMI_SIM_MAX_RES ? n_resets : SCMI_SIM_MAX_RES;
    s->n_agents = n_agents;
    for ( i = 0; i < SCMI_SIM_MAX_RES; i++ )
    {
        s->clk_rate[i] = SCMI_SIM_RATE0;
        s->pd_state[i] = 0x40000000u;       /* OFF (DEN0056 power state encoding) */
    }
}

int scmi_sim_process(struct scmi_sim *s, uint32_t agent, const struct scmi_med_msg *req,
                     struct scmi_med_msg *resp)
{
    struct reply r = { resp, 0, SCMI_SIM_NO_RES };
    uint32_t proto = SCMI_HDR_PROTO(req->header);
    int32_t status;

    s->messages++;
    switch ( proto )
    {
    case SCMI_PROTO_BASE:
        status = base(s, agent, req, &r);
        break;
    case SCMI_PROTO_POWER:
        status = power(s, req, &r);
        break;
    case SCMI_PROTO_CLOCK:
        status = clock(s, req, &r);
        break;
    case SCMI_PROTO_RESET:
        status = reset(s, req, &r);
        break;
    default:
        status = s->vendor_80 && proto == 0x80u
                     ? common(&r, SCMI_HDR_MSG_ID(req->header), 0x10000u)
                     : SCMI_NOT_SUPPORTED;
        break;
    }
    if ( status != SCMI_SUCCESS )
        r.words = 0;
    scmi_put_le32(resp->payload, (uint32_t)status);
    resp->header = req->header;
    resp->length = 8u + 4u * r.words;
    resp->channel_status = 0;
    resp->flags = 0;
    if ( s->log )
        s->log(s->log_ctx, agent, req, status, r.res);
    return 0;
}
