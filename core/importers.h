// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Importers: what an integrator already has, turned back into a project. The inverse of the
// exporters (core/exporters.h) for the files Xen reads: an xl domain config (dom.cfg, with the
// partial DTB its `device_tree` names) and a dom0less host DTB (the /chosen domain nodes and the
// `xen,passthrough` marks). Formats and mapping rules: docs/import.md.
//
// Hard errors (the input is unreadable, not what it claims to be, or corrupt) are one line naming
// the file (core/result.h). What can be read but not mapped to the host (an iomem page no device
// owns, an IRQ no node has, a device path the host lacks) is one line in `report` and is left out;
// the rest is imported.

#include "hostmodel.h"
#include "project.h"
#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

namespace devassign {

// A dom0less boot module found under a /chosen domain node (docs/misc/arm/device-tree/booting.txt):
// the DTB gives where it was loaded and how big it is, never the file it came from.
struct ImportedModule {
    QString domain;
    QString kind; // "kernel", "ramdisk", "device-tree"
    quint64 address = 0;
    quint64 size = 0;
};

struct ImportResult {
    Project project; // host.dtb / sha256 are set by the caller (it knows the file)
    QStringList report; // one line per thing that was read but not mapped
    QVector<ImportedModule> modules; // dom0less only
    QByteArray hostDtb; // dom0less only: the host DTB without the domain nodes and marks
    QStringList filesRead; // xl only: the partial DTB device_tree named, when read (no output may replace it)
};

// One xl domain config (`cfg` is the file's bytes, `cfgFile` its path: messages and the partial
// DTB's location) against the host model it was written for. The domain gets the xl target only.
// Keys read (docs/man/xl.cfg.5.pod.in): name, uuid, memory, vcpus, kernel, ramdisk, extra/cmdline,
// device_tree, dtdev, iomem, irqs, vuart, gic_version.
Result<ImportResult> importXl(const QByteArray &cfg, const QString &cfgFile, const HostModel &host);

// A dom0less host DTB (as `devassign export` writes dom0less/host.dtb, or as ImageBuilder does).
// Each /chosen node with compatible "xen,domain" becomes a domain with the dom0less target.
// Which marked device belongs to which domain is read from each domain's partial DTB: the file
// `partialDtbFor(domainName)` names (return "" when unknown) when it exists and has the size of
// the domain's multiboot,device-tree module. A mark no partial DTB claims goes to the only domain
// with a device-tree module, or is reported.
using PartialDtbLocator = std::function<QString(const QString &domain)>;
Result<ImportResult> importDom0less(
    const QByteArray &dtb, const QString &dtbFile, const PartialDtbLocator &partialDtbFor = {});

// Adds imported domains to `into` through the edit functions (core/project.h): a domain name the
// project already has refuses the whole import; a device another domain already owns is left out
// with one line in `report`.
Status addImportedDomains(Project &into, const QVector<DomainConfig> &domains, QStringList &report);

// The exporters' layout: DIR/dom0less/host.dtb beside DIR/<domain>/passthrough.dtb.
QString exportLayoutPartialDtb(const QString &hostDtbFile, const QString &domain);

} // namespace devassign
