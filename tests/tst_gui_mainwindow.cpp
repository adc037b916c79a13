// SPDX-License-Identifier: GPL-2.0-or-later
// The studio's main window driven as a user would: mouse drags from the host tree onto the
// domains view, the real Undo/Redo/Rename QActions, clicks in the inspector and the diagnostics
// list, Save As + reopen compared with the CLI's `check --json`, and the real devassign-studio
// binary writing screenshots.

#include "diagnosticsmodel.h"
#include "dtsource.h"
#include "diagnosticspanel.h"
#include "domainsettingsdialog.h"
#include "domainsmodel.h"
#include "domainspanel.h"
#include "exportpreview.h"
#include "hostfiltermodel.h"
#include "hosttreemodel.h"
#include "inspectorwidget.h"
#include "mainwindow.h"
#include "modelroles.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QProcess>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>
#include <QDrag>

#include <memory>

using namespace devassign;

namespace {

const QString kPl031 = QStringLiteral("/pl031@9010000");
const QString kApbPclk = QStringLiteral("/apb-pclk");

QModelIndex hostIndex(MainWindow &w, const QString &path)
{
    return w.hostFilter()->mapFromSource(w.hostModel()->indexForPath(path));
}

// Drag and drop with synthetic mouse events on the real widgets.
//
// What is real: the mouse press and moves on the source view's viewport make QAbstractItemView
// start a QDrag (startDrag) carrying the model's own mime data; the target viewport receives
// QDragEnterEvent / QDragMoveEvent / QDropEvent at the cursor position and QAbstractItemView's
// own handlers decide the drop (drop indicator, canDropMimeData, dropMimeData).
// What is simulated: the platform drag loop. The offscreen QPA plugin's QPlatformDrag::drag()
// returns Qt::IgnoreAction at once instead of tracking the mouse, so the test takes the QDrag
// the view created (still alive until its deleteLater runs) and delivers the drag events to the
// target widget itself, with the drag's own mime data, supported actions and default action —
// what QGuiApplicationPrivate::processDrag/processDrop do on a real windowing system.
struct DragResult {
    bool started = false;
    bool accepted = false;
};

// `drop` = false stops after the drag moved over `target` (what the user sees before releasing).
DragResult dragWithMouse(QAbstractItemView *from, const QModelIndex &index, QAbstractItemView *to, const QPoint &target,
                         bool drop = true)
{
    DragResult result;
    from->scrollTo(index);
    const QPoint start = from->visualRect(index).center();
    if (!from->viewport()->rect().contains(start))
        return result;
    QTest::mousePress(from->viewport(), Qt::LeftButton, {}, start);
    QTest::mouseMove(from->viewport(), start + QPoint(QApplication::startDragDistance() + 5, 0));
    QTest::mouseMove(from->viewport(), start + QPoint(2 * QApplication::startDragDistance() + 10, 2));
    QDrag *drag = from->findChild<QDrag *>();
    QTest::mouseRelease(from->viewport(), Qt::LeftButton, {}, start);
    if (!drag || !drag->mimeData())
        return result;
    result.started = true;
    QMimeData mime;
    for (const QString &format : drag->mimeData()->formats())
        mime.setData(format, drag->mimeData()->data(format));
    const Qt::DropActions actions = drag->supportedActions();
    const Qt::DropAction proposed = drag->defaultAction();
    // The QDrag goes now, not at the next event loop: the next drag must find its own.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);

    QDragEnterEvent enter(target, actions, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.setDropAction(proposed);
    QApplication::sendEvent(to->viewport(), &enter);
    if (!enter.isAccepted())
        return result;
    QDragMoveEvent move(target, actions, &mime, Qt::LeftButton, Qt::NoModifier);
    move.setDropAction(proposed);
    QApplication::sendEvent(to->viewport(), &move);
    if (!move.isAccepted() || !drop) {
        result.accepted = move.isAccepted();
        if (drop) { // released over a target that refuses: the drag leaves it
            QDragLeaveEvent leave;
            QApplication::sendEvent(to->viewport(), &leave);
        }
        return result;
    }
    QDropEvent dropEvent(target, actions, &mime, Qt::LeftButton, Qt::NoModifier);
    dropEvent.setDropAction(proposed);
    QApplication::sendEvent(to->viewport(), &dropEvent);
    result.accepted = dropEvent.isAccepted();
    QApplication::processEvents();
    return result;
}

QPoint domainRowPoint(MainWindow &w, const QString &domain)
{
    QTreeView *view = w.domainsPanel()->view();
    const QModelIndex index = w.domainsPanel()->model()->indexForDomain(domain);
    return view->visualRect(index).center();
}

QString studioBinary()
{
    return QFileInfo(QStringLiteral(DEVASSIGN_CLI)).dir().filePath(QStringLiteral("devassign-studio"));
}

// Builds a project with the CLI in `dir`; returns its path.
QString cliProject(const QString &dir, const QString &board, const QList<QStringList> &steps)
{
    QFile::copy(testsupport::dataPath(board), QDir(dir).filePath(board));
    const QString project = QDir(dir).filePath(QStringLiteral("screenshot.devassign.json"));
    auto run = [&](const QStringList &args) {
        const testsupport::CliResult r = testsupport::runCli(args, dir);
        if (r.exitCode != 0)
            qWarning() << args << r.err;
        return r.exitCode == 0;
    };
    if (!run({ QStringLiteral("new"), board, QStringLiteral("-o"), project }))
        return QString();
    for (QStringList step : steps) {
        step.insert(step.first() == QLatin1String("domain") ? 2 : 1, project);
        if (!run(step))
            return QString();
    }
    return project;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void dragFromHostTreeAssignsAndUndoRedo();
    void refusedDoubleAssignmentShowsReason();
    void dragBetweenDomainsMovesAndDragOutUnassigns();
    void dragShowsTargetAndRefusalBeforeTheDrop();
    void dropOnEmptyDomainsAreaCreatesADomain();
    void invalidRenameSaysWhyInTheStatusBar();
    void shiftF10OpensEachPanesContextMenu();
    void helpMenuOpensTheDocsAndTheLegendExplainsTheDots();
    void fileDialogsRememberTheirFolder();
    void openRecentShowsTheFolder();
    void studioHelpNeedsNoDisplay();
    void exportPreviewFollowsAKernelThatAppears();
    void renameThroughEditorPropagates();
    void inspectorShowsRegionsIrqAndGuestAddress();
    void inspectorShowsScmiPolicyOfTheDomain();
    void dependencyLinkSelectsProvider();
    void dependencyMenuChoosesCopyStubDrop();
    void nodeDtsStringListsCompileLikeDtc_data();
    void nodeDtsStringListsCompileLikeDtc();
    void diagnosticsDoubleClickSelectsNode();
    void acknowledgeFromDiagnostics();
    void filterAndFind();
    void contextMenuActionsAssign();
    void exportPreviewShowsDomCfg();
    void settingsDialogEditsDomain();
    void memoryAndVcpusEditedInPlace();
    void saveAsReopenEqualsCliCheck();
    void exportWritesSameFilesAsCli();
    void recentFilesAndTitle();
    void badFileIsReported();
    void hostColumnsChosenAndRemembered();
    void screenshots_data();
    void screenshots();

private:
    void buildProject(); // virt-gicv3, domain domU1 (xl), no devices yet

    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("devassign-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_mainwindow"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(studioBinary()).isExecutable(), qPrintable(studioBinary()));
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>(false);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    buildProject();
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

void TestMainWindow::buildProject()
{
    MainWindow &w = *m_window;
    QString error;
    QVERIFY2(w.openPath(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error, false), qPrintable(error));
    QVERIFY(w.document()->project().domains.isEmpty());
    QVERIFY(w.domainsPanel()->newAction()->isEnabled());
    w.domainsPanel()->newAction()->trigger();
    QCOMPARE(w.document()->project().domains.size(), 1);
    QCOMPARE(w.document()->project().domains.first().name, QStringLiteral("domU1"));
    DomainConfig d = w.document()->project().domains.first();
    d.xl = true;
    QCOMPARE(w.document()->updateDomain(QStringLiteral("domU1"), d).error(), QString());
    QApplication::processEvents();
}

void TestMainWindow::dragFromHostTreeAssignsAndUndoRedo()
{
    MainWindow &w = *m_window;
    QUndoStack *stack = w.document()->undoStack();
    const int before = stack->count();
    w.statusBar()->showMessage(QStringLiteral("an earlier refusal"));
    const DragResult drag = dragWithMouse(w.hostView(), hostIndex(w, kPl031), w.domainsPanel()->view(),
                                          domainRowPoint(w, QStringLiteral("domU1")));
    QVERIFY(drag.started);
    QVERIFY(drag.accepted);
    // Success is said, and replaces what the status bar showed before.
    QVERIFY2(w.statusBar()->currentMessage().startsWith(QStringLiteral("Done: Assign")), qPrintable(w.statusBar()->currentMessage()));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("pl031@9010000")));
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->devices, QStringList{ kPl031 });
    QCOMPARE(stack->count(), before + 1);
    QVERIFY(w.domainsPanel()->model()->indexForDevice(QStringLiteral("domU1"), kPl031).isValid());
    QCOMPARE(hostIndex(w, kPl031).siblingAtColumn(HostTreeModel::OwnerColumn).data().toString(),
             QStringLiteral("domU1"));

