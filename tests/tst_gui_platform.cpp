// SPDX-License-Identifier: GPL-2.0-or-later
// Project ▸ Target Platform… (issue 13), headless through the Prompter's platform handler: the
// chosen Xen release is applied as one undo step (Ctrl+Z restores the old one) and shown in the
// status bar; the dialog reads RAM banks one ADDR:SIZE per line with the CLI's rules, refuses a bad
// line naming it (OK disabled), and a valid list is stored in the project.

#include "mainwindow.h"
#include "planner.h"
#include "platformdialog.h"
#include "projectdocument.h"
#include "testsupport.h"
#include "xenrelease.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace devassign;

class TestPlatform : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void releaseIsOneUndoStep();
    void cancelChangesNothing();
    void invalidRamLineIsRefused();
    void ramBanksAreStored();
    void refusedPlatformIsShown();

private:
    std::unique_ptr<MainWindow> m_window;
    QStringList m_prompts; // texts of the message boxes the window asked
};

void TestPlatform::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestPlatform::init()
{
    m_prompts.clear();
    m_window = std::make_unique<MainWindow>(false);
    m_window->setPromptHandler([this](const Prompt &p) {
        m_prompts << p.text;
        return QMessageBox::Ok;
    });
    QVERIFY(!m_window->platformAction()->isEnabled());
    QString error;
    QVERIFY2(m_window->openPath(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error, false), qPrintable(error));
    QVERIFY(m_window->platformAction()->isEnabled());
}

void TestPlatform::cleanup()
{
    m_window.reset();
}

void TestPlatform::releaseIsOneUndoStep()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->project().platform.xen, xen::Release::Xen417);
    QCOMPARE(w.releaseLabel()->text(), QStringLiteral("Xen 4.17"));
    const int steps = w.document()->undoStack()->count();

    w.prompter().setPlatformHandler([](const Platform &p, const QVector<MemoryRange> &) -> std::optional<Platform> {
        Platform chosen = p;
        chosen.xen = *xen::releaseFromName(QStringLiteral("4.21"));
        return chosen;
    });
    QSignalSpy analysed(w.document(), &ProjectDocument::analysisChanged);
    w.platformAction()->trigger();
    QCOMPARE(w.document()->project().platform.xen, xen::Release::Xen421);
    QCOMPARE(w.document()->undoStack()->count(), steps + 1);
    QVERIFY(analysed.count() >= 1); // diagnostics and preview follow the new release
    QCOMPARE(w.releaseLabel()->text(), QStringLiteral("Xen 4.21"));
    QVERIFY(w.document()->isModified());

    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().platform.xen, xen::Release::Xen417);
    QCOMPARE(w.releaseLabel()->text(), QStringLiteral("Xen 4.17"));
    w.redoAction()->trigger();
    QCOMPARE(w.document()->project().platform.xen, xen::Release::Xen421);
    QVERIFY(m_prompts.isEmpty());
}

void TestPlatform::cancelChangesNothing()
{
    MainWindow &w = *m_window;
    const int steps = w.document()->undoStack()->count();
    w.prompter().setPlatformHandler([](const Platform &, const QVector<MemoryRange> &) { return std::nullopt; });
    w.platformAction()->trigger();
    QCOMPARE(w.document()->undoStack()->count(), steps);
    QCOMPARE(w.document()->project().platform, Platform());
}

void TestPlatform::invalidRamLineIsRefused()
{
    const QVector<MemoryRange> dtbRam = m_window->document()->dtbRamBanks();
    QVERIFY(!dtbRam.isEmpty());
    PlatformDialog dialog(Platform(), dtbRam);
    QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
    // Default: the DTB's banks, shown read-only.
    QVERIFY(dialog.fromDtbButton()->isChecked());
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.findChild<QPlainTextEdit *>(QStringLiteral("dtbRam"))->toPlainText(),
             PlatformDialog::ramBanksText(dtbRam));
    QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("dtbRam"))->isReadOnly());
    QCOMPARE(dialog.releaseBox()->count(), xen::releaseNames().size());

    dialog.userRamButton()->setChecked(true);
    dialog.ramEdit()->setPlainText(QStringLiteral("0x40000000:1G\n\nbogus:12\n"));
    QVERIFY(!ok->isEnabled());
    const QString problem = dialog.problemLabel()->text();
    QVERIFY2(problem.contains(QStringLiteral("line 3")) && problem.contains(QStringLiteral("bogus:12")), qPrintable(problem));
    QVERIFY(!dialog.problemLabel()->isHidden());

    // Same rules as `devassign platform set --ram`: a size of 0 and overlapping banks are refused too.
    dialog.ramEdit()->setPlainText(QStringLiteral("0x40000000:0"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.validationError().contains(QStringLiteral("line 1")));
    dialog.ramEdit()->setPlainText(QStringLiteral("0x40000000:1G\n0x60000000:1G"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(dialog.validationError().contains(QStringLiteral("overlap")), qPrintable(dialog.validationError()));
    dialog.ramEdit()->clear();
    QVERIFY(!ok->isEnabled());

    // Back to the DTB: nothing to refuse.
    dialog.fromDtbButton()->setChecked(true);
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.problemLabel()->isHidden());
    QCOMPARE(dialog.platform().ram, QVector<MemoryRange>());
}

void TestPlatform::ramBanksAreStored()
{
    MainWindow &w = *m_window;
    // The handler drives the real dialog as a user would, then "presses OK".
    bool okEnabled = false;
    w.prompter().setPlatformHandler([&](const Platform &p, const QVector<MemoryRange> &dtbRam) -> std::optional<Platform> {
        PlatformDialog dialog(p, dtbRam);
        dialog.releaseBox()->setCurrentIndex(dialog.releaseBox()->findData(QStringLiteral("4.19")));
        dialog.userRamButton()->setChecked(true);
        dialog.ramEdit()->setPlainText(QStringLiteral(" 0x40000000:1G \n0x100000000:512M\n4294967296000:0x1000"));
        okEnabled = dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled();
        return dialog.platform();
    });
    w.platformAction()->trigger();
    QVERIFY(okEnabled);
    const Platform &p = w.document()->project().platform;
    QCOMPARE(p.xen, xen::Release::Xen419);
    const QVector<MemoryRange> expected = {
        {0x40000000, 1ull << 30}, {0x100000000, 512ull << 20}, {4294967296000ull, 0x1000}};
    QCOMPARE(p.ram, expected);
    QCOMPARE(hostRamBanks(*w.document()->host(), w.document()->project()), expected);

    // The dialog reopens on the stored banks, and the text round-trips.
    PlatformDialog again(p, w.document()->dtbRamBanks());
    QVERIFY(again.userRamButton()->isChecked());
    QCOMPARE(again.platform(), p);

    // One undo step restores the DTB's /memory and 4.17 together.
    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().platform, Platform());
}

void TestPlatform::refusedPlatformIsShown()
{
    MainWindow &w = *m_window;
    const int steps = w.document()->undoStack()->count();
    w.prompter().setPlatformHandler([](const Platform &p, const QVector<MemoryRange> &) -> std::optional<Platform> {
        Platform bad = p;
        bad.ram = {{0x40000000, 0x1000}, {0x40000800, 0x1000}};
        return bad;
    });
    w.platformAction()->trigger();
    QCOMPARE(w.document()->undoStack()->count(), steps);
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY2(m_prompts.front().contains(QStringLiteral("overlap")), qPrintable(m_prompts.front()));
}

QTEST_MAIN(TestPlatform)
#include "tst_gui_platform.moc"
