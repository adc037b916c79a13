// SPDX-License-Identifier: GPL-2.0-or-later
#include "pictureview.h"

#include "exportjob.h"

#include "projectdocument.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>

namespace devassign {

namespace {

// Item data keys: the dump line, the host node, the drawing order.
constexpr int kDumpKey = 0;
constexpr int kNodeKey = 1;
constexpr int kOrderKey = 2;

// The item that paints `s` as paintDrawing does (render/picturedrawing.cpp, paintShape).
QGraphicsItem *addItem(QGraphicsScene &scene, const Shape &s)
{
    switch (s.kind) {
    case Shape::Kind::Rect: return scene.addRect(s.rect, s.pen, s.brush);
    case Shape::Kind::Text: {
        QGraphicsSimpleTextItem *item = scene.addSimpleText(s.text, s.font);
        item->setBrush(s.brush);
        item->setPos(s.rect.topLeft());
        return item;
    }
    case Shape::Kind::Line: return scene.addLine(s.line, s.pen);
    case Shape::Kind::Path: return scene.addPath(s.path, s.pen);
    }
    return nullptr;
}

} // namespace

void fillScene(QGraphicsScene &scene, const Drawing &drawing)
{
    scene.clear();
    scene.setBackgroundBrush(drawing.background);
    for (const Shape &s : drawing.shapes) {
        QGraphicsItem *item = addItem(scene, s);
        item->setZValue(s.z);
        if (!s.toolTip.isEmpty())
            item->setToolTip(s.toolTip);
        if (s.order >= 0) {
            item->setData(kDumpKey, s.dump);
            item->setData(kOrderKey, s.order);
        }
        if (s.order >= 0 || !s.node.isEmpty())
            item->setData(kNodeKey, s.node);
    }
}

void buildPictureScene(QGraphicsScene &scene, PictureKind kind, const HostModel &model, const Project &project,
                       const Analysis &analysis, const MemoryWindow &window)
{
    fillScene(scene, pictureDrawing(kind, model, project, analysis, window));
}

QString sceneDump(const QGraphicsScene &scene)
{
    QVector<const QGraphicsItem *> described;
    for (const QGraphicsItem *item : scene.items())
        if (item->data(kOrderKey).isValid())
            described.append(item);
    std::sort(described.begin(), described.end(), [](const QGraphicsItem *a, const QGraphicsItem *b) {
        return a->data(kOrderKey).toInt() < b->data(kOrderKey).toInt();
    });
    QString out;
    for (const QGraphicsItem *item : described)
        out += item->data(kDumpKey).toString() + QLatin1Char('\n');
    return out;
}

QString nodeOfItem(const QGraphicsItem *item)
{
    for (; item; item = item->parentItem())
        if (const QString node = item->data(kNodeKey).toString(); !node.isEmpty())
            return node;
    return QString();
}

// ---- the view ----------------------------------------------------------------------------------------

PictureView::PictureView(ProjectDocument *document, PictureKind kind, QWidget *parent)
    : QGraphicsView(parent), m_document(document), m_kind(kind), m_scene(new QGraphicsScene(this))
{
    setObjectName(pictureKindName(kind) + QStringLiteral("Picture"));
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setFocusPolicy(Qt::StrongFocus);
    const auto forgetModules = [this] {
        m_modules.reset();
        rebuild();
    };
    connect(m_document, &ProjectDocument::analysisChanged, this, forgetModules);
    // Kernel and ramdisk paths are relative to the project file: a Save As moves them.
    connect(m_document, &ProjectDocument::fileNameChanged, this, forgetModules);
    rebuild();
}

namespace {

// Where the export would place the dom0less boot modules, when the module files exist (the memory
// map shows them "where known").
QVector<BootModule> bootModulesOf(const ProjectDocument &document)
{
    ExportContext ctx(document.host().get(), &document.project(), &document.analysis(), document.fileName());
    readModuleFileSizes(document.project(), document.fileName(), &ctx.fileSizes, nullptr);
    return dom0lessBootModules(ctx, nullptr);
}

} // namespace

void PictureView::rebuild()
{
    if (!m_document->host()) {
        m_drawing = Drawing{};
        m_scene->clear();
        return;
    }
    if (m_kind == PictureKind::Memory && !m_modules)
        m_modules = bootModulesOf(*m_document);
    m_drawing = pictureDrawing(m_kind, *m_document->host(), m_document->project(), m_document->analysis(), m_window,
                               m_modules.value_or(QVector<BootModule>()));
    fillScene(*m_scene, m_drawing);
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-10, -10, 10, 10));
    const QString current = m_current;
    m_current.clear();
    setCurrentNode(current);
}

