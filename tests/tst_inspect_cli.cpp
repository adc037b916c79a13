// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign inspect` through the real CLI binary: exit codes, the one-line error on bad input,
// the --json shape promised by docs/inspect-json.md, and --node filtering.

#include "inspect.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

namespace {

bool isJsonInteger(const QJsonValue &v)
{
    return v.isDouble() && v.toDouble() == double(v.toInteger());
}

// Checks one device object against the schema; returns "" or what is wrong.
QString schemaProblem(const QJsonObject &d)
{
    const QString path = d.value(QStringLiteral("path")).toString();
    auto fail = [&](const QString &what) { return path + QStringLiteral(": ") + what; };
    if (!d.value(QStringLiteral("path")).isString() || !path.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("path is not a string starting with /"));
    if (!d.value(QStringLiteral("compatible")).isArray())
        return fail(QStringLiteral("compatible is not a list"));
    for (const QJsonValue &c : d.value(QStringLiteral("compatible")).toArray())
        if (!c.isString())
            return fail(QStringLiteral("compatible has a non-string"));
    if (!d.value(QStringLiteral("status")).isString())
        return fail(QStringLiteral("status is not a string"));
    if (!d.value(QStringLiteral("regions")).isArray())
        return fail(QStringLiteral("regions is not a list"));
    for (const QJsonValue &r : d.value(QStringLiteral("regions")).toArray())
        if (!isJsonInteger(r.toObject().value(QStringLiteral("address")))
            || !isJsonInteger(r.toObject().value(QStringLiteral("size"))))
            return fail(QStringLiteral("a region lacks integer address/size"));
    if (!d.value(QStringLiteral("interrupts")).isArray())
        return fail(QStringLiteral("interrupts is not a list"));
    static const QStringList types = {QStringLiteral("spi"), QStringLiteral("ppi"), QStringLiteral("espi"),
                                      QStringLiteral("other")};
    for (const QJsonValue &iv : d.value(QStringLiteral("interrupts")).toArray()) {
        const QJsonObject i = iv.toObject();
        if (!i.value(QStringLiteral("controller")).isString())
            return fail(QStringLiteral("interrupt controller is not a string"));
        if (!types.contains(i.value(QStringLiteral("type")).toString()))
            return fail(QStringLiteral("interrupt type is not spi/ppi/espi/other"));
        if (!isJsonInteger(i.value(QStringLiteral("number"))))
            return fail(QStringLiteral("interrupt number is not an integer"));
        const QJsonValue irq = i.value(QStringLiteral("irq"));
        if (!(irq.isNull() || isJsonInteger(irq)))
            return fail(QStringLiteral("irq is neither an integer nor null"));
    }
    const QJsonValue iommuValue = d.value(QStringLiteral("iommu"));
    if (!iommuValue.isObject())
        return fail(QStringLiteral("iommu is not an object"));
    const QJsonObject iommu = iommuValue.toObject();
    if (!iommu.value(QStringLiteral("protected")).isBool() || !iommu.value(QStringLiteral("iommus")).isArray())
        return fail(QStringLiteral("iommu lacks protected (bool) / iommus (list)"));
    for (const QJsonValue &lv : iommu.value(QStringLiteral("iommus")).toArray()) {
        const QJsonObject l = lv.toObject();
        if (!l.value(QStringLiteral("iommu")).isString() || !l.value(QStringLiteral("stream_ids")).isArray())
            return fail(QStringLiteral("an iommus entry lacks iommu (string) / stream_ids (list)"));
        for (const QJsonValue &s : l.value(QStringLiteral("stream_ids")).toArray())
            if (!isJsonInteger(s))
                return fail(QStringLiteral("a stream id is not an integer"));
    }
    if (!d.value(QStringLiteral("scmi")).isArray())
        return fail(QStringLiteral("scmi is not a list"));
    for (const QJsonValue &sv : d.value(QStringLiteral("scmi")).toArray()) {
        const QJsonObject s = sv.toObject();
        if (!s.value(QStringLiteral("property")).isString() || !isJsonInteger(s.value(QStringLiteral("protocol")))
            || !isJsonInteger(s.value(QStringLiteral("id"))))
            return fail(QStringLiteral("an scmi entry lacks property/protocol/id"));
    }
    if (!d.value(QStringLiteral("dependencies")).isArray())
        return fail(QStringLiteral("dependencies is not a list"));
    for (const QJsonValue &dv : d.value(QStringLiteral("dependencies")).toArray()) {
        const QJsonObject dep = dv.toObject();
        if (!dep.value(QStringLiteral("property")).isString() || !dep.value(QStringLiteral("target")).isString())
            return fail(QStringLiteral("a dependency lacks property/target"));
    }
    return {};
}

QJsonObject parseJson(const QString &text, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = pe.errorString();
        return {};
    }
    return doc.object();
}

