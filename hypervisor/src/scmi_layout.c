/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_layout.c - the per-(protocol, message) table of scmi_layout.h.
 *
 * Rows cite shared/reference/scmi.md §3.3 (A2P payload, resource-id byte) and §3.1 (common
 * messages). Lengths are request payload bytes (SMT length - 4), exact as SCP-firmware checks
 * them (scmi.md §4.1). A message not listed here is unknown and denied.
 */
#include "scmi_layout.h"
#include "scmi_proto.h"
#include "scmi_util.h"

#define N_SLOTS SCMI_LAYOUT_SLOTS
#define N_MSGS SCMI_LAYOUT_MSGS

#define NO SCMI_NO_OFF
#define Q SCMI_CLASS_QUERY
#define C SCMI_CLASS_CONTROL
#define P SCMI_CLASS_PRIV

/* Fixed-length message with no id, or with a namespace-0 id at byte `off`. */
#define NOID(cls, len)     { cls, SCMI_LEN_EXACT, len, NO, SCMI_ID_NONE, NO, 0, NO, 0, NO, 0 }
#define RES(cls, len, off) { cls, SCMI_LEN_EXACT, len, off, SCMI_ID_RESOURCE, NO, 0, NO, 0, NO, 0 }
/* ... with an async flag: bit `bit` of the word at byte `aoff`. */
#define RES_ASYNC(cls, len, off, aoff, bit) \
    { cls, SCMI_LEN_EXACT, len, off, SCMI_ID_RESOURCE, NO, 0, NO, 0, aoff, bit }
/* Pin control: id at 0, selector in the word at `soff`, bits shift+1:shift. */
#define PIN(cls, len, soff, shift) \
    { cls, SCMI_LEN_EXACT, len, 0, SCMI_ID_PINCTRL, soff, shift, NO, 0, NO, 0 }

/* Common to every protocol (scmi.md §3.1; 0x10 NEGOTIATE_PROTOCOL_VERSION: §3.3 notes). */
#define COMMON \
    [SCMI_MSG_PROTOCOL_VERSION] = NOID(Q, 0), \
    [SCMI_MSG_PROTOCOL_ATTRIBUTES] = NOID(Q, 0), \
    [SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES] = NOID(Q, 4), \
    [SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION] = NOID(C, 4)

