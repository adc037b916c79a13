// SPDX-License-Identifier: GPL-2.0-or-later
// Corrupt input must give a clean one-line error naming the file and the problem, never a crash:
// truncated blobs, flipped bytes, bad header offsets, bad magic/version, empty files and DTS
// syntax errors. The committed samples live in tests/data/corrupt/, the rest is generated here.

#include "hostmodel.h"
#include "inspect.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

#include <sys/stat.h>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;

namespace {

const char *const kBoards[] = {
    "virt-gicv3.dtb", "juno-r2-scmi.dtb", "zynqmp-zcu102-rev1.0.dtb", "rk3568-rock-3a.dtb", "imx8ulp-evk.dtb",
};

QByteArray readData(const QString &name)
{
    QFile f(testsupport::dataPath(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// Big-endian u32 store into a header field.
void setHeaderField(QByteArray &blob, int offset, quint32 value)
{
    blob[offset] = char(value >> 24);
    blob[offset + 1] = char(value >> 16);
    blob[offset + 2] = char(value >> 8);
    blob[offset + 3] = char(value);
}

// Header field offsets (struct fdt_header).
enum { kTotalSize = 4, kOffStruct = 8, kOffStrings = 12, kOffRsvmap = 16, kVersion = 20, kLastComp = 24,
       kSizeStrings = 32, kSizeStruct = 36 };

// The error is one line, starts with "<source>: " and the rest contains `problem`.
bool isCleanError(const QString &error, const QString &source, const QString &problem, QString *why)
{
    if (error.contains(QLatin1Char('\n'))) {
        *why = QStringLiteral("more than one line: ") + error;
        return false;
    }
    if (!error.startsWith(source + QStringLiteral(": "))) {
        *why = QStringLiteral("does not start with the source name %1: %2").arg(source, error);
        return false;
    }
    if (!error.contains(problem, Qt::CaseInsensitive)) {
        *why = QStringLiteral("does not mention '%1': %2").arg(problem, error);
        return false;
    }
    return true;
}

// Consistency of a model built from a blob that libfdt accepted after a corruption.
bool isSane(const HostModel &model, QString *why)
{
    const QVector<Node> &nodes = model.nodes();
    if (nodes.isEmpty() || nodes.front().path != QLatin1String("/")) {
        *why = QStringLiteral("no root node");
        return false;
    }
    for (const Node &n : nodes) {
        if (!n.path.startsWith(QLatin1Char('/')) || model.node(n.path) == nullptr) {
            *why = QStringLiteral("node %1 cannot be found by its path").arg(n.path);
            return false;
        }
        const bool root = n.index == 0;
        const bool linked = root ? n.parent == -1
                                 : n.parent >= 0 && n.parent < n.index && nodes[n.parent].children.contains(n.index);
        if (!linked) {
            *why = QStringLiteral("node %1 has a bad parent link").arg(n.path);
            return false;
        }
        for (const Region &r : n.regions)
            if (r.cpuAddressable != r.problem.isEmpty()) {
                *why = QStringLiteral("%1: a region is %2 but its problem is '%3'")
                           .arg(n.path, r.cpuAddressable ? QStringLiteral("addressable") : QStringLiteral("unmapped"),
                                r.problem);
                return false;
            }
        for (const Interrupt &i : n.interrupts) {
            if (!i.irq)
                continue;
            const quint32 base = i.type == IrqType::Spi ? 32 : i.type == IrqType::Espi ? 4096 : i.cells.value(0) == 3 ? 1056 : 16;
            if (!i.gic || *i.irq != i.number + base) {
                *why = QStringLiteral("%1: irq %2 does not follow from type %3 number %4")
                           .arg(n.path).arg(*i.irq).arg(irqTypeName(i.type)).arg(i.number);
                return false;
            }
        }
        for (const Dependency &d : n.dependencies)
            if (!model.node(d.target)) {
                *why = QStringLiteral("%1: dependency %2 points at a missing node %3").arg(n.path, d.property, d.target);
                return false;
            }
        for (const IommuLink &l : n.iommu.links)
            if (!model.node(l.iommu)) {
                *why = QStringLiteral("%1: IOMMU link to a missing node %2").arg(n.path, l.iommu);
                return false;
            }
    }
    const QJsonObject json = inspectToJson(model, {});
    if (json.value(QStringLiteral("devices")).toArray().size() != model.devices().size()) {
        *why = QStringLiteral("inspect JSON lists a different number of devices");
        return false;
    }
    return true;
}

// A DTB written with libfdt's sequential writer: `depth` nested nodes named "n" below the root,
// the innermost with `properties` u32 properties, and one extra node/property name if given.
QByteArray generatedBlob(int depth, int properties, const char *nodeName = "n", const char *propertyName = "p")
{
    return testsupport::fdtFrom(int(1024 + 64 * depth + 32 * properties) + 65536, [&](void *fdt) {
        for (int i = 0; i < depth; ++i)
            fdt_begin_node(fdt, i == depth - 1 ? nodeName : "n");
        for (int i = 0; i < properties; ++i) {
            const QByteArray name = i == 0 ? QByteArray(propertyName) : QByteArray("p") + QByteArray::number(i);
            fdt_property_u32(fdt, name.constData(), quint32(i));
        }
        for (int i = 0; i < depth; ++i)
            fdt_end_node(fdt);
    });
}

} // namespace

class TestCorrupt : public QObject {
    Q_OBJECT

private slots:
    void truncatedPrefixes_data()
    {
        QTest::addColumn<QString>("board");
        for (const char *b : kBoards)
            QTest::newRow(b) << QString::fromLatin1(b);
    }

    // Every 97th prefix length of a real DTB: all of them are shorter than totalsize.
    void truncatedPrefixes()
    {
        QFETCH(QString, board);
        const QByteArray blob = readData(board);
        QVERIFY(blob.size() > 1000);
        int checked = 0;
        for (int len = 0; len < blob.size(); len += 97) {
            const QString source = QStringLiteral("%1[:%2]").arg(board).arg(len);
            QString error, why;
            const HostModelPtr model = HostModel::fromBlob(blob.left(len), source, &error);
            QVERIFY2(!model, qPrintable(source + QStringLiteral(" was accepted")));
            const QString problem = len == 0 ? QStringLiteral("empty") : QStringLiteral("truncated");
            QVERIFY2(isCleanError(error, source, problem, &why), qPrintable(why));
            ++checked;
        }
        QCOMPARE(checked, (blob.size() + 96) / 97);
    }

    // Deterministic pseudo-random byte flips over several boards. A flip either breaks the blob
    // (clean error) or leaves a blob libfdt accepts, which must then build into a sane model.
    void flippedBytes()
    {
        std::mt19937 random(20240917u); // fixed seed: the same variants on every run
        int rejected = 0, accepted = 0;
        for (const char *b : kBoards) {
            const QString board = QString::fromLatin1(b);
            const QByteArray original = readData(board);
            QVERIFY(!original.isEmpty());
            for (int variant = 0; variant < 80; ++variant) {
                QByteArray blob = original;
                const int flips = 1 + int(random() % 4);
                QStringList where;
                for (int f = 0; f < flips; ++f) {
                    const int pos = int(random() % quint32(blob.size()));
                    const char mask = char(1 + random() % 255);
                    blob[pos] = char(blob[pos] ^ mask);
                    where.append(QString::number(pos));
                }
                const QString source = QStringLiteral("%1+flip@%2").arg(board, where.join(QLatin1Char(',')));
                QString error, why;
                const HostModelPtr model = HostModel::fromBlob(blob, source, &error);
                if (!model) {
                    QVERIFY2(isCleanError(error, source, QString(), &why), qPrintable(why));
                    QVERIFY2(error.size() > source.size() + 10, qPrintable(QStringLiteral("no problem stated: ") + error));
                    ++rejected;
                    continue;
                }
                QVERIFY2(isSane(*model, &why), qPrintable(source + QStringLiteral(": ") + why));
                ++accepted;
            }
        }
        QCOMPARE(rejected + accepted, 400);
        // Both paths must really be exercised by the corpus.
        QVERIFY2(rejected >= 20, qPrintable(QString::number(rejected)));
        qInfo("flipped-byte variants: %d rejected, %d accepted", rejected, accepted);
        QVERIFY2(accepted >= 20, qPrintable(QString::number(accepted)));
    }

    void badHeaders_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<qint64>("delta"); // added to the field's current value
        QTest::addColumn<QString>("problem");
        QTest::newRow("struct beyond end") << int(kOffStruct) << qint64(0x10000) << QStringLiteral("structure block");
        QTest::newRow("strings beyond end") << int(kOffStrings) << qint64(0x10000) << QStringLiteral("strings block");
        QTest::newRow("strings size beyond end") << int(kSizeStrings) << qint64(0x100) << QStringLiteral("strings block");
        QTest::newRow("struct size beyond end") << int(kSizeStruct) << qint64(0x100000) << QStringLiteral("structure block");
        QTest::newRow("rsvmap beyond end") << int(kOffRsvmap) << qint64(0x100000) << QStringLiteral("memory reservation map");
        QTest::newRow("totalsize beyond end") << int(kTotalSize) << qint64(0x1000) << QStringLiteral("truncated");
        QTest::newRow("totalsize inside header") << int(kTotalSize) << qint64(-1) << QStringLiteral("totalsize");
        QTest::newRow("overlapping blocks") << int(kOffStrings) << qint64(-2) << QStringLiteral("overlaps");
        QTest::newRow("version 1") << int(kVersion) << qint64(-1) << QStringLiteral("version");
        QTest::newRow("future last-comp version") << int(kLastComp) << qint64(100) << QStringLiteral("version");
    }

    void badHeaders()
    {
        QFETCH(int, field);
        QFETCH(qint64, delta);
        QFETCH(QString, problem);
        QByteArray blob = readData(QStringLiteral("virt-gicv3.dtb"));
        QVERIFY(!blob.isEmpty());
        const auto *h = reinterpret_cast<const fdt_header *>(blob.constData());
        quint32 value = 0;
        switch (field) {
        case kTotalSize: value = delta < 0 ? 20 : fdt_totalsize(h) + quint32(delta); break;
        case kOffStrings:
            // -2: make the strings block start 8 bytes into the structure block.
            value = delta == -2 ? fdt_off_dt_struct(h) + 8 : fdt_off_dt_strings(h) + quint32(delta);
            break;
        case kVersion: value = 1; break;
        case kLastComp: value = quint32(delta); break;
        case kOffStruct: value = fdt_off_dt_struct(h) + quint32(delta); break;
        case kOffRsvmap: value = fdt_off_mem_rsvmap(h) + quint32(delta); break;
        case kSizeStrings: value = fdt_size_dt_strings(h) + quint32(delta); break;
        case kSizeStruct: value = fdt_size_dt_struct(h) + quint32(delta); break;
        }
        setHeaderField(blob, field, value);
        const QString source = QStringLiteral("bad-header.dtb");
        QString error, why;
        QVERIFY(!HostModel::fromBlob(blob, source, &error));
        QVERIFY2(isCleanError(error, source, problem, &why), qPrintable(why));
    }

    // The committed samples, loaded from files: the error names the file path.
    void committedCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("problem");
        QTest::newRow("truncated") << QStringLiteral("truncated.dtb") << QStringLiteral("truncated");
        QTest::newRow("bad magic") << QStringLiteral("bad-magic.dtb") << QStringLiteral("bad FDT magic 0xd00dfeee");
        QTest::newRow("bad version") << QStringLiteral("bad-version.dtb") << QStringLiteral("unsupported FDT version 1");
        QTest::newRow("future version") << QStringLiteral("future-version.dtb") << QStringLiteral("unsupported FDT version 99");
        QTest::newRow("struct beyond end") << QStringLiteral("struct-beyond-end.dtb") << QStringLiteral("structure block");
        QTest::newRow("strings beyond end") << QStringLiteral("strings-beyond-end.dtb") << QStringLiteral("strings block");
        QTest::newRow("totalsize beyond end") << QStringLiteral("totalsize-beyond-end.dtb") << QStringLiteral("truncated");
        QTest::newRow("overlapping blocks") << QStringLiteral("overlapping-blocks.dtb") << QStringLiteral("overlaps");
        QTest::newRow("empty") << QStringLiteral("empty.dtb") << QStringLiteral("empty file");
        QTest::newRow("no root node") << QStringLiteral("no-root-node.dtb") << QStringLiteral("root node");
        QTest::newRow("syntax error") << QStringLiteral("syntax-error.dts") << QStringLiteral("syntax error");
    }

    void committedCorpus()
    {
        QFETCH(QString, file);
        QFETCH(QString, problem);
        const QString path = testsupport::dataPath(QStringLiteral("corrupt/") + file);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QString error, why;
        QVERIFY(!HostModel::load(path, &error));
        QVERIFY2(isCleanError(error, path, problem, &why), qPrintable(why));
    }

    // A #...-cells count that no binding uses (here 0x7fffffff on an interrupt nexus) once made the
    // model allocate a unit address of two billion cells (found by the fuzzer). It must be treated
    // as absent: the tree loads at once and the interrupt is reported, not decoded.
    void absurdCellCounts()
    {
        QString error;
        const auto model = testsupport::modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>;
    gic: interrupt-controller@8000000 { compatible = "arm,gic-v3"; interrupt-controller;
        #interrupt-cells = <3>; #address-cells = <0>; reg = <0 0x8000000 0 0x10000>; };
    nexus: nexus { #interrupt-cells = <1>; #address-cells = <0x7fffffff>;
        interrupt-map-mask = <0>; interrupt-map = <0 &gic 0 5 4>; };
    dev@9000000 { reg = <0 0x9000000 0 0x1000>; interrupts-extended = <&nexus 1>; };
};
)"), &error);
        QVERIFY2(model, qPrintable(error));
        const Node *dev = model->node(QStringLiteral("/dev@9000000"));
        QVERIFY(dev);
        QCOMPARE(dev->interrupts.size(), 1);
        // The nexus's #address-cells is ignored, so the root's 2 apply and the map no longer parses.
        QVERIFY(!dev->interrupts.front().irq.has_value());
        QVERIFY2(dev->interrupts.front().problem.contains(QStringLiteral("/nexus")), qPrintable(dev->interrupts.front().problem));
        QCOMPARE(dev->regions.front().address, quint64(0x9000000));
    }

