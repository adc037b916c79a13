// SPDX-License-Identifier: GPL-2.0-or-later
// The studio's file flows end to end, with the window's prompt and file-dialog seam answered by
// the test: autosave timer, recovery offered after a crash (accepted and declined), the
// unsaved-changes prompt on close / New / Open (save, discard, cancel), the host DTB changing on
// disk (reload or keep), Export's errors question and failure message, and the Open Recent menu
// (opens the file; a missing one is dropped).

#include "diagnosticsmodel.h"
#include "diagnosticspanel.h"
#include "domainsettingsdialog.h"
#include "domainspanel.h"
#include "dtsource.h"
#include "mainwindow.h"
#include "project.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QToolButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace devassign;

namespace {

const QString kPl031 = QStringLiteral("/pl031@9010000");
const QString kPl061 = QStringLiteral("/pl061@9030000");
const QString kBoard = QStringLiteral("virt-gicv3.dtb");

QByteArray readAll(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

Project projectOnDisk(const QString &file)
{
    QString error;
    const Result<Project> p = readProject(file);
    error = p.error();
    if (!p)
        qWarning() << error;
    return p ? p.value() : Project();
}

} // namespace

class TestPrompts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void autosaveTimerWritesOnlyWhileModified();
    void recoveryAcceptedRestoresAutosavedEdits();
    void recoveryDeclinedOpensSavedFileAndDeletesAutosave();
    void untitledRecoveryOfferedForTheSameHost();
    void closeCancelKeepsWindowAndAutosave();
    void closeDiscardDeletesAutosave();
    void closeSaveWritesProject();
    void closeSaveUntitledAsksForFile();
    void newFromDtbCancelDiscardSave();
    void openAsksBeforeReplacing();
    void hostChangedOnDiskKeepOrReload();
    void exportAsksWhileErrorsRemain();
    void recentMenuOpensFileAndDropsMissing();
    void panelDialogsGoThroughTheSeam();

private:
    std::unique_ptr<MainWindow> makeWindow(bool useSettings = false);
    void buildSavedProject(); // domU1 with the PL031, saved to m_project, unmodified
    void modify();            // adds domU2 (one undo step)
    void writeAutosave(MainWindow &w);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
    QString m_board;   // a private copy of the host DTB (the host-change test rewrites it)
    QString m_project; // saved project file
    QList<Prompt> m_prompts;
    QList<QMessageBox::StandardButton> m_answers;
    QList<FileRequest> m_fileRequests;
    QStringList m_files; // answers to file requests, in order ("" = dialog cancelled)
};

std::unique_ptr<MainWindow> TestPrompts::makeWindow(bool useSettings)
{
    auto w = std::make_unique<MainWindow>(useSettings);
    w->setPromptHandler([this](const Prompt &p) {
        m_prompts << p;
        return m_answers.isEmpty() ? QMessageBox::NoButton : m_answers.takeFirst();
    });
    w->setFileHandler([this](FileRequest request, const QString &) {
        m_fileRequests << request;
        return m_files.isEmpty() ? QString() : m_files.takeFirst();
    });
    return w;
}

void TestPrompts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("devassign-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_prompts"));
    QSettings().clear();
}

void TestPrompts::init()
{
    m_prompts.clear();
    m_answers.clear();
    m_fileRequests.clear();
    m_files.clear();
    const QString untitledAutosave = ProjectDocument::recoveryFileFor(QString());
    if (!untitledAutosave.isEmpty())
        QVERIFY(QFile::remove(untitledAutosave));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_board = m_dir->filePath(kBoard);
    QVERIFY(QFile::copy(testsupport::dataPath(kBoard), m_board));
    m_project = m_dir->filePath(QStringLiteral("board.devassign.json"));
    m_window = makeWindow();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    buildSavedProject();
}

void TestPrompts::cleanup()
{
    m_window.reset();
    m_dir.reset();
}