const struct scmi_msg_layout scmi_layout_table[N_SLOTS][N_MSGS] = {
    /* Any other listed protocol, vendor ones (0x80-0xFF) included: common messages only. */
    [0] = { COMMON },
    /* 0x10 BASE (scmi.md §3.3 rows 0x3-0xB). */
    [1] = { COMMON,
            [0x3] = NOID(Q, 0),     /* DISCOVER_VENDOR */
            [0x4] = NOID(Q, 0),     /* DISCOVER_SUB_VENDOR */
            [0x5] = NOID(Q, 0),     /* DISCOVER_IMPLEMENTATION_VERSION */
            [0x6] = NOID(Q, 4),     /* DISCOVER_LIST_PROTOCOLS: skip */
            [0x7] = RES(Q, 4, 0),   /* DISCOVER_AGENT: agent_id */
            [0x8] = NOID(C, 4),     /* NOTIFY_ERRORS: notify_enable */
            [0x9] = NOID(P, 12),    /* SET_DEVICE_PERMISSIONS */
            [0xA] = NOID(P, 16),    /* SET_PROTOCOL_PERMISSIONS */
            [0xB] = NOID(P, 8) },   /* RESET_AGENT_CONFIGURATION */
    /* 0x11 POWER DOMAIN. */
    [2] = { COMMON,
            [0x3] = RES(Q, 4, 0),                /* POWER_DOMAIN_ATTRIBUTES: domain_id */
            [0x4] = RES_ASYNC(C, 12, 4, 0, 0),   /* POWER_STATE_SET: flags(b0 async), domain_id, state */
            [0x5] = RES(Q, 4, 0),                /* POWER_STATE_GET */
            [0x6] = RES(C, 8, 0),                /* POWER_STATE_NOTIFY */
            [0x7] = RES(C, 8, 0),                /* POWER_STATE_CHANGE_REQUESTED_NOTIFY */
            [0x8] = RES(Q, 4, 0) },              /* POWER_DOMAIN_NAME_GET */
    /* 0x12 SYSTEM POWER. */
    [3] = { COMMON,
            [0x3] = NOID(P, 8),     /* SYSTEM_POWER_STATE_SET: flags, state - never for guests */
            [0x4] = NOID(Q, 0),     /* SYSTEM_POWER_STATE_GET */
            [0x5] = NOID(C, 4) },   /* SYSTEM_POWER_STATE_NOTIFY */
    /* 0x13 PERFORMANCE. */
    [4] = { COMMON,
            [0x3] = RES(Q, 4, 0),   /* PERF_DOMAIN_ATTRIBUTES */
            [0x4] = RES(Q, 8, 0),   /* PERF_DESCRIBE_LEVELS: domain_id, level_index */
            [0x5] = RES(C, 12, 0),  /* PERF_LIMITS_SET: domain_id, max, min */
            [0x6] = RES(Q, 4, 0),   /* PERF_LIMITS_GET */
            [0x7] = RES(C, 8, 0),   /* PERF_LEVEL_SET: domain_id, level */
            [0x8] = RES(Q, 4, 0),   /* PERF_LEVEL_GET */
            [0x9] = RES(C, 8, 0),   /* PERF_NOTIFY_LIMITS */
            [0xA] = RES(C, 8, 0),   /* PERF_NOTIFY_LEVEL */
            [0xB] = NOID(P, 8),     /* PERF_DESCRIBE_FASTCHANNEL: fastchannels bypass the SMT */
            [0xC] = RES(Q, 4, 0) }, /* PERF_DOMAIN_NAME_GET */
    /* 0x14 CLOCK. */
    [5] = { COMMON,
            [0x3] = RES(Q, 4, 0),                /* CLOCK_ATTRIBUTES */
            [0x4] = RES(Q, 8, 0),                /* CLOCK_DESCRIBE_RATES: clock_id, rate_index */
            [0x5] = RES_ASYNC(C, 16, 4, 0, 0),   /* CLOCK_RATE_SET: flags(b0 async), clock_id, rate */
            [0x6] = RES(Q, 4, 0),                /* CLOCK_RATE_GET */
            [0x7] = { C, SCMI_LEN_CLOCK_CONFIG, 8, 0, SCMI_ID_RESOURCE, NO, 0, NO, 0, NO, 0 },
                                                 /* CLOCK_CONFIG_SET: id, attributes[, oem] */
            [0x8] = RES(Q, 4, 0),                /* CLOCK_NAME_GET */
            [0x9] = RES(C, 8, 0),                /* CLOCK_RATE_NOTIFY */
            [0xA] = RES(C, 8, 0),                /* CLOCK_RATE_CHANGE_REQUESTED_NOTIFY */
            [0xB] = RES(Q, 8, 0),                /* CLOCK_CONFIG_GET: clock_id, flags */
            [0xC] = RES(Q, 8, 0),                /* CLOCK_POSSIBLE_PARENTS_GET: id, skip */
            [0xD] = { C, SCMI_LEN_EXACT, 8, 0, SCMI_ID_RESOURCE, NO, 0, 4, SCMI_ID_PARENT, NO, 0 },
                                                 /* CLOCK_PARENT_SET: clock_id, parent_id */
            [0xE] = RES(Q, 4, 0),                /* CLOCK_PARENT_GET */
            [0xF] = RES(Q, 4, 0) },              /* CLOCK_GET_PERMISSIONS */
    /* 0x15 SENSOR. */
    [6] = { COMMON,
            [0x3] = NOID(Q, 4),                  /* SENSOR_DESCRIPTION_GET: desc_index, not an id */
            [0x4] = RES(C, 8, 0),                /* SENSOR_TRIP_POINT_NOTIFY */
            [0x5] = RES(C, 16, 0),               /* SENSOR_TRIP_POINT_CONFIG */
            [0x6] = RES_ASYNC(Q, 8, 0, 4, 0),    /* SENSOR_READING_GET: sensor_id, flags(b0 async) */
            [0x7] = RES(Q, 8, 0),                /* SENSOR_AXIS_DESCRIPTION_GET */
            [0x8] = RES(Q, 8, 0),                /* SENSOR_LIST_UPDATE_INTERVALS */
            [0x9] = RES(Q, 4, 0),                /* SENSOR_CONFIG_GET */
            [0xA] = RES(C, 8, 0),                /* SENSOR_CONFIG_SET */
            [0xB] = RES(C, 8, 0) },              /* SENSOR_CONTINUOUS_UPDATE_NOTIFY */
    /* 0x16 RESET DOMAIN. */
    [7] = { COMMON,
            [0x3] = RES(Q, 4, 0),                /* RESET_DOMAIN_ATTRIBUTES */
            [0x4] = RES_ASYNC(C, 12, 0, 4, 2),   /* RESET: domain_id, flags(b2 async), state */
            [0x5] = RES(C, 8, 0),                /* RESET_NOTIFY */
            [0x6] = RES(Q, 4, 0) },              /* RESET_DOMAIN_NAME_GET */
    /* 0x17 VOLTAGE DOMAIN. */
    [8] = { COMMON,
            [0x3] = RES(Q, 4, 0),                /* VOLTAGE_DOMAIN_ATTRIBUTES */
            [0x4] = RES(Q, 8, 0),                /* VOLTAGE_DESCRIBE_LEVELS */
            [0x5] = RES(C, 8, 0),                /* VOLTAGE_CONFIG_SET */
            [0x6] = RES(Q, 4, 0),                /* VOLTAGE_CONFIG_GET */
            [0x7] = RES_ASYNC(C, 12, 0, 4, 0),   /* VOLTAGE_LEVEL_SET: domain_id, flags(b0 async), level */
            [0x8] = RES(Q, 4, 0),                /* VOLTAGE_LEVEL_GET */
            [0x9] = RES(Q, 4, 0) },              /* VOLTAGE_DOMAIN_NAME_GET */
    /* 0x18 POWERCAP (domain_id first, scmi.md §3.3; order beyond it per Linux powercap.c). */
    [9] = { COMMON,
            [0x3] = RES(Q, 4, 0),                /* POWERCAP_DOMAIN_ATTRIBUTES */
            [0x4] = RES(Q, 4, 0),                /* POWERCAP_CAP_GET */
            [0x5] = RES_ASYNC(C, 12, 0, 4, 0),   /* POWERCAP_CAP_SET: domain, flags(b0 async), cap */
            [0x6] = RES(Q, 4, 0),                /* POWERCAP_PAI_GET */
            [0x7] = RES_ASYNC(C, 12, 0, 4, 0),   /* POWERCAP_PAI_SET: domain, flags, pai */
            [0x8] = RES(Q, 4, 0),                /* POWERCAP_DOMAIN_NAME_GET */
            [0x9] = RES(Q, 4, 0),                /* POWERCAP_MEASUREMENTS_GET */
            [0xA] = RES(C, 8, 0),                /* POWERCAP_CAP_NOTIFY */
            [0xB] = RES(C, 16, 0),               /* POWERCAP_MEASUREMENTS_NOTIFY */
            [0xC] = NOID(P, 8) },                /* POWERCAP_DESCRIBE_FASTCHANNEL */
    /* 0x19 PIN CONTROL (selector bits: scmi.md §3.3 notes). */
    [10] = { COMMON,
             [0x3] = PIN(Q, 8, 4, 0),            /* PINCTRL_ATTRIBUTES: id, flags[1:0] */
             [0x4] = PIN(Q, 12, 4, 0),           /* PINCTRL_LIST_ASSOCIATIONS: id, flags, index */
             [0x5] = PIN(Q, 8, 4, 16),           /* PINCTRL_SETTINGS_GET: id, attributes[17:16] */
             [0x6] = { C, SCMI_LEN_PINCTRL_CONFIG, 12, 0, SCMI_ID_PINCTRL, 8, 0, 4,
                       SCMI_ID_PINCTRL_FUNCTION, NO, 0 },
                                                 /* PINCTRL_SETTINGS_CONFIGURE: id, function, attributes, configs */
             [0x7] = PIN(C, 8, 4, 0),            /* PINCTRL_REQUEST */
             [0x8] = PIN(C, 8, 4, 0),            /* PINCTRL_RELEASE */
             [0x9] = PIN(Q, 8, 4, 0),            /* PINCTRL_NAME_GET */
             [0xA] = NOID(P, 12) },              /* PINCTRL_SET_PERMISSIONS */
};

const struct scmi_msg_layout scmi_layout_unknown = { SCMI_CLASS_UNKNOWN, 0, 0, NO, 0, NO, 0, NO, 0, NO, 0 };
