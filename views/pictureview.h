// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The studio's safety pictures: the Audit view (domains as columns, devices as cards, shared
// resources as links), the Memory map (host and guest address maps) and the IRQ map. Each is laid
// out into a QGraphicsScene by a pure function of core/pictures.h's data, so the on-screen view,
// `devassign-studio --screenshot --view`, the SVG export and any report paint the same picture
// (QGraphicsScene::render paints into any QPainter). No Xen logic here: the facts come from core.

#include "pictures.h"
#include "result.h"

#include <QGraphicsView>
#include <QImage>
#include <QString>

#include <optional>

class QGraphicsScene;
class QPainter;

namespace devassign {

class ProjectDocument;

enum class PictureKind { Audit, Memory, Irq };
QString pictureKindName(PictureKind kind);                          // "audit", "memory", "irq"
std::optional<PictureKind> pictureKindFromName(const QString &name);
QString pictureTitle(PictureKind kind);                             // "Audit", "Memory map", "IRQ map"

// The address window the memory map shows: [base, base + span), `height` pixels tall.
struct MemoryWindow {
    static constexpr quint64 kMaxSpan = 1ULL << 32;   // 4 GiB
    static constexpr quint64 kMinSpan = 4096;          // one page
    quint64 base = 0;
    quint64 span = kMaxSpan;
    int height = 720;
};

// Each builder clears `scene` and lays the picture out in it. Every box, link and mark carries a
// one-line description (sceneDump) and, where it stands for a host node, the node's path.
void buildAuditScene(QGraphicsScene &scene, const pictures::AuditPicture &picture);
void buildMemoryScene(QGraphicsScene &scene, const pictures::MemoryPicture &picture, const MemoryWindow &window);
void buildIrqScene(QGraphicsScene &scene, const QVector<pictures::IrqLine> &lines, const QStringList &domains);
void buildPictureScene(QGraphicsScene &scene, PictureKind kind, const HostModel &model, const Project &project,
                       const Analysis &analysis, const MemoryWindow &window = {});

// The legend of every colour the pictures use (Help ▸ Legend), as HTML, from the colours they draw with.
QString pictureLegendHtml();

// What the scene shows, one line per box, link and mark in drawing order, e.g.
// "card column=display node=/hdlcd@7ff60000 protection=iommu-xen fill=#2e9d4f".
QString sceneDump(const QGraphicsScene &scene);
// The host node an item of a picture stands for ("" for none).
QString nodeOfItem(const QGraphicsItem *item);

// Paints the whole scene into `painter` (any paint device: an image, an SVG, a printer).
void paintScene(QGraphicsScene &scene, QPainter &painter);
QImage renderScene(QGraphicsScene &scene);
// Writes the scene as an SVG file (QSvgGenerator), atomically. One-line error naming the file.
Status writeSceneSvg(QGraphicsScene &scene, const QString &file, const QString &title);

// One picture on screen, rebuilt after every analysis. Clicking a device emits nodeActivated (the
// window selects it everywhere). The memory map zooms with Ctrl+wheel or +/-, from 4 GiB down to
// one page, and scrolls with the wheel or PageUp/PageDown; hovering a region shows it.
class PictureView : public QGraphicsView
{
    Q_OBJECT
public:
    PictureView(ProjectDocument *document, PictureKind kind, QWidget *parent = nullptr);

    PictureKind kind() const { return m_kind; }
    QGraphicsScene *pictureScene() const { return m_scene; }
    const MemoryWindow &memoryWindow() const { return m_window; }
    void setMemoryWindow(const MemoryWindow &window);
    void zoomIn();
    void zoomOut();
    void scrollPages(int halves); // the memory map by half a window (negative = lower addresses)
    void rebuild();
    // Outlines the items of `path` (the node selected in the host tree).
    void setCurrentNode(const QString &path);
    Status exportSvg(const QString &file);

signals:
    void nodeActivated(const QString &path);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override; // the memory map fills the view's height

private:
    ProjectDocument *m_document;
    PictureKind m_kind;
    QGraphicsScene *m_scene;
    MemoryWindow m_window;
    QString m_current;
};

} // namespace devassign