void TestPrompts::buildSavedProject()
{
    MainWindow &w = *m_window;
    QString error;
    QVERIFY2(w.openPath(m_board, &error, false), qPrintable(error));
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    QCOMPARE(w.document()->addDomain(d).error(), QString());
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    QVERIFY2(w.document()->saveAs(m_project, &error), qPrintable(error));
    QVERIFY(!w.document()->isModified());
    QVERIFY(!QFile::exists(w.document()->autosavePath()));
}

void TestPrompts::modify()
{
    DomainConfig d;
    d.name = QStringLiteral("domU2");
    QCOMPARE(m_window->document()->addDomain(d).error(), QString());
    QCOMPARE(m_window->document()->assign(QStringLiteral("domU2"), { kPl061 }).error(), QString());
    QVERIFY(m_window->document()->isModified());
}

// Lets the real autosave timer fire once (short interval), then puts it back out of the way.
void TestPrompts::writeAutosave(MainWindow &w)
{
    const QString autosave = w.document()->autosavePath();
    QFile::remove(autosave);
    w.setAutosaveInterval(20);
    QTRY_VERIFY(QFile::exists(autosave));
    w.setAutosaveInterval(60 * 60 * 1000);
    QVERIFY(projectOnDisk(autosave) == w.document()->project());
}

void TestPrompts::autosaveTimerWritesOnlyWhileModified()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.autosaveInterval(), 60 * 1000);
    const QString autosave = w.document()->autosavePath();
    QCOMPARE(autosave, m_dir->filePath(QStringLiteral(".board.devassign.json.autosave")));
    w.setAutosaveInterval(20);
    QCOMPARE(w.autosaveInterval(), 20);
    QTest::qWait(150); // several ticks, nothing modified
    QVERIFY(!QFile::exists(autosave));

    modify();
    QTRY_VERIFY(QFile::exists(autosave));
    const Project saved = projectOnDisk(m_project);
    QVERIFY(projectOnDisk(autosave) == w.document()->project());
    QVERIFY(!(saved == w.document()->project()));
    QVERIFY(!saved.domain(QStringLiteral("domU2")));

    // Each tick rewrites it with the latest edit.
    QCOMPARE(w.document()->unassign({ kPl061 }).error(), QString());
    QTRY_VERIFY(projectOnDisk(autosave) == w.document()->project());
    QVERIFY(projectOnDisk(autosave).domain(QStringLiteral("domU2"))->devices.isEmpty());

    // A save removes it and, unmodified, the timer does not write it again.
    QString error;
    QVERIFY2(w.document()->save(&error), qPrintable(error));
    QVERIFY(!QFile::exists(autosave));
    QTest::qWait(150);
    QVERIFY(!QFile::exists(autosave));
    QVERIFY(m_prompts.isEmpty());
}

