// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsupport.h"

#include <QDir>
#include <QProcess>

extern "C" {
#include <libfdt.h>
}

namespace testsupport {

QByteArray fdtFrom(int capacity, const std::function<void(void *fdt)> &body)
{
    QByteArray buf(capacity, '\0');
    void *fdt = buf.data();
    if (fdt_create(fdt, capacity) != 0 || fdt_finish_reservemap(fdt) != 0 || fdt_begin_node(fdt, "") != 0)
        return {};
    body(fdt);
    if (fdt_end_node(fdt) != 0 || fdt_finish(fdt) != 0)
        return {};
    buf.truncate(int(fdt_totalsize(fdt)));
    return buf;
}

QString dataPath(const QString &name)
{
    return QDir(QStringLiteral(DEVASSIGN_TEST_DATA)).filePath(name);
}

devassign::HostModelPtr loadData(const QString &name)
{
    QString error;
    auto model = devassign::HostModel::load(dataPath(name), &error);
    if (!model)
        qFatal("cannot load test data %s: %s", qPrintable(name), qPrintable(error));
    return model;
}

devassign::HostModelPtr modelFromDts(const QString &dts, QString *error)
{
    QString localError;
    QString *err = error ? error : &localError;
    const QByteArray dtb = devassign::HostModel::compileDts(dts.toUtf8(), QStringLiteral("<test>"), err);
    if (dtb.isEmpty())
        return nullptr;
    return devassign::HostModel::fromBlob(dtb, QStringLiteral("<test>"), err);
}

devassign::HostModelPtr gicv3Model(const QString &body)
{
    QString error;
    devassign::HostModelPtr m = modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;
    };
%1
};
)").arg(body), &error);
    if (!m)
        qFatal("test DTS: %s", qPrintable(error));
    return m;
}

devassign::Project projectWith(const QList<QPair<QString, QStringList>> &domains, const QString &hostDtb)
{
    devassign::Project p;
    p.hostDtb = hostDtb;
    for (const auto &[name, devices] : domains) {
        devassign::DomainConfig d;
        d.name = name;
        if (!devassign::addDomain(p, d))
            qFatal("addDomain %s", qPrintable(name));
        for (const QString &path : devices)
            if (const devassign::Status s = devassign::assignDevice(p, name, path); !s)
                qFatal("assign %s: %s", qPrintable(path), qPrintable(s.error()));
    }
    return p;
}

QStringList xenPassthroughRuleProblems(const QByteArray &partialDtb)
{
    QStringList problems;
    const void *fdt = partialDtb.constData();
    char path[1024];
    for (int node = fdt_first_subnode(fdt, 0); node >= 0; node = fdt_next_node(fdt, node, nullptr)) {
        if (fdt_get_path(fdt, node, path, sizeof path) != 0)
            continue;
        int regLen = -1;
        const void *reg = fdt_getprop(fdt, node, "xen,reg", &regLen);
        const bool hasPath = fdt_getprop(fdt, node, "xen,path", nullptr) != nullptr;
        const bool force = fdt_getprop(fdt, node, "xen,force-assign-without-iommu", nullptr) != nullptr;
        const QString where = QString::fromUtf8(path);
        if (hasPath && !reg)
            problems << where + QStringLiteral(": xen,path without xen,reg");
        if (reg && !hasPath && !force)
            problems << where + QStringLiteral(": xen,reg without xen,path or xen,force-assign-without-iommu");
        if (!reg)
            continue;
        const int parent = fdt_parent_offset(fdt, node);
        const int ac = fdt_address_cells(fdt, parent);
        const int sc = fdt_size_cells(fdt, parent);
        const int entry = (2 * ac + sc) * 4;
        if (entry <= 0 || regLen % entry != 0) {
            problems << where + QStringLiteral(": xen,reg is %1 bytes, not a list of %2-byte triplets").arg(regLen).arg(entry);
            continue;
        }
        const auto *cells = static_cast<const fdt32_t *>(reg);
        auto value = [&](int index, int count) {
            quint64 v = 0;
            for (int i = 0; i < count; ++i)
                v = (v << 32) | fdt32_to_cpu(cells[index + i]);
            return v;
        };
        for (int e = 0; e < regLen / entry; ++e) {
            const int base = e * (2 * ac + sc);
            const quint64 host = value(base, ac), size = value(base + ac, sc), guest = value(base + ac + sc, ac);
            if ((host | size | guest) & 0xfff)
                problems << where + QStringLiteral(": xen,reg entry %1 is not page aligned").arg(e);
        }
    }
    return problems;
}

CliResult runCli(const QStringList &args, const QString &workDir)
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(DEVASSIGN_CLI), args);
    CliResult r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("could not start %1").arg(QStringLiteral(DEVASSIGN_CLI));
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace testsupport
