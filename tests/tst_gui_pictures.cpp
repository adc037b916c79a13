// SPDX-License-Identifier: GPL-2.0-or-later
// The studio's safety pictures (views/pictureview.h) on real boards: each scene's contents as a
// text dump (which boxes, which links, which colours), zoom and hover of the memory map, the click
// that selects a node everywhere, and the SVG export through the window's prompter. Expected lines
// are read by hand from the boards' DTS (dtc -I dtb -O dts tests/data/X.dtb) and the legend's colours
// (docs/user-guide.md, "Safety pictures").
#include "analysis.h"
#include "hosttreemodel.h"
#include "mainwindow.h"
#include "modelroles.h"
#include "pictureview.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <QtTest>
#include <QAction>
#include <QCryptographicHash>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QTabWidget>
#include <QTreeView>

using namespace devassign;

namespace {

// The legend (docs/user-guide.md): protection and severity colours, the first domains' colours.
const QString kGreen = QStringLiteral("#2e9d4f");   // protected by an IOMMU Xen drives
const QString kBlue = QStringLiteral("#2f6fc4");    // no DMA, passed without IOMMU; also domain 1
const QString kRed = QStringLiteral("#d13438");     // error / no IOMMU
const QString kAmber = QStringLiteral("#e8a317");   // warning
const QString kDomain2 = QStringLiteral("#16a085");
const QString kDom0 = QStringLiteral("#9aa0a6");

Project projectOf(const QString &board, const QList<QPair<QString, QStringList>> &domains)
{
    return testsupport::projectWith(domains, testsupport::dataPath(board));
}

QStringList dumpOf(PictureKind kind, const HostModel &model, const Project &p, const MemoryWindow &w = {})
{
    QGraphicsScene scene;
    buildPictureScene(scene, kind, model, p, analyze(model, p), w);
    return sceneDump(scene).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QString joined(const QStringList &lines) { return lines.join(QLatin1Char('\n')); }

const QList<QPair<QString, QStringList>> kJunoDomains = {
    {QStringLiteral("display"), {QStringLiteral("/hdlcd@7ff60000")}},
    {QStringLiteral("display2"), {QStringLiteral("/hdlcd@7ff50000")}},
    {QStringLiteral("console"), {QStringLiteral("/serial@7ff80000")}},
};

// Two UARTs in one page and on one SPI (5), the second assigned elsewhere.
HostModelPtr sharingBoard()
{
    return testsupport::gicv3Model(QStringLiteral(
        "    serial@9000000 { compatible = \"arm,pl011\"; reg = <0x0 0x9000000 0x0 0x100>; interrupts = <0 5 4>; };\n"
        "    serial@9000800 { compatible = \"arm,pl011\"; reg = <0x0 0x9000800 0x0 0x100>; interrupts = <0 5 4>; };"));
}

Project sharingProject()
{
    Project p;
    for (const auto &[name, path] : {QPair<QString, QString>{QStringLiteral("a"), QStringLiteral("/serial@9000000")},
                                     QPair<QString, QString>{QStringLiteral("b"), QStringLiteral("/serial@9000800")}}) {
        DomainConfig d;
        d.name = name;
        if (!addDomain(p, d) || !assignDevice(p, name, path))
            qFatal("project");
    }
    return p;
}

QGraphicsItem *describedItem(QGraphicsScene *scene, const QString &prefix)
{
    for (QGraphicsItem *item : scene->items())
        if (item->data(0).toString().startsWith(prefix))
            return item;
    return nullptr;
}

} // namespace

class TestGuiPictures : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void auditOnJuno();
    void auditAcknowledgedLinkIsDashed();
    void auditOnSc7280WithEightDomains();
    void memoryMapWindowOnJuno();
    void memoryMapMarksSharedPages();
    void memoryMapZoomsFromFourGibToOnePage();
    void irqMapMarksClashes();
    void clickSelectsTheNodeEverywhere();
    void exportSvgThroughThePrompter();
    void exportAuditReportThroughThePrompter();
    void legendNamesEveryColour();
};

void TestGuiPictures::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

