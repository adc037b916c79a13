/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scmi_types.h - the only place the module gets its basic types from.
 *
 * Inside Xen (__XEN__) the hypervisor's own headers provide them; everywhere else the
 * freestanding C11 headers do (<stdint.h>, <stddef.h>, <stdbool.h> exist without a libc).
 */
#ifndef SCMI_TYPES_H
#define SCMI_TYPES_H

#ifdef __XEN__
#include <xen/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#endif /* SCMI_TYPES_H */
