// SPDX-License-Identifier: GPL-2.0-or-later
// Triage of many findings in the studio (issue 10), on a real board: sc7280-herobrine-crd's SDHCI
// /soc@0/mmc@7c4000 given to one domain. The Diagnostics pane's tree groups its findings per
// device and rule with counts; the bulk decisions (core/planner.h BulkDecision) on a group and in
// the inspector's Dependencies section are one undo step each; the filters, the detail pane with
// its links, Copy, and the inspector's scroll position after an edit. Every model is watched by a
// fatal QAbstractItemModelTester.
//
// Expected values from the board's DTS (dtc -I dtb -O dts tests/data/sc7280-herobrine-crd.dtb),
// mmc@7c4000:
//   clocks = <&gcc 0x6c &gcc 0x6d &rpmhcc 0>      -> 2 providers: clock-controller@100000 (gcc),
//                                                    rsc@18200000/clock-controller (rpmhcc)
//   interconnects = <&aggre1_noc 6 0 &mc_virt 1 0 &gem_noc 2 0 &cnoc2 0x1f 0> (#interconnect-cells
//                    = 2)                           -> 4 providers
//   power-domains = <&rpmhpd 0>                     -> 1 (rsc@18200000/power-controller)
//   resets = <&gcc 6>                               -> 1 (gcc again, another property)
//   vmmc-supply = <&ldo7>, vqmmc-supply = <&ldo19>  -> 2
//   pinctrl-0 / pinctrl-1: 4 + 4 pin groups of pinctrl@f100000
// Nothing of it is the domain's or a fixed clock, so devassign drops every reference by default:
// 2 + 4 + 1 + 1 + 2 = 10 dependency-not-in-domain warnings (one per property and provider) and one
// pinctrl-left-to-host for both pin states. Distinct providers: gcc, rpmhcc, 4 interconnects,
// power-controller, ldo7, ldo19 = 9, plus the 8 pin groups = 17.

#include "diagnosticsfilter.h"
#include "diagnosticsgroupmodel.h"
#include "diagnosticsmodel.h"
#include "diagnosticspanel.h"
#include "dtssourceview.h"
#include "inspectorwidget.h"
#include "mainwindow.h"
#include "modelroles.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <Qsci/qsciscintilla.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>
#include <QToolTip>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace devassign;

namespace {

const QString kMmc = QStringLiteral("/soc@0/mmc@7c4000");
const QString kGcc = QStringLiteral("/soc@0/clock-controller@100000");
const QString kRpmhcc = QStringLiteral("/soc@0/rsc@18200000/clock-controller");
const QString kPins = QStringLiteral("/soc@0/pinctrl@f100000/");
const QString kDomain = QStringLiteral("g1");
const QString kNotInDomain = QStringLiteral("dependency-not-in-domain");
const QString kPinsLeft = QStringLiteral("pinctrl-left-to-host");

int findings(const ProjectDocument &doc, const QString &rule)
{
    int n = 0;
    for (const Diagnostic &d : doc.analysis().diagnostics)
        n += d.rule == rule && d.node == kMmc;
    return n;
}

// "rule (count)" of each rule group under a device group.
QStringList ruleGroups(const DiagnosticsGroupModel &m, const QModelIndex &device)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(device); ++r)
        out << m.index(r, 0, device).data().toString();
    return out;
}

QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions())
        if (a->text() == text)
            return a;
    return nullptr;
}

} // namespace

