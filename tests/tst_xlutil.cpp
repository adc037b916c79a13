// SPDX-License-Identifier: GPL-2.0-or-later
// Xen's own parser is the judge of dom.cfg: every dom.cfg the golden projects export is parsed
// with libxlutil (the library xl uses) and every key read back is compared to the plan.

#include "exporters.h"
#include "goldenprojects.h"

#include <QtTest>

#include <cstdio>

extern "C" {
#include <libxlutil.h>
}

using namespace devassign;

namespace {

struct XlConfig {
    XLU_Config *cfg = nullptr;
    ~XlConfig() { if (cfg) xlu_cfg_destroy(cfg); }

    QString string(const char *key) const
    {
        const char *v = nullptr;
        return xlu_cfg_get_string(cfg, key, &v, 1) == 0 ? QString::fromUtf8(v) : QStringLiteral("<missing>");
    }
    long number(const char *key) const
    {
        long v = -1;
        return xlu_cfg_get_long(cfg, key, &v, 1) == 0 ? v : -1;
    }
    // std::nullopt-like: an absent list reads as {"<missing>"}
    QStringList list(const char *key) const
    {
        XLU_ConfigList *l = nullptr;
        int n = 0;
        if (xlu_cfg_get_list(cfg, key, &l, &n, 1) != 0)
            return {QStringLiteral("<missing>")};
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << QString::fromUtf8(xlu_cfg_get_listitem(l, i));
        return out;
    }
};

} // namespace

class TestXlUtil : public QObject {
    Q_OBJECT

private slots:
    void goldenDomCfgs_data();
    void goldenDomCfgs();
    void escapedStrings();
};

void TestXlUtil::goldenDomCfgs_data()
{
    golden::addCaseRows();
}

void TestXlUtil::goldenDomCfgs()
{
    QFETCH(int, index);
    golden::Built b;
    golden::build(golden::cases()[index], b);
    QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
    QString error;
    const QVector<ExportFile> files = exportProject(b.ctx, &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));
    int parsed = 0;
    for (const DomainPlan &plan : b.analysis.domains) {
        const QString path = plan.config.name + QStringLiteral("/dom.cfg");
        const ExportFile *file = nullptr;
        for (const ExportFile &f : files)
            if (f.path == path)
                file = &f;
        QCOMPARE(file != nullptr, plan.config.xl);
        if (!file)
            continue;
        XlConfig x;
        x.cfg = xlu_cfg_init(stderr, qPrintable(path));
        QVERIFY(x.cfg);
        QCOMPARE(xlu_cfg_readdata(x.cfg, file->bytes.constData(), file->bytes.size()), 0);
        ++parsed;

        const DomainConfig &d = plan.config;
        QCOMPARE(x.string("name"), d.name);
        QCOMPARE(x.string("type"), QStringLiteral("pvh"));
        QVERIFY(!QUuid(x.string("uuid")).isNull());
        QCOMPARE(x.number("memory"), long((d.memoryKiB + 1023) / 1024));
        QCOMPARE(x.number("vcpus"), long(d.vcpus));
        QCOMPARE(x.string("kernel"), d.effectiveXlDir() + QStringLiteral("/Image"));
        QCOMPARE(x.string("ramdisk"), d.effectiveXlDir() + QStringLiteral("/initrd-%1.cpio").arg(d.name));
        QCOMPARE(x.string("extra"), d.bootargs);
        QCOMPARE(x.string("device_tree"), d.effectiveXlDir() + QStringLiteral("/passthrough.dtb"));

        // iomem: parsed the way xl_parse.c does ("%x,%x@%x", hex page numbers), compared to the plan.
        QStringList expectedIomem;
        QStringList expectedDtdev;
        // Devices first, then the SCMI shmem page(s): mapped with iomem, never in dtdev.
        for (const DevicePlan &dev : plan.devices + plan.scmiShmem) {
            if (dev.iommuProtected)
                expectedDtdev << dev.hostPath;
            for (const MmioMapping &m : dev.mmio)
                expectedIomem << QStringLiteral("%1 %2 %3").arg(m.hostAddress >> 12).arg(m.size >> 12).arg(m.guestAddress >> 12);
        }
        QCOMPARE(plan.scmiShmem.isEmpty(), golden::cases()[index].name != QLatin1String("scmi-smc"));
        QStringList iomem;
        for (const QString &item : x.list("iomem")) {
            bool ok1 = false, ok2 = false, ok3 = false;
            const quint64 mfn = item.section(QLatin1Char(','), 0, 0).toULongLong(&ok1, 16);
            const QString rest = item.section(QLatin1Char(','), 1);
            const quint64 pages = rest.section(QLatin1Char('@'), 0, 0).toULongLong(&ok2, 16);
            const quint64 gfn = rest.section(QLatin1Char('@'), 1).toULongLong(&ok3, 16);
            QVERIFY2(ok1 && ok2 && ok3, qPrintable(item));
            iomem << QStringLiteral("%1 %2 %3").arg(mfn).arg(pages).arg(gfn);
        }
        QCOMPARE(iomem, expectedIomem.isEmpty() ? QStringList{QStringLiteral("<missing>")} : expectedIomem);

        QStringList expectedIrqs;
        for (quint32 irq : plan.irqs)
            expectedIrqs << QString::number(irq);
        QCOMPARE(x.list("irqs"), expectedIrqs.isEmpty() ? QStringList{QStringLiteral("<missing>")} : expectedIrqs);
        QCOMPARE(x.list("dtdev"), expectedDtdev.isEmpty() ? QStringList{QStringLiteral("<missing>")} : expectedDtdev);
        QCOMPARE(x.number("nr_spis"), plan.nrSpis > 0 ? long(plan.nrSpis) : -1L);
        QCOMPARE(x.string("vuart"), d.vpl011 ? QStringLiteral("sbsa_uart") : QStringLiteral("<missing>"));
        // Upstream's single-agent forwarding (4.21's arm_sci); devassign's mediator needs none of it.
        const bool upstreamScmi = plan.needsScmi && !golden::cases()[index].scmiMediator;
        QCOMPARE(x.string("arm_sci"), upstreamScmi ? QStringLiteral("type=scmi_smc") : QStringLiteral("<missing>"));
    }
    QVERIFY2(parsed > 0, "every golden case has at least one xl domain");
}

void TestXlUtil::escapedStrings()
{
    golden::Built b;
    golden::build(golden::cases()[0], b);
    DomainPlan plan = b.analysis.domains[0];
    plan.config.bootargs = QStringLiteral("console=hvc0 quote=\"x\" back=\\ end");
    const QByteArray cfg = domCfg(b.ctx, plan);
    XlConfig x;
    x.cfg = xlu_cfg_init(stderr, "escaped.cfg");
    QCOMPARE(xlu_cfg_readdata(x.cfg, cfg.constData(), cfg.size()), 0);
    QCOMPARE(x.string("extra"), plan.config.bootargs);
}

QTEST_GUILESS_MAIN(TestXlUtil)
#include "tst_xlutil.moc"