void TestPrompts::recoveryAcceptedRestoresAutosavedEdits()
{
    modify();
    writeAutosave(*m_window);
    const Project edited = m_window->document()->project();
    const Project saved = projectOnDisk(m_project);
    m_window.reset(); // a crash: no close event, no prompt, the autosave stays
    QVERIFY(m_prompts.isEmpty());
    const QString autosave = m_dir->filePath(QStringLiteral(".board.devassign.json.autosave"));
    QVERIFY(QFile::exists(autosave));

    std::unique_ptr<MainWindow> w = makeWindow();
    m_answers = { QMessageBox::Yes };
    QString error;
    QVERIFY2(w->openPath(m_project, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Recover Autosave"));
    QVERIFY(m_prompts.first().text.contains(QStringLiteral("board.devassign.json")));
    QCOMPARE(m_prompts.first().buttons, QMessageBox::Yes | QMessageBox::No);
    QVERIFY(w->document()->project() == edited);
    QCOMPARE(w->document()->fileName(), QFileInfo(m_project).absoluteFilePath());
    QVERIFY(w->document()->isModified());
    QVERIFY(w->isWindowModified());
    QVERIFY(QFile::exists(autosave)); // until the recovered edits are saved
    QVERIFY(projectOnDisk(m_project) == saved);

    // The recovery is one undo step on top of the saved file.
    w->undoAction()->trigger();
    QVERIFY(w->document()->project() == saved);
    QVERIFY(!w->document()->isModified());
    w->redoAction()->trigger();
    QString saveError;
    QVERIFY2(w->document()->save(&saveError), qPrintable(saveError));
    QVERIFY(!QFile::exists(autosave));
    QVERIFY(projectOnDisk(m_project) == edited);
}

void TestPrompts::recoveryDeclinedOpensSavedFileAndDeletesAutosave()
{
    modify();
    writeAutosave(*m_window);
    m_window.reset();
    const QString autosave = m_dir->filePath(QStringLiteral(".board.devassign.json.autosave"));
    const Project saved = projectOnDisk(m_project);

    std::unique_ptr<MainWindow> w = makeWindow();
    m_answers = { QMessageBox::No };
    QString error;
    QVERIFY2(w->openPath(m_project, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Recover Autosave"));
    QVERIFY(w->document()->project() == saved);
    QVERIFY(!w->document()->project().domain(QStringLiteral("domU2")));
    QVERIFY(!w->document()->isModified());
    QVERIFY(!QFile::exists(autosave));

    // Not offered again.
    std::unique_ptr<MainWindow> again = makeWindow();
    QVERIFY2(again->openPath(m_project, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY(again->document()->project() == saved);
}

void TestPrompts::untitledRecoveryOfferedForTheSameHost()
{
    QString error;
    QVERIFY2(m_window->openPath(m_board, &error, false), qPrintable(error));
    modify();
    writeAutosave(*m_window);
    const QString autosave = m_window->document()->autosavePath();
    QVERIFY(autosave.endsWith(QStringLiteral("/untitled.devassign.json.autosave")));
    QCOMPARE(ProjectDocument::recoveryFileFor(QString()), autosave);
    const Project edited = m_window->document()->project();
    m_window.reset(); // crash

    // Another host: not offered, and the autosave is left alone.
    const QString juno = m_dir->filePath(QStringLiteral("juno.dtb"));
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), juno));
    std::unique_ptr<MainWindow> w = makeWindow();
    QVERIFY2(w->openPath(juno, &error, true), qPrintable(error));
    QVERIFY(m_prompts.isEmpty());
    QVERIFY(QFile::exists(autosave));

    // The same host: offered; Yes brings the edits back as an untitled, modified project.
    m_answers = { QMessageBox::Yes };
    QVERIFY2(w->openPath(m_board, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Recover Autosave"));
    QVERIFY(m_prompts.first().text.contains(kBoard));
    QVERIFY(w->document()->fileName().isEmpty());
    QCOMPARE(w->document()->hostFile(), m_board);
    QCOMPARE(w->document()->project().domains, edited.domains);
    QVERIFY(w->document()->isModified());
    w.reset(); // crash again

    // No: a fresh project on the host, and the autosave is gone for good.
    w = makeWindow();
    m_answers = { QMessageBox::No };
    QVERIFY2(w->openPath(m_board, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 2);
    QVERIFY(w->document()->project().domains.isEmpty());
    QVERIFY(!w->document()->isModified());
    QVERIFY(!QFile::exists(autosave));
    QVERIFY2(w->openPath(m_board, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 2);
}

void TestPrompts::closeCancelKeepsWindowAndAutosave()
{
    MainWindow &w = *m_window;
    modify();
    writeAutosave(w);
    const Project edited = w.document()->project();
    const QByteArray onDisk = readAll(m_project);
    m_answers = { QMessageBox::Cancel };
    QVERIFY(!w.close());
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Unsaved Changes"));
    QCOMPARE(m_prompts.first().buttons, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    QCOMPARE(m_prompts.first().defaultButton, QMessageBox::Save);
    QVERIFY(m_prompts.first().text.startsWith(QStringLiteral("board.devassign.json has unsaved changes")));
    QVERIFY(w.isVisible());
    QVERIFY(w.document()->isModified());
    QVERIFY(w.document()->project() == edited);
    QVERIFY(QFile::exists(w.document()->autosavePath()));
    QCOMPARE(readAll(m_project), onDisk);
    QVERIFY(m_fileRequests.isEmpty());
}

void TestPrompts::closeDiscardDeletesAutosave()
{
    MainWindow &w = *m_window;
    modify();
    writeAutosave(w);
    const QString autosave = w.document()->autosavePath();
    const QByteArray onDisk = readAll(m_project);
    m_answers = { QMessageBox::Discard };
    QVERIFY(w.close());
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY(!w.isVisible());
    QVERIFY(!QFile::exists(autosave));
    QCOMPARE(readAll(m_project), onDisk);
    QVERIFY(m_fileRequests.isEmpty());

    // The discarded edits are not offered for recovery.
    std::unique_ptr<MainWindow> reopened = makeWindow();
    QString error;
    QVERIFY2(reopened->openPath(m_project, &error, true), qPrintable(error));
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY(!reopened->document()->project().domain(QStringLiteral("domU2")));
    QVERIFY(!reopened->document()->isModified());
}

void TestPrompts::closeSaveWritesProject()
{
    MainWindow &w = *m_window;
    modify();
    writeAutosave(w);
    const Project edited = w.document()->project();
    m_answers = { QMessageBox::Save };
    QVERIFY(w.close());
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY(m_fileRequests.isEmpty()); // it has a file name: no dialog
    QVERIFY(projectOnDisk(m_project) == edited);
    QCOMPARE(projectOnDisk(m_project).domain(QStringLiteral("domU2"))->devices, QStringList{ kPl061 });
    QVERIFY(!w.document()->isModified());
    QVERIFY(!QFile::exists(w.document()->autosavePath()));
}

void TestPrompts::closeSaveUntitledAsksForFile()
{
    MainWindow &w = *m_window;
    QString error;
    QVERIFY2(w.openPath(m_board, &error, false), qPrintable(error));
    QVERIFY(w.document()->fileName().isEmpty());
    modify();
    writeAutosave(w);
    const QString untitledAutosave = w.document()->autosavePath();
    QVERIFY(untitledAutosave.endsWith(QStringLiteral("/untitled.devassign.json.autosave")));

    // Save, then the file dialog is cancelled: the window stays open, nothing written.
    m_answers = { QMessageBox::Save };
    m_files = { QString() };
    QVERIFY(!w.close());
    QCOMPARE(m_fileRequests, QList<FileRequest>{ FileRequest::SaveProject });
    QVERIFY(w.isVisible());
    QVERIFY(w.document()->isModified());
    QVERIFY(QFile::exists(untitledAutosave));

    // Save into a name without the suffix: the suffix is added, the project written, the window closed.
    m_answers = { QMessageBox::Save };
    m_files = { m_dir->filePath(QStringLiteral("untitled-saved")) };
    QVERIFY(w.close());
    QCOMPARE(m_prompts.size(), 2);
    const QString file = m_dir->filePath(QStringLiteral("untitled-saved.devassign.json"));
    QCOMPARE(w.document()->fileName(), file);
    QVERIFY(projectOnDisk(file) == w.document()->project());
    QCOMPARE(projectOnDisk(file).hostDtb, kBoard);
    QVERIFY(!QFile::exists(untitledAutosave));
}

void TestPrompts::newFromDtbCancelDiscardSave()
{
    MainWindow &w = *m_window;
    modify();
    writeAutosave(w);
    const Project edited = w.document()->project();
    const QString autosave = w.document()->autosavePath();
    const QString juno = m_dir->filePath(QStringLiteral("juno.dtb"));
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), juno));

    // Cancel: no file dialog, nothing changes.
    m_answers = { QMessageBox::Cancel };
    w.newFromDtbAction()->trigger();
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY(m_fileRequests.isEmpty());
    QVERIFY(w.document()->project() == edited);
    QVERIFY(QFile::exists(autosave));

    // Discard: the dialog asks for a DTB; the new untitled project replaces the edits and their autosave.
    m_answers = { QMessageBox::Discard };
    m_files = { juno };
    w.newFromDtbAction()->trigger();
    QCOMPARE(m_prompts.size(), 2);
    QCOMPARE(m_fileRequests, QList<FileRequest>{ FileRequest::NewFromDtb });
    QCOMPARE(w.document()->hostFile(), juno);
    QVERIFY(w.document()->fileName().isEmpty());
    QVERIFY(w.document()->project().domains.isEmpty());
    QVERIFY(!w.document()->isModified());
    QVERIFY(!QFile::exists(autosave));
    QVERIFY(!projectOnDisk(m_project).domain(QStringLiteral("domU2")));

    // Unmodified: no prompt at all. Reopen the project, edit, then New with Save writes the edits first.
    m_files = { m_project };
    w.openAction()->trigger();
    QCOMPARE(m_prompts.size(), 2);
    QCOMPARE(w.document()->fileName(), m_project);
    modify();
    const Project edited2 = w.document()->project();
    m_answers = { QMessageBox::Save };
    m_files = { m_board };
    w.newFromDtbAction()->trigger();
    QCOMPARE(m_prompts.size(), 3);
    QVERIFY(projectOnDisk(m_project) == edited2);
    QCOMPARE(w.document()->hostFile(), m_board);
    QVERIFY(w.document()->fileName().isEmpty());
    QVERIFY(w.document()->project().domains.isEmpty());
}

void TestPrompts::openAsksBeforeReplacing()
{
    MainWindow &w = *m_window;
    // A second project to open.
    const QString other = m_dir->filePath(QStringLiteral("other.devassign.json"));
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl061 }).error(), QString());
    QString error;
    QVERIFY2(w.document()->saveAs(other, &error), qPrintable(error));
    QVERIFY2(w.openPath(m_project, &error, false), qPrintable(error));
    const Project otherProject = projectOnDisk(other);
    QCOMPARE(otherProject.domain(QStringLiteral("domU1"))->devices, (QStringList{ kPl031, kPl061 }));

    modify();
    writeAutosave(w);
    const Project edited = w.document()->project();
    const QString autosave = w.document()->autosavePath();

    m_answers = { QMessageBox::Cancel };
    w.openAction()->trigger();
    QVERIFY(m_fileRequests.isEmpty());
    QVERIFY(w.document()->project() == edited);
    QCOMPARE(w.document()->fileName(), m_project);

    // Discard, then the dialog is cancelled: the edits stay (their autosave is written again by the timer).
    m_answers = { QMessageBox::Discard };
    m_files = { QString() };
    w.openAction()->trigger();
    QCOMPARE(m_fileRequests, QList<FileRequest>{ FileRequest::OpenProject });
    QVERIFY(w.document()->project() == edited);
    QVERIFY(w.document()->isModified());

    m_answers = { QMessageBox::Discard };
    m_files = { other };
    w.openAction()->trigger();
    QCOMPARE(m_prompts.size(), 3);
    QCOMPARE(w.document()->fileName(), other);
    QVERIFY(w.document()->project() == otherProject);
    QVERIFY(!w.document()->isModified());
    QVERIFY(!QFile::exists(autosave));
    QVERIFY(!projectOnDisk(m_project).domain(QStringLiteral("domU2")));

    // A file that cannot be opened: one error message naming it, the open project stays.
    const QString broken = m_dir->filePath(QStringLiteral("broken.devassign.json"));
    QVERIFY(writeAll(broken, "{ not json"));
    m_files = { broken };
    w.openAction()->trigger();
    QCOMPARE(m_prompts.size(), 4);
    QCOMPARE(m_prompts.last().icon, QMessageBox::Critical);
    QCOMPARE(m_prompts.last().title, QStringLiteral("Cannot Open"));
    QVERIFY2(m_prompts.last().text.contains(QStringLiteral("broken.devassign.json")),
             qPrintable(m_prompts.last().text));
    QCOMPARE(w.document()->fileName(), other);
}

void TestPrompts::hostChangedOnDiskKeepOrReload()
{
    MainWindow &w = *m_window;
    w.setHostChangeDelay(20);
    const QByteArray original = readAll(m_board);
    const HostModelPtr before = w.document()->host();
    const QString oldSha = w.document()->project().hostDtbSha256;
    QCOMPARE(oldSha, before->sha256());

    // The same board with one more node, compiled by dtc.
    QString error;
    QByteArray dts = decompileDtb(original, &error);
    QVERIFY2(!dts.isEmpty(), qPrintable(error));
    dts += "\n/ {\n\tdevassign-test@1 {\n\t\tcompatible = \"test,extra\";\n\t};\n};\n";
    const QByteArray changed = compileDtsText(dts, QStringLiteral("changed.dts"), &error);
    QVERIFY2(!changed.isEmpty(), qPrintable(error));

    // Keep: the loaded tree and the recorded hash stay.
    m_answers = { QMessageBox::No };
    QVERIFY(writeAll(m_board, changed));
    QTRY_COMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Host DTB Changed"));
    QVERIFY(m_prompts.first().text.startsWith(kBoard + QStringLiteral(" changed on disk")));
    QCOMPARE(m_prompts.first().buttons, QMessageBox::Yes | QMessageBox::No);
    QTest::qWait(100); // the burst of writes gave one prompt
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(w.document()->host(), before);
    QVERIFY(!w.document()->host()->node(QStringLiteral("/devassign-test@1")));
    QCOMPARE(w.document()->project().hostDtbSha256, oldSha);
    QVERIFY(!w.document()->isModified());

    // Reload: the new tree, assignments kept, the new hash recorded as an undoable edit.
    m_answers = { QMessageBox::Yes };
    QVERIFY(writeAll(m_board, changed));
    QTRY_COMPARE(m_prompts.size(), 2);
    QTRY_VERIFY(w.document()->host() != before);
    QVERIFY(w.document()->host()->node(QStringLiteral("/devassign-test@1")));
    const QString newSha = w.document()->host()->sha256();
    QVERIFY(newSha != oldSha);
    QCOMPARE(w.document()->project().hostDtbSha256, newSha);
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU1"));
    QVERIFY(w.document()->isModified());
    QVERIFY(w.isWindowModified());
    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().hostDtbSha256, oldSha);

    // Written back with the loaded bytes (e.g. touched): no prompt.
    QVERIFY(writeAll(m_board, changed));
    QTest::qWait(200);
    QCOMPARE(m_prompts.size(), 2);
}

void TestPrompts::exportAsksWhileErrorsRemain()
{
    MainWindow &w = *m_window;
    const int errors = w.document()->analysis().errorCount();
    QVERIFY2(errors > 0, "a dom0less domain without a kernel is an error");
    QVERIFY(w.exportAction()->isEnabled());

    // Cancel: no directory is asked for.
    m_answers = { QMessageBox::Cancel };
    w.exportAction()->trigger();
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Export with Errors?"));
    QCOMPARE(m_prompts.first().defaultButton, QMessageBox::Cancel);
    QVERIFY(m_prompts.first().text.startsWith(QStringLiteral("%1 error").arg(errors)));
    QVERIFY(m_fileRequests.isEmpty());

    // Yes, but the exporters still cannot write a dom0less domain without a kernel: one message, nothing written.
    const QString out = m_dir->filePath(QStringLiteral("export"));
    QString suggestion;
    w.setFileHandler([&](FileRequest request, const QString &start) {
        m_fileRequests << request;
        suggestion = start;
        return out;
    });
    m_answers = { QMessageBox::Yes };
    w.exportAction()->trigger();
    QCOMPARE(m_prompts.size(), 3);
    QCOMPARE(m_fileRequests, QList<FileRequest>{ FileRequest::ExportDirectory });
    QCOMPARE(suggestion, m_dir->path());
    QCOMPARE(m_prompts.last().title, QStringLiteral("Export Failed"));
    QVERIFY2(m_prompts.last().text.contains(QStringLiteral("kernel")), qPrintable(m_prompts.last().text));
    QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("audit.md"))));

    // Without errors there is no question: the directory is asked for and the export written there.
    DomainConfig d = *w.document()->project().domain(QStringLiteral("domU1"));
    d.dom0less = false;
    d.xl = true;
    QCOMPARE(w.document()->updateDomain(QStringLiteral("domU1"), d).error(), QString());
    QCOMPARE(w.document()->analysis().errorCount(), 0);
    w.exportAction()->trigger();
    QCOMPARE(m_prompts.size(), 3);
    QCOMPARE(m_fileRequests.size(), 2);
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("audit.md"))));
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("domU1/dom.cfg"))));

    // A directory that is not a previous export: refused with a message, nothing written into it.
    const QString other = m_dir->filePath(QStringLiteral("not-an-export"));
    QVERIFY(QDir().mkpath(other));
    QVERIFY(writeAll(QDir(other).filePath(QStringLiteral("keep.txt")), "mine"));
    w.setFileHandler([&](FileRequest, const QString &) { return other; });
    w.exportAction()->trigger();
    QCOMPARE(m_prompts.size(), 4);
    QCOMPARE(m_prompts.last().title, QStringLiteral("Export Failed"));
    QCOMPARE(m_prompts.last().icon, QMessageBox::Critical);
    QVERIFY2(m_prompts.last().text.contains(QStringLiteral("no devassign export manifest")), qPrintable(m_prompts.last().text));
    QCOMPARE(QDir(other).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList{ QStringLiteral("keep.txt") });
}

