/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_layout.h - compiled-in facts about each (protocol, message): how long its request
 * payload is, where its resource id(s) and async flag sit, and its class. The policy blob
 * says *which* ids a domain may use; this table says *where* a message names them.
 * Source of every row: shared/reference/scmi.md §3.3 (DEN0056; Linux drivers/firmware/arm_scmi;
 * SCP-firmware payload_size_table[]).
 */
#ifndef SCMI_LAYOUT_H
#define SCMI_LAYOUT_H

#include "scmi_types.h"
#include "scmi_util.h"

enum scmi_msg_class {
    SCMI_CLASS_UNKNOWN = 0,   /* not in the table: denied */
    SCMI_CLASS_QUERY,         /* reads state; allowed on shared resources */
    SCMI_CLASS_CONTROL,       /* changes state; owned resources only */
    SCMI_CLASS_PRIV           /* platform administration: always denied for guests */
};

enum scmi_len_kind {
    SCMI_LEN_EXACT = 0,       /* payload is exactly .len bytes */
    SCMI_LEN_CLOCK_CONFIG,    /* CLOCK_CONFIG_SET: 8, or 12 with oem_config_val (SCMI v3) */
    SCMI_LEN_PINCTRL_CONFIG   /* PINCTRL_SETTINGS_CONFIGURE: 12 + 8 * attributes[9:2] */
};

enum scmi_id_kind {
    SCMI_ID_NONE = 0,
    SCMI_ID_RESOURCE,         /* namespace 0: owned, or shared for QUERY-class messages */
    SCMI_ID_PINCTRL,          /* pin/group/function, chosen by the selector word */
    SCMI_ID_PARENT,           /* CLOCK_PARENT_SET parent: owned or shared clock */
    SCMI_ID_PINCTRL_FUNCTION  /* SETTINGS_CONFIGURE function_id, if attributes bit 10 */
};

#define SCMI_NO_OFF 0xFFu

struct scmi_msg_layout {
    uint8_t cls;        /* enum scmi_msg_class */
    uint8_t len_kind;   /* enum scmi_len_kind */
    uint8_t len;        /* exact payload bytes (base length for the variable kinds) */
    uint8_t id_off;     /* byte offset of the first id in the payload, or SCMI_NO_OFF */
    uint8_t id_kind;    /* enum scmi_id_kind */
    uint8_t sel_off;    /* pinctrl: offset of the word holding the selector */
    uint8_t sel_shift;  /* pinctrl: selector = (word >> sel_shift) & 3 */
    uint8_t id2_off;    /* second id, or SCMI_NO_OFF */
    uint8_t id2_kind;   /* enum scmi_id_kind */
    uint8_t async_off;  /* word with the async flag, or SCMI_NO_OFF */
    uint8_t async_bit;  /* bit number of the async flag in that word */
};

#define SCMI_LAYOUT_SLOTS 11u   /* 0: any other protocol (common messages only), 1..10: 0x10..0x19 */
#define SCMI_LAYOUT_MSGS 17u    /* message ids 0x0..0x10 */

extern const struct scmi_msg_layout scmi_layout_table[SCMI_LAYOUT_SLOTS][SCMI_LAYOUT_MSGS];
extern const struct scmi_msg_layout scmi_layout_unknown;

/* The row for (protocol, message); a row with cls SCMI_CLASS_UNKNOWN when there is none.
 * Inline: it runs for every guest message. Both indices are clamped against speculation. */
static inline const struct scmi_msg_layout *scmi_layout_find(uint32_t protocol_id,
                                                             uint32_t message_id)
{
    uint32_t rel = protocol_id - 0x10u;                          /* wraps below 0x10 */
    uint32_t slot = (rel + 1u) & scmi_index_mask(rel, SCMI_LAYOUT_SLOTS - 1u);

    if ( message_id >= SCMI_LAYOUT_MSGS )
        return &scmi_layout_unknown;
    return &scmi_layout_table[slot][scmi_index_clamp(message_id, SCMI_LAYOUT_MSGS)];
}

/*
 * The payload lengths a row accepts when they do not depend on the payload: true, with *a
 * and *b the two accepted byte counts (equal for a single one), for SCMI_LEN_EXACT and
 * SCMI_LEN_CLOCK_CONFIG; false for SCMI_LEN_PINCTRL_CONFIG, whose length is in its payload.
 * The checker and the policy's precomputed rules (scmi_policy.c) both take lengths from here.
 */
static inline bool scmi_layout_fixed_lengths(const struct scmi_msg_layout *lay, uint32_t *a,
                                             uint32_t *b)
{
    switch ( lay->len_kind )
    {
    case SCMI_LEN_EXACT:
        *a = *b = lay->len;
        return true;
    case SCMI_LEN_CLOCK_CONFIG:     /* 8, or 12 with oem_config_val (SCMI v3) */
        *a = 8u;
        *b = 12u;
        return true;
    default:
        return false;
    }
}

#endif /* SCMI_LAYOUT_H */
