// SPDX-License-Identifier: GPL-2.0-or-later
// The export directory writer never loses a user's files (core/exportwriter.h, docs/exports.md):
// it replaces only a directory that is empty or exactly a previous export (its manifest, unchanged),
// never a symbolic link, the current directory, an ancestor of it or of an input; leftovers of
// killed exports are recovered or removed by the next one; concurrent exports take turns.

#include "exportwriter.h"
#include "sha256.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

#include <unistd.h>

using namespace devassign;

namespace {

QByteArray readBytes(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString &file, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(file).path());
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Every file under `dir`, relative, sorted (hidden ones too, links not followed).
QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

const QVector<ExportFile> kOld = {{QStringLiteral("audit.md"), "old audit"}, {QStringLiteral("d/dom.cfg"), "old cfg"}};
const QVector<ExportFile> kNew = {{QStringLiteral("audit.md"), "new audit"}, {QStringLiteral("e/x.dtb"), "new dtb"}};

QStringList pathsOf(const QVector<ExportFile> &files)
{
    QStringList out{kManifestName};
    for (const ExportFile &f : files)
        out << f.path;
    out.sort();
    return out;
}

// The directory holds exactly `files` and their manifest.
bool holds(const QString &dir, const QVector<ExportFile> &files)
{
    if (filesUnder(dir) != pathsOf(files))
        return false;
    for (const ExportFile &f : files)
        if (readBytes(QDir(dir).filePath(f.path)) != f.bytes)
            return false;
    return readBytes(QDir(dir).filePath(kManifestName)) == exportManifest(files);
}

} // namespace

class TestExportWriter : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        m_cwd = QDir::currentPath();
    }
    void cleanup() { QDir::setCurrent(m_cwd); }

    void sha256MatchesTheStandardAndASecondReader();
    void newThenReplaced();
    void manifestIsExact();
    void directoryThatIsNotExactlyAnExportIsKept_data();
    void directoryThatIsNotExactlyAnExportIsKept();
    void currentDirectoryAndAncestorsAreRefused();
    void inputsAreNeverInside();
    void symbolicLinkIsNeverFollowed();
    void cliExportIntoTheWorkingDirectory();
    void leftoversAreRemovedOrRecovered();
    void foreignLeftoverLookalikeIsKept();
    void concurrentExportsTakeTurns();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cwd;
};

void TestExportWriter::newThenReplaced()
{
    const QString out = path(QStringLiteral("out"));
    QVERIFY(writeExportAtomically(kOld, out).ok());
    QVERIFY(holds(out, kOld));
    const Status replaced = writeExportAtomically(kNew, out);
    QVERIFY2(replaced.ok(), qPrintable(replaced.error()));
    QVERIFY(holds(out, kNew)); // replaced as a whole, not merged: d/dom.cfg is gone
    QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("out")}); // no staging or old copy left
}

