/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_sim.h - a simulated SCMI platform (test only): BASE, POWER DOMAIN, CLOCK and RESET
 * DOMAIN for a fixed set of resources, answering with the payloads Linux's SCMI drivers
 * parse (shared/reference/scmi.md §3.3; DEN0056 response layouts). Every message that reaches
 * it is reported through log(), so a test can prove what the mediator let through.
 *
 * Freestanding like the module: it runs on the host (hypervisor/tests) and inside Xen
 * (CONFIG_DEVASSIGN_SCMI_SIM, hypervisor/xen/0004-*.patch).
 */
#ifndef SCMI_SIM_H
#define SCMI_SIM_H

#include "scmi_check.h"

#define SCMI_SIM_MAX_RES 32u
#define SCMI_SIM_NO_RES 0xFFFFFFFFu

struct scmi_sim {
    uint32_t n_clocks, n_power, n_resets, n_agents;
    bool vendor_80;                     /* also implement vendor protocol 0x80 (version only) */
    uint64_t clk_rate[SCMI_SIM_MAX_RES];
    uint32_t clk_on[SCMI_SIM_MAX_RES];
    uint32_t pd_state[SCMI_SIM_MAX_RES];
    uint32_t rst_state[SCMI_SIM_MAX_RES];
    uint32_t messages;                  /* how many reached the platform */
    /* One call per message that reaches the platform: the status it answers and the resource
     * id it acted on (SCMI_SIM_NO_RES for messages without one). */
    void (*log)(void *ctx, uint32_t agent, const struct scmi_med_msg *req, int32_t status,
                uint32_t res);
    void *log_ctx;
};

/* The three discrete rates every simulated clock offers (Hz), ascending. */
#define SCMI_SIM_RATE0 24000000u
#define SCMI_SIM_RATE1 50000000u
#define SCMI_SIM_RATE2 100000000u

void scmi_sim_init(struct scmi_sim *s, uint32_t n_clocks, uint32_t n_power, uint32_t n_resets,
                   uint32_t n_agents);

/* Answers req from agent (1-based; the mediator passes the domain key). Always fills resp;
 * returns 0. */
int scmi_sim_process(struct scmi_sim *s, uint32_t agent, const struct scmi_med_msg *req,
                     struct scmi_med_msg *resp);

/* Names: "clk<N>", "pd<N>", "rst<N>" (so a guest's clk_summary can be read back by id). */

#endif
