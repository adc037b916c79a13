// SPDX-License-Identifier: GPL-2.0-or-later
// The guest tree size that guest-dt-too-big checks (core/guestdt.h) is counted, not written:
// every count must equal the size of the same tree written with libfdt's sequential-write calls
// (guestDtSizeByLibfdt, what Xen's prepare_dtb_domU does). The oracle is libfdt itself, on the
// partial DTBs devassign makes for real boards under many domain settings, and on crafted
// partial DTBs whose property names are tails of one another (libfdt shares such strings).

#include "analysis.h"
#include "exporters.h"
#include "guestdt.h"
#include "project.h"
#include "testsupport.h"

#include <QtTest>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;
using namespace testsupport;

namespace {

// The settings of Xen's own nodes that change the tree: vCPUs (cpu@ nodes), RAM above 3 GiB (a
// second bank), static memory banks, bootargs, the vPL011 node, the hypervisor node.
QVector<DomainConfig> settings()
{
    QVector<DomainConfig> out;
    for (int i = 0; i < 6; ++i) {
        DomainConfig d;
        d.vcpus = 1 + 3 * i;
        d.memoryKiB = i % 2 ? 4ULL * 1024 * 1024 : 256 * 1024;
        d.vpl011 = i % 3 != 0;
        d.bootargs = i % 2 ? QStringLiteral("console=ttyAMA0 earlycon root=/dev/vda rw") : QString();
        d.enhanced = QStringList{QString(), QStringLiteral("enabled"), QStringLiteral("no-xenstore"),
                                 QStringLiteral("legacy"), QStringLiteral("disabled"), QStringLiteral("enabled")}[i];
        if (i == 4)
            d.staticMemory = {{0x50000000, 0x10000000}, {0x70000000, 0x8000000}};
        out << d;
    }
    return out;
}

QByteArray craftedPartial(const QList<QByteArray> &propertyNames)
{
    return testsupport::fdtFrom(8192, [&](void *fdt) {
        fdt_begin_node(fdt, "passthrough");
        fdt_begin_node(fdt, "dev@9000000");
        for (const QByteArray &name : propertyNames)
            fdt_property_u32(fdt, name.constData(), 1);
        fdt_property_string(fdt, "xen,path", "/dev@9000000"); // not copied into the guest tree
        fdt_end_node(fdt);
        fdt_end_node(fdt);
        fdt_begin_node(fdt, "aliases");
        fdt_property_string(fdt, "serial0", "/passthrough/dev@9000000");
        fdt_end_node(fdt);
    });
}

} // namespace

class TestGuestDt : public QObject {
    Q_OBJECT

private slots:
    void countedEqualsWrittenOnBoards_data()
    {
        QTest::addColumn<QString>("dtb");
        for (const char *b : {"virt-gicv3.dtb", "juno-r2-scmi.dtb", "imx8mm-evk.dtb", "rk3568-rock-3a.dtb",
                              "sc7280-herobrine-crd.dtb", "k3-j721e-common-proc-board.dtb", "zynqmp-zcu102-rev1.0.dtb",
                              "tegra210-p3450-0000.dtb", "r8a774a1-hihope-rzg2m.dtb", "bcm2711-rpi-4-b.dtb"})
            QTest::newRow(b) << QString::fromLatin1(b);
    }

