/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_policy.c - loads and validates the SCMI policy blob (docs/scmi-policy.md, format 1.0).
 *
 * Order of checks (docs/scmi-policy.md §3): fixed header fields, counts against the limits,
 * section bounds (overflow-safe), section layout, CRC, then domain records, each domain's
 * protocol records and their namespaces. The first broken rule is the reason returned.
 */
#include "scmi_policy.h"
#include "scmi_proto.h"
#include "scmi_util.h"

/* Header field offsets (docs/scmi-policy.md §3). */
#define H_MAGIC       0x00u
#define H_VER_MAJOR   0x08u
#define H_VER_MINOR   0x0Au
#define H_HDR_SIZE    0x0Cu
#define H_TOTAL_SIZE  0x10u
#define H_FLAGS       0x14u
#define H_N_DOMAINS   0x18u
#define H_DOM_OFF     0x1Cu
#define H_N_PROTOS    0x20u
#define H_PROTO_OFF   0x24u
#define H_N_WORDS     0x28u
#define H_POOL_OFF    0x2Cu
#define H_CRC32C      0x30u
#define H_RESERVED    0x34u
#define H_RESERVED_LEN 12u

/* Domain record (docs/scmi-policy.md §4). */
#define D_NAME        0x00u
#define D_KEY         0x20u
#define D_SMC_ID      0x24u
#define D_SHMEM_GPA   0x28u
#define D_SHMEM_SIZE  0x30u
#define D_N_PROTOS    0x34u
#define D_RESERVED0   0x36u
#define D_FIRST_PROTO 0x38u
#define D_RESERVED1   0x3Cu

/* Protocol record and namespace descriptor (docs/scmi-policy.md §5). */
#define P_ID          0x00u
#define P_RESERVED0   0x01u
#define P_RESERVED1   0x02u
#define P_MSG_LO      0x04u
#define P_MSG_HI      0x08u
#define P_RESERVED2   0x0Cu
#define P_NS          0x10u
#define NS_DESC_SIZE  8u

static const char *const reason_names[SCMI_POL_REASON_COUNT] = {
    [SCMI_POL_OK] = "ok",
    [SCMI_POL_TOO_SHORT] = "too_short",
    [SCMI_POL_BAD_MAGIC] = "bad_magic",
    [SCMI_POL_BAD_VERSION] = "bad_version",
    [SCMI_POL_BAD_HDR_SIZE] = "bad_hdr_size",
    [SCMI_POL_BAD_TOTAL_SIZE] = "bad_total_size",
    [SCMI_POL_BAD_FLAGS] = "bad_flags",
    [SCMI_POL_HDR_RESERVED] = "hdr_reserved",
    [SCMI_POL_LIMIT] = "limit",
    [SCMI_POL_SECTION_BOUNDS] = "section_bounds",
    [SCMI_POL_SECTION_LAYOUT] = "section_layout",
    [SCMI_POL_BAD_CRC] = "bad_crc",
    [SCMI_POL_DOM_NAME] = "dom_name",
    [SCMI_POL_DOM_NAME_DUP] = "dom_name_dup",
    [SCMI_POL_DOM_KEY_ORDER] = "dom_key_order",
    [SCMI_POL_DOM_SMC_ID] = "dom_smc_id",
    [SCMI_POL_DOM_SMC_DUP] = "dom_smc_dup",
    [SCMI_POL_DOM_SHMEM] = "dom_shmem",
    [SCMI_POL_DOM_RESERVED] = "dom_reserved",
    [SCMI_POL_DOM_PROTO_RANGE] = "dom_proto_range",
    [SCMI_POL_PROTO_ID] = "proto_id",
    [SCMI_POL_PROTO_ORDER] = "proto_order",
    [SCMI_POL_PROTO_RESERVED] = "proto_reserved",
    [SCMI_POL_NS_BITS] = "ns_bits",
    [SCMI_POL_NS_LAYOUT] = "ns_layout",
    [SCMI_POL_NS_PADDING] = "ns_padding",
    [SCMI_POL_NS_NOT_MINIMAL] = "ns_not_minimal",
    [SCMI_POL_NS_SHARED_OVERLAP] = "ns_shared_overlap",
    [SCMI_POL_NS_NOT_PINCTRL] = "ns_not_pinctrl",
};

