/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * policy_builder.h - test-side writer of SCMI policy blobs, written from docs/scmi-policy.md
 * alone (it shares no code with hypervisor/src): the tests describe domains and sets, this
 * writes the canonical blob of §2-§6.
 */
#ifndef POLICY_BUILDER_H
#define POLICY_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#define PB_MAX_IDS 512
#define PB_MAX_PROTOS 32
#define PB_MAX_DOMAINS 64

struct pb_set {
    unsigned n;
    uint32_t ids[PB_MAX_IDS];   /* any order, no duplicates needed */
};

struct pb_proto {
    uint8_t id;
    uint64_t messages;           /* bit m: message m */
    struct pb_set ns[4];         /* resources, shared, groups, functions */
};

struct pb_domain {
    char name[40];
    uint32_t key, smc_id;
    uint64_t shmem_gpa;
    uint32_t shmem_size;
    unsigned n_protos;
    struct pb_proto protos[PB_MAX_PROTOS];
};

struct pb_policy {
    unsigned n_domains;
    struct pb_domain domains[PB_MAX_DOMAINS];
};

/* CRC-32C, table-driven (docs §6). */
uint32_t pb_crc32c(const uint8_t *p, size_t n);
/* Writes the blob into out (capacity cap); returns its size, 0 if it does not fit. */
size_t pb_write(const struct pb_policy *pol, uint8_t *out, size_t cap);
/* Recomputes the CRC of a blob in place (after a test mutated it). */
void pb_fix_crc(uint8_t *blob, size_t len);

/* Helpers for building descriptions. */
struct pb_domain *pb_add_domain(struct pb_policy *pol, const char *name, uint32_t key,
                                uint32_t smc_id, uint64_t gpa, uint32_t size);
struct pb_proto *pb_add_proto(struct pb_domain *d, uint8_t id);
void pb_msgs(struct pb_proto *p, const unsigned *msgs, unsigned n);
void pb_ids(struct pb_set *s, const uint32_t *ids, unsigned n);

static inline void pb_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline uint32_t pb_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
