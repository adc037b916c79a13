// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Editing the loaded host DTB, shared by the dom0less host DTB (dom0less.cpp) and the xl host DTB
// (xlhost.cpp): the `xen,passthrough` marks, Xen's command line in /chosen, and the grow-and-retry
// loop around libfdt's in-place edits. Internal to the exporters.

#include "exporters.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace devassign::exportutil {

// One edit of the host DTB in a buffer opened with fdt_open_into(). Returns false on failure: with
// `error` set for a real error, with `error` empty when libfdt ran out of space (hostDtbFailure).
using HostDtbEdit = std::function<bool(void *fdt, QString *error)>;

// The host DTB copied into a buffer, edited by `edit` (retried with a bigger buffer when it runs
// out of space), packed and checked with fdt_check_full. `file` names the result in errors
// ("dom0less host DTB"). Empty on error.
QByteArray editedHostDtb(const ExportContext &ctx, const QString &file, const HostDtbEdit &edit, QString *error);

// Turns a libfdt error on `what` into the return value of a HostDtbEdit: false, with `error` set
// to "FILE: WHAT: libfdt message" unless err is -FDT_ERR_NOSPACE (then the edit is retried).
bool hostDtbFailure(const QString &file, const QString &what, int err, QString *error);

// An empty `xen,passthrough` on the host node of every device assigned to a domain `select`
// accepts: dom0 must leave such a node alone, or assigning it to the guest fails with -EBUSY
// (docs/misc/arm/device-tree/passthrough.txt). The SCMI shmem is not a device and gets no mark:
// Xen hides it from dom0 itself (xen/arch/arm/firmware/scmi-smc.c).
bool markPassthrough(void *fdt, const ExportContext &ctx, const std::function<bool(const DomainConfig &)> &select,
                     const QString &file, QString *error);

// The offset of /chosen, which is added when the host has none; < 0 on a libfdt error.
int chosenNode(void *fdt);

// /chosen's `xen,xen-bootargs`: the host's is kept as it is unless a domain gets SCMI; a missing
// one is set. The value is xenBootargs(ctx) (scmi-smc-passthrough added when needed).
bool setXenBootargs(void *fdt, int chosen, const ExportContext &ctx, const QString &file, QString *error);

// Xen gives dom0 every xen,passthrough node with status = "disabled" (write_properties in
// xen/arch/arm/domain_build.c); Linux then switches their unused clocks and power domains off
// (clk_disable_unused, genpd_power_off_unused) unless dom0 boots with these (rule dom0-gates-clocks).
constexpr char kKeepDom0Clocks[] = "clk_ignore_unused pd_ignore_unused";
// Adds kKeepDom0Clocks to dom0's command line when a domain `select` accepts has devices (the host
// DTB marks them xen,passthrough). Call after setXenBootargs(). Harmless on a boot without dom0.
bool keepDom0Clocks(void *fdt, int chosen, const ExportContext &ctx, const std::function<bool(const DomainConfig &)> &select,
                    const QString &file, QString *error);
// dom0's command line as the host DTB `fdt` gives it (chosen < 0: none), with kKeepDom0Clocks
// added once: what keepDom0Clocks() writes, and imagebuilder.cfg's DOM0_CMD. `xenArgsWritten`:
// read it as if /chosen had xen,xen-bootargs (ImageBuilder always writes XEN_CMD there).
QString dom0BootargsKeepingClocks(const void *fdt, int chosen, bool xenArgsWritten = false);
// The importers' inverse, for an exported host DTB that marks devices (keepDom0Clocks added the
// flags only then): `xen,dom0-bootargs` with kKeepDom0Clocks taken out (the next export adds them
// again). Keep when it holds neither flag; Remove when what is left is the command line dom0 gets
// without the property. Words are compared as Linux splits them, at any ASCII white space. Call
// while xen,xen-bootargs is still in `fdt`.
struct Dom0ArgsUndo {
    enum Action { Keep, Remove, Set } action = Keep;
    QByteArray value;              // Set: the new value, without its NUL
};
Dom0ArgsUndo dom0BootargsWithoutClocks(const void *fdt, int chosen);

} // namespace devassign::exportutil