void TestPrompts::recentMenuOpensFileAndDropsMissing()
{
    std::unique_ptr<MainWindow> w = makeWindow(true);
    QSettings().remove(QStringLiteral("recentFiles"));
    const QString first = m_project;
    const QString second = m_dir->filePath(QStringLiteral("second.devassign.json"));
    QString error;
    QVERIFY2(w->openPath(first, &error, false), qPrintable(error));
    QCOMPARE(w->document()->assign(QStringLiteral("domU1"), { kPl061 }).error(), QString());
    QVERIFY2(w->document()->saveAs(second, &error), qPrintable(error));
    QVERIFY2(w->openPath(second, &error, false), qPrintable(error));
    QCOMPARE(w->recentFiles(), (QStringList{ second, first }));

    auto visibleEntries = [&w] {
        QList<QAction *> entries;
        for (QAction *a : w->recentMenu()->actions())
            if (a->isVisible())
                entries << a;
        return entries;
    };
    // Each entry names its folder too (issue 10): two projects of one name differ.
    auto entryText = [](int n, const QString &file) {
        return QStringLiteral("&%1 %2  —  %3").arg(n).arg(QFileInfo(file).fileName(),
                                                          QDir::toNativeSeparators(QFileInfo(file).absolutePath()));
    };
    QList<QAction *> entries = visibleEntries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0)->text(), entryText(1, second));
    QCOMPARE(entries.at(0)->data().toString(), second);
    QCOMPARE(entries.at(1)->text(), entryText(2, first));
    QCOMPARE(entries.at(1)->data().toString(), first);
    QVERIFY(w->recentMenu()->isEnabled());

    // Opening an entry opens that file and moves it to the top.
    entries.at(1)->trigger();
    QCOMPARE(w->document()->fileName(), first);
    QVERIFY(w->document()->project() == projectOnDisk(first));
    QCOMPARE(w->document()->project().domain(QStringLiteral("domU1"))->devices, QStringList{ kPl031 });
    QCOMPARE(w->recentFiles(), (QStringList{ first, second }));
    entries = visibleEntries();
    QCOMPARE(entries.at(0)->text(), entryText(1, first));
    QCOMPARE(entries.at(1)->text(), entryText(2, second));
    QVERIFY(m_prompts.isEmpty());

    // With unsaved edits the entry asks first; Cancel keeps everything.
    DomainConfig d;
    d.name = QStringLiteral("domU3");
    QCOMPARE(w->document()->addDomain(d).error(), QString());
    m_answers = { QMessageBox::Cancel };
    entries.at(1)->trigger();
    QCOMPARE(m_prompts.size(), 1);
    QCOMPARE(m_prompts.first().title, QStringLiteral("Unsaved Changes"));
    QCOMPARE(w->document()->fileName(), first);
    QVERIFY(w->document()->project().domain(QStringLiteral("domU3")));
    w->undoAction()->trigger();
    QVERIFY(!w->document()->isModified());

    // A file that went away: dropped from the list with a message, the open project stays.
    QVERIFY(QFile::remove(second));
    entries.at(1)->trigger();
    QCOMPARE(m_prompts.size(), 2);
    QCOMPARE(m_prompts.last().title, QStringLiteral("Recent File Missing"));
    QCOMPARE(m_prompts.last().icon, QMessageBox::Warning);
    QVERIFY2(m_prompts.last().text.contains(second), qPrintable(m_prompts.last().text));
    QCOMPARE(w->recentFiles(), QStringList{ first });
    entries = visibleEntries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0)->data().toString(), first);
    QCOMPARE(w->document()->fileName(), first);
}

