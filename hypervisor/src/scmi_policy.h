/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_policy.h - the devassign SCMI policy blob (docs/scmi-policy.md, format 1.0):
 * load + validate it once, then answer "is this (domain, protocol, message, id) allowed?"
 * with constant-time lookups.
 *
 * No heap: the caller owns a struct scmi_policy (about 153 KiB, static in Xen) and the blob,
 * which must stay in place while the policy is used (bitmaps are read from it).
 */
#ifndef SCMI_POLICY_H
#define SCMI_POLICY_H

#include "scmi_layout.h"
#include "scmi_proto.h"
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
#define SCMI_POL_MIN_SHMEM      0x80u   /* smallest channel (docs/scmi-policy.md §4) */
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

/*
 * The policy compiled against the layout table at load time, so that checking the common
 * messages takes one rule load per (protocol record, message) instead of walking policy and
 * layout (scmi_med_check() in scmi_check.h). What a rule says is derived only from the
 * protocol record and the layout row; scmi_med_check_full() stays the reference.
 */
enum scmi_pol_rule_kind {
    SCMI_RULE_UNLISTED = 0,     /* protocol not in the domain's policy (a zeroed rule denies) */
    SCMI_RULE_UNKNOWN,          /* no layout row */
    SCMI_RULE_PRIV,             /* privileged message */
    SCMI_RULE_MSG_DENIED,       /* message bit not set */
    SCMI_RULE_SLOW,             /* shape the rule cannot express: the full check decides */
    SCMI_RULE_FAST              /* allowed when the conditions below hold */
};

/* flags of a SCMI_RULE_FAST rule */
#define SCMI_RULE_HAS_ID     0x01u  /* a namespace-0 id ... */
#define SCMI_RULE_ID_AT4     0x02u  /* ... at payload byte 4 (else byte 0) */
#define SCMI_RULE_SHARED_OK  0x04u  /* QUERY class: a shared id is allowed too */
#define SCMI_RULE_ASYNC_AT4  0x08u  /* the async flag is in the word at byte 4 (else byte 0) */
#define SCMI_RULE_HAS_ASYNC  0x10u  /* the message has an async flag, bit (flags >> 5) */
#define SCMI_RULE_ASYNC_SHIFT 5u

/* Largest payload a fast rule accepts: the SMT length it implies (4 + payload) fits the
 * smallest channel a domain may have (length <= shmem_size - 0x18), so a payload length a
 * fast rule accepts is also within the SMT length bounds, and a multiple of 4. */
#define SCMI_RULE_MAX_LEN    (SCMI_POL_MIN_SHMEM - SCMI_SMT_HEADER - 4u)

/* Rules for message ids 0x00..0x1F (ids 0x11..0x1F have no layout row: UNKNOWN), so that
 * scmi_med_check() indexes them with the header's bits 4:0 and no clamp; it leaves every id
 * from 0x20 up to scmi_med_check_rest(), whose rule_of() takes rule 0x1F for them. */
#define SCMI_POL_RULE_MSGS   32u

struct scmi_pol_rule {
    uint8_t kind;       /* enum scmi_pol_rule_kind */
    uint8_t len;        /* FAST: accepted payload bytes ... */
    uint8_t len_alt;    /* ... or these (equal to len when only one length is accepted) */
    uint8_t flags;      /* FAST: SCMI_RULE_* */
};

/* One protocol record's rules, and its namespace-0 and shared bitmaps for the resource test;
 * an empty bitmap points at a zero byte so the test needs no branch. */
struct scmi_pol_fast {
    const uint8_t *owned;
    const uint8_t *shared;
    uint32_t owned_bits, shared_bits;
    struct scmi_pol_rule rule[SCMI_POL_RULE_MSGS];
};

struct scmi_policy {
    uint16_t ver_major, ver_minor;
    uint32_t n_domains;
    uint32_t n_protos;
    struct scmi_pol_domain domains[SCMI_POL_MAX_DOMAINS];
    struct scmi_pol_protocol protocols[SCMI_POL_MAX_PROTOS];
    /* [0]: any protocol a domain does not list (all rules UNLISTED); [1 + i]: protocols[i].
     * Indexed by scmi_pol_domain.proto_slot. */
    struct scmi_pol_fast fast[SCMI_POL_MAX_PROTOS + 1];
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

/* Bit id of a bitmap of n_bits ids (0 for id >= n_bits), without a branch; words must be
 * readable at byte 0 even when n_bits is 0 (struct scmi_pol_fast guarantees it). The byte
 * read is at a clamped index, so a mispredicted caller cannot read past the bitmap. */
static inline uint32_t scmi_pol_bit(const uint8_t *words, uint32_t n_bits, uint32_t id)
{
    uint32_t mask = scmi_index_mask(id, n_bits);
    uint32_t safe = id & mask;

    return ((uint32_t)words[safe >> 3] >> (safe & 7u)) & mask & 1u;
}

/* Whether message msg (any value) is allowed by the protocol record. */
static inline bool scmi_pol_message_allowed(const struct scmi_pol_protocol *proto, uint32_t msg)
{
    uint32_t mask = scmi_index_mask(msg, 64u);

    return ((proto->messages >> (msg & 63u & mask)) & 1u & mask) != 0;
}

#endif /* SCMI_POLICY_H */
