// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Helpers shared by the importers (core/import/*.cpp): host nodes by address, the partial DTB's
// xen,path / xen,reg read back. Internal to the importers; the public contract is core/importers.h.

#include "hostmodel.h"
#include "project.h"
#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign::importutil {

// An arm,scmi-shmem channel: mapped for a domain with SCMI, never assigned as a device.
bool isScmiShmem(const Node &n);

// What a partial DTB says about the host (docs/misc/arm/passthrough.txt, handle_passthrough_prop
// in xen/arch/arm/domain_build.c): the host node of every /passthrough node with xen,path, in
// tree order, and the host windows of xen,reg entries on nodes without xen,path (force-mapped
// memory such as an SCMI shmem page).
struct PartialDtbHost {
    bool hasPassthrough = false; // a /passthrough node (libxl's copy_partial_fdt refuses a DTB without one)
    QStringList paths;
    QVector<MemoryRange> windowsWithoutPath;
};
// `dtb` is checked with fdt_check_full first; errors name `file`.
Result<PartialDtbHost> readPartialDtb(const QByteArray &dtb, const QString &file);

// The dependency decisions a partial DTB devassign wrote shows for `domain` (its devices already
// imported): for every provider the planner gives those devices, what the consumer's property
// points at in the partial DTB: the provider copied (a node of its name), a stub ("NAME-stub",
// core/export/partialdtb.cpp stubFor), the provider assigned to the domain (a node whose xen,path
// is the provider), or nothing (dropped). Only decisions that differ from devassign's default for
// that provider are returned: the project keeps defaults implicit. A partial DTB written by hand
// that fits none of these leaves the default.
// A partial DTB that cannot be read gives no decisions and its reason in `*problem`.
QMap<QString, DependencyAction> decisionsFromPartialDtb(const HostModel &host, const DomainConfig &domain,
                                                        const QByteArray &partialDtb, QString *problem);

// The host devices that `windows` (host physical ranges) map: every node whose CPU-addressable
// regions all lie inside the windows, outermost only (a child inside an assigned ancestor's window
// goes with it), in host address order. SCMI shmem channels are left out. `partial` gets the nodes
// only some of whose registers the windows cover.
QVector<const Node *> devicesInside(
    const HostModel &host, const QVector<MemoryRange> &windows, QVector<const Node *> *partial = nullptr);

// Whether `page` (a 4 KiB frame number) holds a register of `n` or of one of its descendants.
bool nodeTouchesPage(const HostModel &host, const Node &n, quint64 page);
// The first device node (not an interrupt controller) with GIC interrupt id `irq`, or nullptr.
const Node *nodeWithIrq(const HostModel &host, quint32 irq);
bool hasIrq(const Node &n, quint32 irq);

// Whether a CPU-addressable region of `n` overlaps `window`.
bool regionsOverlap(const Node &n, const MemoryRange &window);
// The runs [first, last] of frames in [firstFrame, firstFrame + frames) that hold no register of
// any of `owners` (nor of their descendants).
QVector<QPair<quint64, quint64>> unownedFrames(
    const HostModel &host, const QVector<const Node *> &owners, quint64 firstFrame, quint64 frames);

bool isAncestor(const HostModel &host, const Node &maybeAncestor, const Node &n);

// "0x9010-0x9011" for frames [first, last].
QString frameSpan(quint64 first, quint64 last);

} // namespace devassign::importutil
