// SPDX-License-Identifier: GPL-2.0-or-later
// runExport, the one export pipeline behind `devassign export` and the studio's Export: refusal
// while errors remain, --force recorded, kernel/ramdisk sizes (missing one named), which
// directories may be replaced, and that what it writes is exactly what the exporters produce.

#include "exportjob.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <memory>

using namespace devassign;

namespace {

const QString kRtc = QStringLiteral("/pl031@9010000");

bool writeBytes(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readBytes(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every file under `dir`, relative to it, sorted.
QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestExportJob : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();

    void writesWhatTheExportersProduce();
    void refusesWhileErrorsRemain();
    void forceIsRecordedInTheFiles();
    void missingKernelOrRamdiskIsNamed();
    void moduleSizesKeyedByResolvedPath();
    void nonExportDirectoryIsRefused();
    void previousExportIsReplaced();
    void emptyDirectoryIsAccepted();
    void noHostModel();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    ExportRequest request(const QString &outDir, bool force = false) const;
    // domU2 also gets the RTC, as a hand-edited file can say (assignDevice refuses it).
    void assignRtcTwice();

    HostModelPtr m_model;
    std::unique_ptr<QTemporaryDir> m_dir;
    Project m_project;
};

void TestExportJob::initTestCase()
{
    m_model = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    QVERIFY(m_model);
}

void TestExportJob::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(writeBytes(path(QStringLiteral("Image")), QByteArray(4096, 'k')));
    QVERIFY(writeBytes(path(QStringLiteral("initrd.cpio.gz")), QByteArray(1000, 'r')));
    m_project = Project();
    m_project.hostDtb = testsupport::dataPath(QStringLiteral("virt-gicv3.dtb"));
    m_project.hostDtbSha256 = m_model->sha256();
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    d.kernel = QStringLiteral("Image");
    d.ramdisk = QStringLiteral("initrd.cpio.gz");
    d.bootargs = QStringLiteral("console=ttyAMA0");
    QCOMPARE(addDomain(m_project, d).error(), QString());
    QCOMPARE(assignDevice(m_project, d.name, kRtc).error(), QString());
}

ExportRequest TestExportJob::request(const QString &outDir, bool force) const
{
    ExportRequest r;
    r.model = m_model.get();
    r.project = &m_project;
    r.projectFile = path(QStringLiteral("p.devassign.json"));
    r.outDir = outDir;
    r.force = force;
    return r;
}

void TestExportJob::assignRtcTwice()
{
    DomainConfig d;
    d.name = QStringLiteral("domU2");
    d.kernel = QStringLiteral("Image");
    QCOMPARE(addDomain(m_project, d).error(), QString());
    QVERIFY(!assignDevice(m_project, d.name, kRtc).error().isEmpty());
    m_project.domain(d.name)->devices << kRtc;
    QCOMPARE(m_project.owners(kRtc), (QStringList{QStringLiteral("domU1"), QStringLiteral("domU2")}));
}

void TestExportJob::writesWhatTheExportersProduce()
{
    const QString out = path(QStringLiteral("out"));
    const ExportOutcome o = runExport(request(out));
    QVERIFY2(o.ok(), qPrintable(o.error));
    QVERIFY(o.ok());
    QVERIFY(o.error.isEmpty());
    QVERIFY(!o.forced);
    QCOMPARE(o.analysis.errorCount(), 0);

    // The same bytes as the exporters give for the same inputs, and nothing else on disk.
    const Analysis analysis = analyze(*m_model, m_project);
    ExportContext ctx(m_model.get(), &m_project, &analysis, path(QStringLiteral("p.devassign.json")));
    ctx.fileSizes = {{path(QStringLiteral("Image")), 4096}, {path(QStringLiteral("initrd.cpio.gz")), 1000}};
    QString error;
    const QVector<ExportFile> expected = exportProject(ctx, &error);
    QVERIFY2(!expected.isEmpty(), qPrintable(error));
    QCOMPARE(o.files.size(), expected.size());
    QStringList expectedPaths;
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(o.files.at(i).path, expected.at(i).path);
        QCOMPARE(o.files.at(i).bytes, expected.at(i).bytes);
        QCOMPARE(o.written.at(i), QDir(out).filePath(expected.at(i).path));
        QCOMPARE(readBytes(o.written.at(i)), expected.at(i).bytes);
        expectedPaths << expected.at(i).path;
    }
    // The manifest lists every file with the SHA-256 of the bytes written (docs/exports.md).
    QCOMPARE(o.written.last(), QDir(out).filePath(kManifestName));
    const QJsonObject manifest = QJsonDocument::fromJson(readBytes(o.written.last())).object();
    QCOMPARE(manifest.value(QStringLiteral("format")).toString(), QStringLiteral("devassign-export"));
    const QJsonArray listed = manifest.value(QStringLiteral("files")).toArray();
    QCOMPARE(listed.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(listed.at(i).toObject().value(QStringLiteral("path")).toString(), expected.at(i).path);
        QCOMPARE(listed.at(i).toObject().value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(expected.at(i).bytes, QCryptographicHash::Sha256).toHex()));
    }
    expectedPaths << kManifestName;
    expectedPaths.sort();
    QCOMPARE(filesUnder(out), expectedPaths);
    QVERIFY(expectedPaths.contains(QStringLiteral("audit.md")));
    QVERIFY(expectedPaths.contains(QStringLiteral("dom0less/host.dtb")));
}