// Juno: hdlcd@7ff60000 behind iommu@7fb20000 and hdlcd@7ff50000 behind iommu@7fb10000, both
// "arm,mmu-401" (in Xen 4.17's arm_smmu_of_match, xen/drivers/passthrough/arm/smmu.c); both use
// clock 3 of the SCMI clock protocol (clocks = <0x3d 0x03>, 0x3d = /firmware/scmi/protocol@14).
// The PL011 has neither an IOMMU nor DMA. display2's HDLCD reports the shared SCMI clock
// (scmi-resource-shared, an error) against display's, the first user in project order.
void TestGuiPictures::auditOnJuno()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const QStringList dump = dumpOf(PictureKind::Audit, *model, projectOf(QStringLiteral("juno-r2-scmi.dtb"), kJunoDomains));
    const QStringList expected = {
        QStringLiteral("column name=dom0 fill=%1").arg(kDom0),
        QStringLiteral("column name=display fill=%1").arg(kBlue),
        QStringLiteral("card column=display node=/hdlcd@7ff60000 protection=iommu-xen colour=%1 scmi=clock 3").arg(kGreen),
        QStringLiteral("column name=display2 fill=%1").arg(kDomain2),
        QStringLiteral("card column=display2 node=/hdlcd@7ff50000 protection=iommu-xen colour=%1 scmi=clock 3").arg(kGreen),
        QStringLiteral("column name=console fill=#8e44ad"),
        QStringLiteral("card column=console node=/serial@7ff80000 protection=no-dma colour=%1 scmi=").arg(kBlue),
        QStringLiteral("link kind=scmi rule=scmi-resource-shared from=/hdlcd@7ff50000 to=/hdlcd@7ff60000 colour=%1").arg(kRed),
    };
    QCOMPARE(joined(dump), joined(expected));
}

void TestGuiPictures::auditAcknowledgedLinkIsDashed()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    Project p = projectOf(QStringLiteral("juno-r2-scmi.dtb"), kJunoDomains);
    QVERIFY(addAcknowledgement(p, {QStringLiteral("scmi-resource-shared"), QStringLiteral("/hdlcd@7ff50000"),
                                   QStringLiteral("display2"), QStringLiteral("one display at a time")}));
    QGraphicsScene scene;
    buildPictureScene(scene, PictureKind::Audit, *model, p, analyze(*model, p));
    QVERIFY(sceneDump(scene).contains(QStringLiteral("from=/hdlcd@7ff50000 to=/hdlcd@7ff60000 colour=%1 acknowledged").arg(kRed)));
    auto *link = qgraphicsitem_cast<QGraphicsPathItem *>(describedItem(&scene, QStringLiteral("link ")));
    QVERIFY(link);
    QCOMPARE(link->pen().style(), Qt::DashLine);
}