const char *scmi_pol_reason_name(enum scmi_pol_reason r)
{
    if ( (unsigned int)r >= SCMI_POL_REASON_COUNT )
        return "unknown";
    return reason_names[r];
}

/* CRC-32C, bitwise (docs/scmi-policy.md §6): small and table-free; the blob is read once. */
uint32_t scmi_crc32c(uint32_t crc, const uint8_t *p, size_t len)
{
    size_t i;
    int k;

    crc = ~crc;
    for ( i = 0; i < len; i++ )
    {
        crc ^= p[i];
        for ( k = 0; k < 8; k++ )
            crc = (crc >> 1) ^ (0x82F63B78u & ((uint32_t)0 - (crc & 1u)));
    }
    return ~crc;
}

/* CRC of the blob with the crc32c field read as zero. */
static uint32_t blob_crc(const uint8_t *blob, uint32_t total)
{
    static const uint8_t zero[4];
    uint32_t crc;

    crc = scmi_crc32c(0, blob, H_CRC32C);
    crc = scmi_crc32c(crc, zero, sizeof(zero));
    return scmi_crc32c(crc, blob + H_CRC32C + 4, total - H_CRC32C - 4);
}

static bool all_zero(const uint8_t *p, uint32_t n)
{
    uint32_t i;
    uint8_t acc = 0;

    for ( i = 0; i < n; i++ )
        acc |= p[i];
    return acc == 0;
}

/* count records of size bytes fit at off inside total (overflow-safe: no off + count*size). */
static bool table_fits(uint32_t total, uint32_t off, uint32_t count, uint32_t size)
{
    return off <= total && count <= (total - off) / size;
}

