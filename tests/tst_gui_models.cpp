// SPDX-License-Identifier: GPL-2.0-or-later
// The item models of devassign-studio (host tree, filter proxy, domains, diagnostics) driven through
// ProjectDocument: QAbstractItemModelTester (fatal) watches every model while edits, undo, redo and
// host reloads happen; text dumps of the models are compared with inline expectations; drag and
// drop goes through the models' own mimeData()/dropMimeData().

#include "diagnosticsmodel.h"
#include "domainsmodel.h"
#include "hostfiltermodel.h"
#include "hosttreemodel.h"
#include "modelroles.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace devassign;

namespace {

// A tiny host: a GIC, a UART that does no DMA, a DMA controller without IOMMU, an SMMU and a
// device behind it.
const char kTinyDts[] = R"(/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	compatible = "test,tiny";
	interrupt-parent = <&gic>;

	gic: interrupt-controller@1000 {
		compatible = "arm,gic-400";
		interrupt-controller;
		#interrupt-cells = <3>;
		reg = <0x1000 0x1000>, <0x2000 0x2000>;
	};

	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x9000000 0x100000>;

		serial@0 {
			compatible = "arm,pl011";
			reg = <0x0 0x1000>;
			interrupts = <0 1 4>;
		};

		dma@10000 {
			compatible = "vendor,dma";
			reg = <0x10000 0x1000>;
			interrupts = <0 2 4>, <0 3 4>;
			#dma-cells = <1>;
		};
	};
};
)";

// One line per row: two spaces of indentation per level, the columns joined with " | ".
void dumpRows(const QAbstractItemModel &model, const QModelIndex &parent, int depth, QStringList *lines)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList columns;
        for (int column = 0; column < model.columnCount(parent); ++column)
            columns.append(model.index(row, column, parent).data().toString());
        lines->append(QString(depth * 2, QLatin1Char(' ')) + columns.join(QStringLiteral(" | ")));
        dumpRows(model, model.index(row, 0, parent), depth + 1, lines);
    }
}

QString dumpModel(const QAbstractItemModel &model)
{
    QStringList lines;
    dumpRows(model, QModelIndex(), 0, &lines);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// Node paths of every row a (proxy) model shows.
void collectPaths(const QAbstractItemModel &model, const QModelIndex &parent, QStringList *paths)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        paths->append(index.data(NodePathRole).toString());
        collectPaths(model, index, paths);
    }
}

QStringList visiblePaths(const QAbstractItemModel &model)
{
    QStringList paths;
    collectPaths(model, QModelIndex(), &paths);
    return paths;
}

DomainConfig domain(const QString &name)
{
    DomainConfig d;
    d.name = name;
    return d;
}

// Devices a guest can take on any board: MMIO, not the GIC, not memory.
QStringList assignableDevices(const HostModel &host, int count)
{
    QStringList paths;
    for (const Node *n : host.devices()) {
        if (n->isInterruptController || n->regions.isEmpty() || !n->regions.front().cpuAddressable
            || n->path.startsWith(QLatin1String("/memory")) || n->path.startsWith(QLatin1String("/reserved-memory")))
            continue;
        paths.append(n->path);
        if (paths.size() == count)
            break;
    }
    return paths;
}

// The document plus every model, each watched by a fatal QAbstractItemModelTester.
struct Fixture {
    ProjectDocument doc;
    HostTreeModel host { &doc };
    HostFilterModel filter;
    DomainsModel domains { &doc };
    DiagnosticsModel diagnostics { &doc };
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;

    Fixture()
    {
        filter.setSourceModel(&host);
        for (QAbstractItemModel *m :
             std::initializer_list<QAbstractItemModel *> { &host, &filter, &domains, &diagnostics })
            testers.push_back(
                std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::Fatal));
    }
};

QMimeData *hostDrag(const HostTreeModel &model, const QStringList &paths)
{
    QModelIndexList indexes;
    for (const QString &p : paths)
        indexes.append(model.indexForPath(p));
    return model.mimeData(indexes);
}

} // namespace

