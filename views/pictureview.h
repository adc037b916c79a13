// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The studio's safety pictures on screen: the Audit view, the Memory map and the IRQ map. Each is
// laid out once by render/picturedrawing.h (QtGui only, shared with the CLI's audit report) and
// shown here as QGraphicsScene items, one per shape, so the view, `devassign-studio --screenshot
// --view`, the SVG export and `devassign report` show the same picture. No Xen logic here.

#include "picturedrawing.h"
#include "result.h"

#include <QGraphicsView>
#include <QImage>
#include <QString>

#include <optional>

class QGraphicsScene;
class QPainter;

namespace devassign {

class ProjectDocument;

// Clears `scene` and puts one item per shape of `drawing` in it, each carrying its shape's dump
// line (sceneDump) and host node (nodeOfItem).
void fillScene(QGraphicsScene &scene, const Drawing &drawing);
// fillScene with the picture of `kind` (render/picturedrawing.h's pictureDrawing).
void buildPictureScene(QGraphicsScene &scene, PictureKind kind, const HostModel &model, const Project &project,
                       const Analysis &analysis, const MemoryWindow &window = {});

// What the scene shows, one line per box, link and mark in drawing order, e.g.
// "card column=display node=/hdlcd@7ff60000 protection=iommu-xen fill=#2e9d4f".
QString sceneDump(const QGraphicsScene &scene);
// The host node an item of a picture stands for ("" for none).
QString nodeOfItem(const QGraphicsItem *item);

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
    // The picture as an SVG file (render/picturedrawing.h's drawingSvg, as the audit report has it), atomically.
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
    Drawing m_drawing; // what m_scene shows
    MemoryWindow m_window;
    QString m_current;
    // Where the dom0less boot modules go, made once per analysis or project file name (it builds
    // every domain's partial DTB and reads the module files' sizes): zooming, scrolling and
    // resizing the memory map redraw without making them again. A module file rebuilt on disk
    // shows at the next edit.
    std::optional<QVector<BootModule>> m_modules;
};

} // namespace devassign
