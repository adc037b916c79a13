// SPDX-License-Identifier: GPL-2.0-or-later
// The incremental analysis (core/analysiscache.h) against a fresh one: after every edit of a random
// sequence on real boards — assign, unassign, move, dependency decisions, acknowledgements, the
// platform, domain settings, adding, removing and renaming domains — analyze() with the cache the
// studio keeps must give exactly what analyze() from nothing gives: every plan field and every
// diagnostic. The fresh analysis is the oracle; the cache must never be seen.

#include "analysis.h"
#include "analysiscache.h"
#include "exporters.h"
#include "project.h"
#include "rules.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace devassign;
using namespace testsupport;

namespace {

QString hex(quint64 v) { return QStringLiteral("0x") + QString::number(v, 16); }

void dumpDevice(QStringList &out, const QString &kind, const DevicePlan &dev)
{
    out << QStringLiteral("  %1 %2 parent=%3 iommu=%4 force=%5").arg(kind, dev.hostPath, dev.parentDevice)
               .arg(dev.iommuProtected).arg(dev.forceWithoutIommu);
    for (const GuestRegion &r : dev.regions)
        out << QStringLiteral("    region %1 -> %2 size %3").arg(hex(r.hostAddress), hex(r.guestAddress), hex(r.size));
    for (const MmioMapping &m : dev.mmio)
        out << QStringLiteral("    mmio %1 -> %2 size %3").arg(hex(m.hostAddress), hex(m.guestAddress), hex(m.size));
    for (int i = 0; i < dev.interrupts.size(); ++i)
        out << QStringLiteral("    irq %1 flags %2 via %3 index %4")
                   .arg(dev.interrupts[i].irq.value_or(0)).arg(dev.interrupts[i].flags).arg(dev.interrupts[i].controller)
                   .arg(dev.interruptIndex.value(i, -1));
    for (const DependencyPlan &d : dev.dependencies)
        out << QStringLiteral("    dep %1 -> %2 %3 (%4) context %5")
                   .arg(d.property, d.provider, dependencyActionName(d.action), d.reason, d.contextPath.join(QLatin1Char(',')));
}

// Every field of the plan and the diagnostics, one line each: a difference names itself.
QString dump(const Analysis &a)
{
    QStringList out;
    out << QStringLiteral("host changed %1").arg(a.hostDtbChanged);
    for (const DomainPlan &dp : a.domains) {
        QStringList irqs;
        for (quint32 irq : dp.irqs)
            irqs << QString::number(irq);
        out << QStringLiteral("domain %1 devices %2 irqs %3 nr_spis %4 scmi %5")
                   .arg(dp.config.name, dp.config.devices.join(QLatin1Char(',')), irqs.join(QLatin1Char(',')))
                   .arg(dp.nrSpis).arg(dp.needsScmi);
        for (const ScmiResource &r : dp.scmi)
            out << QStringLiteral("  scmi %1 %2 %3 %4").arg(r.property).arg(r.protocol).arg(r.id).arg(r.scmiNode);
        for (const DevicePlan &dev : dp.devices)
            dumpDevice(out, QStringLiteral("device"), dev);
        for (const DevicePlan &dev : dp.scmiShmem)
            dumpDevice(out, QStringLiteral("shmem"), dev);
    }
    for (const Diagnostic &d : a.diagnostics) {
        QStringList params;
        for (const auto &[name, value] : d.params)
            params << name + QLatin1Char('=') + value;
        out << QStringLiteral("%1 %2 [%3 %4] ack=%5 | %6 | %7 | %8 | %9")
                   .arg(d.rule, severityName(d.severity), d.domain, d.node)
                   .arg(d.acknowledged)
                   .arg(d.message, d.fix, d.related.join(QLatin1Char(',')), params.join(QLatin1Char(';')));
    }
    return out.join(QLatin1Char('\n'));
}

// The first line where two dumps differ, for the failure message.
QString firstDifference(const QString &a, const QString &b)
{
    const QStringList x = a.split(QLatin1Char('\n')), y = b.split(QLatin1Char('\n'));
    for (int i = 0; i < std::max(x.size(), y.size()); ++i)
        if (x.value(i) != y.value(i))
            return QStringLiteral("line %1:\n  cached: %2\n  fresh:  %3").arg(i + 1).arg(x.value(i), y.value(i));
    return QString();
}

// Devices a user could hand out, and the providers their references name.
struct Board {
    HostModelPtr model;
    QStringList devices;
    QStringList providers;
};

Board board(const QString &dtb)
{
    Board b;
    b.model = loadData(dtb);
    if (!b.model)
        return b;
    QSet<QString> providers;
    for (const Node *n : b.model->devices()) {
        if (!n->enabled || n->compatible.isEmpty())
            continue;
        b.devices << n->path;
        for (const Dependency &d : n->dependencies)
            providers.insert(d.target);
    }
    b.providers = QStringList(providers.begin(), providers.end());
    b.providers.sort();
    return b;
}

class Editor {
public:
    Editor(const Board &b, quint32 seed) : m_board(b), m_random(seed) {}

