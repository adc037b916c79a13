/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_channel.h - a guest SMT page in host memory plus the mediator ops around it, and an
 * agent-side helper that writes a request the way Linux's shmem.c does (scmi.md §3.2).
 */
#ifndef FAKE_CHANNEL_H
#define FAKE_CHANNEL_H

#include "scmi_check.h"
#include "policy_builder.h"

#include <stdlib.h>
#include <string.h>

struct fake_chan {
    uint8_t page[4096];
    int reads, writes, forwards;
    /* called by forward: produce resp from req; NULL = echo a SUCCESS status response */
    int (*platform)(struct fake_chan *fc, const struct scmi_med_msg *req, struct scmi_med_msg *resp);
    void *platform_ctx;
    /* called after each chan_read: lets a test rewrite the page (another vCPU) */
    void (*after_read)(struct fake_chan *fc, int nth);
    struct scmi_med_decision last;
    struct scmi_med_msg forwarded;   /* copy of what the platform last received */
    const struct scmi_policy *pol;   /* for re-checking inside forward */
    const struct scmi_pol_domain *dom;
};

static inline void fc_read(void *ctx, uint32_t off, void *dst, uint32_t len)
{
    struct fake_chan *fc = (struct fake_chan *)ctx;
    if ( off + len > sizeof(fc->page) )
        abort();
    memcpy(dst, fc->page + off, len);
    fc->reads++;
    if ( fc->after_read )
        fc->after_read(fc, fc->reads);
}

static inline void fc_write(void *ctx, uint32_t off, const void *src, uint32_t len)
{
    struct fake_chan *fc = (struct fake_chan *)ctx;
    if ( off + len > sizeof(fc->page) )
        abort();
    memcpy(fc->page + off, src, len);
    fc->writes++;
}

static inline int fc_forward(void *ctx, const struct scmi_med_msg *req, struct scmi_med_msg *resp)
{
    struct fake_chan *fc = (struct fake_chan *)ctx;
    fc->forwards++;
    memcpy(&fc->forwarded, req, sizeof(*req));
    if ( fc->platform )
        return fc->platform(fc, req, resp);
    resp->header = req->header;
    resp->length = 8;
    pb_put32(resp->payload, 0);
    return 0;
}

static inline void fc_log(void *ctx, const struct scmi_med_decision *d)
{
    struct fake_chan *fc = (struct fake_chan *)ctx;
    fc->last = *d;
}

static const struct scmi_med_ops fc_ops = { fc_read, fc_write, fc_forward, fc_log };

/* Agent side: mark busy, write length/header/payload (Linux shmem_tx_prepare order). */
static inline void fc_send(struct fake_chan *fc, uint32_t header, const uint32_t *words,
                           unsigned n_words)
{
    pb_put32(fc->page + 0x04, 0);            /* channel_status: busy */
    pb_put32(fc->page + 0x10, 0);            /* flags: polling */
    pb_put32(fc->page + 0x14, 4 + 4 * n_words);
    pb_put32(fc->page + 0x18, header);
    for ( unsigned i = 0; i < n_words; i++ )
        pb_put32(fc->page + 0x1C + 4 * i, words[i]);
}

static inline uint32_t fc_status_word(const struct fake_chan *fc) { return pb_get32(fc->page + 0x04); }
static inline uint32_t fc_length(const struct fake_chan *fc) { return pb_get32(fc->page + 0x14); }
static inline uint32_t fc_header(const struct fake_chan *fc) { return pb_get32(fc->page + 0x18); }
static inline int32_t fc_status(const struct fake_chan *fc) { return (int32_t)pb_get32(fc->page + 0x1C); }
static inline uint32_t fc_ret(const struct fake_chan *fc, unsigned i) { return pb_get32(fc->page + 0x20 + 4 * i); }

/* The header, composed from the bit positions of scmi.md §3.1 (not the module's macros). */
static inline uint32_t hdr(uint32_t proto, uint32_t msg, uint32_t token)
{
    return (token << 18) | (proto << 10) | msg;
}

#endif