    QVERIFY(w.undoAction()->isEnabled());
    // The toolbar does not reflow: Undo keeps its short text, the command (with the path) is the tooltip.
    QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo"));
    QVERIFY2(w.undoAction()->toolTip().contains(QStringLiteral("pl031@9010000")), qPrintable(w.undoAction()->toolTip()));
    w.undoAction()->trigger();
    QCOMPARE(w.redoAction()->text(), QStringLiteral("&Redo"));
    QVERIFY2(w.redoAction()->toolTip().contains(QStringLiteral("pl031@9010000")), qPrintable(w.redoAction()->toolTip()));
    QVERIFY(w.document()->project().domain(QStringLiteral("domU1"))->devices.isEmpty());
    QVERIFY(!w.domainsPanel()->model()->indexForDevice(QStringLiteral("domU1"), kPl031).isValid());
    QCOMPARE(w.document()->project().ownerOf(kPl031), QString());
    QVERIFY(w.redoAction()->isEnabled());
    w.redoAction()->trigger();
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->devices, QStringList{ kPl031 });
    QVERIFY(w.isWindowModified());

    // Undo everything back to the opened host: the domain itself goes away too.
    while (w.undoAction()->isEnabled())
        w.undoAction()->trigger();
    QVERIFY(w.document()->project().domains.isEmpty());
    QVERIFY(!w.isWindowModified());
}

void TestMainWindow::refusedDoubleAssignmentShowsReason()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    w.domainsPanel()->newAction()->trigger();
    QVERIFY(w.document()->project().domain(QStringLiteral("domU2")));
    const Project before = w.document()->project();
    const int steps = w.document()->undoStack()->count();
    w.statusBar()->clearMessage();

    const DragResult drag = dragWithMouse(w.hostView(), hostIndex(w, kPl031), w.domainsPanel()->view(),
                                          domainRowPoint(w, QStringLiteral("domU2")));
    QVERIFY(drag.started);
    QVERIFY(!drag.accepted);
    QVERIFY(w.document()->project() == before);
    QCOMPARE(w.document()->undoStack()->count(), steps);
    const QString message = w.statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("domU1")) && message.contains(kPl031), qPrintable(message));

    // The context menu path refuses the same way and reports the same reason.
    QCOMPARE(w.document()->assign(QStringLiteral("domU2"), { kPl031 }).error(), message);
}

// Issue 10: while dragging, the domain row a drop would go to is highlighted, and a drop the core
// would refuse is refused (and explained) before the button is released.
void TestMainWindow::dragShowsTargetAndRefusalBeforeTheDrop()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    w.domainsPanel()->newAction()->trigger();
    DomainsModel *domains = w.domainsPanel()->model();
    const QString pl061 = QStringLiteral("/pl061@9030000");
    DragResult over = dragWithMouse(w.hostView(), hostIndex(w, pl061), w.domainsPanel()->view(),
                                    domainRowPoint(w, QStringLiteral("domU2")), false);
    QVERIFY(over.started && over.accepted);
    QCOMPARE(domains->dropTarget(), QStringLiteral("domU2"));
    QVERIFY(domains->indexForDomain(QStringLiteral("domU2")).data(Qt::BackgroundRole).isValid());
    QVERIFY(!domains->indexForDomain(QStringLiteral("domU1")).data(Qt::BackgroundRole).isValid());
    QDragLeaveEvent leave;
    QApplication::sendEvent(w.domainsPanel()->view()->viewport(), &leave);
    QCOMPARE(domains->dropTarget(), QString());

    // pl031 belongs to domU1: over domU2 the move is refused at once, with the core's reason.
    w.statusBar()->clearMessage();
    over = dragWithMouse(w.hostView(), hostIndex(w, kPl031), w.domainsPanel()->view(),
                         domainRowPoint(w, QStringLiteral("domU2")), false);
    QVERIFY(over.started);
    QVERIFY(!over.accepted);
    QCOMPARE(domains->dropTarget(), QString());
    Project copy = w.document()->project();
    const QString reason = assignDevices(copy, QStringLiteral("domU2"), { kPl031 }).error();
    QVERIFY(!reason.isEmpty());
    QCOMPARE(w.statusBar()->currentMessage(), reason);
    QApplication::sendEvent(w.domainsPanel()->view()->viewport(), &leave);
    // Over a target that accepts, the refusal goes: no stale message.
    QVERIFY(dragWithMouse(w.hostView(), hostIndex(w, pl061), w.domainsPanel()->view(),
                          domainRowPoint(w, QStringLiteral("domU1")), false).accepted);
    QCOMPARE(w.statusBar()->currentMessage(), QString());
    QApplication::sendEvent(w.domainsPanel()->view()->viewport(), &leave);
}

void TestMainWindow::dropOnEmptyDomainsAreaCreatesADomain()
{
    MainWindow &w = *m_window;
    QTreeView *view = w.domainsPanel()->view();
    const QPoint empty(view->viewport()->width() / 2, view->viewport()->height() - 10);
    QVERIFY(!view->indexAt(empty).isValid());
    const int steps = w.document()->undoStack()->count();
    QVERIFY(dragWithMouse(w.hostView(), hostIndex(w, kPl031), view, empty).accepted);
    QCOMPARE(w.document()->undoStack()->count(), steps + 1);
    QCOMPARE(w.document()->project().domains.size(), 2);
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU2"));
    QCOMPARE(w.domainsPanel()->currentDomain(), QStringLiteral("domU2"));
    QCOMPARE(w.statusBar()->currentMessage(),
             QStringLiteral("Created domain domU2 with the dropped devices (Undo removes it)"));
    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().domains.size(), 1);
    QCOMPARE(w.document()->project().ownerOf(kPl031), QString());

    // A node another domain owns cannot start a new domain from the host tree: said why.
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    QVERIFY(!dragWithMouse(w.hostView(), hostIndex(w, kPl031), view, empty).accepted);
    QCOMPARE(w.document()->project().domains.size(), 1);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("domU1")),
             qPrintable(w.statusBar()->currentMessage()));
    // From the domains view it is a move into the new domain.
    const QModelIndex device = w.domainsPanel()->model()->indexForDevice(QStringLiteral("domU1"), kPl031);
    const DragResult moved = dragWithMouse(view, device, view, empty);
    QVERIFY(moved.started);
    QVERIFY2(moved.accepted, qPrintable(w.statusBar()->currentMessage()));
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU2"));
    QVERIFY(w.document()->project().domain(QStringLiteral("domU1"))->devices.isEmpty());

    // The new domain's name is free ignoring case, as the project requires: with a "DOMU3", the
    // next one is domU4.
    DomainConfig shouting;
    shouting.name = QStringLiteral("DOMU3");
    QCOMPARE(w.document()->addDomain(shouting).error(), QString());
    QCOMPARE(w.domainsPanel()->model()->freeDomainName(), QStringLiteral("domU4"));
}

void TestMainWindow::invalidRenameSaysWhyInTheStatusBar()
{
    MainWindow &w = *m_window;
    w.domainsPanel()->selectDomain(QStringLiteral("domU1"));
    w.domainsPanel()->renameAction()->trigger();
    auto *editor = w.domainsPanel()->view()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor); // the delegate's in-place editor
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("no spaces"));
    QSignalSpy refused(w.domainsPanel()->model(), &DomainsModel::editRefused);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(refused.count(), 1); // the delegate commits queued
    Project copy = w.document()->project();
    const QString reason = renameDomain(copy, QStringLiteral("domU1"), QStringLiteral("no spaces")).error();
    QVERIFY(!reason.isEmpty());
    QCOMPARE(w.statusBar()->currentMessage(), reason);
    QVERIFY(w.document()->project().domain(QStringLiteral("domU1")));
}