// sc7280 with eight domains. mmc@7c4000 (iommus = <&apps_smmu 0xc0 0>, iommu@15000000 is
// "qcom,sc7280-smmu-500", "arm,mmu-500", which Xen's smmu.c matches) is protected; the dwc3 glue
// usb@8cf8800 has no iommus and is passed as a device without DMA, its child usb@8c00000 (iommus)
// is planned with it. mmc@7c4000's clocks are <&gcc …>, <&rpmhcc 0>: clock-controller@100000 and
// rsc@18200000/clock-controller, both left with dom0 (dependency-not-in-domain, a warning).
void TestGuiPictures::auditOnSc7280WithEightDomains()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("sc7280-herobrine-crd.dtb"));
    const QList<QPair<QString, QStringList>> domains = {
        {QStringLiteral("emmc"), {QStringLiteral("/soc@0/mmc@7c4000")}},
        {QStringLiteral("sdcard"), {QStringLiteral("/soc@0/mmc@8804000")}},
        {QStringLiteral("usb"), {QStringLiteral("/soc@0/usb@8cf8800")}},
        {QStringLiteral("usb2"), {QStringLiteral("/soc@0/usb@a6f8800")}},
        {QStringLiteral("video"), {QStringLiteral("/soc@0/video-codec@aa00000")}},
        {QStringLiteral("gpu"), {QStringLiteral("/soc@0/gpu@3d00000")}},
        {QStringLiteral("pcie"), {QStringLiteral("/soc@0/pci@1c08000")}},
        {QStringLiteral("dma"), {QStringLiteral("/soc@0/dma-controller@900000")}},
    };
    const Project p = projectOf(QStringLiteral("sc7280-herobrine-crd.dtb"), domains);
    QGraphicsScene scene;
    buildPictureScene(scene, PictureKind::Audit, *model, p, analyze(*model, p));
    const QStringList dump = sceneDump(scene).split(QLatin1Char('\n'), Qt::SkipEmptyParts);

    QCOMPARE(dump.filter(QRegularExpression(QStringLiteral("^column "))).size(), 9); // dom0 + 8
    QVERIFY(dump.contains(QStringLiteral("card column=emmc node=/soc@0/mmc@7c4000 protection=iommu-xen colour=%1 scmi=").arg(kGreen)));
    QVERIFY(dump.contains(QStringLiteral("card column=usb node=/soc@0/usb@8cf8800 protection=no-dma colour=%1 scmi=").arg(kBlue)));
    QVERIFY(dump.contains(QStringLiteral("card column=usb node=/soc@0/usb@8cf8800/usb@8c00000 protection=iommu-xen colour=%1 scmi=").arg(kGreen)));
    QVERIFY(dump.contains(QStringLiteral("card column=dom0 node=/soc@0/clock-controller@100000 protection=none colour=%1 scmi=").arg(kRed)));
    QVERIFY(dump.contains(QStringLiteral("link kind=clock rule=dependency-not-in-domain from=/soc@0/mmc@7c4000 to=/soc@0/clock-controller@100000 colour=%1").arg(kAmber)));
    QVERIFY(dump.contains(QStringLiteral("link kind=clock rule=dependency-not-in-domain from=/soc@0/mmc@7c4000 to=/soc@0/rsc@18200000/clock-controller colour=%1").arg(kAmber)));
    // Pinctrl groups are dependencies too, but no shared resource: no link reaches them.
    QVERIFY(dump.filter(QStringLiteral("pinctrl")).isEmpty());

    // Readable: no two cards overlap, and each card's labels stay inside it.
    QVector<QRectF> cards;
    for (QGraphicsItem *item : scene.items())
        if (item->data(0).toString().startsWith(QLatin1String("card ")))
            cards.append(item->sceneBoundingRect().adjusted(1, 1, -1, -1));
    QCOMPARE(cards.size(), dump.filter(QRegularExpression(QStringLiteral("^card "))).size());
    for (int i = 0; i < cards.size(); ++i)
        for (int j = i + 1; j < cards.size(); ++j)
            QVERIFY(!cards[i].intersects(cards[j]));
    for (QGraphicsItem *item : scene.items()) {
        auto *text = qgraphicsitem_cast<QGraphicsSimpleTextItem *>(item);
        if (!text || text->zValue() > 0) // link labels and the dom0 note are no card's labels
            continue;
        bool inside = text->pos().y() < 60; // column headers
        for (const QRectF &c : cards)
            inside = inside || c.adjusted(-2, -2, 2, 2).contains(text->sceneBoundingRect());
        QVERIFY2(inside, qPrintable(text->text()));
    }
}