void TestExportJob::refusesWhileErrorsRemain()
{
    assignRtcTwice();
    const QString out = path(QStringLiteral("out"));
    ExportOutcome o = runExport(request(out));
    QCOMPARE(o.status, ExportStatus::ErrorsRemain);
    QCOMPARE(o.status, ExportStatus::ErrorsRemain);
    const int errors = o.analysis.errorCount();
    QVERIFY(errors > 0);
    bool twice = false;
    for (const Diagnostic &d : o.analysis.diagnostics)
        twice = twice || (d.rule == QLatin1String("device-in-two-domains") && d.severity == Severity::Error);
    QVERIFY(twice);
    QCOMPARE(o.error, QStringLiteral("%1; nothing written (fix or acknowledge them, or use --force)")
                          .arg(errors == 1 ? QStringLiteral("1 error remains") : QStringLiteral("%1 errors remain").arg(errors)));
    QVERIFY(!o.forced);
    QVERIFY(o.files.isEmpty());
    QVERIFY(o.written.isEmpty());
    QVERIFY(!QFileInfo::exists(out));

    // The studio names its own way past the refusal; the rule is the same.
    ExportRequest r = request(out);
    r.forceHint = QStringLiteral("export anyway");
    o = runExport(r);
    QCOMPARE(o.status, ExportStatus::ErrorsRemain);
    QVERIFY2(o.error.endsWith(QLatin1String("or export anyway)")), qPrintable(o.error));
    QVERIFY(!QFileInfo::exists(out));

    // A refusal comes before the other checks: a missing kernel is not reported yet.
    QVERIFY(QFile::remove(path(QStringLiteral("Image"))));
    o = runExport(request(out));
    QCOMPARE(o.status, ExportStatus::ErrorsRemain);
}

void TestExportJob::forceIsRecordedInTheFiles()
{
    assignRtcTwice();
    const QString out = path(QStringLiteral("out"));
    const ExportOutcome o = runExport(request(out, true));
    QVERIFY2(o.ok(), qPrintable(o.error));
    QVERIFY(o.forced);
    const int errors = o.analysis.errorCount();
    QVERIFY(errors > 0);
    const QByteArray line = (errors == 1 ? QStringLiteral("EXPORTED WITH --force: 1 error was not fixed")
                                         : QStringLiteral("EXPORTED WITH --force: %1 errors were not fixed").arg(errors)).toUtf8();
    for (const char *file : {"domU1/passthrough.dts", "domU2/passthrough.dts", "dom0less/host.dts", "audit.md"})
        QVERIFY2(readBytes(QDir(out).filePath(QLatin1String(file))).contains(line), file);

    // Without errors, --force changes nothing: not recorded as forced.
    m_project.domain(QStringLiteral("domU2"))->devices.clear();
    const QString clean = path(QStringLiteral("clean"));
    const ExportOutcome c = runExport(request(clean, true));
    QVERIFY2(c.ok(), qPrintable(c.error));
    QVERIFY(!c.forced);
    QVERIFY(!readBytes(QDir(clean).filePath(QStringLiteral("audit.md"))).contains("EXPORTED WITH --force"));
}