QJsonObject deviceByPath(const QJsonArray &devices, const QString &path)
{
    for (const QJsonValue &d : devices)
        if (d.toObject().value(QStringLiteral("path")).toString() == path)
            return d.toObject();
    return {};
}

// Every field of a node as text, so that two nodes compare field by field (children aside:
// HostModel::streamNodes leaves them empty).
QString nodeDump(const devassign::Node &n)
{
    using namespace devassign;
    QString t;
    QTextStream o(&t);
    const auto cells = [](const Cells &c) {
        QStringList s;
        for (quint32 v : c)
            s.append(QString::number(v, 16));
        return s.join(QLatin1Char(' '));
    };
    o << n.index << ' ' << n.parent << ' ' << n.depth << ' ' << n.fdtOffset << ' ' << n.path << ' ' << n.name << '\n'
      << n.compatible.join(QLatin1Char('|')) << " status=" << n.status << ' ' << n.enabled << " ph=" << n.phandle
      << " flags=" << n.hasReg << n.hasInterrupts << n.isInterruptController << n.isGic << '\n';
    for (const Property &p : n.properties)
        o << "prop " << p.name << '=' << p.value.toHex() << '\n';
    for (const Region &r : n.regions)
        o << "region " << r.address << ' ' << r.size << ' ' << r.busAddress << ' ' << r.cpuAddressable << ' ' << r.problem << '\n';
    for (const Interrupt &i : n.interrupts)
        o << "irq " << i.controller << ' ' << i.gic << ' ' << int(i.type) << ' ' << i.number << ' ' << (i.irq ? qint64(*i.irq) : -1)
          << ' ' << i.flags << " [" << cells(i.cells) << "] " << i.source << ' ' << i.via << ' ' << i.problem << '\n';
    o << "iommu " << n.iommu.isProtected << '\n';
    for (const IommuLink &l : n.iommu.links)
        o << "link " << int(l.binding) << ' ' << l.iommu << ' ' << l.iommuCompatible.join(QLatin1Char('|')) << ' ' << l.iommuEnabled
          << " [" << cells(l.streamIds) << "] [" << cells(l.cells) << "] " << l.length << '\n';
    for (const ScmiResource &r : n.scmi)
        o << "scmi " << r.property << ' ' << r.protocol << ' ' << r.id << ' ' << r.scmiNode << '\n';
    for (const Dependency &d : n.dependencies)
        o << "dep " << d.property << ' ' << d.target << " [" << cells(d.args) << "] " << d.guessed << ' ' << d.targetIndex << '\n';
    o << "dma " << n.dma.likely << n.dma.byClassOnly << ' ' << n.dma.evidence << ' ' << n.dma.masterClass << '\n';
    for (const QString &d : n.diagnostics)
        o << "diag " << d << '\n';
    o << "dangling " << n.danglingReferences.join(QLatin1Char(' ')) << '\n';
    o.flush();
    return t;
}

} // namespace

