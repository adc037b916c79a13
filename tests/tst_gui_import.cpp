// SPDX-License-Identifier: GPL-2.0-or-later
// File ▸ Import ▸ xl Config… and ▸ dom0less Host DTB… headless through the Prompter (issue 12): the config and its host DTB
// are asked for in that order, the domain arrives in an untitled project on that host as one undo
// step, and what could not be mapped is listed in one message. A bad config is one error message
// and leaves the open project alone.

#include "analysis.h"
#include "exporters.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace devassign;

class TestGuiImport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup() { m_window.reset(); }
    void importsAsOneUndoStep();
    void badConfigIsOneError();
    void importsDom0lessAsOneUndoStep();

private:
    void writeCfg(const QByteArray &text);
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
    QList<FileRequest> m_requests;
    QList<Prompt> m_prompts;
};

void TestGuiImport::init()
{
    m_requests.clear();
    m_prompts.clear();
    m_window = std::make_unique<MainWindow>(false);
    m_window->setPromptHandler([this](const Prompt &p) {
        m_prompts << p;
        return QMessageBox::Ok;
    });
    m_window->setFileHandler([this](FileRequest r, const QString &) {
        m_requests << r;
        return r == FileRequest::ImportXlConfig ? m_dir.filePath(QStringLiteral("dom.cfg"))
                                                : testsupport::dataPath(QStringLiteral("virt-gicv3.dtb"));
    });
}

void TestGuiImport::writeCfg(const QByteArray &text)
{
    QFile f(m_dir.filePath(QStringLiteral("dom.cfg")));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(f.write(text) == text.size());
}

// On QEMU virt page 0x9010 is the PL031 (reg 0x9010000, SPI 2 = IRQ 34); page 0x9050 is no node's.
void TestGuiImport::importsAsOneUndoStep()
{
    writeCfg("name = \"rtc\"\nmemory = 128\niomem = [ \"9010,1\", \"9050,1\" ]\nirqs = [ 34 ]\n");
    MainWindow &w = *m_window;
    w.importXlAction()->trigger();
    QCOMPARE(m_requests, (QList<FileRequest> {FileRequest::ImportXlConfig, FileRequest::ImportHostDtb}));
    const Project &p = w.document()->project();
    QCOMPARE(p.domains.size(), 1);
    QCOMPARE(p.domains.front().name, QStringLiteral("rtc"));
    QCOMPARE(p.domains.front().devices, QStringList {QStringLiteral("/pl031@9010000")});
    QCOMPARE(p.domains.front().memoryKiB, quint64(128 * 1024));
    QVERIFY(p.domains.front().xl);
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.front().icon, QMessageBox::Information);
    QVERIFY2(m_prompts.front().text.contains(QLatin1String("iomem '9050,1': page 0x9050 belongs to no device")),
        qPrintable(m_prompts.front().text));
    QCOMPARE(w.document()->undoStack()->count(), 1);
    w.undoAction()->trigger();
    QVERIFY(w.document()->project().domains.isEmpty());
}

void TestGuiImport::badConfigIsOneError()
{
    writeCfg("name = \"a\"\nmemory = = 1\n");
    m_window->importXlAction()->trigger();
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.front().icon, QMessageBox::Critical);
    QVERIFY2(m_prompts.front().text.contains(QLatin1String("dom.cfg: not a valid xl config")),
        qPrintable(m_prompts.front().text));
    QVERIFY(!m_window->document()->host()); // nothing was opened
}

// File ▸ Import ▸ dom0less Host DTB…: a devassign export of QEMU virt with the PL031 in domU1
// (dom0less/host.dtb, domU1/passthrough.dtb beside it) comes back as that domain; the board's DTB
// is saved where the user said, byte for byte QEMU virt's again, and opened.
void TestGuiImport::importsDom0lessAsOneUndoStep()
{
    const HostModelPtr board = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    Project p = testsupport::projectWith({{QStringLiteral("domU1"), {QStringLiteral("/pl031@9010000")}}});
    p.domains.front().kernel = QStringLiteral("/images/Image");
    p.domains.front().memoryKiB = 128 * 1024;
    p.domains.front().vcpus = 2;
    p.domains.front().bootargs = QStringLiteral("console=ttyAMA0");
    const Analysis analysis = analyze(*board, p);
    ExportContext ctx(board.get(), &p, &analysis, m_dir.filePath(QStringLiteral("p.devassign.json")));
    ctx.fileSizes.insert(QStringLiteral("/images/Image"), 8 * 1024 * 1024);
    QString error;
    for (const ExportFile &f : exportProject(ctx, &error)) {
        QVERIFY(QDir().mkpath(QFileInfo(m_dir.filePath(QStringLiteral("out/") + f.path)).path()));
        QFile out(m_dir.filePath(QStringLiteral("out/") + f.path));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(f.bytes);
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString boardOut = m_dir.filePath(QStringLiteral("board.dtb"));
    m_window->setFileHandler([&](FileRequest r, const QString &) {
        m_requests << r;
        return r == FileRequest::ImportDom0lessDtb ? m_dir.filePath(QStringLiteral("out/dom0less/host.dtb")) : boardOut;
    });
    MainWindow &w = *m_window;
    w.importDom0lessAction()->trigger();
    QCOMPARE(m_requests, (QList<FileRequest>{FileRequest::ImportDom0lessDtb, FileRequest::SaveHostDtb}));
    // A dom0less DTB holds the modules' places and sizes, not their file names: said in one message.
    // The kernel is at QEMU virt's RAM start + 256 MiB, 0x50000000, where Export placed it.
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.front().icon, QMessageBox::Information);
    QVERIFY2(m_prompts.front().text.contains(QLatin1String("the kernel module (8388608 bytes at 0x50000000) names no file")),
             qPrintable(m_prompts.front().text));
    QFile saved(boardOut);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY2(saved.readAll() == board->blob(), "the saved DTB is not the board's");
    QCOMPARE(QFileInfo(w.document()->hostFile()).canonicalFilePath(), QFileInfo(boardOut).canonicalFilePath());
    const Project &got = w.document()->project();
    QCOMPARE(got.domains.size(), 1);
    QCOMPARE(got.domains.front().name, QStringLiteral("domU1"));
    QCOMPARE(got.domains.front().devices, QStringList{QStringLiteral("/pl031@9010000")});
    QCOMPARE(got.domains.front().memoryKiB, quint64(128 * 1024));
    QCOMPARE(got.domains.front().vcpus, 2);
    QCOMPARE(got.domains.front().bootargs, QStringLiteral("console=ttyAMA0"));
    QVERIFY(got.domains.front().dom0less);
    QCOMPARE(w.document()->undoStack()->count(), 1);
    w.undoAction()->trigger();
    QVERIFY(w.document()->project().domains.isEmpty());
}

QTEST_MAIN(TestGuiImport)
#include "tst_gui_import.moc"