void TestExportJob::missingKernelOrRamdiskIsNamed()
{
    const QString out = path(QStringLiteral("out"));
    // Both gone: the first one (in domain order, kernel before ramdisk) is named.
    QVERIFY(QFile::remove(path(QStringLiteral("Image"))));
    QVERIFY(QFile::remove(path(QStringLiteral("initrd.cpio.gz"))));
    ExportOutcome o = runExport(request(out));
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.error,
             QStringLiteral("domain 'domU1': kernel Image not found (%1)").arg(path(QStringLiteral("Image"))));
    QVERIFY(o.files.isEmpty());
    QVERIFY(!QFileInfo::exists(out));

    QVERIFY(writeBytes(path(QStringLiteral("Image")), "kernel"));
    o = runExport(request(out, true));
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.error, QStringLiteral("domain 'domU1': ramdisk initrd.cpio.gz not found (%1)")
                          .arg(path(QStringLiteral("initrd.cpio.gz"))));
    QVERIFY(!QFileInfo::exists(out));

    // A directory where the kernel should be is not a kernel.
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("initrd.cpio.gz")));
    o = runExport(request(out));
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.error, QStringLiteral("domain 'domU1': ramdisk initrd.cpio.gz: %1: is a directory, not a regular file")
                          .arg(path(QStringLiteral("initrd.cpio.gz"))));
}