class TestInspectCli : public QObject {
    Q_OBJECT

private slots:
    void corruptInputExitsTwoWithOneLine_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("truncated") << testsupport::dataPath(QStringLiteral("corrupt/truncated.dtb"));
        QTest::newRow("overlapping") << testsupport::dataPath(QStringLiteral("corrupt/overlapping-blocks.dtb"));
        QTest::newRow("empty") << testsupport::dataPath(QStringLiteral("corrupt/empty.dtb"));
        QTest::newRow("dts syntax") << testsupport::dataPath(QStringLiteral("corrupt/syntax-error.dts"));
        QTest::newRow("missing") << testsupport::dataPath(QStringLiteral("no-such-board.dtb"));
    }

    void corruptInputExitsTwoWithOneLine()
    {
        QFETCH(QString, file);
        for (const QStringList &extra : {QStringList(), QStringList{QStringLiteral("--json")}}) {
            const auto r = testsupport::runCli(QStringList{QStringLiteral("inspect"), file} + extra);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
            const QString err = r.err.trimmed();
            QVERIFY2(!err.isEmpty() && !err.contains(QLatin1Char('\n')), qPrintable(r.err));
            QVERIFY2(err.contains(file), qPrintable(err));
        }
    }

    void jsonShape_data()
    {
        QTest::addColumn<QString>("board");
        QTest::newRow("virt-gicv3") << QStringLiteral("virt-gicv3.dtb");
        QTest::newRow("juno") << QStringLiteral("juno-r2-scmi.dtb");
    }

    void jsonShape()
    {
        QFETCH(QString, board);
        const auto r = testsupport::runCli({QStringLiteral("inspect"), QStringLiteral("--json"),
                                            testsupport::dataPath(board)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QString error;
        const QJsonObject root = parseJson(r.out, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(root.value(QStringLiteral("devices")).isArray());
        const QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
        QVERIFY(devices.size() > 20);
        for (const QJsonValue &d : devices) {
            QVERIFY(d.isObject());
            const QString problem = schemaProblem(d.toObject());
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
        // The model's reference device per board, with values worked out from the DTS.
        if (board.startsWith(QLatin1String("virt"))) {
            const QJsonObject rtc = deviceByPath(devices, QStringLiteral("/pl031@9010000"));
            QCOMPARE(rtc.value(QStringLiteral("regions")).toArray().at(0).toObject().value(QStringLiteral("address")).toInteger(),
                     qint64(0x9010000));
            const QJsonObject irq = rtc.value(QStringLiteral("interrupts")).toArray().at(0).toObject();
            QCOMPARE(irq.value(QStringLiteral("type")).toString(), QStringLiteral("spi"));
            QCOMPARE(irq.value(QStringLiteral("number")).toInteger(), qint64(2));
            QCOMPARE(irq.value(QStringLiteral("irq")).toInteger(), qint64(34));
            QCOMPARE(rtc.value(QStringLiteral("iommu")).toObject().value(QStringLiteral("protected")).toBool(true), false);
        } else {
            // Juno: at least one SCMI consumer and one SMMU-protected master appear in the JSON.
            int scmiDevices = 0, protectedDevices = 0;
            for (const QJsonValue &d : devices) {
                scmiDevices += d.toObject().value(QStringLiteral("scmi")).toArray().isEmpty() ? 0 : 1;
                protectedDevices += d.toObject().value(QStringLiteral("iommu")).toObject().value(QStringLiteral("protected")).toBool();
            }
            QVERIFY(scmiDevices > 0);
            QVERIFY(protectedDevices > 0);
        }
    }

    void nodeFilter()
    {
        const QString virt = testsupport::dataPath(QStringLiteral("virt-gicv3.dtb"));
        const auto r = testsupport::runCli({QStringLiteral("inspect"), QStringLiteral("--json"), virt, QStringLiteral("--node"),
                                            QStringLiteral("/pl031@9010000"), QStringLiteral("--node"),
                                            QStringLiteral("/pl011@9000000")});
        QCOMPARE(r.exitCode, 0);
        QString error;
        const QJsonArray devices = parseJson(r.out, &error).value(QStringLiteral("devices")).toArray();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(devices.size(), 2);
        QCOMPARE(devices[0].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("/pl031@9010000"));
        QCOMPARE(devices[1].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("/pl011@9000000"));

        // The table form filters the same way.
        const auto t = testsupport::runCli({QStringLiteral("inspect"), virt, QStringLiteral("--node"),
                                            QStringLiteral("/pl031@9010000")});
        QCOMPARE(t.exitCode, 0);
        QVERIFY(t.out.startsWith(QLatin1String("/pl031@9010000\n")));
        QVERIFY2(t.out.contains(QLatin1String("region      0x9010000 size 0x1000")), qPrintable(t.out));
        QVERIFY2(t.out.contains(QLatin1String("SPI 2 -> irq 34")), qPrintable(t.out));
        QVERIFY(!t.out.contains(QLatin1String("/pl011@9000000")));
    }

    // "Protected" is the one predicate (an IOMMU Xen drives); the hardware fact is behind_iommu.
    // RZ/G2M's IPMMU (compatible "renesas,ipmmu-r8a774a1", read from the DTS) is not in Xen's
    // ipmmu_dt_match (xen/drivers/passthrough/arm/ipmmu-vmsa.c), so its masters are behind an IOMMU
    // Xen cannot drive; Juno's MMU-500 masters are protected.
    void protectedMeansXenDrivesTheIommu()
    {
        const auto rcar = testsupport::runCli({QStringLiteral("inspect"), QStringLiteral("--json"),
                                               testsupport::dataPath(QStringLiteral("r8a774a1-hihope-rzg2m.dtb")),
                                               QStringLiteral("--node"), QStringLiteral("/soc/dma-controller@e6700000")});
        QCOMPARE(rcar.exitCode, 0);
        QString error;
        QJsonObject iommu = parseJson(rcar.out, &error).value(QStringLiteral("devices")).toArray()[0].toObject()
                                .value(QStringLiteral("iommu")).toObject();
        QCOMPARE(iommu.value(QStringLiteral("behind_iommu")).toBool(false), true);
        QCOMPARE(iommu.value(QStringLiteral("protected")).toBool(true), false);
        const auto juno = testsupport::runCli({QStringLiteral("inspect"), QStringLiteral("--json"),
                                               testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")),
                                               QStringLiteral("--node"), QStringLiteral("/hdlcd@7ff50000")});
        QCOMPARE(juno.exitCode, 0);
        iommu = parseJson(juno.out, &error).value(QStringLiteral("devices")).toArray()[0].toObject()
                    .value(QStringLiteral("iommu")).toObject();
        QCOMPARE(iommu.value(QStringLiteral("behind_iommu")).toBool(false), true);
        QCOMPARE(iommu.value(QStringLiteral("protected")).toBool(false), true);
    }

    void unknownNodeExitsTwo()
    {
        const QString virt = testsupport::dataPath(QStringLiteral("virt-gicv3.dtb"));
        const auto r = testsupport::runCli({QStringLiteral("inspect"), QStringLiteral("--json"), virt, QStringLiteral("--node"),
                                            QStringLiteral("/no-such-node@0")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = r.err.trimmed();
        QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err));
        QVERIFY2(err.contains(virt) && err.contains(QLatin1String("/no-such-node@0")), qPrintable(err));
    }

    // --json streams one device at a time (writeInspectJson); the bytes must stay those of the
    // whole QJsonDocument, on every board, for every device and for a --node selection or none.
    void streamedJsonIsTheDocument_data()
    {
        QTest::addColumn<QString>("board");
        for (const QString &b : QDir(testsupport::dataPath(QString())).entryList({QStringLiteral("*.dtb")}, QDir::Files))
            QTest::newRow(qPrintable(b)) << b;
    }

    void streamedJsonIsTheDocument()
    {
        QFETCH(QString, board);
        const auto model = testsupport::loadData(board);
        QVERIFY(model);
        const QStringList selections[] = {{}, {model->devices().value(0)->path}, {QStringLiteral("/no-such-node")}};
        for (const QStringList &paths : selections) {
            QString streamed;
            QTextStream out(&streamed);
            devassign::writeInspectJson(*model, paths, out);
            out.flush();
            const QByteArray whole = QJsonDocument(devassign::inspectToJson(*model, paths)).toJson(QJsonDocument::Indented);
            QCOMPARE(streamed.toUtf8(), whole);
        }
    }

    // HostModel::streamNodes decodes each node on its own, keeping only the skeleton in between:
    // every node it hands out must be the model's node, field by field, in structure order.
    void streamedNodesAreTheModel_data() { streamedJsonIsTheDocument_data(); }

    void streamedNodesAreTheModel()
    {
        QFETCH(QString, board);
        const auto model = testsupport::loadData(board);
        QVERIFY(model);
        int seen = 0;
        QString error, sha256;
        bool same = true;
        const bool ok = devassign::HostModel::streamNodes(
            testsupport::dataPath(board), &error,
            [&](const devassign::Node &n) {
                if (!same || seen >= model->nodes().size())
                    return;
                const QString want = nodeDump(model->nodes()[seen]);
                const QString got = nodeDump(n);
                if (got != want) {
                    same = false;
                    QCOMPARE(got, want);
                }
                QVERIFY(n.children.isEmpty());
                ++seen;
            },
            &sha256);
        QVERIFY2(ok, qPrintable(error));
        QVERIFY(same);
        QCOMPARE(seen, int(model->nodes().size()));
        QCOMPARE(sha256, model->sha256());
    }

    // The CLI's --json without --node streams from the file; its bytes are the whole model's
    // QJsonDocument.
    void cliJsonIsTheWholeDocument_data() { streamedJsonIsTheDocument_data(); }

    void cliJsonIsTheWholeDocument()
    {
        QFETCH(QString, board);
        const QString file = testsupport::dataPath(board);
        QString loadError;
        const auto model = devassign::HostModel::load(file, &loadError);
        QVERIFY(model);
        QString streamed, error;
        QTextStream out(&streamed);
        QVERIFY2(devassign::writeInspectJson(file, out, &error), qPrintable(error));
        out.flush();
        QCOMPARE(streamed.toUtf8(), QJsonDocument(devassign::inspectToJson(*model, {})).toJson(QJsonDocument::Indented));
    }

    void dtsInputWorks()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("tiny.dts"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n"
                "  uart@1000 { compatible = \"ns16550a\"; reg = <0x1000 0x100>; }; };\n");
        f.close();
        const auto r = testsupport::runCli({QStringLiteral("inspect"), QStringLiteral("--json"), path});
        QCOMPARE(r.exitCode, 0);
        QString error;
        const QJsonArray devices = parseJson(r.out, &error).value(QStringLiteral("devices")).toArray();
        QCOMPARE(devices.size(), 1);
        const QJsonObject uart = devices[0].toObject();
        QCOMPARE(uart.value(QStringLiteral("path")).toString(), QStringLiteral("/uart@1000"));
        QCOMPARE(uart.value(QStringLiteral("compatible")).toArray().at(0).toString(), QStringLiteral("ns16550a"));
        QCOMPARE(uart.value(QStringLiteral("status")).toString(), QStringLiteral("okay"));
        QCOMPARE(uart.value(QStringLiteral("regions")).toArray().at(0).toObject().value(QStringLiteral("size")).toInteger(),
                 qint64(0x100));
    }
};

QTEST_GUILESS_MAIN(TestInspectCli)
#include "tst_inspect_cli.moc"