class TestGuiModels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_tinyDts;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_tinyDts = m_dir.filePath(QStringLiteral("tiny.dts"));
        QFile f(m_tinyDts);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTinyDts);
    }

    void hostTreeDumpAfterAssigning()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"), { QStringLiteral("/soc/dma@10000") }).error(), QString());
        QCOMPARE(dumpModel(fx.host), QString::fromUtf8(R"(/ | test,tiny |  |  |  |  | 
  interrupt-controller@1000 | arm,gic-400 | 0x1000 |  | — |  | 
  soc | simple-bus |  |  |  |  | 
    serial@0 | arm,pl011 | 0x9000000 | 33 | — |  | 
    dma@10000 | vendor,dma | 0x9010000 | 34, 35 | unprotected DMA |  | domU1
)"));
        const QModelIndex dma = fx.host.indexForPath(QStringLiteral("/soc/dma@10000"));
        QCOMPARE(dma.data(IommuStateRole).toInt(), int(IommuUnprotected));
        QCOMPARE(dma.data(OwnerRole).toString(), QStringLiteral("domU1"));
        QVERIFY(dma.data(Qt::ToolTipRole).toString().contains(QLatin1String("#dma-cells")));
        const QModelIndex serial = fx.host.indexForPath(QStringLiteral("/soc/serial@0"));
        QCOMPARE(serial.data(IommuStateRole).toInt(), int(IommuNotDma));
        QVERIFY(serial.data(IsDeviceRole).toBool());
        QVERIFY(!fx.host.indexForPath(QStringLiteral("/soc")).data(IsDeviceRole).toBool());
        QVERIFY(fx.host.flags(dma) & Qt::ItemIsDragEnabled);
        QVERIFY(!(fx.host.flags(fx.host.indexForPath(QStringLiteral("/soc"))) & Qt::ItemIsDragEnabled));

        // Undo takes the owner away again, and only that row changes.
        QSignalSpy changed(&fx.host, &QAbstractItemModel::dataChanged);
        fx.doc.undoStack()->undo();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().data(NodePathRole).toString(),
                 QStringLiteral("/soc/dma@10000"));
        QCOMPARE(fx.host.index(1, HostTreeModel::OwnerColumn, dma.parent()).data().toString(), QString());
    }

    void domainsAndDiagnosticsDump()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        DomainConfig big = domain(QStringLiteral("domU2"));
        big.memoryKiB = 2 * 1024 * 1024;
        big.vcpus = 2;
        big.xl = true;
        big.dom0less = false;
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.addDomain(big).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"),
                               { QStringLiteral("/soc/serial@0"), QStringLiteral("/soc/dma@10000") }).error(),
                 QString());
        const int domU1Errors = fx.doc.analysis().count(Severity::Error);
        QVERIFY(domU1Errors >= 2); // no kernel + DMA without IOMMU
        const QString errors
            = QStringLiteral("%1 error(s)")
                  .arg(fx.domains.indexForDomain(QStringLiteral("domU1")).data(ErrorCountRole).toInt());
        QCOMPARE(dumpModel(fx.domains), QStringLiteral(R"(domU1 | 256 MiB, 1 vCPU, dom0less | %1
  serial@0 | arm,pl011 | 
  dma@10000 | vendor,dma | 
domU2 | 2 GiB, 2 vCPUs, xl | 
)")
                                            .arg(errors));
        // The badge counts exactly the unacknowledged errors located in the domain.
        int expected = 0;
        for (const Diagnostic &d : fx.doc.analysis().diagnostics)
            expected += d.domain == QLatin1String("domU1") && d.severity == Severity::Error && !d.acknowledged;
        QCOMPARE(fx.domains.indexForDomain(QStringLiteral("domU1")).data(ErrorCountRole).toInt(), expected);
        QCOMPARE(fx.domains.indexForDomain(QStringLiteral("domU2")).data(ErrorCountRole).toInt(), 0);

        // Diagnostics: one row per diagnostic, located "domain / node".
        QCOMPARE(fx.diagnostics.rowCount(), fx.doc.analysis().diagnostics.size());
        bool found = false;
        for (int row = 0; row < fx.diagnostics.rowCount(); ++row) {
            if (fx.diagnostics.index(row, DiagnosticsModel::RuleColumn).data().toString() != "dma-without-iommu")
                continue;
            found = true;
            QCOMPARE(fx.diagnostics.index(row, DiagnosticsModel::SeverityColumn).data().toString(),
                     QStringLiteral("error"));
            QCOMPARE(fx.diagnostics.index(row, DiagnosticsModel::LocationColumn).data().toString(),
                     QStringLiteral("domU1 / /soc/dma@10000"));
            QCOMPARE(fx.diagnostics.index(row, 0).data(SeverityRole).toInt(), int(Severity::Error));
            QCOMPARE(fx.diagnostics.index(row, 0).data(NodePathRole).toString(), QStringLiteral("/soc/dma@10000"));
            QCOMPARE(fx.diagnostics.index(row, 0).data(DomainNameRole).toString(), QStringLiteral("domU1"));
            QVERIFY(fx.diagnostics.index(row, DiagnosticsModel::MessageColumn)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(QLatin1String(" Fix: ")));
        }
        QVERIFY(found);

        // Acknowledging the risk: the diagnostic stays, marked, and the domain badge drops by one.
        Acknowledgement ack;
        ack.rule = QStringLiteral("dma-without-iommu");
        ack.node = QStringLiteral("/soc/dma@10000");
        ack.domain = QStringLiteral("domU1");
        QCOMPARE(fx.doc.acknowledge(ack).error(), QString());
        QCOMPARE(fx.domains.indexForDomain(QStringLiteral("domU1")).data(ErrorCountRole).toInt(), expected - 1);
        QStringList severities;
        for (int row = 0; row < fx.diagnostics.rowCount(); ++row)
            if (fx.diagnostics.index(row, DiagnosticsModel::RuleColumn).data().toString() == "dma-without-iommu")
                severities.append(fx.diagnostics.index(row, DiagnosticsModel::SeverityColumn).data().toString());
        QCOMPARE(severities, QStringList { QStringLiteral("error (acknowledged)") });
    }

    void modelTesterOnBoards_data()
    {
        QTest::addColumn<QString>("board");
        QTest::newRow("virt-gicv3") << QStringLiteral("virt-gicv3.dtb");
        QTest::newRow("juno-r2-scmi") << QStringLiteral("juno-r2-scmi.dtb");
    }

    void modelTesterOnBoards()
    {
        QFETCH(QString, board);
        Fixture fx;
        fx.filter.setFilterText(QStringLiteral("0"));
        QString error;
        QVERIFY2(fx.doc.newFromHost(testsupport::dataPath(board), &error), qPrintable(error));
        QCOMPARE(fx.host.rowCount(), 1);
        const QStringList devices = assignableDevices(*fx.doc.host(), 3);
        QCOMPARE(devices.size(), 3);
        QUndoStack *undo = fx.doc.undoStack();

        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU2"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"), devices).error(), QString());
        QCOMPARE(fx.domains.rowCount(fx.domains.indexForDomain(QStringLiteral("domU1"))), 3);
        for (const QString &p : devices)
            QCOMPARE(
                fx.host
                    .index(fx.host.indexForPath(p).row(), HostTreeModel::OwnerColumn, fx.host.indexForPath(p).parent())
                    .data()
                    .toString(),
                QStringLiteral("domU1"));
        QCOMPARE(fx.doc.move({ devices.at(1) }, QStringLiteral("domU2")).error(), QString());
        QCOMPARE(fx.doc.unassign({ devices.at(2) }).error(), QString());
        QCOMPARE(fx.doc.renameDomain(QStringLiteral("domU2"), QStringLiteral("storage")).error(), QString());
        QCOMPARE(fx.host.indexForPath(devices.at(1)).data(OwnerRole).toString(), QStringLiteral("storage"));
        QCOMPARE(fx.domains.indexForDevice(QStringLiteral("storage"), devices.at(1)).data(NodePathRole).toString(),
                 devices.at(1));
        QCOMPARE(fx.doc.removeDomain(QStringLiteral("domU1")).error(), QString());
        QCOMPARE(fx.domains.rowCount(), 1);
        const Project edited = fx.doc.project();

        // Undo everything, then redo everything: the models follow and the project is exact.
        const int steps = undo->count();
        QCOMPARE(steps, 7);
        while (undo->canUndo())
            undo->undo();
        QVERIFY(fx.doc.project().domains.isEmpty());
        QCOMPARE(fx.domains.rowCount(), 0);
        QCOMPARE(fx.host.indexForPath(devices.at(0)).data(OwnerRole).toString(), QString());
        while (undo->canRedo())
            undo->redo();
        QVERIFY(fx.doc.project() == edited);
        QCOMPARE(fx.domains.rowCount(), 1);
        QCOMPARE(fx.domains.rowCount(fx.domains.indexForDomain(QStringLiteral("storage"))), 1);

        // A filter change and a host reload (model reset) under the testers.
        fx.filter.setAssignableOnly(true);
        fx.filter.setFilterText(QString());
        QSignalSpy reset(&fx.host, &QAbstractItemModel::modelReset);
        QVERIFY2(fx.doc.reloadHost(&error), qPrintable(error));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(fx.host.indexForPath(devices.at(1)).data(OwnerRole).toString(), QStringLiteral("storage"));
        QVERIFY(visiblePaths(fx.filter).contains(devices.at(0)));
    }

    void scmiBadgesOnJuno()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), &error),
                 qPrintable(error));
        const QModelIndex etf = fx.host.indexForPath(QStringLiteral("/etf@20010000"));
        QVERIFY(etf.isValid());
        QCOMPARE(fx.host.index(etf.row(), HostTreeModel::ScmiColumn, etf.parent()).data().toString(),
                 QStringLiteral("pd 0x11:8"));
        QCOMPARE(fx.host.index(etf.row(), HostTreeModel::AddressColumn, etf.parent()).data().toString(),
                 QStringLiteral("0x20010000"));
    }

    // Juno r2: etf@20010000 and tpiu@20030000 both name SCMI power domain 8 (power-domains =
    // <&scmi_devpd 8>, read with dtc). With the mediator (so Juno's mailbox agent and Xen 4.17 are
    // no finding), in two domains each domain row says SCMI and the conflict; the tooltip names
    // the rule. Both in one domain, the conflict goes.
    void domainRowsShowScmiAndConflicts()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), &error),
                 qPrintable(error));
        Platform mediated = fx.doc.project().platform;
        mediated.scmiMediator = true;
        QVERIFY(fx.doc.setPlatform(mediated).ok());
        for (const char *name : {"a", "b"})
            QVERIFY(fx.doc.addDomain(domain(QLatin1String(name))).ok());
        QVERIFY(fx.doc.assign(QStringLiteral("a"), {QStringLiteral("/etf@20010000")}).ok());
        QVERIFY(fx.doc.assign(QStringLiteral("b"), {QStringLiteral("/tpiu@20030000")}).ok());
        const QModelIndex a = fx.domains.index(0, DomainsModel::SummaryColumn);
        QVERIFY2(a.data().toString().endsWith(QStringLiteral(" · SCMI power domain 8 — 1 finding(s)")),
                 qPrintable(a.data().toString()));
        QVERIFY2(a.data(Qt::ToolTipRole).toString().contains(QStringLiteral("\nscmi-resource-shared: ")),
                 qPrintable(a.data(Qt::ToolTipRole).toString()));
        QVERIFY(fx.doc.unassign({QStringLiteral("/tpiu@20030000")}).ok());
        QVERIFY(fx.doc.assign(QStringLiteral("a"), {QStringLiteral("/tpiu@20030000")}).ok());
        QVERIFY2(fx.domains.index(0, DomainsModel::SummaryColumn).data().toString().endsWith(QStringLiteral(" · SCMI power domain 8")),
                 qPrintable(fx.domains.index(0, DomainsModel::SummaryColumn).data().toString()));
        QVERIFY(!fx.domains.index(1, DomainsModel::SummaryColumn).data().toString().contains(QStringLiteral("SCMI")));
    }

    void dragFromHostAssigns()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        const Project before = fx.doc.project();
        const int steps = fx.doc.undoStack()->count();

        // Three nodes in one drag: one undo step.
        const QStringList paths { QStringLiteral("/soc/serial@0"), QStringLiteral("/soc/dma@10000"),
                                  QStringLiteral("/interrupt-controller@1000") };
        std::unique_ptr<QMimeData> mime(hostDrag(fx.host, paths));
        QVERIFY(mime);
        QCOMPARE(QString::fromUtf8(mime->data(QStringLiteral("application/x-devassign-nodes"))), paths.join(QLatin1Char('\n')));
        const QModelIndex target = fx.domains.indexForDomain(QStringLiteral("domU1"));
        QVERIFY(fx.domains.canDropMimeData(mime.get(), Qt::CopyAction, -1, -1, target));
        QVERIFY(fx.domains.dropMimeData(mime.get(), Qt::CopyAction, -1, -1, target));
        QCOMPARE(fx.doc.project().domain(QStringLiteral("domU1"))->devices, paths);
        QCOMPARE(fx.doc.undoStack()->count(), steps + 1);
        const Project after = fx.doc.project();

        fx.doc.undoStack()->undo();
        QVERIFY(fx.doc.project() == before);
        QCOMPARE(fx.domains.rowCount(fx.domains.indexForDomain(QStringLiteral("domU1"))), 0);
        fx.doc.undoStack()->redo();
        QVERIFY(fx.doc.project() == after);
        QCOMPARE(fx.domains.rowCount(fx.domains.indexForDomain(QStringLiteral("domU1"))), 3);

        // A drop on a device row lands in that device's domain.
        QCOMPARE(fx.doc.unassign({ QStringLiteral("/soc/serial@0") }).error(), QString());
        mime.reset(hostDrag(fx.host, { QStringLiteral("/soc/serial@0") }));
        const QModelIndex deviceRow
            = fx.domains.indexForDevice(QStringLiteral("domU1"), QStringLiteral("/soc/dma@10000"));
        QVERIFY(fx.domains.dropMimeData(mime.get(), Qt::CopyAction, -1, -1, deviceRow));
        QCOMPARE(fx.doc.project().ownerOf(QStringLiteral("/soc/serial@0")), QStringLiteral("domU1"));
        // Not a domain: nothing happens.
        QVERIFY(!fx.domains.canDropMimeData(mime.get(), Qt::CopyAction, -1, -1, QModelIndex()));
    }

    void dropOfOwnedDeviceFromHostIsRefused()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU2"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"), { QStringLiteral("/soc/dma@10000") }).error(), QString());
        const Project before = fx.doc.project();
        const int steps = fx.doc.undoStack()->count();

        QSignalSpy refused(&fx.domains, &DomainsModel::dropRefused);
        std::unique_ptr<QMimeData> mime(hostDrag(fx.host, { QStringLiteral("/soc/dma@10000") }));
        QVERIFY(!fx.domains.dropMimeData(mime.get(), Qt::CopyAction, -1, -1,
                                         fx.domains.indexForDomain(QStringLiteral("domU2"))));
        QCOMPARE(refused.count(), 1);
        const QString reason = refused.at(0).at(0).toString();
        QVERIFY2(reason.contains(QLatin1String("domU1")), qPrintable(reason));
        QVERIFY2(reason.contains(QLatin1String("/soc/dma@10000")), qPrintable(reason));
        QVERIFY(fx.doc.project() == before);
        QCOMPARE(fx.doc.undoStack()->count(), steps);

        // The same through the document API: the reason comes back, nothing is pushed.
        const QString direct = fx.doc.assign(QStringLiteral("domU2"),
                                             { QStringLiteral("/soc/serial@0"), QStringLiteral("/soc/dma@10000") }).error();
        QVERIFY(direct.contains(QLatin1String("domU1")));
        QVERIFY(fx.doc.project() == before);
        QCOMPARE(fx.doc.undoStack()->count(), steps);
    }

    void dragBetweenDomainsMoves()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU2"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"),
                               { QStringLiteral("/soc/serial@0"), QStringLiteral("/soc/dma@10000") }).error(),
                 QString());
        const Project before = fx.doc.project();

        const QModelIndex source = fx.domains.indexForDevice(QStringLiteral("domU1"), QStringLiteral("/soc/dma@10000"));
        QVERIFY(fx.domains.flags(source) & Qt::ItemIsDragEnabled);
        std::unique_ptr<QMimeData> mime(fx.domains.mimeData({ source }));
        QVERIFY(mime);
        QCOMPARE(mime->data(QStringLiteral("application/x-devassign-source")), QByteArray("domains"));
        QVERIFY(fx.domains.dropMimeData(mime.get(), Qt::MoveAction, -1, -1,
                                        fx.domains.indexForDomain(QStringLiteral("domU2"))));
        QCOMPARE(fx.doc.project().domain(QStringLiteral("domU1"))->devices,
                 QStringList { QStringLiteral("/soc/serial@0") });
        QCOMPARE(fx.doc.project().domain(QStringLiteral("domU2"))->devices,
                 QStringList { QStringLiteral("/soc/dma@10000") });
        QCOMPARE(fx.host.indexForPath(QStringLiteral("/soc/dma@10000")).data(OwnerRole).toString(),
                 QStringLiteral("domU2"));
        const Project after = fx.doc.project();

        fx.doc.undoStack()->undo();
        QVERIFY(fx.doc.project() == before);
        QCOMPARE(fx.domains.rowCount(fx.domains.indexForDomain(QStringLiteral("domU1"))), 2);
        QCOMPARE(fx.domains.rowCount(fx.domains.indexForDomain(QStringLiteral("domU2"))), 0);
        fx.doc.undoStack()->redo();
        QVERIFY(fx.doc.project() == after);

        // Dropping back onto its own domain changes nothing and pushes nothing.
        const int steps = fx.doc.undoStack()->count();
        mime.reset(fx.domains.mimeData(
            { fx.domains.indexForDevice(QStringLiteral("domU2"), QStringLiteral("/soc/dma@10000")) }));
        QVERIFY(!fx.domains.dropMimeData(mime.get(), Qt::MoveAction, -1, -1,
                                         fx.domains.indexForDomain(QStringLiteral("domU2"))));
        QCOMPARE(fx.doc.undoStack()->count(), steps);
    }

    void dropOntoHostTreeUnassigns()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"),
                               { QStringLiteral("/soc/serial@0"), QStringLiteral("/soc/dma@10000") }).error(),
                 QString());
        const Project before = fx.doc.project();

        std::unique_ptr<QMimeData> mime(fx.domains.mimeData(
            { fx.domains.indexForDevice(QStringLiteral("domU1"), QStringLiteral("/soc/serial@0")),
              fx.domains.indexForDevice(QStringLiteral("domU1"), QStringLiteral("/soc/dma@10000")) }));
        QVERIFY(fx.host.canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, QModelIndex()));
        QVERIFY(fx.host.dropMimeData(mime.get(), Qt::MoveAction, -1, -1, QModelIndex()));
        QVERIFY(fx.doc.project().domain(QStringLiteral("domU1"))->devices.isEmpty());
        QCOMPARE(fx.host.indexForPath(QStringLiteral("/soc/serial@0")).data(OwnerRole).toString(), QString());
        const Project after = fx.doc.project();

        fx.doc.undoStack()->undo();
        QVERIFY(fx.doc.project() == before);
        QCOMPARE(fx.host.indexForPath(QStringLiteral("/soc/serial@0")).data(OwnerRole).toString(),
                 QStringLiteral("domU1"));
        fx.doc.undoStack()->redo();
        QVERIFY(fx.doc.project() == after);

        // Unowned nodes dragged within the host tree: not a drop target.
        mime.reset(hostDrag(fx.host, { QStringLiteral("/soc/serial@0") }));
        QVERIFY(!fx.host.canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, QModelIndex()));
    }

    void renameInPlacePropagates()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(m_tinyDts, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU2"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"), { QStringLiteral("/soc/dma@10000") }).error(), QString());
        Acknowledgement ack;
        ack.rule = QStringLiteral("dma-without-iommu");
        ack.node = QStringLiteral("/soc/dma@10000");
        ack.domain = QStringLiteral("domU1");
        QCOMPARE(fx.doc.acknowledge(ack).error(), QString());
        const Project before = fx.doc.project();

        const QModelIndex row = fx.domains.indexForDomain(QStringLiteral("domU1"));
        QVERIFY(fx.domains.flags(row) & Qt::ItemIsEditable);
        QVERIFY(fx.domains.setData(row, QStringLiteral("net"), Qt::EditRole));
        QCOMPARE(row.data().toString(), QStringLiteral("net"));
        QCOMPARE(fx.doc.project().domains.at(0).name, QStringLiteral("net"));
        QCOMPARE(fx.doc.project().acknowledgements.at(0).domain, QStringLiteral("net"));
        QCOMPARE(fx.host.indexForPath(QStringLiteral("/soc/dma@10000")).data(OwnerRole).toString(),
                 QStringLiteral("net"));
        QCOMPARE(fx.domains.indexForDevice(QStringLiteral("net"), QStringLiteral("/soc/dma@10000"))
                     .data(DomainNameRole)
                     .toString(),
                 QStringLiteral("net"));
        for (const Diagnostic &d : fx.doc.analysis().diagnostics)
            QVERIFY2(d.domain != QLatin1String("domU1"), qPrintable(d.rule));
        // The acknowledgement followed the rename, so the risk is still accepted.
        bool acknowledged = false;
        for (const Diagnostic &d : fx.doc.analysis().diagnostics)
            acknowledged |= d.rule == ack.rule && d.domain == QLatin1String("net") && d.acknowledged;
        QVERIFY(acknowledged);

        // Refused renames: a clash and an invalid name; nothing changes.
        QSignalSpy refused(&fx.domains, &DomainsModel::editRefused);
        QVERIFY(!fx.domains.setData(row, QStringLiteral("domU2"), Qt::EditRole));
        QVERIFY(!fx.domains.setData(row, QStringLiteral("bad name!"), Qt::EditRole));
        QCOMPARE(refused.count(), 2);
        QCOMPARE(row.data().toString(), QStringLiteral("net"));

        fx.doc.undoStack()->undo();
        QVERIFY(fx.doc.project() == before);
        QCOMPARE(row.data().toString(), QStringLiteral("domU1"));
        QCOMPARE(fx.host.indexForPath(QStringLiteral("/soc/dma@10000")).data(OwnerRole).toString(),
                 QStringLiteral("domU1"));
    }

    void reloadWithDeviceGoneShowsIt()
    {
        const QString host = m_dir.filePath(QStringLiteral("changing.dts"));
        QFile::remove(host);
        QVERIFY(QFile::copy(m_tinyDts, host));
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(host, &error), qPrintable(error));
        QCOMPARE(fx.doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(fx.doc.assign(QStringLiteral("domU1"), {QStringLiteral("/soc/serial@0")}).error(), QString());
        const QModelIndex device = fx.domains.indexForDevice(QStringLiteral("domU1"), QStringLiteral("/soc/serial@0"));
        QCOMPARE(fx.domains.index(device.row(), DomainsModel::SummaryColumn, device.parent()).data().toString(),
                 QStringLiteral("arm,pl011"));
        // The row shows the node name with its unit address; the tooltip gives the full path first.
        QCOMPARE(device.data().toString(), QStringLiteral("serial@0"));
        QVERIFY(device.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("/soc/serial@0\narm,pl011\n")));

        // The board file loses its UART; the assignment stays in the project and is shown as missing.
        QString dts = QString::fromUtf8(kTinyDts);
        const int serial = dts.indexOf(QStringLiteral("\t\tserial@0"));
        dts.remove(serial, dts.indexOf(QStringLiteral("\t\tdma@10000")) - serial);
        QVERIFY(!dts.contains(QLatin1String("pl011")));
        QFile f(host);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(dts.toUtf8());
        f.close();
        QVERIFY2(fx.doc.reloadHost(&error), qPrintable(error));
        QVERIFY(!fx.host.indexForPath(QStringLiteral("/soc/serial@0")).isValid());
        const QModelIndex missing = fx.domains.indexForDevice(QStringLiteral("domU1"), QStringLiteral("/soc/serial@0"));
        QVERIFY(missing.isValid());
        QCOMPARE(fx.domains.index(missing.row(), DomainsModel::SummaryColumn, missing.parent()).data().toString(),
                 QStringLiteral("not in the host DTB"));
        QCOMPARE(missing.data().toString(), QStringLiteral("/soc/serial@0")); // no node: the path is all there is
        QCOMPARE(dumpModel(fx.host), QString::fromUtf8(R"(/ | test,tiny |  |  |  |  | 
  interrupt-controller@1000 | arm,gic-400 | 0x1000 |  | — |  | 
  soc | simple-bus |  |  |  |  | 
    dma@10000 | vendor,dma | 0x9010000 | 34, 35 | unprotected DMA |  | 
)"));
    }

    void filterText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::newRow("address") << QStringLiteral("9010000") << QStringLiteral("/pl031@9010000");
        QTest::newRow("address 0x") << QStringLiteral("0x9010000") << QStringLiteral("/pl031@9010000");
        QTest::newRow("irq") << QStringLiteral("34") << QStringLiteral("/pl031@9010000");
        QTest::newRow("name") << QStringLiteral("PL011") << QStringLiteral("/pl011@9000000");
        QTest::newRow("compatible") << QStringLiteral("arm,pl031") << QStringLiteral("/pl031@9010000");
    }

    void filterText()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error),
                 qPrintable(error));
        const int all = visiblePaths(fx.filter).size();
        QCOMPARE(all, fx.doc.host()->nodes().size());
        fx.filter.setFilterText(text);
        const QStringList shown = visiblePaths(fx.filter);
        QVERIFY2(shown.contains(path), qPrintable(shown.join(QLatin1Char(' '))));
        QVERIFY(shown.contains(QStringLiteral("/"))); // ancestors stay
        QVERIFY2(shown.size() < 6, qPrintable(shown.join(QLatin1Char(' '))));
        QVERIFY(!shown.contains(QStringLiteral("/cpus")));
        fx.filter.setFilterText(QString());
        QCOMPARE(visiblePaths(fx.filter).size(), all);
    }

    void filterAssignableOnly()
    {
        Fixture fx;
        QString error;
        QVERIFY2(fx.doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error),
                 qPrintable(error));
        fx.filter.setAssignableOnly(true);
        const QStringList shown = visiblePaths(fx.filter);
        QVERIFY(shown.contains(QStringLiteral("/pl011@9000000")));
        QVERIFY(shown.contains(QStringLiteral("/virtio_mmio@a000000")));
        QVERIFY(!shown.contains(QStringLiteral("/timer")));      // PPIs only
        QVERIFY(!shown.contains(QStringLiteral("/cpus/cpu@0"))); // reg is a CPU id, not MMIO
        QVERIFY(!shown.contains(QStringLiteral("/cpus")));
        QVERIFY(!shown.contains(QStringLiteral("/chosen")));
        // Combined with text: both must hold.
        fx.filter.setFilterText(QStringLiteral("timer"));
        QVERIFY(!visiblePaths(fx.filter).contains(QStringLiteral("/timer")));
        fx.filter.setAssignableOnly(false);
        QVERIFY(visiblePaths(fx.filter).contains(QStringLiteral("/timer")));
    }
};

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