// Juno between 0x7ff00000 and 0x80000000 (1 MiB): the HDLCDs at 0x7ff50000/0x7ff60000 and the PL011
// at 0x7ff80000 (4 KiB each) in their domains' colours, dom0's PL330 at 0x7ff00000; RAM starts at
// 0x80000000 (memory@80000000), outside the window.
void TestGuiPictures::memoryMapWindowOnJuno()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const Project p = projectOf(QStringLiteral("juno-r2-scmi.dtb"), kJunoDomains);
    const QStringList dump = dumpOf(PictureKind::Memory, *model, p, {0x7ff00000, 0x100000, 600});
    QCOMPARE(dump.first(), QStringLiteral("window base=0x7ff00000 span=0x100000"));
    QVERIFY(dump.contains(QStringLiteral("host-device node=/hdlcd@7ff60000 range=0x7ff60000-0x7ff60fff owner=display fill=%1").arg(kBlue)));
    QVERIFY(dump.contains(QStringLiteral("host-device node=/hdlcd@7ff50000 range=0x7ff50000-0x7ff50fff owner=display2 fill=%1").arg(kDomain2)));
    QVERIFY(dump.filter(QStringLiteral("host-device node=/dma-controller@7ff00000 range=0x7ff00000-0x7ff00fff owner=dom0")).size() == 1);
    QVERIFY(dump.filter(QStringLiteral("host-ram")).isEmpty());
    QVERIFY(dump.filter(QStringLiteral("shared-pages")).isEmpty()); // each device has its own page
    // The whole map from 0: RAM bank 0 at 0x80000000-0xfeffffff, and the guests' layouts from
    // xen/include/public/arch-arm.h: GUEST_PL011_BASE 0x22000000 (4 KiB), GUEST_GNTTAB_BASE 0x38000000 (16 MiB).
    const QStringList full = dumpOf(PictureKind::Memory, *model, p);
    QVERIFY(full.contains(QStringLiteral("host-ram what=RAM bank 0 range=0x80000000-0xfeffffff fill=#c8e6c9")));
    QVERIFY(full.contains(QStringLiteral("guest domain=display layout=vPL011 range=0x22000000-0x22000fff fill=#e4e7eb")));
    QVERIFY(full.contains(QStringLiteral("guest domain=console layout=grant table range=0x38000000-0x38ffffff fill=#e4e7eb")));
    QCOMPARE(full.filter(QRegularExpression(QStringLiteral("^guest domain=display device=/hdlcd@7ff60000 range=0x[0-9a-f]+-0x[0-9a-f]+ fill=%1$").arg(kBlue))).size(), 1);
    QVERIFY(full.filter(QStringLiteral("clash=")).isEmpty()); // the planner moved every window out of Xen's layout
}

void TestGuiPictures::memoryMapMarksSharedPages()
{
    const HostModelPtr model = sharingBoard();
    const Project p = sharingProject();
    const QStringList dump = dumpOf(PictureKind::Memory, *model, p);
    QVERIFY2(dump.contains(QStringLiteral("shared-pages range=0x9000000-0x9000fff owners=a,b colour=%1").arg(kRed)), qPrintable(joined(dump)));
}

void TestGuiPictures::memoryMapZoomsFromFourGibToOnePage()
{
    ProjectDocument document;
    QString error;
    QVERIFY2(document.newFromHost(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), &error), qPrintable(error));
    PictureView view(&document, PictureKind::Memory);
    QCOMPARE(view.memoryWindow().span, quint64(1) << 32);
    view.zoomOut(); // already the widest
    QCOMPARE(view.memoryWindow().span, quint64(1) << 32);
    view.setMemoryWindow({0x7ff60000, 0x10000, 600});
    for (int i = 0; i < 8; ++i)
        view.zoomIn();
    QCOMPARE(view.memoryWindow().span, quint64(4096)); // one page, never less
    QTest::keyClick(&view, Qt::Key_Minus);
    QCOMPARE(view.memoryWindow().span, quint64(8192));
    QTest::keyClick(&view, Qt::Key_Plus);
    QCOMPARE(view.memoryWindow().span, quint64(4096));
    // The one page in view is the hdlcd's; hovering its box shows the region.
    view.setMemoryWindow({0x7ff60000, 4096, 600});
    QGraphicsItem *box = describedItem(view.pictureScene(), QStringLiteral("host-device node=/hdlcd@7ff60000"));
    QVERIFY(box);
    QVERIFY(box->toolTip().contains(QStringLiteral("0x7ff60000-0x7ff60fff")));
    QVERIFY(box->sceneBoundingRect().height() > 500); // the page fills the window
    QTest::keyClick(&view, Qt::Key_PageDown);
    QCOMPARE(view.memoryWindow().base, quint64(0x7ff60800));
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.memoryWindow().base, quint64(0));
}

// SPI 5 (GIC id 37) is used by both UARTs: a's and b's. An SPI with two owners is a clash (irq-shared).
void TestGuiPictures::irqMapMarksClashes()
{
    const HostModelPtr model = sharingBoard();
    const QStringList dump = dumpOf(PictureKind::Irq, *model, sharingProject());
    QCOMPARE(dump.filter(QRegularExpression(QStringLiteral("^column "))),
             (QStringList{QStringLiteral("column name=dom0 fill=%1").arg(kDom0), QStringLiteral("column name=a fill=%1").arg(kBlue),
                          QStringLiteral("column name=b fill=%1").arg(kDomain2)}));
    QVERIFY2(dump.contains(QStringLiteral("irq id=37 type=spi users=a=/serial@9000000 b=/serial@9000800 clash=shared colour=%1").arg(kRed)),
             qPrintable(joined(dump)));
}