    void countedEqualsWrittenOnBoards()
    {
        QFETCH(QString, dtb);
        const HostModelPtr model = loadData(dtb);
        QVERIFY(model);
        QStringList devices;
        for (const Node *n : model->devices())
            if (n->enabled && !n->compatible.isEmpty() && n->hasReg)
                devices << n->path;
        QVERIFY(devices.size() >= 8);
        int compared = 0;
        for (const DomainConfig &setting : settings()) {
            for (int chunk = 0; chunk < 4; ++chunk) {
                Project p;
                DomainConfig d = setting;
                d.name = QStringLiteral("guest");
                QVERIFY(addDomain(p, d));
                // A different handful of devices each time, spread over the tree.
                for (int i = chunk; i < devices.size(); i += 4 + chunk * 3)
                    (void)assignDevice(p, d.name, devices[i]);
                const Analysis a = analyze(*model, p);
                for (const DomainPlan &dp : a.domains) {
                    ExportContext ctx(model.get(), &p, &a);
                    QString error;
                    const QByteArray partial = partialDtbUnchecked(ctx, dp, &error);
                    const GuestDtSize counted = guestDtSize(*model, dp.config, partial, p.platform.xen);
                    const GuestDtSize written = guestDtSizeByLibfdt(*model, dp.config, partial, p.platform.xen);
                    QVERIFY(written.needed > 0);
                    QCOMPARE(counted.needed, written.needed);
                    QCOMPARE(counted.buffer, written.buffer);
                    ++compared;
                }
            }
        }
        QVERIFY(compared >= 24);
    }

    // Names that are tails of earlier ones ("phandle" after "linux,phandle") cost no strings;
    // a name before the longer one that ends with it costs both. And an empty or corrupt module
    // adds no nodes (scan_pfdt_node only reads a valid one).
    void countedEqualsWrittenOnCraftedModules()
    {
        const HostModelPtr model = loadData(QStringLiteral("virt-gicv3.dtb"));
        QVERIFY(model);
        DomainConfig d;
        d.name = QStringLiteral("guest");
        const QList<QList<QByteArray>> names = {
            {"acme,reg", "reg", "g", "eg"},            // tails of an earlier name
            {"eg", "reg", "acme,reg"},                 // each a head of the next: all three stored
            {"interrupts", "interrupt", "rupts", "s"}, // "interrupt" is no tail, "rupts" and "s" are
            {"a", "aa", "aaa", "aaaa", "aaa", "a"},    // repeats and growing runs
            {"clock-frequency", "frequency", "current-speed", "speed", "compatible"}, // tails of Xen's own names
        };
        for (const QList<QByteArray> &list : names) {
            const QByteArray partial = craftedPartial(list);
            const GuestDtSize counted = guestDtSize(*model, d, partial, xen::kDefaultRelease);
            const GuestDtSize written = guestDtSizeByLibfdt(*model, d, partial, xen::kDefaultRelease);
            QVERIFY(written.needed > 0);
            QCOMPARE(counted.needed, written.needed);
        }
        for (const QByteArray &module : {QByteArray(), QByteArray("\xd0\x0d\xfe\xed garbage", 12)}) {
            const GuestDtSize counted = guestDtSize(*model, d, module, xen::kDefaultRelease);
            const GuestDtSize written = guestDtSizeByLibfdt(*model, d, module, xen::kDefaultRelease);
            QCOMPARE(counted.needed, written.needed);
        }
    }

    // A module past what libfdt's writer gets (2 MiB) is counted, and so reported as too big
    // for Xen's buffer (which is at most 2 MiB, xen::guestDtBufferBytes).
    void treeLargerThanTwoMebibytesDoesNotFit()
    {
        const HostModelPtr model = loadData(QStringLiteral("virt-gicv3.dtb"));
        QVERIFY(model);
        const QByteArray blob(2200 * 1024, 'x');
        const QByteArray buf = testsupport::fdtFrom(3 * 1024 * 1024, [&](void *fdt) {
            fdt_begin_node(fdt, "passthrough");
            fdt_property(fdt, "acme,firmware", blob.constData(), int(blob.size()));
            fdt_end_node(fdt);
        });
        QVERIFY(!buf.isEmpty());
        DomainConfig d;
        d.name = QStringLiteral("guest");
        const GuestDtSize size = guestDtSize(*model, d, buf, xen::kDefaultRelease);
        QVERIFY(size.needed > 2200 * 1024);
        QVERIFY(!size.fits());
    }
};

QTEST_GUILESS_MAIN(TestGuestDt)
#include "tst_guestdt.moc"
