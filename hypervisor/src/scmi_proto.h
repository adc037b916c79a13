/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_proto.h - SCMI wire facts the mediator needs (Arm DEN0056), as summarised in
 * shared/reference/scmi.md §3. Nothing here is policy: only where the bits are.
 */
#ifndef SCMI_PROTO_H
#define SCMI_PROTO_H

#include "scmi_types.h"

/* Message header, 32 bits little-endian (scmi.md §3.1). */
#define SCMI_HDR_MSG_ID(h)      ((uint32_t)(h) & 0xFFu)           /* bits 7:0   */
#define SCMI_HDR_TYPE(h)        (((uint32_t)(h) >> 8) & 0x3u)     /* bits 9:8   */
#define SCMI_HDR_PROTO(h)       (((uint32_t)(h) >> 10) & 0xFFu)   /* bits 17:10 */
#define SCMI_HDR_TOKEN(h)       (((uint32_t)(h) >> 18) & 0x3FFu)  /* bits 27:18 */
#define SCMI_HDR_RESERVED(h)    ((uint32_t)(h) >> 28)             /* bits 31:28, must be 0 */
/* A command's header has type 0 and reserved bits 0: (h & this) == 0. */
#define SCMI_HDR_TYPE_RESERVED_MASK 0xF0000300u
#define SCMI_HDR_MAKE(proto, msg, token) \
    ((((uint32_t)(token) & 0x3FFu) << 18) | (((uint32_t)(proto) & 0xFFu) << 10) | \
     ((uint32_t)(msg) & 0xFFu))
#define SCMI_MSG_TYPE_COMMAND   0u

/* Shared-memory transport (SMT) layout, all fields u32 LE (scmi.md §3.2). */
#define SCMI_SMT_CHANNEL_STATUS 0x04u
#define SCMI_SMT_FLAGS          0x10u
#define SCMI_SMT_LENGTH         0x14u   /* 4 (header) + payload bytes */
#define SCMI_SMT_HEADER         0x18u
#define SCMI_SMT_PAYLOAD        0x1Cu
#define SCMI_SMT_STATUS_FREE    0x1u    /* channel_status bit 0 */
#define SCMI_SMT_STATUS_ERROR   0x2u    /* channel_status bit 1 */
#define SCMI_SMT_PAGE_SIZE      0x1000u /* the hypervisor maps one 4 KiB page per channel */

/* Status codes (scmi.md §3.1, SCP-firmware enum scmi_error). */
#define SCMI_SUCCESS            0
#define SCMI_NOT_SUPPORTED      (-1)
#define SCMI_INVALID_PARAMETERS (-2)
#define SCMI_DENIED             (-3)
#define SCMI_NOT_FOUND          (-4)
#define SCMI_OUT_OF_RANGE       (-5)
#define SCMI_BUSY               (-6)
#define SCMI_COMMS_ERROR        (-7)
#define SCMI_GENERIC_ERROR      (-8)
#define SCMI_PROTOCOL_ERROR     (-10)

/* Protocol ids (scmi.md §3.1). */
#define SCMI_PROTO_BASE         0x10u
#define SCMI_PROTO_POWER        0x11u
#define SCMI_PROTO_SYSTEM       0x12u
#define SCMI_PROTO_PERF         0x13u
#define SCMI_PROTO_CLOCK        0x14u
#define SCMI_PROTO_SENSOR       0x15u
#define SCMI_PROTO_RESET        0x16u
#define SCMI_PROTO_VOLTAGE      0x17u
#define SCMI_PROTO_POWERCAP     0x18u
#define SCMI_PROTO_PINCTRL      0x19u

/* Messages common to every protocol (scmi.md §3.1 and the note on 0x10 in §3.3). */
#define SCMI_MSG_PROTOCOL_VERSION            0x0u
#define SCMI_MSG_PROTOCOL_ATTRIBUTES         0x1u
#define SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES 0x2u
#define SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION  0x10u

/* Message ids used by name in the module and its tests (scmi.md §3.3). */
#define SCMI_BASE_DISCOVER_VENDOR            0x3u
#define SCMI_BASE_DISCOVER_SUB_VENDOR        0x4u
#define SCMI_BASE_DISCOVER_IMPL_VERSION      0x5u
#define SCMI_BASE_DISCOVER_LIST_PROTOCOLS    0x6u
#define SCMI_BASE_DISCOVER_AGENT             0x7u
#define SCMI_BASE_NOTIFY_ERRORS              0x8u
#define SCMI_BASE_SET_DEVICE_PERMISSIONS     0x9u
#define SCMI_BASE_SET_PROTOCOL_PERMISSIONS   0xAu
#define SCMI_BASE_RESET_AGENT_CONFIGURATION  0xBu
#define SCMI_POWER_DOMAIN_ATTRIBUTES         0x3u
#define SCMI_POWER_STATE_SET                 0x4u
#define SCMI_POWER_STATE_GET                 0x5u
#define SCMI_SYSTEM_POWER_STATE_SET          0x3u
#define SCMI_PERF_DESCRIBE_FASTCHANNEL       0xBu
#define SCMI_CLOCK_ATTRIBUTES                0x3u
#define SCMI_CLOCK_DESCRIBE_RATES            0x4u
#define SCMI_CLOCK_RATE_SET                  0x5u
#define SCMI_CLOCK_RATE_GET                  0x6u
#define SCMI_CLOCK_CONFIG_SET                0x7u
#define SCMI_CLOCK_PARENT_SET                0xDu
#define SCMI_RESET_DOMAIN_ATTRIBUTES         0x3u
#define SCMI_RESET_RESET                     0x4u
#define SCMI_POWERCAP_DESCRIBE_FASTCHANNEL   0xCu
#define SCMI_PINCTRL_SETTINGS_CONFIGURE      0x6u
#define SCMI_PINCTRL_SET_PERMISSIONS         0xAu

#endif /* SCMI_PROTO_H */