    // Generated files (not committed) go through the same file path as user input.
    void generatedFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray blob = readData(QStringLiteral("juno-r2-scmi.dtb"));
        struct Case { const char *name; QByteArray bytes; const char *problem; };
        QByteArray overlap = blob;
        setHeaderField(overlap, kOffStrings, fdt_off_dt_struct(reinterpret_cast<const fdt_header *>(blob.constData())) + 8);
        const Case cases[] = {
            {"half.dtb", blob.left(blob.size() / 2), "truncated"},
            {"header-only.dtb", blob.left(40), "truncated"},
            {"tiny.dtb", blob.left(12), "smaller than an FDT header"},
            {"overlap.dtb", overlap, "overlaps"},
            {"text.dtb", QByteArray("hello, not a tree\n"), "bad FDT magic"},
            {"broken.dts", QByteArray("/dts-v1/;\n/ { a = <1>; \n"), "dtc failed"},
            {"badref.dts", QByteArray("/dts-v1/;\n/ { a = <&nowhere>; };\n"), "dtc failed"},
        };
        for (const Case &c : cases) {
            const QString path = dir.filePath(QLatin1String(c.name));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(c.bytes);
            f.close();
            QString error, why;
            QVERIFY2(!HostModel::load(path, &error), c.name);
            QVERIFY2(isCleanError(error, path, QLatin1String(c.problem), &why), qPrintable(why));
        }
        QString error;
        QVERIFY(!HostModel::load(dir.filePath(QStringLiteral("missing.dtb")), &error));
        QVERIFY2(error.startsWith(dir.filePath(QStringLiteral("missing.dtb")) + QStringLiteral(": cannot read: No such file")),
                 qPrintable(error));
    }

    // The documented limits (docs/model.md, core/inputlimits.h) hold at both edges, and a blob past
    // them is refused in one line before the model is built (a 50,000-deep tree used to grow memory
    // quadratically; a 100,000-property node used to time dtc out).
    void structureLimits()
    {
        QString error;
        QVERIFY2(HostModel::fromBlob(generatedBlob(64, 1), QStringLiteral("deep.dtb"), &error), qPrintable(error));
        QVERIFY(!HostModel::fromBlob(generatedBlob(65, 1), QStringLiteral("deep.dtb"), &error));
        QString why;
        QVERIFY2(isCleanError(error, QStringLiteral("deep.dtb"), QStringLiteral("more than 64 levels"), &why),
                 qPrintable(why));
        QVERIFY(!HostModel::fromBlob(generatedBlob(50000, 1), QStringLiteral("deeper.dtb"), &error));
        QVERIFY2(isCleanError(error, QStringLiteral("deeper.dtb"), QStringLiteral("levels"), &why), qPrintable(why));

        QVERIFY2(HostModel::fromBlob(generatedBlob(1, 4096), QStringLiteral("wide.dtb"), &error), qPrintable(error));
        QVERIFY(!HostModel::fromBlob(generatedBlob(1, 4097), QStringLiteral("wide.dtb"), &error));
        QVERIFY2(isCleanError(error, QStringLiteral("wide.dtb"), QStringLiteral("more than 4096 properties"), &why),
                 qPrintable(why));
        QVERIFY(!HostModel::fromBlob(generatedBlob(1, 20000), QStringLiteral("wider.dtb"), &error));
        QVERIFY2(isCleanError(error, QStringLiteral("wider.dtb"), QStringLiteral("properties"), &why), qPrintable(why));
    }

    // Names outside the devicetree specification's characters (v0.4 §2.2.1, §2.2.4) are refused:
    // they would be copied into DTS and other files whose syntax they could break.
    void namesOutsideTheSpecification_data()
    {
        QTest::addColumn<QByteArray>("node");
        QTest::addColumn<QByteArray>("property");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("spec characters") << QByteArray("a-Z_0.9,x+y@1,f") << QByteArray("a,b#c?_.+-") << true;
        QTest::newRow("quote in node") << QByteArray("dev\"ice@1") << QByteArray("p") << false;
        QTest::newRow("newline in node") << QByteArray("dev\nice") << QByteArray("p") << false;
        QTest::newRow("two @") << QByteArray("a@1@2") << QByteArray("p") << false;
        QTest::newRow("brace in property") << QByteArray("n") << QByteArray("p{") << false;
        QTest::newRow("@ in property") << QByteArray("n") << QByteArray("p@1") << false;
        QTest::newRow("space in property") << QByteArray("n") << QByteArray("a b") << false;
    }

    void namesOutsideTheSpecification()
    {
        QFETCH(QByteArray, node);
        QFETCH(QByteArray, property);
        QFETCH(bool, accepted);
        QString error;
        const HostModelPtr model = HostModel::fromBlob(generatedBlob(1, 1, node.constData(), property.constData()),
                                                       QStringLiteral("names.dtb"), &error);
        QCOMPARE(bool(model), accepted);
        QString why;
        if (!accepted)
            QVERIFY2(isCleanError(error, QStringLiteral("names.dtb"), QStringLiteral("does not allow"), &why),
                     qPrintable(why));
    }

    // What is not a regular file is refused before it is read: a FIFO would block forever,
    // /dev/zero never ends, a directory is not a tree; a file over the size limit is not read.
    void specialAndOversizedFiles()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("fifo.dtb"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        const QString big = dir.filePath(QStringLiteral("big.dtb"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(64 * 1024 * 1024 + 1)); // sparse: one byte over the limit
        }
        const struct {
            QString path;
            const char *problem;
        } cases[] = {
            {fifo, "is a FIFO, not a regular file"},
            {QStringLiteral("/dev/zero"), "is a character device, not a regular file"},
            {dir.path(), "is a directory, not a regular file"},
            {big, "is larger than a device tree may be (64 MiB)"},
        };
        for (const auto &c : cases) {
            QString error, why;
            QElapsedTimer clock;
            clock.start();
            QVERIFY2(!HostModel::load(c.path, &error), qPrintable(c.path));
            QVERIFY2(clock.elapsed() < 2000, qPrintable(c.path));
            QVERIFY2(isCleanError(error, c.path, QLatin1String(c.problem), &why), qPrintable(why));
        }
    }

    // Trailing bytes after totalsize are not part of the tree: the model keeps exactly totalsize bytes.
    void trailingGarbageIsIgnored()
    {
        const QByteArray blob = readData(QStringLiteral("virt-gicv3.dtb"));
        QString error;
        const HostModelPtr model = HostModel::fromBlob(blob + QByteArray(100, '\xff'), QStringLiteral("padded.dtb"), &error);
        QVERIFY2(model, qPrintable(error));
        QCOMPARE(model->blob().size(), blob.size());
        QVERIFY(model->node(QStringLiteral("/pl031@9010000")));
    }
};

QTEST_GUILESS_MAIN(TestCorrupt)
#include "tst_corrupt.moc"