// Shift+F10 opens the context menu of the focused pane at its current row (as a right-click there).
void TestMainWindow::shiftF10OpensEachPanesContextMenu()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    QVERIFY(w.selectNode(kPl031));
    w.activateWindow();
    auto menuOf = [this](QAbstractItemView *view) {
        QStringList seen;
        QTimer::singleShot(50, this, [&seen] {
            if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                for (QAction *a : menu->actions())
                    if (!a->isSeparator())
                        seen << a->text();
                menu->close();
            }
        });
        view->setFocus();
        QTest::keyClick(view, Qt::Key_F10, Qt::ShiftModifier);
        QTest::qWait(100);
        return seen;
    };
    QVERIFY(menuOf(w.hostView()).contains(QStringLiteral("Assign to")));
    w.domainsPanel()->selectDevice(QStringLiteral("domU1"), kPl031);
    QVERIFY(menuOf(w.domainsPanel()->view()).contains(QStringLiteral("Unassign")));
    QTableView *diagnostics = w.diagnosticsPanel()->view();
    diagnostics->setCurrentIndex(diagnostics->model()->index(0, 0));
    QVERIFY(menuOf(diagnostics).contains(QStringLiteral("Go to Location")));
    QVERIFY(w.selectNode(kPl031));
    QTreeWidget *details = w.inspector()->details();
    details->setCurrentItem(w.inspector()->item(QStringLiteral("Dependencies"), QStringLiteral("clocks")));
    QVERIFY(menuOf(details).contains(QStringLiteral("Select %1").arg(kApbPclk)));
}

void TestMainWindow::helpMenuOpensTheDocsAndTheLegendExplainsTheDots()
{
    MainWindow &w = *m_window;
    QList<QUrl> opened;
    w.prompter().setUrlHandler([&opened](const QUrl &url) {
        opened << url;
        return true;
    });
    w.findChild<QAction *>(QStringLiteral("userGuide"))->trigger();
    w.findChild<QAction *>(QStringLiteral("rulesHelp"))->trigger();
    w.prompter().setUrlHandler(nullptr);
    QCOMPARE(opened.size(), 2);
    QVERIFY(opened.at(0).isLocalFile() && opened.at(0).toLocalFile().endsWith(QStringLiteral("docs/user-guide.md")));
    QVERIFY(opened.at(1).toLocalFile().endsWith(QStringLiteral("docs/rules.md")));
    QVERIFY(QFileInfo(opened.at(1).toLocalFile()).isFile());

    QString legend;
    w.setPromptHandler([&legend](const Prompt &p) {
        legend = p.text;
        return QMessageBox::Ok;
    });
    w.findChild<QAction *>(QStringLiteral("legend"))->trigger();
    w.setPromptHandler(nullptr);
    for (const char *entry : { "Host tree and Domains pane", "protected: behind an IOMMU that Xen drives",
                               "unprotected DMA", "no sign of DMA", "Diagnostics pane", "acknowledged" })
        QVERIFY2(legend.contains(QLatin1String(entry)), entry);
}

void TestMainWindow::fileDialogsRememberTheirFolder()
{
    MainWindow &w = *m_window;
    w.prompter().setRemembersFolders(true);
    const QString boards = m_dir.filePath(QStringLiteral("boards"));
    QVERIFY(QDir().mkpath(boards));
    QStringList suggestions;
    w.setFileHandler([&](FileRequest, const QString &suggestion) {
        suggestions << suggestion;
        return QDir(boards).filePath(QStringLiteral("board.dtb"));
    });
    w.chooseFile(FileRequest::NewFromDtb);
    w.chooseFile(FileRequest::NewFromDtb);
    w.chooseFile(FileRequest::ImportHostDtb); // a DTB too: the same folder
    w.chooseFile(FileRequest::OpenProject);   // another kind: its own
    w.setFileHandler(nullptr);
    w.prompter().setRemembersFolders(false);
    QCOMPARE(suggestions, QStringList({ QString(), QFileInfo(boards).absoluteFilePath(),
                                        QFileInfo(boards).absoluteFilePath(), QString() }));
    QSettings().remove(QStringLiteral("fileDialogs"));
}

void TestMainWindow::openRecentShowsTheFolder()
{
    const QString folder = m_dir.filePath(QStringLiteral("recent"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), QDir(folder).filePath(QStringLiteral("virt.dtb"))));
    QString error;
    ProjectDocument doc;
    QVERIFY2(doc.newFromHost(QDir(folder).filePath(QStringLiteral("virt.dtb")), &error), qPrintable(error));
    const QString file = QDir(folder).filePath(QStringLiteral("board.devassign.json"));
    QVERIFY2(doc.saveAs(file, &error), qPrintable(error));
    {
        MainWindow withSettings(true);
        QVERIFY2(withSettings.openPath(file, &error, false), qPrintable(error));
        const QAction *first = withSettings.recentMenu()->actions().value(0);
        QVERIFY(first && first->isVisible());
        QCOMPARE(first->text(), QStringLiteral("&1 board.devassign.json  —  %1")
                                    .arg(QDir::toNativeSeparators(QFileInfo(file).absolutePath())));
    }
    QSettings().remove(QStringLiteral("recentFiles"));
}

// --help and --version answer without a display: no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM.
void TestMainWindow::studioHelpNeedsNoDisplay()
{
    for (const QString &option : { QStringLiteral("--help"), QStringLiteral("-v") }) {
        QProcess studio;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : { QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY"), QStringLiteral("QT_QPA_PLATFORM") })
            env.remove(name);
        studio.setProcessEnvironment(env);
        studio.start(studioBinary(), { option });
        QVERIFY(studio.waitForFinished(30000));
        QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
        QCOMPARE(studio.exitCode(), 0);
        const QString out = QString::fromUtf8(studio.readAllStandardOutput());
        QVERIFY2(out.contains(option == QLatin1String("-v") ? QStringLiteral("devassign-studio ") : QStringLiteral("--screenshot <FILE>")),
                 qPrintable(out + QString::fromUtf8(studio.readAllStandardError())));
    }
    // Without a display: a bad option and a window that cannot open are one line and exit 2 (never
    // Qt's abort), and --screenshot renders on the offscreen platform by itself.
    struct Case {
        QStringList args;
        int exit;
        QString err;
    };
    const QString shot = m_dir.filePath(QStringLiteral("headless.png"));
    const QString dtb = testsupport::dataPath(QStringLiteral("virt-gicv3.dtb"));
    const QList<Case> cases = {
        { { QStringLiteral("--bogus") }, 2, QStringLiteral("devassign-studio: Unknown option 'bogus'.") },
        { { dtb }, 2, QStringLiteral("devassign-studio: no display to open the window on") },
        { { QStringLiteral("--screenshot"), shot, dtb }, 0, QString() },
    };
    for (const Case &c : cases) {
        QProcess studio;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : { QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY"), QStringLiteral("QT_QPA_PLATFORM") })
            env.remove(name);
        studio.setProcessEnvironment(env);
        studio.start(studioBinary(), c.args);
        QVERIFY(studio.waitForFinished(60000));
        const QString err = QString::fromUtf8(studio.readAllStandardError());
        QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
        QVERIFY2(studio.exitCode() == c.exit, qPrintable(c.args.join(QLatin1Char(' ')) + QLatin1String(": ") + err));
        if (!c.err.isEmpty()) {
            QVERIFY2(err.startsWith(c.err), qPrintable(err));
            QCOMPARE(err.count(QLatin1Char('\n')), 1);
        }
    }
    QVERIFY(!QImage(shot).isNull());

    // A --screenshot name with a Latin-1 byte: refused in one line, no picture written under the
    // U+FFFD name Qt would have made of it (the raw byte comes from /bin/sh's printf).
    QProcess raw;
    raw.setWorkingDirectory(m_dir.path());
    raw.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), QStringLiteral(R"sh("$1" --screenshot "$(printf 'shot\351.png')" "$2")sh"),
                                          QStringLiteral("sh"), studioBinary(), dtb });
    QVERIFY(raw.waitForFinished(60000));
    QCOMPARE(raw.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(raw.readAllStandardError()),
             QStringLiteral("devassign-studio: argument 2 is not valid UTF-8 (byte 0xe9 at position 5): names and paths must be UTF-8\n"));
    QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("shot*") }), QStringList());
}