    // One random edit; refused edits are fine (the project stays as it was).
    QString edit(Project &p, const Analysis &current)
    {
        const int kind = pick(11);
        switch (kind) {
        case 0:
        case 1:
            return tried(QStringLiteral("assign"), assignDevice(p, anyDomain(p), anyDevice()));
        case 10: // a provider other domains' devices refer to: their plans name its new owner
            if (m_board.providers.isEmpty())
                return QStringLiteral("assign provider: none");
            return tried(QStringLiteral("assign provider"),
                         assignDevice(p, anyDomain(p), m_board.providers[pick(m_board.providers.size())]));
        case 2:
            return tried(QStringLiteral("unassign"), unassignDevice(p, anyAssigned(p)));
        case 3:
            return tried(QStringLiteral("move"), moveDevice(p, anyAssigned(p), anyDomain(p)));
        case 4: {
            static const QVector<std::optional<DependencyAction>> actions = {
                DependencyAction::Copy, DependencyAction::Stub, DependencyAction::Drop, DependencyAction::Assign, std::nullopt};
            const QString provider = m_board.providers.isEmpty() ? QString() : m_board.providers[pick(m_board.providers.size())];
            return tried(QStringLiteral("decision"), setDependencyDecision(p, anyDomain(p), provider, actions[pick(actions.size())]));
        }
        case 5: {
            if (current.diagnostics.isEmpty())
                return QStringLiteral("acknowledge: nothing");
            const Diagnostic &d = current.diagnostics[pick(current.diagnostics.size())];
            if (d.acknowledged)
                return tried(QStringLiteral("unacknowledge"), removeAcknowledgement(p, {d.rule, d.node, d.domain, QString()}));
            return tried(QStringLiteral("acknowledge ") + d.rule, addAcknowledgement(p, {d.rule, d.node, d.domain, QStringLiteral("test")}));
        }
        case 6: {
            Platform platform = p.platform;
            const QStringList releases = xen::releaseNames();
            platform.xen = *xen::releaseFromName(releases[pick(releases.size())]);
            platform.scmiMediator = pick(2);
            return tried(QStringLiteral("platform"), setPlatform(p, platform));
        }
        case 7: {
            const QString name = anyDomain(p);
            const DomainConfig *d = p.domain(name);
            if (!d)
                return QStringLiteral("settings: no domain");
            DomainConfig settings = *d;
            settings.dom0less = pick(4) != 0;
            settings.xl = !settings.dom0less || pick(2);
            settings.vpl011 = pick(2);
            settings.memoryKiB = 65536 * (1 + pick(8));
            settings.vcpus = 1 + pick(4);
            settings.gicVersion = pick(2) ? QString() : QStringLiteral("v3");
            return tried(QStringLiteral("settings"), updateDomain(p, name, settings));
        }
        case 8: {
            if (p.domains.size() < 6 && pick(2)) {
                DomainConfig d;
                d.name = QStringLiteral("dom%1").arg(++m_named);
                d.kernel = QStringLiteral("Image");
                return tried(QStringLiteral("add domain"), addDomain(p, d));
            }
            return tried(QStringLiteral("remove domain"), removeDomain(p, anyDomain(p)));
        }
        default:
            return tried(QStringLiteral("rename"), renameDomain(p, anyDomain(p), QStringLiteral("dom%1").arg(++m_named)));
        }
    }

private:
    int pick(int n) { return n <= 1 ? 0 : int(m_random.bounded(quint32(n))); }
    QString anyDevice() { return m_board.devices[pick(m_board.devices.size())]; }
    QString anyDomain(const Project &p) { return p.domains.isEmpty() ? QString() : p.domains[pick(p.domains.size())].name; }
    QString anyAssigned(const Project &p)
    {
        QStringList assigned;
        for (const DomainConfig &d : p.domains)
            assigned += d.devices;
        return assigned.isEmpty() ? QString() : assigned[pick(assigned.size())];
    }
    static QString tried(const QString &what, const Status &s) { return what + (s ? QString() : QStringLiteral(" (refused)")); }