static bool name_char_ok(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* docs/scmi-policy.md §4 name rule; copies the name into out (NUL-terminated). */
static bool name_ok(const uint8_t *field, char *out)
{
    uint32_t len = 0, i;

    while ( len < SCMI_POL_NAME_MAX && field[len] != 0 )
    {
        if ( !name_char_ok(field[len]) )
            return false;
        len++;
    }
    if ( len == 0 )
        return false;
    for ( i = len; i < SCMI_POL_NAME_MAX; i++ )
        if ( field[i] != 0 )
            return false;
    for ( i = 0; i < len; i++ )
        out[i] = (char)field[i];
    out[len] = '\0';
    return true;
}

/* SMCCC: fast call (bit 31), owner SiP = 2 (bits 29:24), bits 23:16 zero. */
static bool smc_id_ok(uint32_t fid)
{
    return (fid & 0x80000000u) && ((fid >> 24) & 0x3Fu) == 2u && ((fid >> 16) & 0xFFu) == 0u;
}

static bool shmem_ok(uint64_t gpa, uint32_t size)
{
    if ( gpa == 0 || (gpa & 0xFFFu) != 0 || gpa > (((uint64_t)1 << 48) - 0x1000u) )
        return false;
    return size >= SCMI_POL_MIN_SHMEM && size <= SCMI_SMT_PAGE_SIZE && (size & 3u) == 0;
}

struct load_state {
    const uint8_t *blob;
    uint32_t total;
    uint32_t proto_off;
    uint32_t pool_off;
    uint32_t n_words;
    uint32_t next_word;     /* running total of bitmap words (canonical pool layout) */
};

/* One namespace descriptor (docs/scmi-policy.md §5 namespace rules). */
static enum scmi_pol_reason load_ns(struct load_state *st, const uint8_t *desc,
                                    struct scmi_pol_bitmap *out)
{
    uint32_t n_bits = scmi_le32(desc), word = scmi_le32(desc + 4);
    uint32_t n_words = (n_bits + 31u) / 32u, last, tail_bits;
    const uint8_t *w;

    if ( n_bits > SCMI_POL_MAX_BITS )
        return SCMI_POL_NS_BITS;
    if ( word != st->next_word || n_words > st->n_words - st->next_word )
        return SCMI_POL_NS_LAYOUT;
    st->next_word += n_words;
    w = st->blob + st->pool_off + (size_t)word * 4u;
    out->words = w;
    out->n_bits = n_bits;
    if ( n_bits == 0 )
        return SCMI_POL_OK;
    last = scmi_le32(w + (size_t)(n_words - 1u) * 4u);
    tail_bits = n_bits - (n_words - 1u) * 32u;           /* 1..32 bits used in the last word */
    if ( tail_bits < 32u && (last >> tail_bits) != 0 )
        return SCMI_POL_NS_PADDING;
    if ( !((last >> (tail_bits - 1u)) & 1u) )
        return SCMI_POL_NS_NOT_MINIMAL;
    return SCMI_POL_OK;
}

static bool bitmaps_disjoint(const struct scmi_pol_bitmap *a, const struct scmi_pol_bitmap *b)
{
    uint32_t n = a->n_bits < b->n_bits ? a->n_bits : b->n_bits;
    uint32_t i, words = (n + 31u) / 32u;

    for ( i = 0; i < words; i++ )
        if ( scmi_le32(a->words + (size_t)i * 4u) & scmi_le32(b->words + (size_t)i * 4u) )
            return false;
    return true;
}

/* Protocol record idx (docs/scmi-policy.md §5). */
static enum scmi_pol_reason load_protocol(struct load_state *st, uint32_t idx,
                                          struct scmi_pol_protocol *p, uint32_t *prev_id)
{
    const uint8_t *r = st->blob + st->proto_off + (size_t)idx * SCMI_POL_PROTO_SIZE;
    enum scmi_pol_reason why;
    unsigned int ns;

    p->id = r[P_ID];
    if ( p->id < 0x10u )
        return SCMI_POL_PROTO_ID;
    if ( *prev_id != 0xFFFFFFFFu && p->id <= *prev_id )
        return SCMI_POL_PROTO_ORDER;
    *prev_id = p->id;
    if ( r[P_RESERVED0] != 0 || scmi_le16(r + P_RESERVED1) != 0 ||
         scmi_le32(r + P_RESERVED2) != 0 )
        return SCMI_POL_PROTO_RESERVED;
    p->messages = (uint64_t)scmi_le32(r + P_MSG_LO) | ((uint64_t)scmi_le32(r + P_MSG_HI) << 32);
    for ( ns = 0; ns < SCMI_NS_COUNT; ns++ )
    {
        why = load_ns(st, r + P_NS + ns * NS_DESC_SIZE, &p->ns[ns]);
        if ( why != SCMI_POL_OK )
            return why;
    }
    if ( !bitmaps_disjoint(&p->ns[SCMI_NS_RESOURCES], &p->ns[SCMI_NS_SHARED]) )
        return SCMI_POL_NS_SHARED_OVERLAP;
    if ( p->id != 0x19u &&
         (p->ns[SCMI_NS_GROUPS].n_bits != 0 || p->ns[SCMI_NS_FUNCTIONS].n_bits != 0) )
        return SCMI_POL_NS_NOT_PINCTRL;
    return SCMI_POL_OK;
}

/* --- the precomputed rules (struct scmi_pol_fast) -------------------------------------- */

/* Where an empty bitmap points, so scmi_pol_bit() can read byte 0 of any bitmap. */
static const uint8_t zero_bitmap[4];

/* A payload word offset a fast rule can name: byte 0 or 4, and inside every accepted length. */
static bool fast_word(uint32_t off, uint32_t len_min)
{
    return (off == 0u || off == 4u) && off + 4u <= len_min;
}

/*
 * The rule for message msg of protocol record p (any msg >= SCMI_LAYOUT_MSGS has no layout
 * row, so one rule stands for all of them). Mirrors scmi_med_check_full() in scmi_check.c,
 * steps 5 and on: class, message bit, then what the message's layout row asks of the
 * payload. Whatever a FAST rule cannot express exactly is SLOW and left to the full check.
 */
static struct scmi_pol_rule compile_rule(const struct scmi_pol_protocol *p, uint32_t msg)
{
    const struct scmi_msg_layout *lay = scmi_layout_find(p->id, msg);
    struct scmi_pol_rule r = { SCMI_RULE_SLOW, 0, 0, 0 };
    uint32_t a, b, len_min;

    if ( lay->cls == SCMI_CLASS_UNKNOWN )
        r.kind = SCMI_RULE_UNKNOWN;
    else if ( lay->cls == SCMI_CLASS_PRIV )
        r.kind = SCMI_RULE_PRIV;
    else if ( !scmi_pol_message_allowed(p, msg) )
        r.kind = SCMI_RULE_MSG_DENIED;
    if ( r.kind != SCMI_RULE_SLOW )
        return r;
    if ( (lay->cls != SCMI_CLASS_QUERY && lay->cls != SCMI_CLASS_CONTROL) ||
         !scmi_layout_fixed_lengths(lay, &a, &b) || a > SCMI_RULE_MAX_LEN ||
         b > SCMI_RULE_MAX_LEN || (a & 3u) != 0 || (b & 3u) != 0 ||
         lay->id2_off != SCMI_NO_OFF || lay->id_kind == SCMI_ID_PINCTRL )
        return r;                                   /* SLOW */
    len_min = a < b ? a : b;
    if ( lay->id_off != SCMI_NO_OFF )
    {
        if ( !fast_word(lay->id_off, len_min) )
            return r;
        r.flags |= SCMI_RULE_HAS_ID | (lay->id_off == 4u ? SCMI_RULE_ID_AT4 : 0u);
        if ( lay->cls == SCMI_CLASS_QUERY )
            r.flags |= SCMI_RULE_SHARED_OK;
    }
    if ( lay->async_off != SCMI_NO_OFF )
    {
        if ( !fast_word(lay->async_off, len_min) || lay->async_bit > 7u )
            return r;
        r.flags |= SCMI_RULE_HAS_ASYNC | (lay->async_off == 4u ? SCMI_RULE_ASYNC_AT4 : 0u) |
                   (uint8_t)(lay->async_bit << SCMI_RULE_ASYNC_SHIFT);
    }
    r.kind = SCMI_RULE_FAST;
    r.len = (uint8_t)a;
    r.len_alt = (uint8_t)b;
    return r;
}

static void compile_bitmap(const struct scmi_pol_bitmap *bm, const uint8_t **words,
                           uint32_t *n_bits)
{
    *words = bm->n_bits != 0 ? bm->words : zero_bitmap;
    *n_bits = bm->n_bits;
}

/* fast[0], for every protocol a domain does not list. */
static void compile_unlisted(struct scmi_pol_fast *f)
{
    uint32_t m;

    f->owned = f->shared = zero_bitmap;
    f->owned_bits = f->shared_bits = 0;
    for ( m = 0; m < SCMI_POL_RULE_MSGS; m++ )
    {
        f->rule[m].kind = SCMI_RULE_UNLISTED;
        f->rule[m].len = f->rule[m].len_alt = f->rule[m].flags = 0;
    }
}

static void compile_protocol(struct scmi_pol_fast *f, const struct scmi_pol_protocol *p)
{
    uint32_t m;

    compile_bitmap(&p->ns[SCMI_NS_RESOURCES], &f->owned, &f->owned_bits);
    compile_bitmap(&p->ns[SCMI_NS_SHARED], &f->shared, &f->shared_bits);
    for ( m = 0; m < SCMI_POL_RULE_MSGS; m++ )
        f->rule[m] = compile_rule(p, m);
}

/* Domain record i, its protocols, and the cross-domain uniqueness rules. */
static enum scmi_pol_reason load_domain(struct load_state *st, struct scmi_policy *pol,
                                        uint32_t i, uint32_t dom_off, uint32_t *next_proto)
{
    const uint8_t *r = st->blob + dom_off + (size_t)i * SCMI_POL_DOM_SIZE;
    struct scmi_pol_domain *d = &pol->domains[i];
    uint32_t j, prev_id = 0xFFFFFFFFu;
    enum scmi_pol_reason why;

    scmi_mem_zero(d, sizeof(*d));
    if ( !name_ok(r + D_NAME, d->name) )
        return SCMI_POL_DOM_NAME;
    d->key = scmi_le32(r + D_KEY);
    d->smc_id = scmi_le32(r + D_SMC_ID);
    d->shmem_gpa = scmi_le64(r + D_SHMEM_GPA);
    d->shmem_size = scmi_le32(r + D_SHMEM_SIZE);
    d->n_protos = scmi_le16(r + D_N_PROTOS);
    d->first_proto = scmi_le32(r + D_FIRST_PROTO);
    for ( j = 0; j < i; j++ )
    {
        if ( scmi_mem_cmp(pol->domains[j].name, d->name, SCMI_POL_NAME_MAX + 1) == 0 )
            return SCMI_POL_DOM_NAME_DUP;
    }
    if ( i > 0 && d->key <= pol->domains[i - 1].key )
        return SCMI_POL_DOM_KEY_ORDER;
    if ( !smc_id_ok(d->smc_id) )
        return SCMI_POL_DOM_SMC_ID;
    for ( j = 0; j < i; j++ )
        if ( pol->domains[j].smc_id == d->smc_id )
            return SCMI_POL_DOM_SMC_DUP;
    if ( !shmem_ok(d->shmem_gpa, d->shmem_size) )
        return SCMI_POL_DOM_SHMEM;
    if ( scmi_le16(r + D_RESERVED0) != 0 || scmi_le32(r + D_RESERVED1) != 0 )
        return SCMI_POL_DOM_RESERVED;
    if ( d->n_protos > SCMI_POL_MAX_DOM_PROTOS )
        return SCMI_POL_LIMIT;
    if ( d->first_proto != *next_proto || d->n_protos > pol->n_protos - *next_proto )
        return SCMI_POL_DOM_PROTO_RANGE;
    *next_proto += d->n_protos;
    for ( j = 0; j < d->n_protos; j++ )
    {
        struct scmi_pol_protocol *p = &pol->protocols[d->first_proto + j];

        why = load_protocol(st, d->first_proto + j, p, &prev_id);
        if ( why != SCMI_POL_OK )
            return why;
        compile_protocol(&pol->fast[d->first_proto + j + 1u], p);
        d->proto_slot[p->id] = (uint16_t)(d->first_proto + j + 1u);
    }
    return SCMI_POL_OK;
}

/* Header, counts, bounds, layout and CRC (docs/scmi-policy.md §2, §3, §6). */
static enum scmi_pol_reason load_header(struct load_state *st, struct scmi_policy *pol,
                                        const uint8_t *b, size_t len, uint32_t *dom_off)
{
    uint32_t hdr_size, total, n_dom, n_protos, n_words, proto_off, pool_off, end;

    if ( len < SCMI_POL_HDR_SIZE )
        return SCMI_POL_TOO_SHORT;
    if ( scmi_mem_cmp(b + H_MAGIC, SCMI_POL_MAGIC, 8) != 0 )
        return SCMI_POL_BAD_MAGIC;
    pol->ver_major = scmi_le16(b + H_VER_MAJOR);
    pol->ver_minor = scmi_le16(b + H_VER_MINOR);
    if ( pol->ver_major != SCMI_POL_VER_MAJOR )
        return SCMI_POL_BAD_VERSION;
    hdr_size = scmi_le32(b + H_HDR_SIZE);
    if ( pol->ver_minor == 0 ? hdr_size != SCMI_POL_HDR_SIZE
                             : (hdr_size < SCMI_POL_HDR_SIZE || (hdr_size & 7u) != 0) )
        return SCMI_POL_BAD_HDR_SIZE;
    if ( hdr_size > len )
        return SCMI_POL_TOO_SHORT;
    total = scmi_le32(b + H_TOTAL_SIZE);
    if ( len > SCMI_POL_MAX_TOTAL || total != len )
        return SCMI_POL_BAD_TOTAL_SIZE;
    if ( scmi_le32(b + H_FLAGS) != SCMI_POL_FLAG_DEFAULT_DENY )
        return SCMI_POL_BAD_FLAGS;
    if ( !all_zero(b + H_RESERVED, H_RESERVED_LEN) )
        return SCMI_POL_HDR_RESERVED;
    n_dom = scmi_le32(b + H_N_DOMAINS);
    n_protos = scmi_le32(b + H_N_PROTOS);
    n_words = scmi_le32(b + H_N_WORDS);
    if ( n_dom > SCMI_POL_MAX_DOMAINS || n_protos > SCMI_POL_MAX_PROTOS ||
         n_words > SCMI_POL_MAX_WORDS )
        return SCMI_POL_LIMIT;
    *dom_off = scmi_le32(b + H_DOM_OFF);
    proto_off = scmi_le32(b + H_PROTO_OFF);
    pool_off = scmi_le32(b + H_POOL_OFF);
    if ( !table_fits(total, *dom_off, n_dom, SCMI_POL_DOM_SIZE) ||
         !table_fits(total, proto_off, n_protos, SCMI_POL_PROTO_SIZE) ||
         !table_fits(total, pool_off, n_words, 4u) )
        return SCMI_POL_SECTION_BOUNDS;
    /* The three fit, so these sums stay below total (<= 1 MiB): no overflow. */
    end = pool_off + n_words * 4u;
    if ( *dom_off != hdr_size || proto_off != *dom_off + n_dom * SCMI_POL_DOM_SIZE ||
         pool_off != proto_off + n_protos * SCMI_POL_PROTO_SIZE ||
         (pol->ver_minor == 0 && end != total) )
        return SCMI_POL_SECTION_LAYOUT;
    if ( blob_crc(b, total) != scmi_le32(b + H_CRC32C) )
        return SCMI_POL_BAD_CRC;
    st->blob = b;
    st->total = total;
    st->proto_off = proto_off;
    st->pool_off = pool_off;
    st->n_words = n_words;
    st->next_word = 0;
    pol->n_protos = n_protos;
    pol->n_domains = n_dom;
    return SCMI_POL_OK;
}

enum scmi_pol_reason scmi_policy_load(struct scmi_policy *pol, const uint8_t *blob, size_t len)
{
    struct load_state st;
    enum scmi_pol_reason why;
    uint32_t i, dom_off = 0, next_proto = 0;

    /* Only what the counts reach is ever read: clear the counts, each record as it loads. */
    pol->n_domains = 0;
    pol->n_protos = 0;
    compile_unlisted(&pol->fast[0]);
    if ( blob == NULL )
        return SCMI_POL_TOO_SHORT;
    why = load_header(&st, pol, blob, len, &dom_off);
    for ( i = 0; why == SCMI_POL_OK && i < pol->n_domains; i++ )
        why = load_domain(&st, pol, i, dom_off, &next_proto);
    if ( why == SCMI_POL_OK && next_proto != pol->n_protos )
        why = SCMI_POL_DOM_PROTO_RANGE;
    if ( why == SCMI_POL_OK && st.next_word != st.n_words )
        why = SCMI_POL_NS_LAYOUT;
    if ( why != SCMI_POL_OK )
    {
        pol->n_domains = 0;     /* no domain, so no protocol is reachable either */
        pol->n_protos = 0;
        return why;
    }
    return SCMI_POL_OK;
}

const struct scmi_pol_domain *scmi_policy_domain_by_key(const struct scmi_policy *pol,
                                                        uint32_t key)
{
    uint32_t i;

    /* Bounded: n_domains <= SCMI_POL_MAX_DOMAINS. Called once per domain, not per message. */
    for ( i = 0; i < pol->n_domains && i < SCMI_POL_MAX_DOMAINS; i++ )
        if ( pol->domains[i].key == key )
            return &pol->domains[i];
    return NULL;
}