// The kernel is set before it is built: once the file appears (its folder too), the preview's
// dom0less node gets its module, without any edit.
void TestMainWindow::exportPreviewFollowsAKernelThatAppears()
{
    MainWindow &w = *m_window;
    const QString folder = m_dir.filePath(QStringLiteral("later/boot"));
    const QString kernel = QDir(folder).filePath(QStringLiteral("Image"));
    DomainConfig d = *w.document()->project().domain(QStringLiteral("domU1"));
    d.kernel = kernel;
    QCOMPARE(w.document()->updateDomain(QStringLiteral("domU1"), d).error(), QString());
    ExportPreview *preview = w.exportPreview();
    preview->setDomain(QStringLiteral("domU1"));
    QVERIFY(!preview->text(ExportPreview::HostDtsTab).contains(QStringLiteral("multiboot,kernel")));
    QVERIFY(preview->watchedPaths().contains(QFileInfo(m_dir.path()).absoluteFilePath()));
    QVERIFY(QDir().mkpath(folder));
    QFile file(kernel);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(3 * 4096, 'k'));
    file.close();
    QTRY_VERIFY_WITH_TIMEOUT(preview->text(ExportPreview::HostDtsTab).contains(QStringLiteral("multiboot,kernel")), 5000);
    QVERIFY(preview->watchedPaths().contains(QFileInfo(kernel).absoluteFilePath()));
    // It goes again: the module goes too.
    QVERIFY(QFile::remove(kernel));
    QTRY_VERIFY_WITH_TIMEOUT(!preview->text(ExportPreview::HostDtsTab).contains(QStringLiteral("multiboot,kernel")), 5000);
}

void TestMainWindow::dragBetweenDomainsMovesAndDragOutUnassigns()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    w.domainsPanel()->newAction()->trigger();
    QTreeView *domains = w.domainsPanel()->view();
    const QModelIndex device = w.domainsPanel()->model()->indexForDevice(QStringLiteral("domU1"), kPl031);
    QVERIFY(device.isValid());
    QVERIFY(dragWithMouse(domains, device, domains, domainRowPoint(w, QStringLiteral("domU2"))).accepted);
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU2"));
    QVERIFY(w.document()->project().domain(QStringLiteral("domU1"))->devices.isEmpty());

    // Out of the domains view onto the host tree: unassigned.
    const QModelIndex moved = w.domainsPanel()->model()->indexForDevice(QStringLiteral("domU2"), kPl031);
    QVERIFY(moved.isValid());
    const QModelIndex hostTarget = hostIndex(w, QStringLiteral("/pl011@9000000"));
    w.hostView()->scrollTo(hostTarget);
    QVERIFY(dragWithMouse(domains, moved, w.hostView(), w.hostView()->visualRect(hostTarget).center()).accepted);
    QCOMPARE(w.document()->project().ownerOf(kPl031), QString());
    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU2"));
}

void TestMainWindow::renameThroughEditorPropagates()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    w.domainsPanel()->selectDomain(QStringLiteral("domU1"));
    QVERIFY(w.domainsPanel()->renameAction()->isEnabled());
    w.domainsPanel()->renameAction()->trigger();
    auto *editor = w.domainsPanel()->view()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    QCOMPARE(editor->text(), QStringLiteral("domU1"));
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("rtc"));
    QTest::keyClick(editor, Qt::Key_Return);
    QApplication::processEvents();

    const Project &p = w.document()->project();
    QVERIFY(!p.domain(QStringLiteral("domU1")));
    QVERIFY(p.domain(QStringLiteral("rtc")));
    QCOMPARE(p.ownerOf(kPl031), QStringLiteral("rtc"));
    // Every view follows: host tree owner column, domains model, diagnostics locations, export preview.
    QCOMPARE(hostIndex(w, kPl031).siblingAtColumn(HostTreeModel::OwnerColumn).data().toString(), QStringLiteral("rtc"));
    QVERIFY(w.domainsPanel()->model()->indexForDevice(QStringLiteral("rtc"), kPl031).isValid());
    DiagnosticsModel *diagnostics = w.diagnosticsPanel()->model();
    QVERIFY(diagnostics->rowCount() > 0);
    for (int r = 0; r < diagnostics->rowCount(); ++r) {
        const QModelIndex index = diagnostics->index(r, 0);
        if (index.data(NodePathRole).toString() == kPl031)
            QCOMPARE(index.data(DomainNameRole).toString(), QStringLiteral("rtc"));
    }
    QCOMPARE(w.exportPreview()->domain(), QStringLiteral("rtc"));
    QVERIFY(w.exportPreview()->text(ExportPreview::DomCfgTab).contains(QStringLiteral("name = \"rtc\"")));
    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU1"));
}

void TestMainWindow::inspectorShowsRegionsIrqAndGuestAddress()
{
    MainWindow &w = *m_window;
    QVERIFY(w.selectNode(kPl031));
    InspectorWidget *inspector = w.inspector();
    QCOMPARE(inspector->nodePath(), kPl031);
    QTreeWidgetItem *reg = inspector->item(QStringLiteral("Regions"), QStringLiteral("reg[0]"));
    QVERIFY(reg);
    QCOMPARE(reg->text(1), QStringLiteral("0x9010000, 4 KiB"));
    QCOMPARE(reg->text(2), QStringLiteral("not assigned"));
    QTreeWidgetItem *irq = inspector->item(QStringLiteral("Interrupts"), QStringLiteral("interrupts[0]"));
    QVERIFY(irq);
    QVERIFY2(irq->text(1).startsWith(QStringLiteral("SPI 2 → IRQ 34")), qPrintable(irq->text(1)));

    // Assigned: the plan's guest address and the 1:1 IRQ appear, live.
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    reg = inspector->item(QStringLiteral("Regions"), QStringLiteral("reg[0]"));
    const DomainPlan *plan = w.document()->analysis().domain(QStringLiteral("domU1"));
    QVERIFY(plan && plan->devices.size() == 1 && plan->devices.first().regions.size() == 1);
    const quint64 guest = plan->devices.first().regions.first().guestAddress;
    QCOMPARE(reg->text(2), QStringLiteral("0x") + QString::number(guest, 16));
    QCOMPARE(reg->text(2), QStringLiteral("0x9010000"));
    irq = inspector->item(QStringLiteral("Interrupts"), QStringLiteral("interrupts[0]"));
    QCOMPARE(irq->text(2), QStringLiteral("IRQ 34"));
    QTreeWidgetItem *owner = inspector->item(QStringLiteral("Node"), QStringLiteral("owner"));
    QCOMPARE(owner->text(1), QStringLiteral("domU1"));
    // The node's raw DTS, highlighted by the DTS lexer.
    const QString dts = inspector->dtsView()->text();
    QVERIFY2(dts.startsWith(QStringLiteral("pl031@9010000 {")), qPrintable(dts));
    QVERIFY(dts.contains(QStringLiteral("reg = <0x00 0x9010000 0x00 0x1000>;")));
    QVERIFY(dts.trimmed().endsWith(QStringLiteral("};")));
    QVERIFY(!dts.contains(QStringLiteral("pl011")));
    // String lists read as in a DTS source (dtc 1.6 writes "arm,pl031\0arm,primecell").
    QString compatible;
    for (const QString &line : dts.split(QLatin1Char('\n')))
        if (line.trimmed().startsWith(QStringLiteral("compatible")))
            compatible = line;
    QCOMPARE(compatible, QStringLiteral("\tcompatible = \"arm,pl031\", \"arm,primecell\";"));
    QVERIFY(dts.contains(QStringLiteral("\tinterrupts = <0x00 0x02 0x04>;")));
    QVERIFY(dts.contains(QStringLiteral("\tclock-names = \"apb_pclk\";")));
}