    const Board &m_board;
    QRandomGenerator m_random;
    int m_named = 100;
};

} // namespace

class TestAnalysisCache : public QObject
{
    Q_OBJECT
private slots:
    void cachedEqualsFresh_data()
    {
        QTest::addColumn<QString>("dtb");
        QTest::addColumn<quint32>("seed");
        // The largest board (the re-analysis benchmark's), SCMI, an SMMUv3, and two more SoCs.
        for (const char *dtb : {"sc7280-herobrine-crd.dtb", "juno-r2-scmi.dtb", "virt-gicv3-smmuv3.dtb",
                                "imx8mm-evk.dtb", "k3-j721e-common-proc-board.dtb"})
            for (quint32 seed : {1u, 2u})
                QTest::addRow("%s/%u", dtb, seed) << QString::fromLatin1(dtb) << seed;
    }

    void cachedEqualsFresh()
    {
        QFETCH(QString, dtb);
        QFETCH(quint32, seed);
        const Board b = board(dtb);
        QVERIFY2(b.model, qPrintable(dtb));
        QVERIFY(b.devices.size() > 3);

        Project p;
        p.hostDtb = dtb;
        p.hostDtbSha256 = b.model->sha256();
        for (const char *name : {"dom1", "dom2", "dom3"}) {
            DomainConfig d;
            d.name = QLatin1String(name);
            d.kernel = QStringLiteral("Image");
            QVERIFY(addDomain(p, d));
        }
        AnalysisCache cache;
        Editor editor(b, seed);
        Analysis fresh = analyze(*b.model, p);
        QStringList history;
        int accepted = 0;
        int compared = 0;
        for (int step = 0; step < 60; ++step) {
            const QString what = editor.edit(p, fresh);
            history << what;
            accepted += what.endsWith(QLatin1String("(refused)")) ? 0 : 1;
            const Analysis cached = analyze(*b.model, p, &cache);
            fresh = analyze(*b.model, p);
            const QString c = dump(cached), f = dump(fresh);
            if (c != f)
                QFAIL(qPrintable(QStringLiteral("after %1: %2\nedits: %3").arg(what, firstDifference(c, f), history.join(QStringLiteral("; ")))));
            // The partial DTBs the cache keeps (what guest-dt-too-big measures) are the ones made now.
            for (const DomainPlan &dp : fresh.domains) {
                const auto kept = cache.partialDtbs.constFind(dp.config.name);
                if (kept == cache.partialDtbs.constEnd())
                    continue;
                ExportContext ctx(b.model.get(), &p, &fresh);
                QString error;
                const QByteArray made = dp.config.dom0less && !(dp.devices.isEmpty() && dp.scmiShmem.isEmpty())
                    ? partialDtbUnchecked(ctx, dp, &error) : QByteArray();
                if (kept->dtb != made)
                    QFAIL(qPrintable(QStringLiteral("after %1: the kept partial DTB of %2 is stale\nedits: %3")
                                         .arg(what, dp.config.name, history.join(QStringLiteral("; ")))));
                ++compared;
            }
        }
        QVERIFY(compared > 0);
        QVERIFY2(accepted >= 20, qPrintable(history.join(QStringLiteral("; ")))); // the sequence really edited
        QCOMPARE(cache.plans.domains.size(), p.domains.size());
    }

