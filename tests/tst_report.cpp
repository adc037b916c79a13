// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign report P -o audit.html` on real projects, run as a user runs it: the CLI binary with no
// display and no QT_QPA_PLATFORM. The page is read back by Python's html.parser
// (tests/support/readreport.py): nothing on it loads anything from elsewhere; the Audit picture has
// a labelled box per domain and per assigned device; there is one row per diagnostic, as many as
// `devassign check --json` reports; the platform and the inputs' SHA-256 (computed here from the
// files) are shown; each device says why it is safe or what was acknowledged. Then headless
// Chromium renders the page (the picture goes to docs/screenshots/report-juno.png) and prints it to PDF.
// Expected facts are read by hand from the boards' DTS (dtc -I dtb -O dts tests/data/X.dtb).

#include "goldenprojects.h"
#include "project.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace devassign;

namespace {

QByteArray readBytes(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256Of(const QString &file)
{
    return QString::fromLatin1(QCryptographicHash::hash(readBytes(file), QCryptographicHash::Sha256).toHex());
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The CLI as on a server: no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM.
Run runHeadless(const QString &program, const QStringList &args, const QString &workDir, const QByteArray &input = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(workDir);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run cli(const QStringList &args, const QString &workDir)
{
    return runHeadless(QStringLiteral(DEVASSIGN_CLI), args, workDir);
}

QJsonObject readReport(const QByteArray &page, QString *problem)
{
    const Run r = runHeadless(QStringLiteral("/usr/bin/python3"),
        {QStringLiteral(DEVASSIGN_SOURCE_DIR "/tests/support/readreport.py")}, QDir::tempPath(), page);
    if (r.exitCode != 0)
        *problem = QStringLiteral("readreport.py: ") + QString::fromUtf8(r.err);
    return QJsonDocument::fromJson(r.out).object();
}

// Whether a box of `picture` holds a text that reads exactly `label` (its baseline inside the box).
bool labelledBox(const QJsonObject &picture, const QString &label)
{
    for (const QJsonValue &t : picture.value(QStringLiteral("texts")).toArray()) {
        const QJsonArray text = t.toArray();
        if (text.at(2).toString() != label)
            continue;
        const QPointF at(text.at(0).toDouble(), text.at(1).toDouble());
        for (const QJsonValue &b : picture.value(QStringLiteral("boxes")).toArray()) {
            const QJsonArray box = b.toArray();
            const QRectF r(box.at(0).toDouble(), box.at(1).toDouble(), box.at(2).toDouble(), box.at(3).toDouble());
            if (r.width() > 30 && r.contains(at))
                return true;
        }
    }
    return false;
}

QStringList texts(const QJsonObject &picture)
{
    QStringList out;
    for (const QJsonValue &t : picture.value(QStringLiteral("texts")).toArray())
        out << t.toArray().at(2).toString();
    return out;
}

QString lastComponent(const QString &path)
{
    return path.section(QLatin1Char('/'), -1);
}

// A project file in `dir` beside a copy of its board, as `devassign new` would lay it out.
QString writeProjectFile(const QString &dir, const QString &name, Project p, const QString &board)
{
    const QString dtb = QDir(dir).filePath(board);
    if (!QFile::copy(testsupport::dataPath(board), dtb))
        return QString();
    p.hostDtb = board;
    p.hostDtbSha256 = sha256Of(dtb);
    const QString file = QDir(dir).filePath(name + QStringLiteral(".devassign.json"));
    return writeProject(p, file) ? file : QString();
}

// The golden juno-smmu project (tests/goldenprojects.h): USB and HDLCD behind Juno's SMMUs, the
// UART without one (its DMA acknowledged), Xen 4.21.
QString junoProject(const QString &dir)
{
    for (const golden::Case &c : golden::cases())
        if (c.name == QLatin1String("juno-smmu")) {
            golden::Built b;
            golden::build(c, b);
            return b.error.isEmpty() ? writeProjectFile(dir, c.name, b.project, c.board) : QString();
        }
    return QString();
}

// sc7280 with eight domains, one device each (the studio's sc7280 Audit screenshot), Xen 4.19.
const QList<QPair<QString, QStringList>> kSc7280Domains = {
    {QStringLiteral("emmc"), {QStringLiteral("/soc@0/mmc@7c4000")}},
    {QStringLiteral("sdcard"), {QStringLiteral("/soc@0/mmc@8804000")}},
    {QStringLiteral("usb"), {QStringLiteral("/soc@0/usb@8cf8800")}},
    {QStringLiteral("usb2"), {QStringLiteral("/soc@0/usb@a6f8800")}},
    {QStringLiteral("video"), {QStringLiteral("/soc@0/video-codec@aa00000")}},
    {QStringLiteral("gpu"), {QStringLiteral("/soc@0/gpu@3d00000")}},
    {QStringLiteral("pcie"), {QStringLiteral("/soc@0/pci@1c08000")}},
    {QStringLiteral("dma"), {QStringLiteral("/soc@0/dma-controller@900000")}},
};

QString sc7280Project(const QString &dir)
{
    Project p = testsupport::projectWith(kSc7280Domains);
    p.platform.xen = xen::Release::Xen419;
    return writeProjectFile(dir, QStringLiteral("sc7280-eight"), p, QStringLiteral("sc7280-herobrine-crd.dtb"));
}

// The devices table's rows by device path (first cell): their state.
QMap<QString, QString> deviceStates(const QJsonObject &report)
{
    QMap<QString, QString> out;
    for (const QJsonValue &v : report.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject row = v.toObject();
        out.insert(row.value(QStringLiteral("cells")).toArray().at(0).toString().section(QLatin1Char(' '), 0, 0),
            row.value(QStringLiteral("state")).toString());
    }
    return out;
}

QString findChromium()
{
    for (const char *name : {"chromium", "chromium-browser"})
        if (const QString found = QStandardPaths::findExecutable(QString::fromLatin1(name)); !found.isEmpty())
            return found;
    return QString();
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void structureOfRealProjects_data();
    void structureOfRealProjects();
    void devicesSayWhyTheyAreSafe();
    void badInputIsOneLineAndExit2();
    void replacesTheFileAtomically();
    void chromiumRendersAndPrintsIt();
};

void TestReport::structureOfRealProjects_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("xen");
    QTest::addColumn<QStringList>("ram"); // host RAM banks as the report spans them
    QTest::addColumn<QStringList>("domains");
    QTest::addColumn<QStringList>("devices"); // the assigned devices' paths
    // juno-r2-scmi: /memory@80000000 reg = <0x0 0x80000000 0x0 0x7f000000 0x8 0x80000000 0x1 0x80000000>.
    QTest::newRow("juno-smmu") << QStringLiteral("juno") << QStringLiteral("4.21")
                               << QStringList {QStringLiteral("0x80000000-0xfeffffff"),
                                      QStringLiteral("0x880000000-0x9ffffffff")}
                               << QStringList {QStringLiteral("guest")}
                               << QStringList {QStringLiteral("/usb@7ffb0000"), QStringLiteral("/hdlcd@7ff50000"),
                                      QStringLiteral("/serial@7ff80000")};
    // sc7280-herobrine-crd: /memory@80000000 reg = <0x0 0x80000000 0x0 0x0>, filled in by the
    // bootloader: no RAM known; the report says so.
    QStringList names, devices;
    for (const auto &[name, nodes] : kSc7280Domains) {
        names << name;
        devices << nodes;
    }
    QTest::newRow("sc7280-eight-domains")
        << QStringLiteral("sc7280") << QStringLiteral("4.19") << QStringList {} << names << devices;
}

void TestReport::structureOfRealProjects()
{
    QFETCH(QString, which);
    QFETCH(QString, xen);
    QFETCH(QStringList, ram);
    QFETCH(QStringList, domains);
    QFETCH(QStringList, devices);
    QTemporaryDir dir;
    const QString project = which == QLatin1String("juno") ? junoProject(dir.path()) : sc7280Project(dir.path());
    QVERIFY(!project.isEmpty());

    // The count of diagnostics, from another face of the same analysis.
    const Run check = cli({QStringLiteral("check"), project, QStringLiteral("--json")}, dir.path());
    QVERIFY2(check.exitCode == 0 || check.exitCode == 1, check.err.constData());
    const QJsonArray diagnostics =
        QJsonDocument::fromJson(check.out).object().value(QStringLiteral("diagnostics")).toArray();
    QVERIFY(!diagnostics.isEmpty());

    QElapsedTimer timer;
    timer.start();
    const Run r =
        cli({QStringLiteral("report"), project, QStringLiteral("-o"), QStringLiteral("audit.html")}, dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("audit.html\n"));
    QVERIFY2(r.err.isEmpty(), r.err.constData()); // not even a Qt platform warning
    qInfo("report took %lld ms", timer.elapsed());
    const QByteArray page = readBytes(dir.filePath(QStringLiteral("audit.html")));
    QVERIFY(page.startsWith("<!DOCTYPE html>"));
    QVERIFY(!page.contains("<?xml")); // the SVGs are inlined without their prolog

    QString problem;
    const QJsonObject report = readReport(page, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Self-contained: nothing that loads, only links to the page's own rows.
    for (const QJsonValue &v : report.value(QStringLiteral("resources")).toArray()) {
        const QJsonArray res = v.toArray();
        QVERIFY2(res.at(0).toString() == QLatin1String("a") && res.at(2).toString().startsWith(QLatin1Char('#')),
            qPrintable(QJsonDocument(res).toJson(QJsonDocument::Compact)));
    }
    const QString style = report.value(QStringLiteral("style")).toString();
    QVERIFY(!style.contains(QLatin1String("url(")) && !style.contains(QLatin1String("@import")));
    QVERIFY(style.contains(QLatin1String("@media print")));

    // The platform and the inputs' hashes.
    const QJsonObject facts = report.value(QStringLiteral("facts")).toObject();
    QCOMPARE(facts.value(QStringLiteral("xen-release")).toString(), xen);
    const QString dtb = dir.filePath(which == QLatin1String("juno") ? QStringLiteral("juno-r2-scmi.dtb")
                                                                    : QStringLiteral("sc7280-herobrine-crd.dtb"));
    QCOMPARE(facts.value(QStringLiteral("host-dtb-sha256")).toString(), sha256Of(dtb));
    QCOMPARE(facts.value(QStringLiteral("project-sha256")).toString(), sha256Of(project));
    const QString hostRam = facts.value(QStringLiteral("host-ram")).toString();
    for (const QString &bank : ram)
        QVERIFY2(hostRam.contains(bank), qPrintable(hostRam));
    if (ram.isEmpty())
        QCOMPARE(hostRam, QStringLiteral("none known"));

    // One row per diagnostic, in the analysis' order, each with its cause and fix.
    const QJsonArray rows = report.value(QStringLiteral("diagnostics")).toArray();
    QCOMPARE(rows.size(), diagnostics.size());
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject d = diagnostics.at(i).toObject();
        const QJsonArray cells = rows.at(i).toObject().value(QStringLiteral("cells")).toArray();
        QCOMPARE(cells.size(), 7);
        QVERIFY(cells.at(2).toString().startsWith(d.value(QStringLiteral("rule")).toString()));
        QCOMPARE(cells.at(1).toString(), d.value(QStringLiteral("severity")).toString());
        QCOMPARE(cells.at(4).toString(), d.value(QStringLiteral("message")).toString().simplified());
        QCOMPARE(cells.at(5).toString(), d.value(QStringLiteral("fix")).toString().simplified());
    }

    // The Audit picture: a labelled box per domain (its column's header) and per device (its card).
    const QJsonObject pictures = report.value(QStringLiteral("pictures")).toObject();
    const QJsonObject audit = pictures.value(QStringLiteral("audit-picture")).toObject();
    QVERIFY(labelledBox(audit, QStringLiteral("dom0")));
    for (const QString &domain : domains)
        QVERIFY2(labelledBox(audit, domain), qPrintable(domain));
    for (const QString &device : devices)
        QVERIFY2(labelledBox(audit, lastComponent(device)), qPrintable(device));
    // The Memory map: a lane per guest; the IRQ map: a column per domain.
    const QStringList memory = texts(pictures.value(QStringLiteral("memory-picture")).toObject());
    QVERIFY(memory.contains(QStringLiteral("host physical")));
    for (const QString &domain : domains)
        QVERIFY2(memory.contains(domain + QStringLiteral(" (guest)")), qPrintable(memory.join(QLatin1Char('|'))));
    const QJsonObject irq = pictures.value(QStringLiteral("irq-picture")).toObject();
    for (const QString &domain : domains)
        QVERIFY2(labelledBox(irq, domain), qPrintable(domain));

    // A row per assigned device.
    const QMap<QString, QString> states = deviceStates(report);
    for (const QString &device : devices)
        QVERIFY2(states.contains(device), qPrintable(QStringList(states.keys()).join(QLatin1Char(' '))));
}

// Juno: /hdlcd@7ff50000 has iommus = <&smmu_hdlcd1 0> (an "arm,mmu-401" Xen's smmu.c drives);
// /serial@7ff80000 has no iommus and no dmas: passed without an IOMMU, and the golden project
// acknowledged dma-without-iommu for it with a note; it is also Juno's only UART and so the one
// Xen's console would use (/chosen stdout-path = "serial0:115200n8", serial0 =
// "/serial@7ff80000"): the warning xen-console-uart is open; /usb@7ffb0000 is behind an SMMU too, but
// stream-id-dom0 (its SMMU's stream id is also dom0's usb@7ffc0000's: iommus = <&smmu_usb 0>
// on both) is an open error, so it is not safe yet.
// sc7280: mmc@7c4000 iommus = <&apps_smmu 0xc0 0> ("arm,mmu-500"); the dwc3 glue usb@8cf8800 has
// no iommus and no dmas (passed without DMA); its child usb@8c00000 has iommus.
void TestReport::devicesSayWhyTheyAreSafe()
{
    QTemporaryDir dir;
    const QString juno = junoProject(dir.path());
    QVERIFY(!juno.isEmpty());
    Run r = cli({QStringLiteral("report"), juno, QStringLiteral("-o"), QStringLiteral("juno.html")}, dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QString problem;
    QJsonObject report = readReport(readBytes(dir.filePath(QStringLiteral("juno.html"))), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QMap<QString, QString> states = deviceStates(report);
    QCOMPARE(states.value(QStringLiteral("/hdlcd@7ff50000")), QStringLiteral("protected"));
    QCOMPARE(states.value(QStringLiteral("/serial@7ff80000")), QStringLiteral("acknowledged"));
    QCOMPARE(states.value(QStringLiteral("/usb@7ffb0000")), QStringLiteral("unsafe"));
    for (const QJsonValue &v : report.value(QStringLiteral("devices")).toArray()) {
        const QJsonArray cells = v.toObject().value(QStringLiteral("cells")).toArray();
        const QString device = cells.at(0).toString().section(QLatin1Char(' '), 0, 0);
        if (device == QLatin1String("/serial@7ff80000")) { // the rule and the note, and what is still open
            QVERIFY2(cells.at(2).toString().contains(
                         QStringLiteral("dma-without-iommu: golden test: no IOMMU on this path, accepted")),
                qPrintable(cells.at(2).toString()));
            QVERIFY2(cells.at(3).toString().contains(QStringLiteral("open: xen-console-uart (warning)")),
                qPrintable(cells.at(3).toString()));
        }
        if (device == QLatin1String("/usb@7ffb0000"))
            QVERIFY2(cells.at(3).toString().contains(QStringLiteral("open: stream-id-dom0 (error)")),
                qPrintable(cells.at(3).toString()));
    }

    const QString sc7280 = sc7280Project(dir.path());
    QVERIFY(!sc7280.isEmpty());
    r = cli({QStringLiteral("report"), sc7280, QStringLiteral("-o"), QStringLiteral("sc7280.html")}, dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    report = readReport(readBytes(dir.filePath(QStringLiteral("sc7280.html"))), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    states = deviceStates(report);
    QCOMPARE(states.value(QStringLiteral("/soc@0/mmc@7c4000")), QStringLiteral("protected"));
    QCOMPARE(states.value(QStringLiteral("/soc@0/usb@8cf8800")), QStringLiteral("no-dma"));
    QCOMPARE(states.value(QStringLiteral("/soc@0/usb@8cf8800/usb@8c00000")), QStringLiteral("protected"));
}

void TestReport::badInputIsOneLineAndExit2()
{
    QTemporaryDir dir;
    const QString project = junoProject(dir.path());
    QVERIFY(!project.isEmpty());
    const QByteArray before = readBytes(project);
    struct Case {
        QStringList args;
        QString mustName;
    };
    const QList<Case> cases = {
        {{QStringLiteral("report"), project}, QStringLiteral("-o FILE.html")},
        {{QStringLiteral("report"), QStringLiteral("missing.devassign.json"), QStringLiteral("-o"),
             QStringLiteral("a.html")},
            QStringLiteral("missing.devassign.json")},
        {{QStringLiteral("report"), project, QStringLiteral("-o"), project},
            QStringLiteral("is an input of the report")},
        {{QStringLiteral("report"), project, QStringLiteral("-o"), QStringLiteral("juno-r2-scmi.dtb")},
            QStringLiteral("is an input of the report")},
        {{QStringLiteral("report"), project, QStringLiteral("-o"), QStringLiteral("no/such/dir/a.html")},
            QStringLiteral("no/such/dir/a.html")},
    };
    for (const Case &c : cases) {
        const Run r = cli(c.args, dir.path());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(r.exitCode == 2, qPrintable(c.args.join(QLatin1Char(' ')) + QStringLiteral(": ") + err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY2(err.startsWith(QLatin1String("devassign report: ")) && err.contains(c.mustName), qPrintable(err));
    }
    QCOMPARE(readBytes(project), before);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a.html"))));
}

// An existing report is replaced whole, with nothing left beside it (core/atomicfile.h).
void TestReport::replacesTheFileAtomically()
{
    QTemporaryDir dir;
    const QString project = junoProject(dir.path());
    QVERIFY(!project.isEmpty());
    QFile old(dir.filePath(QStringLiteral("audit.html")));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(QByteArray(100000, 'x'));
    old.close();
    const QStringList before = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
    const Run r =
        cli({QStringLiteral("report"), project, QStringLiteral("-o"), QStringLiteral("audit.html")}, dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), before);
    const QByteArray page = readBytes(dir.filePath(QStringLiteral("audit.html")));
    QVERIFY(page.startsWith("<!DOCTYPE html>"));
    QVERIFY(page.trimmed().endsWith("</html>"));
}

// Debian's chromium, headless: the page renders to a picture that is not blank (kept as the user
// guide's screenshot), and prints to a PDF of several pages.
void TestReport::chromiumRendersAndPrintsIt()
{
    const QString chromium = findChromium();
    QVERIFY2(!chromium.isEmpty(), "chromium not found: scripts/install-deps.sh installs it");
    QTemporaryDir dir;
    const QString project = junoProject(dir.path());
    QVERIFY(!project.isEmpty());
    Run r = cli({QStringLiteral("report"), project, QStringLiteral("-o"), QStringLiteral("audit.html")}, dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString url = QUrl::fromLocalFile(dir.filePath(QStringLiteral("audit.html"))).toString();
    const QString png = dir.filePath(QStringLiteral("report.png"));
    const QStringList common = {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
        QStringLiteral("--disable-gpu"),
        QStringLiteral("--user-data-dir=") + dir.filePath(QStringLiteral("chromium-profile"))};
    QElapsedTimer timer;
    timer.start();
    r = runHeadless(chromium,
        common + QStringList {QStringLiteral("--screenshot=") + png, QStringLiteral("--window-size=1280,2000"), url},
        dir.path());
    qInfo("chromium screenshot took %lld ms", timer.elapsed());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(png);
    QVERIFY2(!image.isNull(), r.err.constData());
    QCOMPARE(image.size(), QSize(1280, 2000));
    // Not blank: many colours (text, the summary's red bar, table rules), and ink on a good part of it.
    QSet<QRgb> colours;
    int inked = 0;
    int samples = 0;
    for (int y = 0; y < image.height(); y += 5)
        for (int x = 0; x < image.width(); x += 5) {
            const QRgb c = image.pixel(x, y);
            colours.insert(c);
            ++samples;
            inked += qGray(c) < 200 ? 1 : 0;
        }
    QVERIFY2(colours.size() > 40, qPrintable(QString::number(colours.size())));
    QVERIFY2(inked > samples / 100, qPrintable(QStringLiteral("%1 of %2").arg(inked).arg(samples)));
    const QString docs = QStringLiteral(DEVASSIGN_SOURCE_DIR "/docs/screenshots");
    QVERIFY(QDir().mkpath(docs));
    QFile::remove(QDir(docs).filePath(QStringLiteral("report-juno.png")));
    QVERIFY(QFile::copy(png, QDir(docs).filePath(QStringLiteral("report-juno.png"))));

    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    r = runHeadless(chromium,
        common + QStringList {QStringLiteral("--print-to-pdf=") + pdf, QStringLiteral("--no-pdf-header-footer"), url},
        dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(readBytes(pdf).startsWith("%PDF-"));
    // Each picture on a page of its own: Juno's Audit picture is wider than tall (one column per
    // domain: dom0 and guest), a landscape page (@page picture); the Memory and IRQ maps are taller
    // than wide, portrait like the text before and between them.
    r = runHeadless(QStringLiteral("pdfinfo"),
        {QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("99"), pdf}, dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString info = QString::fromUtf8(r.out);
    int portrait = 0;
    int landscape = 0;
    const QRegularExpression size(QStringLiteral("Page +\\d+ size: +([0-9.]+) x ([0-9.]+)"));
    for (auto m = size.globalMatch(info); m.hasNext();) {
        const QRegularExpressionMatch page = m.next();
        (page.captured(1).toDouble() > page.captured(2).toDouble() ? landscape : portrait) += 1;
    }
    QVERIFY2(portrait >= 4 && landscape == 1, qPrintable(info));
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