void TestGuiPictures::clickSelectsTheNodeEverywhere()
{
    MainWindow window(false);
    QString error;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("juno.devassign.json"));
    QVERIFY(writeProject(projectOf(QStringLiteral("juno-r2-scmi.dtb"), kJunoDomains), file));
    QVERIFY2(window.openPath(file, &error, false), qPrintable(error));
    window.resize(1400, 900);
    window.show();
    window.showPicture(PictureKind::Audit);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PictureView *view = window.pictureView(PictureKind::Audit);
    QCOMPARE(window.pictureTabs()->currentWidget(), view);
    QGraphicsItem *card = describedItem(view->pictureScene(), QStringLiteral("card column=display node=/hdlcd@7ff60000"));
    QVERIFY(card);
    view->centerOn(card);
    const QPoint at = view->mapFromScene(card->sceneBoundingRect().center() + QPointF(60, 0));
    QVERIFY(view->viewport()->rect().contains(at));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(window.hostView()->currentIndex().data(NodePathRole).toString(), QStringLiteral("/hdlcd@7ff60000"));
    // The other pictures outline it too (thicker pen on its boxes).
    auto *box = qgraphicsitem_cast<QGraphicsRectItem *>(card);
    QVERIFY(box->pen().widthF() > 3);
}

void TestGuiPictures::exportSvgThroughThePrompter()
{
    MainWindow window(false);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("juno.devassign.json"));
    QVERIFY(writeProject(projectOf(QStringLiteral("juno-r2-scmi.dtb"), kJunoDomains), file));
    QString error;
    QVERIFY2(window.openPath(file, &error, false), qPrintable(error));
    QList<FileRequest> asked;
    const QString svg = dir.filePath(QStringLiteral("audit")); // the studio adds .svg
    window.setFileHandler([&](FileRequest r, const QString &) { asked << r; return svg; });
    window.setPromptHandler([](const Prompt &p) {
        qWarning() << "unexpected prompt" << p.text;
        return QMessageBox::Ok;
    });
    window.showPicture(PictureKind::Audit);
    QVERIFY(window.exportSvgAction()->isEnabled());
    window.exportSvgAction()->trigger();
    QCOMPARE(asked, QList<FileRequest>{FileRequest::SaveSvg});
    QFile out(svg + QStringLiteral(".svg"));
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray bytes = out.readAll();
    QVERIFY(bytes.startsWith("<?xml"));
    QVERIFY(bytes.contains("<svg"));
    QVERIFY(bytes.contains("<title>Audit</title>"));
    QVERIFY(bytes.contains("hdlcd@7ff60000")); // the cards' text is text in the SVG

    // A file that cannot be written: one error naming it, nothing else.
    QStringList errors;
    window.setPromptHandler([&](const Prompt &p) {
        errors << p.text;
        return QMessageBox::Ok;
    });
    window.setFileHandler([&](FileRequest, const QString &) { return dir.filePath(QStringLiteral("missing/dir/x.svg")); });
    window.exportSvgAction()->trigger();
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.front().contains(QStringLiteral("missing/dir/x.svg")), qPrintable(errors.front()));
}