// Right-click a dependency of an assigned device: copy / stub / drop / default, each one undo step.
void TestMainWindow::dependencyMenuChoosesCopyStubDrop()
{
    MainWindow &w = *m_window;
    QVERIFY(w.selectNode(kPl031));
    QTreeWidget *details = w.inspector()->details();
    // Menus are modal: a timer picks the action by its text while the menu is open.
    auto chooseFromMenu = [&](const QString &text) {
        QStringList seen;
        QTimer::singleShot(50, this, [&seen, text] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            QAction *chosen = nullptr;
            for (QAction *a : menu->actions()) {
                if (!a->isSeparator())
                    seen << a->text();
                if (a->text() == text)
                    chosen = a;
            }
            menu->close();
            if (chosen)
                chosen->trigger();
        });
        QTreeWidgetItem *clocks = w.inspector()->item(QStringLiteral("Dependencies"), QStringLiteral("clocks"));
        if (!clocks)
            return seen;
        details->scrollToItem(clocks);
        emit details->customContextMenuRequested(details->visualItemRect(clocks).center());
        return seen;
    };
    auto guestAction = [&] {
        QTreeWidgetItem *clocks = w.inspector()->item(QStringLiteral("Dependencies"), QStringLiteral("clocks"));
        return clocks ? clocks->text(2) : QStringLiteral("(no row)");
    };

    // Unassigned: the device has no partial DTB, so only the link is offered.
    QCOMPARE(chooseFromMenu(QString()), QStringList{ QStringLiteral("Select %1").arg(kApbPclk) });

    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    const QString defaultAction = guestAction();
    QVERIFY2(defaultAction == QStringLiteral("copy") || defaultAction == QStringLiteral("stub"),
             qPrintable(defaultAction));
    const QStringList expected{ QStringLiteral("Select %1").arg(kApbPclk), QStringLiteral("Export action: copy"),
                                QStringLiteral("Export action: stub"), QStringLiteral("Export action: drop"),
                                QStringLiteral("Export action: assign"),
                                QStringLiteral("Export action: devassign's default"),
                                // the device's bulk decisions (issue 10), offered on every dependency row
                                QStringLiteral("Apply the Suggested Policy"), QStringLiteral("Drop All Pinctrl"),
                                QStringLiteral("Stub All Clocks (fixed-clock)") };
    auto decisions = [&w] { return w.document()->project().domain(QStringLiteral("domU1"))->dependencyDecisions; };
    const int steps = w.document()->undoStack()->count();

    QCOMPARE(chooseFromMenu(QStringLiteral("Export action: drop")), expected);
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Drop);
    QCOMPARE(decisions().size(), 1);
    QCOMPARE(guestAction(), QStringLiteral("drop"));
    QCOMPARE(w.document()->undoStack()->count(), steps + 1);
    QVERIFY(!w.exportPreview()->text(ExportPreview::PartialDtsTab).contains(QStringLiteral("apb-pclk {")));

    chooseFromMenu(QStringLiteral("Export action: stub"));
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Stub);
    QCOMPARE(guestAction(), QStringLiteral("stub"));
    chooseFromMenu(QStringLiteral("Export action: copy"));
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Copy);
    QCOMPARE(guestAction(), QStringLiteral("copy"));
    QCOMPARE(w.document()->undoStack()->count(), steps + 3);

    // Undo walks back through the choices.
    w.undoAction()->trigger();
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Stub);
    w.undoAction()->trigger();
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Drop);
    w.undoAction()->trigger();
    QVERIFY(decisions().isEmpty());
    QCOMPARE(guestAction(), defaultAction);
    w.redoAction()->trigger();
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Drop);

    // "devassign's default" removes the decision.
    chooseFromMenu(QStringLiteral("Export action: devassign's default"));
    QVERIFY(decisions().isEmpty());
    QCOMPARE(guestAction(), defaultAction);
    w.undoAction()->trigger();
    QCOMPARE(decisions().value(kApbPclk), DependencyAction::Drop);
}

// The inspector's DTS rewrites dtc's "a\0b" string lists; compiled again by dtc, the rewritten
// text gives exactly the bytes of the original, for every node of real boards.
void TestMainWindow::nodeDtsStringListsCompileLikeDtc_data()
{
    QTest::addColumn<QString>("board");
    QTest::newRow("qemu-virt") << QStringLiteral("virt-gicv3.dtb");
    QTest::newRow("juno-scmi") << QStringLiteral("juno-r2-scmi.dtb");
}

void TestMainWindow::nodeDtsStringListsCompileLikeDtc()
{
    QFETCH(QString, board);
    QFile file(testsupport::dataPath(board));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString error;
    const QByteArray dts = decompileDtb(file.readAll(), &error);
    QVERIFY2(!dts.isEmpty(), qPrintable(error));
    QVERIFY(dts.contains("\\0"));
    const QByteArray readable = splitDtsStringLists(dts);
    QVERIFY(!readable.contains("\\0"));
    QVERIFY(readable.size() > dts.size());
    const QByteArray a = compileDtsText(dts, QStringLiteral("dtc.dts"), &error);
    QVERIFY2(!a.isEmpty(), qPrintable(error));
    const QByteArray b = compileDtsText(readable, QStringLiteral("readable.dts"), &error);
    QVERIFY2(!b.isEmpty(), qPrintable(error));
    QCOMPARE(b, a);

    // Escapes other than \0, an escaped backslash followed by 0, empty strings, and text outside literals.
    QCOMPARE(splitDtsStringLists("a = \"x\\\\0y\\0z\", \"q\\\"\\0\"; b = <0x00>; c = [00 30];"),
             QByteArray("a = \"x\\\\0y\", \"z\", \"q\\\"\", \"\"; b = <0x00>; c = [00 30];"));
    QCOMPARE(splitDtsStringLists("s = \"a\\0\\0b\\tc\";"), QByteArray("s = \"a\", \"\", \"b\\tc\";"));
}

// The inspector of an assigned SCMI consumer shows its domain's policy (what scmi-policy.bin
// holds): scmi-smc-board.dts's I2C controller uses clock 7, power domain 3 and reset 5; BASE
// holds the domain's own agent id, its key (the only dom0less domain: 1). A shared mark moves
// the clock to "shared", live.
void TestMainWindow::inspectorShowsScmiPolicyOfTheDomain()
{
    MainWindow &w = *m_window;
    QString error;
    QVERIFY2(w.openPath(testsupport::dataPath(QStringLiteral("scmi-smc-board.dts")), &error, false), qPrintable(error));
    w.domainsPanel()->newAction()->trigger();
    QCOMPARE(w.document()->project().domains.size(), 1);
    const QString domain = w.document()->project().domains.first().name;
    const QString i2c = QStringLiteral("/i2c@fe5a0000");
    QVERIFY(w.selectNode(i2c));
    QVERIFY(!w.inspector()->item(QStringLiteral("SCMI policy"), QStringLiteral("clock 0x14"))); // not assigned yet
    QCOMPARE(w.document()->assign(domain, {i2c}).error(), QString());
    QTreeWidgetItem *clock = w.inspector()->item(QStringLiteral("SCMI policy"), QStringLiteral("clock 0x14"));
    QVERIFY(clock);
    QCOMPARE(clock->text(1), QStringLiteral("resources 7; shared -"));
    QCOMPARE(w.inspector()->item(QStringLiteral("SCMI policy"), QStringLiteral("power domain 0x11"))->text(1),
             QStringLiteral("resources 3; shared -"));
    QCOMPARE(w.inspector()->item(QStringLiteral("SCMI policy"), QStringLiteral("reset 0x16"))->text(1),
             QStringLiteral("resources 5; shared -"));
    QCOMPARE(w.inspector()->item(QStringLiteral("SCMI policy"), QStringLiteral("base 0x10"))->text(1),
             QStringLiteral("resources 1; shared -"));
    QCOMPARE(w.document()->edit(QStringLiteral("Share clock 7"), [](Project &p) { return setScmiShared(p, {0x14, 7}, true); })
                 .error(),
             QString());
    clock = w.inspector()->item(QStringLiteral("SCMI policy"), QStringLiteral("clock 0x14"));
    QCOMPARE(clock->text(1), QStringLiteral("resources -; shared 7"));
    QTreeWidgetItem *use = w.inspector()->item(QStringLiteral("SCMI"), QStringLiteral("clocks"));
    QVERIFY(use);
    QVERIFY2(use->text(1).endsWith(QStringLiteral(", shared: query only")), qPrintable(use->text(1)));
}

void TestMainWindow::dependencyLinkSelectsProvider()
{
    MainWindow &w = *m_window;
    QVERIFY(w.selectNode(kPl031));
    QTreeWidget *details = w.inspector()->details();
    QTreeWidgetItem *clocks = w.inspector()->item(QStringLiteral("Dependencies"), QStringLiteral("clocks"));
    QVERIFY(clocks);
    QCOMPARE(clocks->text(1), kApbPclk);
    QCOMPARE(clocks->data(1, InspectorWidget::LinkRole).toString(), kApbPclk);
    details->scrollToItem(clocks);
    const QRect row = details->visualItemRect(clocks);
    const int x = details->header()->sectionViewportPosition(1) + 10;
    QTest::mouseClick(details->viewport(), Qt::LeftButton, {}, QPoint(x, row.center().y()));
    QCOMPARE(w.hostView()->currentIndex().data(NodePathRole).toString(), kApbPclk);
    QCOMPARE(w.inspector()->nodePath(), kApbPclk);
    QVERIFY(!w.inspector()->item(QStringLiteral("Dependencies"), QStringLiteral("clocks")));
}