    // More domains than the coverage masks hold (64: the coveredBy fallback) and than the cache's
    // hashes start with (their entries move as they grow; under ASan a kept pointer would show).
    void manyDomains()
    {
        const Board b = board(QStringLiteral("sc7280-herobrine-crd.dtb"));
        QVERIFY(b.model);
        Project p;
        p.hostDtbSha256 = b.model->sha256();
        for (int i = 0; i < 70; ++i) {
            DomainConfig d;
            d.name = QStringLiteral("d%1").arg(i);
            d.kernel = QStringLiteral("Image");
            d.devices = {b.devices[i % b.devices.size()]}; // repeats make device-in-two-domains findings
            p.domains.append(d);
        }
        AnalysisCache cache;
        QCOMPARE(dump(analyze(*b.model, p, &cache)), dump(analyze(*b.model, p)));
        p.domains[3].devices = {b.devices[71 % b.devices.size()]};
        QCOMPARE(dump(analyze(*b.model, p, &cache)), dump(analyze(*b.model, p)));
        p.domains.resize(60); // back under 64
        QCOMPARE(dump(analyze(*b.model, p, &cache)), dump(analyze(*b.model, p)));
        QCOMPARE(cache.findings.size(), 60);
    }

    // Each kind of input the memos depend on, changed alone, shows in the next cached analysis.
    void eachInputInvalidates()
    {
        const HostModelPtr model = loadData(QStringLiteral("juno-r2-scmi.dtb"));
        QVERIFY(model);
        Project p = projectWith({{QStringLiteral("a"), {QStringLiteral("/serial@7ff80000")}},
                                 {QStringLiteral("b"), {}}});
        p.hostDtbSha256 = model->sha256();
        AnalysisCache cache;
        QCOMPARE(dump(analyze(*model, p, &cache)), dump(analyze(*model, p)));
        const quint64 before = cache.plans.domains.value(QStringLiteral("b")).generation;

        // An edit of domain a leaves b's plan as it was: not planned again.
        QVERIFY(assignDevice(p, QStringLiteral("a"), QStringLiteral("/mhu@2b1f0000")));
        QCOMPARE(dump(analyze(*model, p, &cache)), dump(analyze(*model, p)));
        QCOMPARE(cache.plans.domains.value(QStringLiteral("b")).generation, before);

        // The platform is read by every plan: all are made again.
        Platform platform = p.platform;
        platform.xen = xen::Release::Xen421;
        QVERIFY(setPlatform(p, platform));
        QCOMPARE(dump(analyze(*model, p, &cache)), dump(analyze(*model, p)));
        QVERIFY(cache.plans.domains.value(QStringLiteral("b")).generation != before);

        // Another host (a different tree) is never served from the memos of the first.
        const HostModelPtr other = loadData(QStringLiteral("virt-gicv3.dtb"));
        Project q = projectWith({{QStringLiteral("a"), {QStringLiteral("/pl011@9000000")}}});
        QCOMPARE(dump(analyze(*other, q, &cache)), dump(analyze(*other, q)));
        QCOMPARE(cache.model, other.get());
    }
};

QTEST_GUILESS_MAIN(TestAnalysisCache)
#include "tst_analysiscache.moc"
