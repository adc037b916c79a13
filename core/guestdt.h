// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The device tree Xen builds for a dom0less domU, rebuilt node for node the way Xen 4.17's
// prepare_dtb_domU (xen/arch/arm/domain_build.c) builds it with libfdt's sequential-write calls,
// to learn whether it fits the buffer Xen gives it (xen::guestDtBufferBytes). Xen fails the domain
// with "Device tree generation failed (-3)" and panics when it does not.

#include "analysis.h"
#include "hostmodel.h"
#include "xenrelease.h"

#include <QByteArray>

namespace devassign {

struct GuestDtSize {
    qsizetype needed = 0; // bytes of the finished tree: header, reserve map, structure, strings
    qsizetype buffer = 0; // what Xen allocates for it
    bool fits() const { return needed <= buffer; }
};

// `partialDtb` is the exported partial DTB module (its /passthrough and /aliases are copied in,
// as domain_handle_dtb_bootmodule does); empty when the domain has none.
// The size is counted, not written (what libfdt's sequential writer would produce).
GuestDtSize guestDtSize(const HostModel &model, const DomainConfig &domain, const QByteArray &partialDtb,
                        xen::Release release);
// The same tree written with libfdt's sequential-write calls: the reference guestDtSize is tested
// against (tst_guestdt). Analysis never calls it; it lives here because both run one walk of the
// guest tree (a template over the writer), so the oracle cannot drift from what is counted.
GuestDtSize guestDtSizeByLibfdt(const HostModel &model, const DomainConfig &domain, const QByteArray &partialDtb,
                                xen::Release release);

} // namespace devassign