class TestGuiTriage : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

    DiagnosticsPanel *panel() const { return m_window->diagnosticsPanel(); }
    ProjectDocument *doc() const { return m_window->document(); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("devassign-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_triage"));
    }

    void init()
    {
        m_window = std::make_unique<MainWindow>(false);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QString error;
        QVERIFY2(m_window->openPath(testsupport::dataPath(QStringLiteral("sc7280-herobrine-crd.dtb")), &error, false),
            qPrintable(error));
        for (QAbstractItemModel *m :
            std::initializer_list<QAbstractItemModel *> {panel()->model(), panel()->filter(), panel()->groupModel()})
            m_testers.push_back(
                std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::Fatal));
        DomainConfig g1;
        g1.name = kDomain;
        QCOMPARE(doc()->addDomain(g1).error(), QString());
        QCOMPARE(doc()->assign(kDomain, {kMmc}).error(), QString());
    }

    void cleanup()
    {
        m_testers.clear();
        m_window.reset();
    }

    void groupsPerDeviceAndRuleWithCounts()
    {
        panel()->setGrouped(true);
        QVERIFY(panel()->tree()->isVisible());
        const DiagnosticsGroupModel &m = *panel()->groupModel();
        const QModelIndex device = m.deviceGroup(kDomain, kMmc);
        QVERIFY(device.isValid());
        QCOMPARE(device.data().toString(), QStringLiteral("g1 / mmc@7c4000 (11)"));
        QCOMPARE(device.data(CountRole).toInt(), 11);
        QCOMPARE(device.data(SeverityRole).toInt(), int(Severity::Warning));
        QCOMPARE(device.data(Qt::ToolTipRole).toString(), kMmc);
        QCOMPARE(ruleGroups(m, device),
            QStringList({QStringLiteral("dependency-not-in-domain (10)"), QStringLiteral("pinctrl-left-to-host (1)")}));
        QVERIFY(panel()->tree()->isExpanded(device));
        QVERIFY(!panel()->tree()->isExpanded(m.index(0, 0, device)));
        // A finding row is the flat model's row: the same message.
        const QModelIndex finding = m.index(0, 0, m.index(1, 0, device));
        QCOMPARE(finding.data(GroupLevelRole).toInt(), int(DiagnosticsGroupModel::FindingLevel));
        QCOMPARE(m.flatIndex(finding).data(RuleRole).toString(), kPinsLeft);
        // The domain's own findings (no kernel; no host RAM: the board's /memory@80000000 has size
        // 0, host-ram-unknown) are a group of their own, named by the domain.
        QCOMPARE(m.deviceGroup(kDomain, QString()).data().toString(), QStringLiteral("g1 (2)"));
    }

    void suggestedPolicyOnAGroupIsOneUndoStep()
    {
        panel()->setGrouped(true);
        QCOMPARE(findings(*doc(), kNotInDomain), 10);
        QCOMPARE(findings(*doc(), kPinsLeft), 1);
        const int steps = doc()->undoStack()->count();
        const QModelIndex device = panel()->groupModel()->deviceGroup(kDomain, kMmc);
        // The group's context menu, as a right-click on the rule group shows it.
        std::unique_ptr<QMenu> menu(panel()->treeMenu(panel()->groupModel()->index(0, 0, device)));
        QVERIFY(menu);
        QAction *policy = actionNamed(menu.get(), QStringLiteral("Apply the Suggested Policy"));
        QVERIFY(policy && policy->isEnabled());
        QVERIFY(actionNamed(menu.get(), QStringLiteral("Drop All Pinctrl"))->isEnabled());
        policy->trigger();
        QCOMPARE(doc()->undoStack()->count(), steps + 1);
        const QMap<QString, DependencyAction> decisions = doc()->project().domain(kDomain)->dependencyDecisions;
        QCOMPARE(decisions.size(), 19); // 17 providers of the SDHCI, 2 OPPs its opp-table requires
        for (auto it = decisions.cbegin(); it != decisions.cend(); ++it)
            QCOMPARE(dependencyActionName(*it), QStringLiteral("drop"));
        QCOMPARE(findings(*doc(), kNotInDomain), 0);
        QCOMPARE(findings(*doc(), kPinsLeft), 0);
        QVERIFY(!panel()->groupModel()->deviceGroup(kDomain, kMmc).isValid());
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Done: Apply the Suggested Policy")));

        m_window->undoAction()->trigger();
        QCOMPARE(findings(*doc(), kNotInDomain), 10);
        QCOMPARE(findings(*doc(), kPinsLeft), 1);
        QVERIFY(doc()->project().domain(kDomain)->dependencyDecisions.isEmpty());
        QCOMPARE(panel()->groupModel()->deviceGroup(kDomain, kMmc).data(CountRole).toInt(), 11);
        // Nothing left to decide after the policy: refused with the reason, nothing pushed.
        m_window->redoAction()->trigger();
        QCOMPARE(doc()->applyBulkDecision(kDomain, {kMmc}, BulkDecision::SuggestedPolicy).error(),
            QStringLiteral("Apply the Suggested Policy: nothing to decide for mmc@7c4000"));
        QCOMPARE(doc()->undoStack()->count(), steps + 1);
    }

    void inspectorBulkDropPinctrlAndStubClocks()
    {
        QVERIFY(m_window->selectNode(kMmc));
        InspectorWidget *inspector = m_window->inspector();
        auto sectionItem = [inspector] {
            for (int i = 0; i < inspector->details()->topLevelItemCount(); ++i)
                if (inspector->details()->topLevelItem(i)->data(0, Qt::UserRole) == QLatin1String("Dependencies"))
                    return inspector->details()->topLevelItem(i);
            return static_cast<QTreeWidgetItem *>(nullptr);
        };
        QVERIFY(sectionItem());
        std::unique_ptr<QMenu> menu(inspector->dependencyMenu(sectionItem()));
        QAction *drop = actionNamed(menu.get(), QStringLiteral("Drop All Pinctrl"));
        QVERIFY(drop && drop->isEnabled());
        const int steps = doc()->undoStack()->count();
        drop->trigger();
        QCOMPARE(doc()->undoStack()->count(), steps + 1);
        QMap<QString, DependencyAction> decisions = doc()->project().domain(kDomain)->dependencyDecisions;
        QCOMPARE(decisions.size(), 8);
        for (auto it = decisions.cbegin(); it != decisions.cend(); ++it) {
            QVERIFY2(it.key().startsWith(kPins), qPrintable(it.key()));
            QCOMPARE(*it, DependencyAction::Drop);
        }
        QCOMPARE(findings(*doc(), kPinsLeft), 0);
        QCOMPARE(findings(*doc(), kNotInDomain), 10);
        m_window->undoAction()->trigger();
        QCOMPARE(findings(*doc(), kPinsLeft), 1);

        // Stub: rpmhcc only; gcc also gives the SDHCI its reset, which a stub cannot.
        menu.reset(
            inspector->dependencyMenu(inspector->item(QStringLiteral("Dependencies"), QStringLiteral("clocks"))));
        QAction *stub = actionNamed(menu.get(), QStringLiteral("Stub All Clocks (fixed-clock)"));
        QVERIFY(stub && stub->isEnabled());
        stub->trigger();
        decisions = doc()->project().domain(kDomain)->dependencyDecisions;
        QCOMPARE(decisions.keys(), QStringList({kRpmhcc}));
        QCOMPARE(decisions.value(kRpmhcc), DependencyAction::Stub);
        QCOMPARE(findings(*doc(), kNotInDomain), 9);
        m_window->undoAction()->trigger();
        QCOMPARE(findings(*doc(), kNotInDomain), 10);
        QVERIFY(!doc()->project().domain(kDomain)->dependencyDecisions.contains(kGcc));
    }

    void filtersBySeverityDomainAndRule()
    {
        DiagnosticsFilterModel *filter = panel()->filter();
        const Analysis &a = doc()->analysis();
        int warnings = 0;
        for (const Diagnostic &d : a.diagnostics)
            warnings += d.severity == Severity::Warning;
        QComboBox *severity = panel()->severityFilter();
        severity->setCurrentIndex(severity->findData(int(Severity::Warning)));
        QCOMPARE(filter->rowCount(), warnings);
        for (int r = 0; r < filter->rowCount(); ++r)
            QCOMPARE(filter->index(r, 0).data(SeverityRole).toInt(), int(Severity::Warning));
        severity->setCurrentIndex(0);
        QComboBox *rule = panel()->ruleFilter();
        QVERIFY(rule->findData(kPinsLeft) > 0);
        rule->setCurrentIndex(rule->findData(kPinsLeft));
        QCOMPARE(filter->rowCount(), 1);
        // The tree follows the filter.
        panel()->setGrouped(true);
        QCOMPARE(panel()->groupModel()->deviceGroup(kDomain, kMmc).data(CountRole).toInt(), 1);
        rule->setCurrentIndex(0);
        QComboBox *domain = panel()->domainFilter();
        domain->setCurrentIndex(domain->findData(kDomain));
        for (int r = 0; r < filter->rowCount(); ++r)
            QCOMPARE(filter->index(r, 0).data(DomainNameRole).toString(), kDomain);
        QCOMPARE(filter->rowCount(), 15); // 10 + 1 on the SDHCI, 2 on its OPPs (required-opps), no kernel, no host RAM
        // A filter survives an edit that keeps its domain.
        QCOMPARE(doc()->setDependencyDecision(kDomain, kGcc, DependencyAction::Drop).error(), QString());
        QCOMPARE(domain->currentData().toString(), kDomain);
        QCOMPARE(filter->rowCount(), 13); // gcc's clocks and resets findings are gone
    }

    void detailPaneLinksAcknowledgeAndCopy()
    {
        QTableView *table = panel()->view();
        int row = -1;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data(RuleRole).toString() == kPinsLeft)
                row = r;
        QVERIFY(row >= 0);
        table->setCurrentIndex(table->model()->index(row, 0));
        table->selectRow(row);
        const Diagnostic *d = panel()->currentDiagnostic();
        QVERIFY(d);
        const QString text = panel()->detail()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Cause: ") + d->message), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Fix: ") + d->fix));
        QVERIFY(!d->source.isEmpty() && text.contains(QStringLiteral("Source: ") + d->source));
        QVERIFY(text.contains(QStringLiteral("Not acknowledged")));
        // The eight pin groups are related locations, each a link.
        const QString html = panel()->detail()->toHtml();
        QCOMPARE(html.count(QStringLiteral("href=\"node:") + kPins), 8);
        emit panel()->detail()->anchorClicked(QUrl(QStringLiteral("node:") + kPins + QStringLiteral("sdc1-clk-pins")));
        QCOMPARE(m_window->hostView()->currentIndex().data(NodePathRole).toString(),
            kPins + QStringLiteral("sdc1-clk-pins"));

        // Copy: the selected finding as one line.
        table->setFocus();
        QApplication::clipboard()->clear();
        QTest::keySequence(table, QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(),
            QStringLiteral("info[pinctrl-left-to-host] g1 /soc@0/mmc@7c4000: %1  fix: %2").arg(d->message, d->fix));

        QCOMPARE(
            panel()->acknowledge(table->model()->index(row, 0), QStringLiteral("firmware sets the pins")), QString());
        row = -1;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data(RuleRole).toString() == kPinsLeft)
                row = r;
        table->setCurrentIndex(table->model()->index(row, 0));
        QVERIFY(panel()->detail()->toPlainText().contains(QStringLiteral("Acknowledged: firmware sets the pins")));
    }

    void inspectorKeepsItsScrollAfterAnEdit()
    {
        m_window->resize(1000, 600);
        QVERIFY(m_window->selectNode(kMmc));
        QTreeWidget *details = m_window->inspector()->details();
        QScrollBar *bar = details->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        // Halfway: the edit below removes two Diagnostics rows at the end, so the maximum shrinks.
        bar->setValue(bar->maximum() / 2);
        const int at = bar->value();
        QVERIFY(at > 0);
        QCOMPARE(doc()->setDependencyDecision(kDomain, kGcc, DependencyAction::Drop).error(), QString());
        QCOMPARE(bar->value(), at);
        m_window->undoAction()->trigger();
        QCOMPARE(bar->value(), at);
        // Another node starts at the top.
        QVERIFY(m_window->selectNode(kGcc));
        QCOMPARE(bar->value(), 0);
    }

    // The SDHCI's DTS pane: a squiggle on each property a finding names (the 10 dependency
    // findings name clocks, interconnects, power-domains, resets, vmmc-supply and vqmmc-supply;
    // pinctrl-left-to-host names pinctrl-0 and pinctrl-1), the messages on hover.
    void dtsPaneSquigglesTheLinesFindingsPointAt()
    {
        QVERIFY(m_window->selectNode(kMmc));
        DtsSourceView *source = m_window->inspector()->sourceView();
        QsciScintilla *editor = source->editor();
        auto lineOf = [editor](const QString &property) {
            for (int l = 0; l < editor->lines(); ++l)
                if (editor->text(l).startsWith(QStringLiteral("\t") + property + QStringLiteral(" =")))
                    return l;
            return -1;
        };
        QList<int> expected;
        for (const char *p : {"clocks", "interconnects", "power-domains", "resets", "vmmc-supply", "vqmmc-supply",
                 "pinctrl-0", "pinctrl-1"}) {
            QVERIFY2(lineOf(QLatin1String(p)) > 0, p);
            expected << lineOf(QLatin1String(p));
        }
        std::sort(expected.begin(), expected.end());
        QCOMPARE(source->squiggledLines(), expected);
        const int clocks = lineOf(QStringLiteral("clocks"));
        QCOMPARE(
            source->messagesAt(clocks).count(QStringLiteral("warning[dependency-not-in-domain]")), 2); // gcc, rpmhcc
        QCOMPARE(
            source->messagesAt(lineOf(QStringLiteral("interconnects"))).count(QLatin1Char('\n')), 3); // 4 providers
        QVERIFY(source->messagesAt(lineOf(QStringLiteral("pinctrl-1")))
                    .startsWith(QStringLiteral("info[pinctrl-left-to-host]")));
        QVERIFY(source->messagesAt(0).isEmpty());
        // Hovering (Scintilla's dwell) shows them.
        const int position = editor->positionFromLineIndex(clocks, 3);
        emit editor->SCN_DWELLSTART(position, 20, 20);
        QTRY_COMPARE(QToolTip::text(), source->messagesAt(clocks));
        // The suggested policy decides them all: no squiggle left, on the same node.
        QCOMPARE(doc()->applyBulkDecision(kDomain, {kMmc}, BulkDecision::SuggestedPolicy).error(), QString());
        QVERIFY(source->squiggledLines().isEmpty());
    }

    // clocks = <0x2c 0x6c 0x2c 0x6d 0x27 0x00>: 0x27 is rpmhcc's phandle; 0x6c is gcc's clock index.
    void dtsPaneCtrlClickFollowsAPhandle()
    {
        QVERIFY(m_window->selectNode(kMmc));
        DtsSourceView *source = m_window->inspector()->sourceView();
        QsciScintilla *editor = source->editor();
        int clocks = -1;
        for (int l = 0; l < editor->lines(); ++l)
            if (editor->text(l).startsWith(QStringLiteral("\tclocks = ")))
                clocks = l;
        QVERIFY(clocks > 0);
        const QString text = editor->text(clocks);
        QCOMPARE(text.trimmed(), QStringLiteral("clocks = <0x2c 0x6c 0x2c 0x6d 0x27 0x00>;"));
        QCOMPARE(source->referenceAt(clocks, int(text.indexOf(QStringLiteral("0x2c"))) + 1), kGcc);
        QCOMPARE(source->referenceAt(clocks, int(text.indexOf(QStringLiteral("0x6c"))) + 1), QString());
        QCOMPARE(source->referenceAt(0, 2), QString());
        // A real Ctrl+click on 0x27.
        const int position = editor->positionFromLineIndex(clocks, int(text.indexOf(QStringLiteral("0x27"))) + 2);
        editor->ensureLineVisible(clocks);
        const QPoint at(int(editor->SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0, position)),
            int(editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0, position)) + 3);
        QTest::mouseClick(editor->viewport(), Qt::LeftButton, Qt::ControlModifier, at);
        QCOMPARE(m_window->inspector()->nodePath(), kRpmhcc);
        QCOMPARE(m_window->hostView()->currentIndex().data(NodePathRole).toString(), kRpmhcc);
    }

    void dtsPaneCtrlFFindsInThePane()
    {
        QVERIFY(m_window->selectNode(kMmc));
        m_window->activateWindow();
        DtsSourceView *source = m_window->inspector()->sourceView();
        QsciScintilla *editor = source->editor();
        editor->setFocus();
        QVERIFY(!source->isFindBarShown());
        QTest::keyClick(editor, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(source->isFindBarShown());
        QVERIFY(!m_window->filterEdit()->hasFocus()); // not the window's Find Node
        QTest::keyClicks(source->findEdit(), QStringLiteral("supply"));
        int line = -1, index = -1;
        editor->getSelection(&line, &index, &line, &index);
        QCOMPARE(editor->selectedText(), QStringLiteral("supply"));
        QVERIFY(editor->text(line).startsWith(QStringLiteral("\tvmmc-supply")));
        QTest::keyClick(source->findEdit(), Qt::Key_Return); // next: vqmmc-supply
        editor->getSelection(&line, &index, &line, &index);
        QVERIFY2(editor->text(line).startsWith(QStringLiteral("\tvqmmc-supply")), qPrintable(editor->text(line)));
        QTest::keyClick(source->findEdit(), Qt::Key_Escape);
        QVERIFY(!source->isFindBarShown());
    }
};

QTEST_MAIN(TestGuiTriage)
#include "tst_gui_triage.moc"