void TestExportJob::moduleSizesKeyedByResolvedPath()
{
    DomainConfig d;
    d.name = QStringLiteral("domU2");
    d.kernel = QStringLiteral("../missing/Image2");
    d.ramdisk = path(QStringLiteral("initrd.cpio.gz")); // stored absolute
    QCOMPARE(addDomain(m_project, d).error(), QString());

    QMap<QString, quint64> sizes;
    QString error;
    // A relative project file resolves like an absolute one (from the current directory).
    const QString projectFile = QDir::current().relativeFilePath(path(QStringLiteral("p.devassign.json")));
    QVERIFY(!readModuleFileSizes(m_project, projectFile, &sizes, &error));
    const QString missing = QDir::cleanPath(path(QStringLiteral("../missing/Image2")));
    QCOMPARE(error, QStringLiteral("domain 'domU2': kernel ../missing/Image2 not found (%1)").arg(missing));
    // An absolute path that is not here (an imported dom.cfg names the target's): the way out, once.
    Project imported = m_project;
    imported.domains.last().kernel = QStringLiteral("/etc/xen/domU2/Image");
    QVERIFY(!readModuleFileSizes(imported, projectFile, &sizes, &error));
    QCOMPARE(error, QStringLiteral("domain 'domU2': kernel /etc/xen/domU2/Image not found; give the file on this "
                                   "machine with devassign domain set P domU2 --kernel FILE"));
    // Every file that exists is still measured (the live preview uses them).
    const QMap<QString, quint64> expected{{path(QStringLiteral("Image")), 4096},
                                          {path(QStringLiteral("initrd.cpio.gz")), 1000}};
    QCOMPARE(sizes, expected);
    QVERIFY(!readModuleFileSizes(m_project, projectFile, &sizes, nullptr));

    m_project.domain(QStringLiteral("domU2"))->kernel = QStringLiteral("Image");
    sizes.clear();
    error.clear();
    QVERIFY(readModuleFileSizes(m_project, projectFile, &sizes, &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(sizes, expected);
}

void TestExportJob::nonExportDirectoryIsRefused()
{
    const QString mine = path(QStringLiteral("mine"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("mine")));
    QVERIFY(writeBytes(QDir(mine).filePath(QStringLiteral("notes.txt")), "precious"));
    const QString reason = QStringLiteral("%1 is not empty and is not exactly a previous devassign export: it holds "
                                          "no devassign export manifest (devassign-manifest.json); export into a new or "
                                          "empty directory")
                               .arg(mine);
    QCOMPARE(checkExportDirectory(mine).error(), reason);
    ExportOutcome o = runExport(request(mine, true));
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.error, reason);
    QCOMPARE(filesUnder(mine), QStringList{QStringLiteral("notes.txt")});
    QCOMPARE(readBytes(QDir(mine).filePath(QStringLiteral("notes.txt"))), QByteArray("precious"));

    // A hidden file counts: the directory is not empty.
    const QString dotted = path(QStringLiteral("dotted"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("dotted")));
    QVERIFY(writeBytes(QDir(dotted).filePath(QStringLiteral(".config")), "x"));
    QVERIFY(checkExportDirectory(dotted).error().contains(QLatin1String("no devassign export manifest")));
    // A directory that only looks like an old export (an audit.md, no manifest) is not one.
    QVERIFY(writeBytes(QDir(mine).filePath(QStringLiteral("audit.md")), "# devassign audit"));
    QVERIFY(!checkExportDirectory(mine).ok());

    // A file is never replaced by a directory.
    const QString kernel = path(QStringLiteral("Image"));
    QCOMPARE(checkExportDirectory(kernel).error(), QStringLiteral("%1 exists and is not a directory").arg(kernel));
    o = runExport(request(kernel));
    QCOMPARE(o.error, QStringLiteral("%1 exists and is not a directory").arg(kernel));
    QCOMPARE(QFileInfo(kernel).size(), 4096);
}

void TestExportJob::previousExportIsReplaced()
{
    const QString out = path(QStringLiteral("out"));
    ExportOutcome o = runExport(request(out));
    QVERIFY2(o.ok(), qPrintable(o.error));
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("audit.md"))));
    QVERIFY(checkExportDirectory(out).ok());
    QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("domU1/dom.cfg"))));
    // A file the user added to the previous export makes it not one: nothing is replaced.
    QVERIFY(writeBytes(QDir(out).filePath(QStringLiteral("stale.txt")), "mine"));
    o = runExport(request(out));
    QCOMPARE(o.status, ExportStatus::Failed);
    QVERIFY2(o.error.contains(QStringLiteral("holds stale.txt, which the previous export did not write")), qPrintable(o.error));
    QCOMPARE(readBytes(QDir(out).filePath(QStringLiteral("stale.txt"))), QByteArray("mine"));
    QVERIFY(QFile::remove(QDir(out).filePath(QStringLiteral("stale.txt"))));

    DomainConfig d = *m_project.domain(QStringLiteral("domU1"));
    d.dom0less = false;
    d.xl = true;
    QCOMPARE(updateDomain(m_project, d.name, d).error(), QString());
    o = runExport(request(out));
    QVERIFY2(o.ok(), qPrintable(o.error));
    QStringList paths{kManifestName};
    for (const ExportFile &f : o.files)
        paths << f.path;
    paths.sort();
    QCOMPARE(filesUnder(out), paths);
    QVERIFY(paths.contains(QStringLiteral("domU1/dom.cfg")));
    QVERIFY(!paths.contains(QStringLiteral("dom0less/host.dtb")));
}

void TestExportJob::emptyDirectoryIsAccepted()
{
    const QString empty = path(QStringLiteral("empty"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("empty")));
    QVERIFY(checkExportDirectory(empty).ok());
    QVERIFY(checkExportDirectory(path(QStringLiteral("not/yet/there"))).ok());
    const ExportOutcome o = runExport(request(empty));
    QVERIFY2(o.ok(), qPrintable(o.error));
    QVERIFY(!o.files.isEmpty());
    QCOMPARE(filesUnder(empty).size(), o.files.size() + 1); // and the manifest
}

void TestExportJob::noHostModel()
{
    ExportRequest r = request(path(QStringLiteral("out")), true);
    r.model = nullptr;
    const ExportOutcome o = runExport(r);
    QCOMPARE(o.status, ExportStatus::Failed);
    QCOMPARE(o.error, QStringLiteral("nothing to export: no host DTB loaded"));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("out"))));
}

QTEST_GUILESS_MAIN(TestExportJob)
#include "tst_exportjob.moc"
