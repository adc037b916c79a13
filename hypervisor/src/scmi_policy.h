/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_policy.h - the devassign SCMI policy blob (docs/scmi-policy.md, format 1.0):
 * load + validate it once, then answer "is this (domain, protocol, message, id) allowed?"
 * with constant-time lookups.
 *
 * No heap: the caller owns a struct scmi_policy (about 80 KiB, static in Xen) and the blob,
 * which must stay in place while the policy is used (bitmaps are read from it).
 */
#ifndef SCMI_POLICY_H
#define SCMI_POLICY_H

#include "scmi_types.h"
#include "scmi_util.h"

/* Format constants (docs/scmi-policy.md §3-§5). */
#define SCMI_POL_MAGIC          "XSCMIPOL"
#define SCMI_POL_VER_MAJOR      1u
#define SCMI_POL_VER_MINOR      0u
#define SCMI_POL_HDR_SIZE       64u
#define SCMI_POL_DOM_SIZE       64u
#define SCMI_POL_PROTO_SIZE     48u
#define SCMI_POL_MAX_TOTAL      0x100000u
#define SCMI_POL_MAX_DOMAINS    64u
#define SCMI_POL_MAX_PROTOS     512u
#define SCMI_POL_MAX_DOM_PROTOS 64u
#define SCMI_POL_MAX_WORDS      65536u
#define SCMI_POL_MAX_BITS       65536u
#define SCMI_POL_NAME_MAX       32u
#define SCMI_POL_FLAG_DEFAULT_DENY 0x1u

/* Namespaces of a protocol record (docs/scmi-policy.md §1). */
enum scmi_pol_ns {
    SCMI_NS_RESOURCES = 0,
    SCMI_NS_SHARED = 1,
    SCMI_NS_GROUPS = 2,
    SCMI_NS_FUNCTIONS = 3,
    SCMI_NS_COUNT = 4
};

/* Reason codes, docs/scmi-policy.md §7 (values are part of the format: append only). */
enum scmi_pol_reason {
    SCMI_POL_OK = 0,
    SCMI_POL_TOO_SHORT,
    SCMI_POL_BAD_MAGIC,
    SCMI_POL_BAD_VERSION,
    SCMI_POL_BAD_HDR_SIZE,
    SCMI_POL_BAD_TOTAL_SIZE,
    SCMI_POL_BAD_FLAGS,
    SCMI_POL_HDR_RESERVED,
    SCMI_POL_LIMIT,
    SCMI_POL_SECTION_BOUNDS,
    SCMI_POL_SECTION_LAYOUT,
    SCMI_POL_BAD_CRC,
    SCMI_POL_DOM_NAME,
    SCMI_POL_DOM_NAME_DUP,
    SCMI_POL_DOM_KEY_ORDER,
    SCMI_POL_DOM_SMC_ID,
    SCMI_POL_DOM_SMC_DUP,
    SCMI_POL_DOM_SHMEM,
    SCMI_POL_DOM_RESERVED,
    SCMI_POL_DOM_PROTO_RANGE,
    SCMI_POL_PROTO_ID,
    SCMI_POL_PROTO_ORDER,
    SCMI_POL_PROTO_RESERVED,
    SCMI_POL_NS_BITS,
    SCMI_POL_NS_LAYOUT,
    SCMI_POL_NS_PADDING,
    SCMI_POL_NS_NOT_MINIMAL,
    SCMI_POL_NS_SHARED_OVERLAP,
    SCMI_POL_NS_NOT_PINCTRL,
    SCMI_POL_REASON_COUNT
};

/* "ok", "too_short", ...: the lower-case names of docs/scmi-policy.md §7. */
const char *scmi_pol_reason_name(enum scmi_pol_reason r);

/* One namespace bitmap: n_bits ids, read LE from the blob's pool. */
struct scmi_pol_bitmap {
    const uint8_t *words;   /* first byte of the bitmap in the blob */
    uint32_t n_bits;
};

/* One protocol record, decoded (docs/scmi-policy.md §5). */
struct scmi_pol_protocol {
    uint64_t messages;      /* bit m: message m allowed */
    struct scmi_pol_bitmap ns[SCMI_NS_COUNT];
    uint8_t id;
};

/* One domain record, decoded (docs/scmi-policy.md §4). */
struct scmi_pol_domain {
    char name[SCMI_POL_NAME_MAX + 1];   /* NUL-terminated copy */
    uint32_t key;
    uint32_t smc_id;
    uint64_t shmem_gpa;
    uint32_t shmem_size;
    uint32_t first_proto;
    uint32_t n_protos;
    /* protocol id -> 1 + index into scmi_policy.protocols, 0 when not listed */
    uint16_t proto_slot[256];
};

struct scmi_policy {
    uint16_t ver_major, ver_minor;
    uint32_t n_domains;
    uint32_t n_protos;
    struct scmi_pol_domain domains[SCMI_POL_MAX_DOMAINS];
    struct scmi_pol_protocol protocols[SCMI_POL_MAX_PROTOS];
};

/* CRC-32C (Castagnoli) as docs/scmi-policy.md §6 defines it; crc = 0 to start. */
uint32_t scmi_crc32c(uint32_t crc, const uint8_t *p, size_t len);

/*
 * Validates blob[0, len) against every rule of docs/scmi-policy.md and fills *pol.
 * Returns SCMI_POL_OK, or the first rule broken; on failure *pol holds no domain.
 * On success pol keeps pointers into blob.
 */
enum scmi_pol_reason scmi_policy_load(struct scmi_policy *pol, const uint8_t *blob,
                                      size_t len);

/* The domain with this key, or NULL. */
const struct scmi_pol_domain *scmi_policy_domain_by_key(const struct scmi_policy *pol,
                                                        uint32_t key);

/* The lookups below run for every guest message: inline, branch-light, constant time. */

/* The domain's record for a protocol, or NULL when the protocol is not listed. */
static inline const struct scmi_pol_protocol *
scmi_policy_protocol(const struct scmi_policy *pol, const struct scmi_pol_domain *dom,
                     uint32_t protocol_id)
{
    uint32_t slot = dom->proto_slot[protocol_id & 0xFFu];

    if ( slot == 0 || protocol_id > 0xFFu )
        return NULL;
    return &pol->protocols[scmi_index_clamp(slot - 1u, SCMI_POL_MAX_PROTOS)];
}

/* Whether id is in the bitmap (false for id >= n_bits); speculation-safe: the byte read is
 * at a clamped index, so a mispredicted bounds check cannot read past the bitmap. */
static inline bool scmi_pol_bitmap_test(const struct scmi_pol_bitmap *bm, uint32_t id)
{
    uint32_t mask = scmi_index_mask(id, bm->n_bits);
    uint32_t safe = id & mask;      /* 0 when out of range */
    uint8_t byte;

    if ( bm->n_bits == 0 )
        return false;
    byte = bm->words[safe >> 3];    /* LE words: bit i of the bitmap is bit i%8 of byte i/8 */
    return ((byte >> (safe & 7u)) & 1u & mask) != 0;
}

/* Whether message msg (any value) is allowed by the protocol record. */
static inline bool scmi_pol_message_allowed(const struct scmi_pol_protocol *proto, uint32_t msg)
{
    uint32_t mask = scmi_index_mask(msg, 64u);

    return ((proto->messages >> (msg & 63u & mask)) & 1u & mask) != 0;
}

#endif /* SCMI_POLICY_H */
