// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Helpers shared by the Qt Test suites: test data paths, DTS snippets compiled with dtc,
// and running the real `devassign` CLI binary.

#include "hostmodel.h"
#include "project.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>

// The model keeps specifier cells inline (devassign::Cells); tests write the expected cells as a
// QVector. Equal when they hold the same cells in the same order.
inline bool operator==(const devassign::Cells &a, const QVector<quint32> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend());
}
namespace QTest {
inline char *toString(const devassign::Cells &cells)
{
    QByteArray out;
    for (quint32 c : cells)
        out += (out.isEmpty() ? "" : " ") + QByteArray::number(c, 16).prepend("0x");
    return qstrdup(("<" + out + ">").constData());
}
} // namespace QTest

namespace testsupport {

// Absolute path of a file under tests/data.
QString dataPath(const QString &name);
// Loads a board DTB from tests/data; fails the current test (QFAIL-style via qFatal) if it cannot.
devassign::HostModelPtr loadData(const QString &name);
// Compiles DTS text with dtc and builds the model. Returns nullptr and sets error on failure.
devassign::HostModelPtr modelFromDts(const QString &dts, QString *error = nullptr);
// A GICv3 board (2/2 root cells, interrupt-parent = the GIC at 0x8000000) with `body` under the
// root; a DTS that does not compile stops the test run (qFatal).
devassign::HostModelPtr gicv3Model(const QString &body);
// A project with the named domains (default settings) and their devices; any refusal is qFatal.
devassign::Project projectWith(const QList<QPair<QString, QStringList>> &domains, const QString &hostDtb = QString());

// Xen's rule for the nodes of a partial DTB, read from Xen 4.17's handle_prop_pfdt and
// handle_passthrough_prop (xen/arch/arm/domain_build.c): xen,path only together with xen,reg;
// xen,reg only with xen,path or xen,force-assign-without-iommu; xen,reg a list of page-aligned
// <host size guest> triplets in the parent's cells (2/2 under /passthrough). One line per violation.
QStringList xenPassthroughRuleProblems(const QByteArray &partialDtb);

// A DTB written with libfdt's sequential writer into `capacity` bytes: the header, an empty
// reserve map, the root node holding what `body` writes (fdt_begin_node/fdt_property... on the
// handle it is given), then fdt_finish. Empty when libfdt refuses to open, close or finish the
// tree (more than `capacity` bytes). libfdt's writer does not check that `body` closes every node
// it opens: `body` checks its own calls where it matters.
QByteArray fdtFrom(int capacity, const std::function<void(void *fdt)> &body);

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};
// Runs the devassign CLI with `args` (and optional stdin); waits at most 60 s.
CliResult runCli(const QStringList &args, const QString &workDir = QString());

} // namespace testsupport
