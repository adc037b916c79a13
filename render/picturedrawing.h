// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The safety pictures drawn once: the Audit picture (domains as columns, devices as cards, shared
// resources as links), the Memory map (host and guest address maps) and the IRQ map, each laid out
// by a pure function of core/pictures.h's data into a Drawing: a list of boxes, texts, lines and
// paths with their pens, colours, stacking order and what each stands for. QtGui only (no widgets),
// so the headless CLI (`devassign report`) paints exactly what the studio shows:
// - the studio turns a Drawing into QGraphicsScene items (views/pictureview.h);
// - paintDrawing paints it into any QPainter; drawingSvg makes the SVG the studio exports and the
//   HTML audit report inlines (render/auditreport.h).
// No Xen logic here: the facts come from core.

#include "pictures.h"
#include "result.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLineF>
#include <QPainterPath>
#include <QPen>
#include <QRectF>
#include <QString>

#include <deque>
#include <optional>

class QPainter;

namespace devassign {

enum class PictureKind { Audit, Memory, Irq };
QString pictureKindName(PictureKind kind); // "audit", "memory", "irq"
std::optional<PictureKind> pictureKindFromName(const QString &name);
QString pictureTitle(PictureKind kind); // "Audit", "Memory map", "IRQ map"

// The address window the memory map shows: [base, base + span), `height` pixels tall.
struct MemoryWindow {
    static constexpr quint64 kMaxSpan = 1ULL << 32; // 4 GiB
    static constexpr quint64 kMinSpan = 4096; // one page
    static constexpr qreal kTop = 60; // where the address axis starts in the drawing
    quint64 base = 0;
    quint64 span = kMaxSpan;
    int height = 720;
};

// One thing drawn. A QGraphicsRectItem / QGraphicsSimpleTextItem / QGraphicsLineItem /
// QGraphicsPathItem in the studio; the same QPainter call in paintDrawing.
struct Shape {
    enum class Kind { Rect, Text, Line, Path };
    Kind kind = Kind::Rect;
    QRectF rect; // Rect: the box; Text: where the text stands (top-left) and its extent
    QLineF line; // Line
    QPainterPath path; // Path
    QString text; // Text: as shown (already elided)
    QFont font; // Text
    QPen pen = QPen(Qt::NoPen);
    QBrush brush; // Rect, Path: the fill; Text: the text's colour
    qreal z = 0; // stacking: higher above; equal z in drawing order
    QString toolTip;
    QString node; // the host node it stands for ("" for none)
    QString dump; // its sceneDump line, "" when it is not described
    int order = -1; // the position of a described shape in the dump

    // Set like a QGraphicsItem, so the layouts read as they did on a scene.
    Shape &setToolTip(const QString &tip)
    {
        toolTip = tip;
        return *this;
    }
    Shape &setZValue(qreal value)
    {
        z = value;
        return *this;
    }
    Shape &setPen(const QPen &newPen)
    {
        pen = newPen;
        return *this;
    }
};

struct Drawing {
    QColor background;
    std::deque<Shape> shapes; // a deque: the layout keeps references to shapes it adds
    // Every shape's extent (pens included), as QGraphicsScene::itemsBoundingRect measures it.
    QRectF bounds() const;
};

// The layouts. Every box, link and mark carries a one-line description (Shape::dump) and, where it
// stands for a host node, the node's path.
Drawing auditDrawing(const pictures::AuditPicture &picture);
Drawing memoryDrawing(const pictures::MemoryPicture &picture, const MemoryWindow &window);
Drawing irqDrawing(const QVector<pictures::IrqLine> &lines, const QStringList &domains);
// `modules`: the dom0less boot modules where known (dom0lessBootModules), for the memory map.
Drawing pictureDrawing(PictureKind kind, const HostModel &model, const Project &project, const Analysis &analysis,
    const MemoryWindow &window = {}, const QVector<BootModule> &modules = {});

// The legend of every colour the pictures use (Help ▸ Legend, the audit report), as HTML, from the
// colours they draw with.
QString pictureLegendHtml();

// Paints the whole drawing (its bounds plus a 10 px margin) into `painter`, from (0, 0).
void paintDrawing(const Drawing &drawing, QPainter &painter);
// The drawing as an SVG document (QSvgGenerator), titled `title`.
QByteArray drawingSvg(const Drawing &drawing, const QString &title);
// The same, written atomically (core/atomicfile.h). One-line error naming the file.
Status writeDrawingSvg(const Drawing &drawing, const QString &file, const QString &title);

} // namespace devassign