// File ▸ Export Audit Report…: the page `devassign report` writes (tst_report checks its
// structure), with the pictures the dock shows; the project hash is of the saved file until an
// edit, then of what Save would write, and the page says so.
void TestGuiPictures::exportAuditReportThroughThePrompter()
{
    MainWindow window(false);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("juno.devassign.json"));
    QVERIFY(writeProject(projectOf(QStringLiteral("juno-r2-scmi.dtb"), kJunoDomains), file));
    QString error;
    QVERIFY2(window.openPath(file, &error, false), qPrintable(error));
    auto *action = window.findChild<QAction *>(QStringLiteral("exportAuditReport"));
    QVERIFY(action);
    QList<FileRequest> asked;
    const QString html = dir.filePath(QStringLiteral("audit")); // the studio adds .html
    window.setFileHandler([&](FileRequest r, const QString &) { asked << r; return html; });
    QStringList errors;
    window.setPromptHandler([&](const Prompt &p) {
        errors << p.text;
        return QMessageBox::Ok;
    });
    action->trigger();
    QCOMPARE(asked, QList<FileRequest>{FileRequest::SaveReport});
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QFile out(html + QStringLiteral(".html"));
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray page = out.readAll();
    out.close();
    QVERIFY(page.startsWith("<!DOCTYPE html>"));
    QFile project(file);
    QVERIFY(project.open(QIODevice::ReadOnly));
    const QByteArray saved = QCryptographicHash::hash(project.readAll(), QCryptographicHash::Sha256).toHex();
    QVERIFY(page.contains("<code>" + saved + "</code>"));
    QVERIFY(!page.contains("unsaved changes"));
    // The Audit picture's SVG is the one View ▸ Export Picture as SVG writes, without its prolog.
    QVERIFY(window.exportPictureSvg(PictureKind::Audit, dir.filePath(QStringLiteral("audit.svg")), &error));
    QFile svg(dir.filePath(QStringLiteral("audit.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgBytes = svg.readAll();
    QVERIFY(page.contains(svgBytes.mid(svgBytes.indexOf("<svg")).trimmed()));

    // After an edit: the hash of what Save would write.
    QVERIFY(window.document()->unassign({QStringLiteral("/serial@7ff80000")}));
    action->trigger();
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray edited = out.readAll();
    out.close();
    const QByteArray wouldSave = QCryptographicHash::hash(projectToJson(window.document()->project()), QCryptographicHash::Sha256).toHex();
    QVERIFY(edited.contains("<code>" + wouldSave + "</code>"));
    QVERIFY(edited.contains("unsaved changes"));

    // A file that cannot be written: one error naming it.
    window.setFileHandler([&](FileRequest, const QString &) { return dir.filePath(QStringLiteral("missing/dir/r.html")); });
    action->trigger();
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.front().contains(QStringLiteral("missing/dir/r.html")), qPrintable(errors.front()));
}

// Help ▸ Legend: each colour next to what it means, the same colours the dumps above name.
void TestGuiPictures::legendNamesEveryColour()
{
    MainWindow window(false);
    QStringList shown;
    window.setPromptHandler([&](const Prompt &p) {
        shown << p.text;
        return QMessageBox::Ok;
    });
    auto *legend = window.findChild<QAction *>(QStringLiteral("legend"));
    QVERIFY(legend);
    legend->trigger();
    QCOMPARE(shown.size(), 1);
    const QString html = shown.front();
    auto pairs = [&](const QString &colour, const QString &meaning) {
        return html.contains(QRegularExpression(QStringLiteral("background:%1\">[^<]*</td><td>%2")
                                                    .arg(colour, QRegularExpression::escape(meaning))));
    };
    QVERIFY(pairs(kGreen, QStringLiteral("protected by an IOMMU Xen drives")));
    QVERIFY(pairs(kAmber, QStringLiteral("behind an IOMMU Xen has no driver for")));
    QVERIFY(pairs(kBlue, QStringLiteral("no IOMMU, no sign of DMA")));
    QVERIFY(pairs(QStringLiteral("#8e44ad"), QStringLiteral("no IOMMU, DMA acknowledged")));
    QVERIFY(html.contains(QStringLiteral("background:%1\">&nbsp;&nbsp;&nbsp;&nbsp;</td><td>no IOMMU</td>").arg(kRed)));
    QVERIFY(pairs(kRed, QStringLiteral("error")));
    QVERIFY(pairs(kAmber, QStringLiteral("warning")));
    QVERIFY(pairs(kBlue, QStringLiteral("info")));
    QVERIFY(pairs(kDom0, QStringLiteral("a device that stays with dom0")));
    QVERIFY(pairs(QStringLiteral("#c8e6c9"), QStringLiteral("RAM")));
}

QTEST_MAIN(TestGuiPictures)
#include "tst_gui_pictures.moc"
