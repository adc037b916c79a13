// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// What devassign knows about Xen on Arm itself, in one place: limits of a guest and, per release,
// what the hypervisor does (docs/xen-releases.md gives each fact with the Xen source it is read from).

#include <QtGlobal>

namespace devassign::xen {

// MAX_VIRT_CPUS on arm64: 128 (xen/arch/arm/include/asm/config.h); the vGICv3 redistributor
// region of a guest (GUEST_GICV3_GICR0_SIZE, 16 MiB of 128 KiB frames) holds as many.
constexpr int kMaxGuestVcpus = 128;
// A guest that is not direct-mapped gets its RAM in GUEST_RAM0 (3 GiB at 1 GiB) and GUEST_RAM1
// (1016 GiB at 8 GiB): xen/include/public/arch-arm.h.
constexpr quint64 kGuestRam0Bytes = 0xc0000000ULL;
constexpr quint64 kGuestRam1Bytes = 0xfe00000000ULL;
constexpr quint64 kMaxGuestRamKiB = (kGuestRam0Bytes + kGuestRam1Bytes) / 1024;

} // namespace devassign::xen