// core/sha256 (libcrypto) against FIPS 180-2's examples (appendix B) and QCryptographicHash's
// own SHA-256 on lengths around the 64-byte block and its 56-byte padding boundary.
void TestExportWriter::sha256MatchesTheStandardAndASecondReader()
{
    QCOMPARE(sha256Hex(QByteArray()), QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(sha256Hex("abc"), QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             QStringLiteral("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    for (int size : {1, 55, 56, 63, 64, 65, 1000, 1 << 20}) {
        QByteArray bytes(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            bytes[i] = char((i * 131 + 7) & 0xff);
        QCOMPARE(sha256(bytes), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
    }
}

// The manifest names every file with the SHA-256 of its bytes (sha256sum of "old audit" and
// "old cfg", computed by coreutils).
void TestExportWriter::manifestIsExact()
{
    const QJsonObject m = QJsonDocument::fromJson(exportManifest(kOld)).object();
    QCOMPARE(m.value(QStringLiteral("format")).toString(), QStringLiteral("devassign-export"));
    QCOMPARE(m.value(QStringLiteral("version")).toInt(), 1);
    const QJsonArray files = m.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files[0].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("audit.md"));
    QCOMPARE(files[0].toObject().value(QStringLiteral("sha256")).toString(),
             QStringLiteral("3665994e90e8b96e7120d3c91b1c49bca513ad6c3e3d18022c248e3f9a7c8949"));
    QCOMPARE(files[1].toObject().value(QStringLiteral("sha256")).toString(),
             QStringLiteral("4bf4cfca53004841b60f7da9c5d9b74bd1c771f36d0c4e788475c453fe87c1a5"));
}

void TestExportWriter::directoryThatIsNotExactlyAnExportIsKept_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("reason");
    QTest::newRow("an added file") << "add" << "holds notes.txt, which the previous export did not write";
    QTest::newRow("a changed file") << "change" << "holds d/dom.cfg, which was changed after devassign wrote it";
    QTest::newRow("a removed file") << "remove" << "lacks audit.md, which the previous export wrote";
    QTest::newRow("no manifest, only an audit.md") << "unmanifest" << "holds no devassign export manifest";
    QTest::newRow("a symbolic link inside") << "link" << "holds home, a symbolic link";
}

void TestExportWriter::directoryThatIsNotExactlyAnExportIsKept()
{
    QFETCH(QString, change);
    QFETCH(QString, reason);
    const QString out = path(QStringLiteral("out"));
    QVERIFY(writeExportAtomically(kOld, out).ok());
    if (change == QLatin1String("add"))
        QVERIFY(writeBytes(QDir(out).filePath(QStringLiteral("notes.txt")), "mine"));
    else if (change == QLatin1String("change"))
        QVERIFY(writeBytes(QDir(out).filePath(QStringLiteral("d/dom.cfg")), "edited by hand"));
    else if (change == QLatin1String("remove"))
        QVERIFY(QFile::remove(QDir(out).filePath(QStringLiteral("audit.md"))));
    else if (change == QLatin1String("unmanifest"))
        QVERIFY(QFile::remove(QDir(out).filePath(kManifestName)));
    else
        QVERIFY(QFile::link(QDir::homePath(), QDir(out).filePath(QStringLiteral("home"))));
    const QStringList before = filesUnder(out);
    const Status s = writeExportAtomically(kNew, out);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(reason), qPrintable(s.error()));
    QVERIFY2(s.error().startsWith(out + QStringLiteral(" is not empty")), qPrintable(s.error()));
    QCOMPARE(filesUnder(out), before);
    QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("out")});
}

// `-o .` and `-o ..` replaced the working directory (issue 11): never again, even when it holds
// exactly an export.
void TestExportWriter::currentDirectoryAndAncestorsAreRefused()
{
    const QString out = path(QStringLiteral("out"));
    QVERIFY(writeExportAtomically(kOld, out).ok());
    QDir::setCurrent(out);
    for (const QString &dir : {QStringLiteral("."), QStringLiteral("./"), out, m_dir->path(), QStringLiteral("..")}) {
        const Status s = writeExportAtomically(kNew, dir);
        QVERIFY2(!s.ok(), qPrintable(dir));
        QVERIFY2(s.error().contains(QStringLiteral("is the current directory or holds it")), qPrintable(s.error()));
    }
    QVERIFY(holds(out, kOld));
    QDir::setCurrent(m_cwd);
    QVERIFY(!checkExportDirectory(QStringLiteral("/")).ok());
    QVERIFY(!checkExportDirectory(QDir::homePath()).ok());
}

void TestExportWriter::inputsAreNeverInside()
{
    const QString out = path(QStringLiteral("out"));
    QVERIFY(writeExportAtomically(kOld, out).ok());
    // The previous export's own file used as an input of the next one (a partial DTB fed back).
    const QString input = QDir(out).filePath(QStringLiteral("d/dom.cfg"));
    const Status s = writeExportAtomically(kNew, out, {path(QStringLiteral("p.devassign.json")), input});
    QVERIFY(!s.ok());
    QCOMPARE(s.error(), QStringLiteral("%1 holds %2, an input of this export; export into a new directory").arg(out, input));
    QVERIFY(holds(out, kOld));
}

// `-o LINK` emptied the link's target (issue 11).
void TestExportWriter::symbolicLinkIsNeverFollowed()
{
    const QString real = path(QStringLiteral("real"));
    QVERIFY(writeExportAtomically(kOld, real).ok());
    const QString link = path(QStringLiteral("link"));
    QVERIFY(QFile::link(real, link));
    for (const QString &dir : {link, link + QLatin1Char('/')}) {
        const Status s = writeExportAtomically(kNew, dir);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("is a symbolic link")), qPrintable(s.error()));
    }
    QVERIFY(holds(real, kOld));
    QVERIFY(QFileInfo(link).isSymLink());
}