// The panels' dialogs (the acknowledgement note, the domain settings dialog and its file chooser)
// go through the window's Prompter too, so their flows run headless (structure issue, item 5).
void TestPrompts::panelDialogsGoThroughTheSeam()
{
    MainWindow &w = *m_window;
    // Acknowledge: the question names the rule and the node; Cancel changes nothing; OK stores the note.
    DomainConfig xl = *w.document()->project().domain(QStringLiteral("domU1"));
    xl.xl = true;
    QCOMPARE(w.document()->updateDomain(xl.name, xl).error(), QString());
    QTableView *table = w.diagnosticsPanel()->view();
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, DiagnosticsModel::RuleColumn).data().toString() == QLatin1String("irq-virtio-clash"))
            row = r;
    QVERIFY2(row >= 0, "virt's PL031 on SPI 2 (IRQ 34) is inside libxl's virtio range");
    QList<TextRequest> asked;
    std::optional<QString> answer;
    w.prompter().setTextHandler([&](const TextRequest &r) {
        asked << r;
        return answer;
    });
    QCOMPARE(w.diagnosticsPanel()->acknowledgeAsking(table->model()->index(row, 0)), QStringLiteral("cancelled"));
    QCOMPARE(asked.size(), 1);
    QVERIFY2(asked[0].title.contains(QLatin1String("irq-virtio-clash")), qPrintable(asked[0].title));
    QVERIFY2(asked[0].label.contains(kPl031), qPrintable(asked[0].label));
    QVERIFY(w.document()->project().acknowledgements.isEmpty());
    answer = QStringLiteral("no virtio devices in this guest");
    QCOMPARE(w.diagnosticsPanel()->acknowledgeAsking(table->model()->index(row, 0)), QString());
    QCOMPARE(w.document()->project().acknowledgements.size(), 1);
    QCOMPARE(w.document()->project().acknowledgements[0].note, *answer);

    // Domain settings: what the dialog returns is applied; a cancel is not.
    DomainConfig changed;
    bool cancel = true;
    w.prompter().setSettingsHandler([&](const DomainConfig &d, const QString &projectFile) -> std::optional<DomainConfig> {
        changed = d;
        changed.vcpus = 3;
        [&] { QCOMPARE(projectFile, m_project); }();
        return cancel ? std::nullopt : std::optional<DomainConfig>(changed);
    });
    w.domainsPanel()->editSettings(QStringLiteral("domU1"));
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->vcpus, 1);
    cancel = false;
    w.domainsPanel()->editSettings(QStringLiteral("domU1"));
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->vcpus, 3);

    // The settings dialog's Browse asks the file handler for a module image; the choice is stored
    // relative to the project.
    m_files << m_dir->filePath(QStringLiteral("images/Image"));
    DomainSettingsDialog dialog(*w.document()->project().domain(QStringLiteral("domU1")), m_project, &w.prompter());
    const QList<QToolButton *> browse = dialog.findChildren<QToolButton *>();
    QVERIFY(!browse.isEmpty());
    browse.front()->click();
    QCOMPARE(m_fileRequests.last(), FileRequest::ModuleImage);
    QCOMPARE(dialog.settings().kernel, QStringLiteral("images/Image"));
}

QTEST_MAIN(TestPrompts)
#include "tst_gui_prompts.moc"
