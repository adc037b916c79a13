// SPDX-License-Identifier: GPL-2.0-or-later
// File ▸ Import xl Config… headless through the Prompter (issue 12): the config and its host DTB
// are asked for in that order, the domain arrives in an untitled project on that host as one undo
// step, and what could not be mapped is listed in one message. A bad config is one error message
// and leaves the open project alone.

#include "mainwindow.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <QAction>
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

QTEST_MAIN(TestGuiImport)
#include "tst_gui_import.moc"