void TestMainWindow::diagnosticsDoubleClickSelectsNode()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    QVERIFY(w.selectNode(kApbPclk));
    QTableView *table = w.diagnosticsPanel()->view();
    QCOMPARE(table->model()->rowCount(), w.document()->analysis().diagnostics.size());
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, 0).data(NodePathRole).toString() == kPl031)
            row = r;
    }
    QVERIFY(row >= 0);
    const QModelIndex cell = table->model()->index(row, DiagnosticsModel::MessageColumn);
    table->scrollTo(cell);
    // A real double click: press + release, then the second press arrives as a double click.
    const QPoint at = table->visualRect(cell).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(w.hostView()->currentIndex().data(NodePathRole).toString(), kApbPclk); // one click only selects
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseRelease(table->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(w.hostView()->currentIndex().data(NodePathRole).toString(), kPl031);
    QCOMPARE(w.inspector()->nodePath(), kPl031);
    QCOMPARE(w.domainsPanel()->currentDevice(), kPl031);

    // Status bar counts are the analysis' counts.
    const Analysis &a = w.document()->analysis();
    const int errors = a.count(Severity::Error);
    const int warnings = a.count(Severity::Warning);
    QCOMPARE(w.countsLabel()->text(), QStringLiteral("%1 %2, %3 %4")
                                          .arg(errors)
                                          .arg(errors == 1 ? "error" : "errors")
                                          .arg(warnings)
                                          .arg(warnings == 1 ? "warning" : "warnings"));
}

void TestMainWindow::acknowledgeFromDiagnostics()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    const int warnings = w.document()->analysis().count(Severity::Warning);
    QTableView *table = w.diagnosticsPanel()->view();
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        const QModelIndex rule = table->model()->index(r, DiagnosticsModel::RuleColumn);
        if (rule.data().toString() == QLatin1String("irq-virtio-clash"))
            row = r;
    }
    QVERIFY2(row >= 0, "virt PL031 on SPI 2 (IRQ 34) is inside libxl's virtio-mmio range");
    QCOMPARE(w.diagnosticsPanel()->acknowledge(table->model()->index(row, 0), QStringLiteral("no virtio")), QString());
    QCOMPARE(w.document()->project().acknowledgements.size(), 1);
    const Acknowledgement &a = w.document()->project().acknowledgements.first();
    QCOMPARE(a.rule, QStringLiteral("irq-virtio-clash"));
    QCOMPARE(a.node, kPl031);
    QCOMPARE(a.domain, QStringLiteral("domU1"));
    QCOMPARE(a.note, QStringLiteral("no virtio"));
    QCOMPARE(w.document()->analysis().count(Severity::Warning), warnings - 1);
    QVERIFY(w.countsLabel()->text().endsWith(
        QStringLiteral("%1 %2").arg(warnings - 1).arg(warnings - 1 == 1 ? "warning" : "warnings")));
    w.undoAction()->trigger();
    QVERIFY(w.document()->project().acknowledgements.isEmpty());
    QCOMPARE(w.document()->analysis().count(Severity::Warning), warnings);
}

void TestMainWindow::filterAndFind()
{
    MainWindow &w = *m_window;
    w.findAction()->trigger();
    QVERIFY(w.filterEdit()->hasFocus() || QApplication::focusWidget() == w.filterEdit());
    QTest::keyClicks(w.filterEdit(), QStringLiteral("9010000"));
    QVERIFY(hostIndex(w, kPl031).isValid());
    QVERIFY(!hostIndex(w, QStringLiteral("/pl011@9000000")).isValid());
    // Selecting a hidden node clears the filter so it can be shown.
    QVERIFY(w.selectNode(QStringLiteral("/pl011@9000000")));
    QVERIFY(w.filterEdit()->text().isEmpty());
    w.assignableOnlyBox()->setChecked(true);
    const QModelIndex cpus = hostIndex(w, QStringLiteral("/cpus"));
    QVERIFY(!cpus.isValid() || w.hostFilter()->rowCount(cpus) == 0);
    QVERIFY(hostIndex(w, kPl031).isValid());
}

void TestMainWindow::contextMenuActionsAssign()
{
    // The host tree's context menu: "Assign to ▸ domU1" (menus are modal, so trigger its action).
    MainWindow &w = *m_window;
    QVERIFY(w.selectNode(kPl031));
    QTimer::singleShot(50, this, [] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        QAction *assignTo = nullptr;
        for (QAction *a : menu->actions())
            if (a->text() == QStringLiteral("Assign to"))
                assignTo = a;
        QVERIFY(assignTo && assignTo->menu());
        for (QAction *a : assignTo->menu()->actions())
            if (a->text() == QStringLiteral("domU1"))
                a->trigger();
        menu->close();
    });
    const QPoint pos = w.hostView()->visualRect(hostIndex(w, kPl031)).center();
    emit w.hostView()->customContextMenuRequested(pos);
    QCOMPARE(w.document()->project().ownerOf(kPl031), QStringLiteral("domU1"));
}

void TestMainWindow::exportPreviewShowsDomCfg()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    ExportPreview *preview = w.exportPreview();
    QCOMPARE(preview->domain(), QStringLiteral("domU1"));
    const QString cfg = preview->text(ExportPreview::DomCfgTab);
    QVERIFY2(cfg.contains(QStringLiteral("irqs = [ 34 ]")), qPrintable(cfg));
    QVERIFY(cfg.contains(QStringLiteral("iomem = [ \"9010,1@9010\" ]")));
    QVERIFY(cfg.contains(QStringLiteral("name = \"domU1\"")));
    const QString partial = preview->text(ExportPreview::PartialDtsTab);
    QVERIFY2(partial.contains(QStringLiteral("passthrough")), qPrintable(partial));
    QVERIFY(partial.contains(QStringLiteral("arm,pl031")));
    QVERIFY(!preview->text(ExportPreview::ImageBuilderTab).isEmpty());
    // Live: unassigning drops the irq line at once.
    QCOMPARE(w.document()->unassign({ kPl031 }).error(), QString());
    QVERIFY(!preview->text(ExportPreview::DomCfgTab).contains(QStringLiteral("irqs = [ 34 ]")));
}

void TestMainWindow::settingsDialogEditsDomain()
{
    MainWindow &w = *m_window;
    DomainSettingsDialog dialog(*w.document()->project().domain(QStringLiteral("domU1")), QString(), &w.prompter());
    dialog.findChild<QSpinBox *>(QStringLiteral("memory"))->setValue(512);
    dialog.findChild<QSpinBox *>(QStringLiteral("vcpus"))->setValue(2);
    dialog.findChild<QLineEdit *>(QStringLiteral("bootargs"))->setText(QStringLiteral("console=ttyAMA0"));
    dialog.findChild<QCheckBox *>(QStringLiteral("vpl011"))->setChecked(false);
    auto *enhanced = dialog.findChild<QComboBox *>(QStringLiteral("enhanced"));
    enhanced->setCurrentIndex(enhanced->findData(QStringLiteral("no-xenstore")));
    auto *staticMem = dialog.findChild<QLineEdit *>(QStringLiteral("staticMemory"));
    staticMem->setText(QStringLiteral("0x80000000:256M, bogus"));
    QVERIFY(dialog.validationError().contains(QStringLiteral("bogus")));
    staticMem->setText(QStringLiteral("0x80000000:256M"));
    QCOMPARE(dialog.validationError(), QString());
    dialog.findChild<QCheckBox *>(QStringLiteral("dom0less"))->setChecked(false);
    dialog.findChild<QCheckBox *>(QStringLiteral("xl"))->setChecked(false);
    QVERIFY(!dialog.validationError().isEmpty());
    dialog.findChild<QCheckBox *>(QStringLiteral("xl"))->setChecked(true);

    const DomainConfig s = dialog.settings();
    QCOMPARE(s.memoryKiB, quint64(512 * 1024));
    QCOMPARE(s.vcpus, 2);
    QCOMPARE(s.bootargs, QStringLiteral("console=ttyAMA0"));
    QVERIFY(!s.vpl011);
    QCOMPARE(s.enhanced, QStringLiteral("no-xenstore"));
    QCOMPARE(s.staticMemory, (QVector<MemoryRange>{ { 0x80000000ull, 256ull << 20 } }));
    QVERIFY(!s.dom0less && s.xl);
    QCOMPARE(w.document()->updateDomain(QStringLiteral("domU1"), s).error(), QString());
    QVERIFY2(w.exportPreview()->text(ExportPreview::DomCfgTab).contains(QStringLiteral("memory = 512")),
             qPrintable(w.exportPreview()->text(ExportPreview::DomCfgTab)));
    const QModelIndex summary = w.domainsPanel()->model()->indexForDomain(QStringLiteral("domU1"))
                                    .siblingAtColumn(DomainsModel::SummaryColumn);
    QVERIFY2(summary.data().toString().contains(QStringLiteral("512")), qPrintable(summary.data().toString()));
    w.undoAction()->trigger();
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->memoryKiB, quint64(256 * 1024));
}