// The reported case, through the real binary: `export -o .` in a directory with the project, the
// DTB, a kernel and an audit.md.
void TestExportWriter::cliExportIntoTheWorkingDirectory()
{
    const QString work = path(QStringLiteral("work"));
    QVERIFY(QDir().mkpath(work));
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), QDir(work).filePath(QStringLiteral("virt.dtb"))));
    QVERIFY(writeBytes(QDir(work).filePath(QStringLiteral("Image")), QByteArray(4096, 'k')));
    QVERIFY(writeBytes(QDir(work).filePath(QStringLiteral("audit.md")), "an old report"));
    auto cli = [&](const QStringList &args) { return testsupport::runCli(args, work); };
    QCOMPARE(cli({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), QStringLiteral("p.devassign.json")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("p.devassign.json"), QStringLiteral("domU1"),
                  QStringLiteral("--kernel"), QStringLiteral("Image")}).exitCode, 0);
    const QStringList before = filesUnder(work);
    for (const QString &dir : {QStringLiteral("."), QStringLiteral(".."), work}) {
        const testsupport::CliResult r = cli({QStringLiteral("export"), QStringLiteral("p.devassign.json"), QStringLiteral("-o"), dir});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.contains(QStringLiteral("is the current directory or holds it")), qPrintable(r.err));
        QCOMPARE(filesUnder(work), before);
    }
}

void TestExportWriter::leftoversAreRemovedOrRecovered()
{
    const QString out = path(QStringLiteral("out"));
    QVERIFY(writeExportAtomically(kOld, out).ok());
    // A staging directory of a killed export: marked, half written.
    QVERIFY(writeBytes(path(QStringLiteral(".out.tmp-AAAAAA/.devassign-staging")), ""));
    QVERIFY(writeBytes(path(QStringLiteral(".out.tmp-AAAAAA/audit.md")), "half"));
    // An empty one (killed right after mkdtemp), and a complete one (killed before the swap).
    QVERIFY(QDir().mkpath(path(QStringLiteral(".out.tmp-BBBBBB"))));
    QVERIFY(writeExportAtomically(kNew, path(QStringLiteral("complete"))).ok());
    QVERIFY(QDir().rename(path(QStringLiteral("complete")), path(QStringLiteral(".out.tmp-CCCCCC"))));
    QVERIFY(writeExportAtomically(kNew, out).ok());
    QVERIFY(holds(out, kNew));
    QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("out")});

    // The two-rename fallback killed between its renames: no out/, the old export aside. It is
    // put back, then replaced by the new export.
    QVERIFY(QDir().rename(out, path(QStringLiteral(".out.old-DDDDDD"))));
    QVERIFY(checkExportDirectory(out).ok());
    QVERIFY(writeExportAtomically(kOld, out).ok());
    QVERIFY(holds(out, kOld));
    QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("out")});
}

// Something that only has a leftover's name is the user's: it is not touched.
void TestExportWriter::foreignLeftoverLookalikeIsKept()
{
    const QString out = path(QStringLiteral("out"));
    QVERIFY(writeBytes(path(QStringLiteral(".out.tmp-mine/thesis.tex")), "years of work"));
    QVERIFY(writeExportAtomically(kNew, out).ok());
    QCOMPARE(readBytes(path(QStringLiteral(".out.tmp-mine/thesis.tex"))), QByteArray("years of work"));
}

void TestExportWriter::concurrentExportsTakeTurns()
{
    const QString out = path(QStringLiteral("out"));
    QVector<Status> results(8);
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] { results[i] = writeExportAtomically(i % 2 ? kOld : kNew, out); });
    for (std::thread &t : threads)
        t.join();
    for (const Status &s : results)
        QVERIFY2(s.ok(), qPrintable(s.error()));
    QVERIFY(holds(out, kOld) || holds(out, kNew));
    QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("out")});
}

QTEST_GUILESS_MAIN(TestExportWriter)
#include "tst_exportwriter.moc"