void PictureView::setMemoryWindow(const MemoryWindow &window)
{
    m_window = window;
    m_window.span = std::clamp(m_window.span, MemoryWindow::kMinSpan, MemoryWindow::kMaxSpan);
    if (m_kind == PictureKind::Memory)
        rebuild();
}

void PictureView::zoomIn()
{
    MemoryWindow w = m_window;
    w.span = std::max(MemoryWindow::kMinSpan, w.span / 2);
    w.base = m_window.base + (m_window.span - w.span) / 2; // keep the middle in the middle
    setMemoryWindow(w);
}

void PictureView::zoomOut()
{
    MemoryWindow w = m_window;
    w.span = std::min(MemoryWindow::kMaxSpan, w.span * 2);
    const quint64 grow = (w.span - m_window.span) / 2;
    w.base = m_window.base > grow ? m_window.base - grow : 0;
    setMemoryWindow(w);
}

void PictureView::scrollPages(int halves)
{
    MemoryWindow w = m_window;
    const quint64 step = w.span / 2 * quint64(std::abs(halves));
    if (halves < 0)
        w.base = w.base > step ? w.base - step : 0;
    else
        w.base = w.base + step < w.base ? w.base : w.base + step; // never wraps past 2^64
    setMemoryWindow(w);
}

void PictureView::setCurrentNode(const QString &path)
{
    if (path == m_current)
        return;
    for (QGraphicsItem *item : m_scene->items()) {
        auto *box = qgraphicsitem_cast<QGraphicsRectItem *>(item);
        if (!box || !item->data(kOrderKey).isValid())
            continue;
        const QString node = item->data(kNodeKey).toString();
        if (node.isEmpty() || (node != path && node != m_current))
            continue;
        QPen pen = box->pen();
        pen.setWidthF(node == path ? pen.widthF() + 2.5 : std::max(0.8, pen.widthF() - 2.5));
        box->setPen(pen);
    }
    m_current = path;
}

Status PictureView::exportSvg(const QString &file)
{
    return writeDrawingSvg(m_drawing, file, pictureTitle(m_kind));
}

void PictureView::wheelEvent(QWheelEvent *event)
{
    if (m_kind != PictureKind::Memory) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0)
        return;
    if (event->modifiers() & Qt::ControlModifier)
        steps > 0 ? zoomIn() : zoomOut();
    else
        scrollPages(steps > 0 ? -1 : 1);
    event->accept();
}

void PictureView::keyPressEvent(QKeyEvent *event)
{
    if (m_kind == PictureKind::Memory) {
        switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal: zoomIn(); return;
        case Qt::Key_Minus: zoomOut(); return;
        case Qt::Key_PageUp: scrollPages(-1); return;
        case Qt::Key_PageDown: scrollPages(1); return;
        case Qt::Key_Home: setMemoryWindow({0, m_window.span, m_window.height}); return;
        default: break;
        }
    }
    QGraphicsView::keyPressEvent(event);
}

void PictureView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_kind != PictureKind::Memory)
        return;
    const int height = std::max(240, viewport()->height() - int(MemoryWindow::kTop) - 30);
    if (height != m_window.height) {
        m_window.height = height;
        rebuild();
    }
}

void PictureView::mousePressEvent(QMouseEvent *event)
{
    QString node; // the topmost item that stands for a node (labels lie over their boxes)
    for (const QGraphicsItem *item : items(event->position().toPoint()))
        if (node.isEmpty())
            node = nodeOfItem(item);
    if (event->button() == Qt::LeftButton && !node.isEmpty()) {
        setCurrentNode(node);
        emit nodeActivated(node);
    }
    QGraphicsView::mousePressEvent(event);
}

} // namespace devassign