// The spin boxes under the domains list edit the current domain: typed + Enter, arrow keys, undo.
void TestMainWindow::memoryAndVcpusEditedInPlace()
{
    MainWindow &w = *m_window;
    DomainsPanel *panel = w.domainsPanel();
    QSpinBox *memory = panel->memoryEdit();
    QSpinBox *vcpus = panel->vcpusEdit();
    panel->view()->setCurrentIndex(QModelIndex());
    QVERIFY(!memory->isEnabled() && !vcpus->isEnabled());
    panel->selectDomain(QStringLiteral("domU1"));
    QVERIFY(memory->isEnabled() && vcpus->isEnabled());
    QCOMPARE(memory->value(), 256);
    QCOMPARE(vcpus->value(), 1);
    QUndoStack *stack = w.document()->undoStack();
    const int steps = stack->count();

    // Typing commits once, on Enter (not one edit per digit).
    memory->setFocus();
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("512"));
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->memoryKiB, quint64(256 * 1024));
    QTest::keyClick(memory, Qt::Key_Return);
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->memoryKiB, quint64(512 * 1024));
    QCOMPARE(stack->count(), steps + 1);
    const QModelIndex summary = panel->model()->indexForDomain(QStringLiteral("domU1"))
                                    .siblingAtColumn(DomainsModel::SummaryColumn);
    QVERIFY2(summary.data().toString().contains(QStringLiteral("512 MiB")), qPrintable(summary.data().toString()));
    QVERIFY(w.exportPreview()->text(ExportPreview::DomCfgTab).contains(QStringLiteral("memory = 512")));

    QTest::keyClick(vcpus, Qt::Key_Up);
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->vcpus, 2);
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->memoryKiB, quint64(512 * 1024));
    QCOMPARE(stack->count(), steps + 2);

    // Another domain shows its own values; undo brings the fields back with the project.
    panel->createDomain();
    QCOMPARE(panel->currentDomain(), QStringLiteral("domU2"));
    QCOMPARE(memory->value(), 256);
    QCOMPARE(vcpus->value(), 1);
    panel->selectDomain(QStringLiteral("domU1"));
    QCOMPARE(vcpus->value(), 2);
    w.undoAction()->trigger(); // domU2
    w.undoAction()->trigger(); // vcpus
    QCOMPARE(vcpus->value(), 1);
    QCOMPARE(memory->value(), 512);
    w.undoAction()->trigger(); // memory
    QCOMPARE(memory->value(), 256);
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->memoryKiB, quint64(256 * 1024));
    QCOMPARE(stack->count(), steps + 3); // redo entries kept, nothing new pushed by the syncing

    // A memory size that is not a whole MiB stays exact when only the vCPUs change.
    DomainConfig odd = *w.document()->project().domain(QStringLiteral("domU1"));
    odd.memoryKiB = 256 * 1024 + 512;
    QCOMPARE(w.document()->updateDomain(QStringLiteral("domU1"), odd).error(), QString());
    QCOMPARE(memory->value(), 256);
    vcpus->setValue(3);
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->vcpus, 3);
    QCOMPARE(w.document()->project().domain(QStringLiteral("domU1"))->memoryKiB, quint64(256 * 1024 + 512));
}

void TestMainWindow::saveAsReopenEqualsCliCheck()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    const QString file = m_dir.filePath(QStringLiteral("roundtrip.devassign.json"));
    QVERIFY(w.isWindowModified());
    QVERIFY(w.document()->saveAs(file, nullptr));
    QVERIFY(!w.isWindowModified());
    QVERIFY2(w.windowTitle().startsWith(QStringLiteral("roundtrip.devassign.json")), qPrintable(w.windowTitle()));

    MainWindow reopened(false);
    QString error;
    QVERIFY2(reopened.openPath(file, &error, false), qPrintable(error));
    QVERIFY(reopened.document()->project() == w.document()->project());
    QVERIFY(!reopened.isWindowModified());

    const testsupport::CliResult cli = testsupport::runCli({ QStringLiteral("check"), file, QStringLiteral("--json") });
    QVERIFY2(cli.exitCode == 0 || cli.exitCode == 1, qPrintable(cli.err));
    const QJsonObject json = QJsonDocument::fromJson(cli.out.toUtf8()).object();
    const QJsonArray cliDiagnostics = json.value(QStringLiteral("diagnostics")).toArray();
    DiagnosticsModel *model = reopened.diagnosticsPanel()->model();
    QCOMPARE(model->rowCount(), cliDiagnostics.size());
    QVERIFY(model->rowCount() > 0);
    for (int r = 0; r < model->rowCount(); ++r) {
        const Diagnostic *d = model->diagnosticAt(model->index(r, 0));
        const QJsonObject c = cliDiagnostics.at(r).toObject();
        QCOMPARE(d->rule, c.value(QStringLiteral("rule")).toString());
        QCOMPARE(severityName(d->severity), c.value(QStringLiteral("severity")).toString());
        QCOMPARE(d->domain, c.value(QStringLiteral("domain")).toString());
        QCOMPARE(d->node, c.value(QStringLiteral("node")).toString());
        QCOMPARE(d->message, c.value(QStringLiteral("message")).toString());
        QCOMPARE(model->index(r, DiagnosticsModel::RuleColumn).data().toString(), d->rule);
    }
    const int errors = json.value(QStringLiteral("errors")).toInt();
    const int warnings = json.value(QStringLiteral("warnings")).toInt();
    QCOMPARE(reopened.countsLabel()->text(), QStringLiteral("%1 %2, %3 %4")
                                                 .arg(errors)
                                                 .arg(errors == 1 ? "error" : "errors")
                                                 .arg(warnings)
                                                 .arg(warnings == 1 ? "warning" : "warnings"));
}

void TestMainWindow::exportWritesSameFilesAsCli()
{
    MainWindow &w = *m_window;
    QCOMPARE(w.document()->assign(QStringLiteral("domU1"), { kPl031 }).error(), QString());
    DomainConfig d = *w.document()->project().domain(QStringLiteral("domU1"));
    d.dom0less = false; // a dom0less domain needs a kernel image; this one is xl only
    QCOMPARE(w.document()->updateDomain(QStringLiteral("domU1"), d).error(), QString());
    const QString file = m_dir.filePath(QStringLiteral("export.devassign.json"));
    QVERIFY(w.document()->saveAs(file, nullptr));
    QString error;
    const QString guiDir = m_dir.filePath(QStringLiteral("gui-export"));
    if (w.document()->analysis().errorCount() == 0)
        QVERIFY2(w.exportTo(guiDir, false, &error), qPrintable(error));
    else
        QVERIFY2(w.exportTo(guiDir, true, &error), qPrintable(error));
    const QString cliDir = m_dir.filePath(QStringLiteral("cli-export"));
    const testsupport::CliResult cli = testsupport::runCli(
        { QStringLiteral("export"), file, QStringLiteral("-o"), cliDir, QStringLiteral("--force") });
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
    QDirIterator it(cliDir, QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString cliFile = it.next();
        const QString relative = QDir(cliDir).relativeFilePath(cliFile);
        QFile a(cliFile), b(QDir(guiDir).filePath(relative));
        QVERIFY2(b.open(QIODevice::ReadOnly), qPrintable(relative));
        QVERIFY(a.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        ++files;
    }
    QVERIFY(files >= 3);
    QVERIFY(QFile::exists(QDir(guiDir).filePath(QStringLiteral("domU1/dom.cfg"))));
    // The directory that holds the project is refused, like the CLI does.
    QVERIFY(!w.exportTo(m_dir.path(), true, &error));
    QVERIFY2(error.contains(QStringLiteral("an input of this export")), qPrintable(error));
}

void TestMainWindow::recentFilesAndTitle()
{
    MainWindow persistent(true);
    QSettings().remove(QStringLiteral("recentFiles"));
    const QString file = m_dir.filePath(QStringLiteral("recent.devassign.json"));
    QVERIFY(m_window->document()->saveAs(file, nullptr));
    QString error;
    QVERIFY2(persistent.openPath(file, &error, false), qPrintable(error));
    QCOMPARE(persistent.recentFiles().value(0), QFileInfo(file).absoluteFilePath());
    QCOMPARE(persistent.windowTitle(), QStringLiteral("recent.devassign.json[*] — devassign studio"));
    persistent.domainsPanel()->newAction()->trigger();
    QVERIFY(persistent.isWindowModified());
    persistent.undoAction()->trigger();
    QVERIFY(!persistent.isWindowModified());
}

void TestMainWindow::badFileIsReported()
{
    const QString bad = m_dir.filePath(QStringLiteral("bad.dtb"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a device tree");
    f.close();
    MainWindow w(false);
    QString error;
    QVERIFY(!w.openPath(bad, &error, false));
    QVERIFY2(error.contains(QStringLiteral("bad.dtb")), qPrintable(error));

    QProcess studio;
    studio.start(studioBinary(), { bad, QStringLiteral("--screenshot"), m_dir.filePath(QStringLiteral("x.png")) });
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitCode(), 2);
    QVERIFY(QString::fromUtf8(studio.readAllStandardError()).contains(QStringLiteral("bad.dtb")));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.png"))));

    // An unknown --view: one line naming it, nothing written.
    QProcess view;
    view.start(studioBinary(), { testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), QStringLiteral("--screenshot"),
                                 m_dir.filePath(QStringLiteral("y.png")), QStringLiteral("--view"), QStringLiteral("pci") });
    QVERIFY(view.waitForFinished(60000));
    QCOMPARE(view.exitCode(), 2);
    const QString err = QString::fromUtf8(view.readAllStandardError()).trimmed();
    QVERIFY2(err.endsWith(QStringLiteral("--view pci: expected main, audit, memory or irq")), qPrintable(err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("y.png"))));
}

void TestMainWindow::hostColumnsChosenAndRemembered()
{
    QSettings().remove(QStringLiteral("hostTree/hiddenColumns"));
    {
        MainWindow w(true);
        QHeaderView *header = w.hostView()->header();
        // Owner and IOMMU stand next to the node's name.
        QCOMPARE(header->visualIndex(HostTreeModel::NodeColumn), 0);
        QCOMPARE(header->visualIndex(HostTreeModel::OwnerColumn), 1);
        QCOMPARE(header->visualIndex(HostTreeModel::IommuColumn), 2);
        std::unique_ptr<QMenu> menu(w.hostColumnsMenu());
        QStringList titles;
        QAction *scmi = nullptr;
        for (QAction *a : menu->actions()) {
            titles << a->text();
            QVERIFY(a->isChecked());
            if (a->text() == QLatin1String("SCMI"))
                scmi = a;
        }
        QCOMPARE(titles, (QStringList{ "Compatible", "Address", "IRQs", "IOMMU", "SCMI", "Owner" })); // Node is always shown
        QVERIFY(scmi);
        scmi->trigger();
        QVERIFY(header->isSectionHidden(HostTreeModel::ScmiColumn));
        QCOMPARE(QSettings().value(QStringLiteral("hostTree/hiddenColumns")).toStringList(), QStringList{ "SCMI" });
    }
    {
        MainWindow again(true); // remembered
        QVERIFY(again.hostView()->header()->isSectionHidden(HostTreeModel::ScmiColumn));
        QVERIFY(!again.hostView()->header()->isSectionHidden(HostTreeModel::OwnerColumn));
        std::unique_ptr<QMenu> menu(again.hostColumnsMenu());
        for (QAction *a : menu->actions())
            QCOMPARE(a->isChecked(), a->text() != QLatin1String("SCMI"));
        again.setHostColumnShown(HostTreeModel::ScmiColumn, true);
        QVERIFY(QSettings().value(QStringLiteral("hostTree/hiddenColumns")).toStringList().isEmpty());
    }
    MainWindow untouched(false); // screenshots and tests: settings neither read nor written
    QVERIFY(!untouched.hostView()->header()->isSectionHidden(HostTreeModel::ScmiColumn));
}

void TestMainWindow::screenshots_data()
{
    QTest::addColumn<QString>("board");
    QTest::addColumn<QList<QStringList>>("steps");
    QTest::addColumn<QString>("png");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("view");
    QTest::newRow("qemu-virt") << QStringLiteral("virt-gicv3.dtb")
                               << QList<QStringList>{
                                      { "domain", "add", "rtc", "--target", "xl", "--memory", "128M" },
                                      { "assign", "rtc", "/pl031@9010000" },
                                      { "domain", "add", "uart", "--target", "xl" },
                                      { "assign", "uart", "/pl061@9030000" },
                                  }
                               << QStringLiteral("studio-qemu-virt.png") << QStringLiteral("1400x900") << QStringLiteral("main");
    QTest::newRow("juno-scmi") << QStringLiteral("juno-r2-scmi.dtb")
                               << QList<QStringList>{
                                      { "domain", "add", "display", "--target", "xl", "--memory", "512M",
                                        "--vcpus", "2" },
                                      { "assign", "display", "/hdlcd@7ff60000" },
                                      { "domain", "add", "console", "--target", "xl" },
                                      { "assign", "console", "/serial@7ff80000" },
                                  }
                               << QStringLiteral("studio-juno-scmi.png") << QStringLiteral("1400x900") << QStringLiteral("main");
    // The safety pictures (docs/user-guide.md, "Safety pictures"): both Juno HDLCDs use SCMI clock 3.
    const QList<QStringList> juno = {
        { "domain", "add", "display", "--target", "xl", "--memory", "512M" },
        { "assign", "display", "/hdlcd@7ff60000" },
        { "domain", "add", "display2", "--target", "xl" },
        { "assign", "display2", "/hdlcd@7ff50000" },
        { "domain", "add", "console", "--target", "xl" },
        { "assign", "console", "/serial@7ff80000" },
    };
    for (const char *view : { "audit", "memory", "irq" })
        QTest::newRow(qPrintable(QStringLiteral("juno-%1").arg(QLatin1String(view))))
            << QStringLiteral("juno-r2-scmi.dtb") << juno << QStringLiteral("studio-juno-%1.png").arg(QLatin1String(view))
            << QString::fromLatin1(view == QLatin1String("audit") ? "1100x320" : "1100x700") << QString::fromLatin1(view);
    QList<QStringList> sc7280;
    const QList<QPair<const char *, const char *>> devices = {
        { "emmc", "/soc@0/mmc@7c4000" },           { "sdcard", "/soc@0/mmc@8804000" },
        { "usb", "/soc@0/usb@8cf8800" },           { "usb2", "/soc@0/usb@a6f8800" },
        { "video", "/soc@0/video-codec@aa00000" }, { "gpu", "/soc@0/gpu@3d00000" },
        { "pcie", "/soc@0/pci@1c08000" },          { "dma", "/soc@0/dma-controller@900000" },
    };
    for (const auto &[domain, node] : devices) {
        sc7280.append({ "domain", "add", domain, "--target", "xl" });
        sc7280.append({ "assign", domain, node });
    }
    QTest::newRow("sc7280-audit") << QStringLiteral("sc7280-herobrine-crd.dtb") << sc7280
                                  << QStringLiteral("studio-sc7280-audit.png") << QStringLiteral("2300x560")
                                  << QStringLiteral("audit");
}

void TestMainWindow::screenshots()
{
    QFETCH(QString, board);
    QFETCH(QList<QStringList>, steps);
    QFETCH(QString, png);
    QFETCH(QString, size);
    QFETCH(QString, view);
    QTemporaryDir dir;
    const QString project = cliProject(dir.path(), board, steps);
    QVERIFY(!project.isEmpty());
    const QString out = dir.filePath(png);
    QProcess studio;
    studio.start(studioBinary(), { project, QStringLiteral("--screenshot"), out, QStringLiteral("--size"), size,
                                   QStringLiteral("--view"), view });
    QVERIFY(studio.waitForFinished(60000));
    QVERIFY2(studio.exitStatus() == QProcess::NormalExit && studio.exitCode() == 0,
             studio.readAllStandardError().constData());
    QImage image(out);
    QVERIFY(!image.isNull());
    const QStringList wh = size.split(QLatin1Char('x'));
    QCOMPARE(image.size(), QSize(wh.at(0).toInt(), wh.at(1).toInt()));
    // Not one flat colour: count distinct colours on a coarse grid.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    // The documentation shows these screenshots.
    const QString docs = QStringLiteral(DEVASSIGN_SOURCE_DIR "/docs/screenshots");
    QVERIFY(QDir().mkpath(docs));
    QFile::remove(QDir(docs).filePath(png));
    QVERIFY(QFile::copy(out, QDir(docs).filePath(png)));
}

QTEST_MAIN(TestMainWindow)
#include "tst_gui_mainwindow.moc"
