// SPDX-License-Identifier: GPL-2.0-or-later
// The layouts of the safety pictures (render/picturedrawing.h), moved here from the studio's
// views/pictureview.cpp so that the studio and the headless CLI draw one picture.
#include "picturedrawing.h"

#include "atomicfile.h"
#include "format.h"
#include "planner.h"

#include <QBuffer>
#include <QFontMetricsF>
#include <QHash>
#include <QObject>
#include <QPainter>
#include <QSet>
#include <QSvgGenerator>

#include <algorithm>
#include <numeric>

namespace devassign {

using pictures::AuditCard;
using pictures::AuditLink;
using pictures::AuditPicture;
using pictures::GuestEntry;
using pictures::HostRegion;
using pictures::HostRegionKind;
using pictures::IrqLine;
using pictures::MemoryPicture;

namespace {

// The legend's colours (docs/user-guide.md, "Safety pictures"); the same as the tree's icons (icons.cpp).
const QColor kGreen(0x2e, 0x9d, 0x4f);
const QColor kRed(0xd1, 0x34, 0x38);
const QColor kAmber(0xe8, 0xa3, 0x17);
const QColor kBlue(0x2f, 0x6f, 0xc4);
const QColor kPurple(0x8e, 0x44, 0xad);
const QColor kDom0Grey(0x9a, 0xa0, 0xa6);
const QColor kXenSlate(0x44, 0x54, 0x6a);
const QColor kInk(0x1f, 0x23, 0x28);
const QColor kPaper(0xfd, 0xfd, 0xfc);
const QColor kRam(0xc8, 0xe6, 0xc9);
const QColor kReserved(0xbd, 0xbd, 0xbd);
const QColor kLayout(0xe4, 0xe7, 0xeb);
const QColor kModule(0xff, 0xf3, 0xc4);

QString colourName(const QColor &c) { return c.name(QColor::HexRgb); }

// One colour per domain, by its position in the project; dom0 grey, Xen slate.
QColor ownerColour(const QString &owner, const QStringList &domains)
{
    static const QColor palette[] = {QColor(0x2f, 0x6f, 0xc4), QColor(0x16, 0xa0, 0x85), QColor(0x8e, 0x44, 0xad),
                                     QColor(0xe6, 0x7e, 0x22), QColor(0xc2, 0x18, 0x5b), QColor(0x6d, 0x4c, 0x41),
                                     QColor(0x00, 0x83, 0x8f), QColor(0x7c, 0xb3, 0x42), QColor(0x5e, 0x35, 0xb1),
                                     QColor(0xf4, 0x51, 0x1e)};
    if (owner == pictures::kDom0)
        return kDom0Grey;
    if (owner == pictures::kXen)
        return kXenSlate;
    const int i = domains.indexOf(owner);
    return i < 0 ? kDom0Grey : palette[i % int(std::size(palette))];
}

QColor severityColour(Severity s)
{
    switch (s) {
    case Severity::Error: return kRed;
    case Severity::Warning: return kAmber;
    case Severity::Info: return kBlue;
    }
    return kRed;
}

// A device's IOMMU state, as the card shows it: protected by an IOMMU Xen drives, passed without
// one (no DMA: passed-without-iommu; or DMA the user acknowledged), behind an IOMMU Xen has no
// driver for, or none (dma-without-iommu). The state itself is xen::protectionOf's.
enum class CardState { ByXen, Acknowledged, NoDma, Undriven, None };

CardState cardState(const AuditCard &c)
{
    if (c.protection == xen::Protection::ByXen)
        return CardState::ByXen;
    if (c.forced)
        return c.acknowledged ? CardState::Acknowledged : CardState::NoDma;
    return c.protection == xen::Protection::UndrivenIommu ? CardState::Undriven : CardState::None;
}

QString protectionName(const AuditCard &c)
{
    switch (cardState(c)) {
    case CardState::ByXen: return QStringLiteral("iommu-xen");
    case CardState::Acknowledged: return QStringLiteral("forced-acknowledged");
    case CardState::NoDma: return QStringLiteral("no-dma");
    case CardState::Undriven: return QStringLiteral("iommu-undriven");
    case CardState::None: return QStringLiteral("none");
    }
    return QString();
}

QString protectionText(const AuditCard &c)
{
    switch (cardState(c)) {
    case CardState::ByXen: return QObject::tr("IOMMU: protected by Xen");
    case CardState::Acknowledged: return QObject::tr("no IOMMU: forced, acknowledged");
    case CardState::NoDma: return QObject::tr("no IOMMU, no DMA: passed");
    case CardState::Undriven: return QObject::tr("IOMMU Xen cannot drive");
    case CardState::None: return QObject::tr("no IOMMU");
    }
    return QString();
}

QColor protectionColour(const AuditCard &c)
{
    switch (cardState(c)) {
    case CardState::ByXen: return kGreen;
    case CardState::Acknowledged: return kPurple;
    case CardState::NoDma: return kBlue;
    case CardState::Undriven: return kAmber;
    case CardState::None: return kRed;
    }
    return kRed;
}

QString lastComponent(const QString &path)
{
    const QString name = path.section(QLatin1Char('/'), -1);
    return name.isEmpty() ? path : name;
}

// Adds shapes to one drawing, numbering the described ones so the dump follows the drawing order.
class Painter {
public:
    explicit Painter(Drawing &drawing) : m_drawing(drawing) {}

    void describe(Shape &shape, const QString &dump, const QString &node = QString())
    {
        shape.dump = dump;
        shape.node = node;
        shape.order = m_order++;
    }
    Shape &box(const QRectF &r, const QColor &fill, const QColor &border, qreal width = 1)
    {
        Shape &s = add(Shape::Kind::Rect);
        s.rect = r;
        s.pen = QPen(border, width);
        s.brush = QBrush(fill);
        return s;
    }
    Shape &text(const QString &text, const QPointF &at, const QColor &colour = kInk, bool bold = false,
                qreal maxWidth = 0)
    {
        QFont font = m_font;
        font.setBold(bold);
        const QFontMetricsF metrics(font);
        Shape &s = add(Shape::Kind::Text);
        s.text = maxWidth > 0 ? metrics.elidedText(text, Qt::ElideMiddle, maxWidth) : text;
        s.font = font;
        s.brush = QBrush(colour);
        s.rect = QRectF(at, QSizeF(metrics.horizontalAdvance(s.text), metrics.height()));
        return s;
    }
    Shape &line(const QLineF &l, const QPen &pen)
    {
        Shape &s = add(Shape::Kind::Line);
        s.line = l;
        s.pen = pen;
        return s;
    }
    Shape &path(const QPainterPath &path, const QPen &pen)
    {
        Shape &s = add(Shape::Kind::Path);
        s.path = path;
        s.pen = pen;
        return s;
    }

private:
    Shape &add(Shape::Kind kind)
    {
        m_drawing.shapes.emplace_back();
        m_drawing.shapes.back().kind = kind;
        return m_drawing.shapes.back();
    }
    Drawing &m_drawing;
    QFont m_font{QStringLiteral("DejaVu Sans"), 9};
    int m_order = 0;
};

// ---- Audit ---------------------------------------------------------------------------------------
constexpr qreal kColumnWidth = 250;
constexpr qreal kCardWidth = 220;
constexpr qreal kHeaderHeight = 28;
constexpr qreal kLine = 15;
constexpr qreal kLaneStep = 17;

} // namespace

Drawing auditDrawing(const AuditPicture &picture)
{
    Drawing drawing{kPaper, {}};
    Painter p(drawing);
    QStringList domains = picture.columns;
    domains.removeAll(pictures::kDom0);
    domains.removeAll(pictures::kXen);

    QHash<QString, QRectF> cardRect;
    for (int c = 0; c < picture.columns.size(); ++c) {
        const QString &column = picture.columns.at(c);
        const qreal x = 20 + c * kColumnWidth;
        const QColor colour = ownerColour(column, domains);
        Shape &header = p.box(QRectF(x, 20, kCardWidth, kHeaderHeight), colour, colour);
        p.describe(header, QStringLiteral("column name=%1 fill=%2").arg(column, colourName(colour)));
        p.text(column, QPointF(x + 8, 26), Qt::white, true, kCardWidth - 16);
        qreal y = 20 + kHeaderHeight + 14;
        for (const AuditCard &card : picture.cards) {
            if (card.column != column)
                continue;
            const qreal height = 10 + kLine * (2 + card.scmi.size());
            const QRectF r(x, y, kCardWidth, height);
            Shape &item = p.box(r, Qt::white, colour, 1.5);
            item.setToolTip(QStringLiteral("%1\n%2").arg(card.node, card.verdict));
            p.describe(item,
                       QStringLiteral("card column=%1 node=%2 protection=%3 colour=%4 scmi=%5")
                           .arg(column, card.node, protectionName(card), colourName(protectionColour(card)),
                                card.scmi.join(QLatin1Char(';'))),
                       card.node);
            p.box(QRectF(x, y, 7, height), protectionColour(card), protectionColour(card));
            p.text(lastComponent(card.node), QPointF(x + 12, y + 4), kInk, true, kCardWidth - 18);
            p.text(protectionText(card), QPointF(x + 12, y + 4 + kLine), protectionColour(card).darker(130), false,
                   kCardWidth - 18);
            for (int i = 0; i < card.scmi.size(); ++i)
                p.text(QObject::tr("SCMI %1").arg(card.scmi.at(i)), QPointF(x + 12, y + 4 + kLine * (2 + i)), kInk,
                       false, kCardWidth - 18);
            cardRect.insert(card.node, r);
            y += height + 12;
        }
        if (column == pictures::kDom0) // what is drawn of dom0 is only what a link reaches
            p.text(QObject::tr("and every other enabled device"), QPointF(x + 4, y), kDom0Grey.darker(140), false,
                   kCardWidth - 8)
                .setZValue(1); // a note, not a card's label
    }

    // One link per (kind, rule, pair): a check reports a pair once per shared IRQ or page range.
    // Links run orthogonally so they never cross a card: out of the card into the gutter beside
    // its column, down the gutter to a lane of their own below every card, along it, and up the
    // target column's gutter into the target card.
    qreal lanesTop = 0;
    for (const QRectF &r : cardRect)
        lanesTop = std::max(lanesTop, r.bottom());
    lanesTop += 24;
    const qreal gutter = (kColumnWidth - kCardWidth) / 2;
    QSet<QString> drawn;
    int lane = 0;
    for (const AuditLink &link : picture.links) {
        const QString key = QStringList{pictures::linkKindName(link.kind), link.rule, link.from, link.to}.join(QLatin1Char('\n'));
        if (drawn.contains(key) || !cardRect.contains(link.from) || !cardRect.contains(link.to))
            continue;
        drawn.insert(key);
        const QRectF a = cardRect.value(link.from);
        const QRectF b = cardRect.value(link.to);
        const qreal shift = (lane % 5) * 3 - 6; // links sharing a gutter stay apart
        const qreal y = lanesTop + lane * kLaneStep;
        const bool sameColumn = qFuzzyCompare(a.x(), b.x());
        const bool rightwards = sameColumn || a.x() < b.x();
        const QPointF start(rightwards ? a.right() : a.left(), a.center().y() + shift);
        const QPointF end(rightwards && !sameColumn ? b.left() : b.right(), b.center().y() + shift);
        const qreal out = (rightwards ? gutter : -gutter) + shift;
        const qreal in = sameColumn ? out : (rightwards ? -gutter : gutter) + shift;
        QPainterPath path(start);
        path.lineTo(start.x() + out, start.y());
        path.lineTo(start.x() + out, y);
        path.lineTo(end.x() + in, y);
        path.lineTo(end.x() + in, end.y());
        path.lineTo(end);
        ++lane;

        const QColor colour = severityColour(link.severity);
        QPen pen(colour, 2);
        if (link.acknowledged)
            pen.setStyle(Qt::DashLine);
        Shape &item = p.path(path, pen);
        item.setZValue(2);
        item.setToolTip(link.message);
        p.describe(item,
                   QStringLiteral("link kind=%1 rule=%2 from=%3 to=%4 colour=%5%6")
                       .arg(pictures::linkKindName(link.kind), link.rule, link.from, link.to, colourName(colour),
                            link.acknowledged ? QStringLiteral(" acknowledged") : QString()),
                   link.from);
        // The label on its lane, after the turn out of the source's gutter, on the paper's colour.
        const QString text = QStringLiteral("%1: %2 \u2192 %3").arg(pictures::linkKindName(link.kind),
                                                                     lastComponent(link.from), lastComponent(link.to));
        const qreal labelX = std::min(start.x() + out, end.x() + in) + 8;
        Shape &label = p.text(text, QPointF(labelX, y - 7), colour.darker(120), true);
        label.setZValue(4);
        label.setToolTip(link.message);
        Shape &under = p.box(label.rect.adjusted(-3, 0, 3, 0), kPaper, kPaper, 0);
        under.setZValue(3);
    }
    return drawing;
}

// ---- Memory map ------------------------------------------------------------------------------------

namespace {

constexpr qreal kAxisWidth = 110;
constexpr qreal kMapTop = MemoryWindow::kTop;
constexpr qreal kHostX = 130;
constexpr qreal kHostRamWidth = 70;
constexpr qreal kHostDeviceWidth = 250;
constexpr qreal kGuestWidth = 230;
constexpr qreal kLaneGap = 24;
constexpr qreal kMinLabelHeight = 13;

// Where address `a` is drawn in `w` (clamped to the window).
qreal yOf(const MemoryWindow &w, quint64 a)
{
    if (a <= w.base)
        return kMapTop;
    const long double offset = (long double)(a - w.base) / (long double)w.span;
    return kMapTop + qreal(std::min<long double>(offset, 1.0L) * w.height);
}

bool visible(const MemoryWindow &w, quint64 address, quint64 size)
{
    return overlaps(address, size, w.base, w.span);
}

// A region's box, at least one pixel tall, with a label when it is tall enough to hold one.
Shape &regionBox(Painter &p, const MemoryWindow &w, qreal x, qreal width, quint64 address, quint64 size,
                             const QColor &fill, const QString &label, const QString &tip, qreal minHeight = 1)
{
    const qreal top = yOf(w, address);
    const qreal bottom = std::max(yOf(w, address + size), top + minHeight);
    Shape &item = p.box(QRectF(x, top, width, bottom - top), fill, fill.darker(140), 0.8);
    item.setToolTip(tip);
    if (bottom - top >= kMinLabelHeight)
        p.text(label, QPointF(x + 4, top + 1), fill.lightness() < 110 ? Qt::white : kInk, false, width - 8)
            .setToolTip(tip);
    return item;
}

void addLaneHeader(Painter &p, qreal x, qreal width, const QString &title, const QColor &colour)
{
    p.box(QRectF(x, 20, width, 26), colour, colour);
    p.text(title, QPointF(x + 6, 25), Qt::white, true, width - 12);
}

} // namespace

Drawing memoryDrawing(const MemoryPicture &picture, const MemoryWindow &w)
{
    Drawing drawing{kPaper, {}};
    Painter p(drawing);
    QStringList domains;
    for (const pictures::GuestMap &g : picture.guests)
        domains.append(g.domain);

    // The address axis: eight ticks across the window.
    p.describe(p.box(QRectF(0, 0, 0, 0), Qt::transparent, Qt::transparent),
               QStringLiteral("window base=%1 span=%2").arg(format::hex(w.base), format::hex(w.span)));
    for (int t = 0; t <= 8; ++t) {
        const quint64 a = w.base + w.span / 8 * quint64(t);
        const qreal y = kMapTop + w.height * t / 8.0;
        p.line(QLineF(kAxisWidth - 8, y, kAxisWidth, y), QPen(kInk, 0));
        p.text(format::hex(a), QPointF(4, y - 7));
    }
    p.line(QLineF(kAxisWidth, kMapTop, kAxisWidth, kMapTop + w.height), QPen(kInk, 0));

    addLaneHeader(p, kHostX, kHostRamWidth + kHostDeviceWidth, QObject::tr("host physical"), kXenSlate);
    for (const HostRegion &r : picture.host) {
        if (!visible(w, r.address, r.size))
            continue;
        const QString range = format::span(r.address, r.size);
        if (r.kind == HostRegionKind::Device) {
            const QColor fill = ownerColour(r.owner, domains).lighter(r.owner == pictures::kDom0 ? 120 : 100);
            Shape &item = regionBox(p, w, kHostX + kHostRamWidth, kHostDeviceWidth, r.address, r.size, fill,
                             lastComponent(r.what), QStringLiteral("%1\n%2\nowner: %3").arg(r.what, range, r.owner),
                             r.owner == pictures::kDom0 ? 1 : 3); // a guest's device stays visible at 4 GiB
            p.describe(item, QStringLiteral("host-device node=%1 range=%2 owner=%3 fill=%4")
                                 .arg(r.what, range, r.owner, colourName(fill)),
                       r.what);
        } else if (r.kind == HostRegionKind::StaticMemory || r.kind == HostRegionKind::BootModule) {
            // Inside RAM, drawn over it: a domain's static memory in its colour, a boot module pale
            // with its owner's outline.
            const bool module = r.kind == HostRegionKind::BootModule;
            const QColor owner = ownerColour(r.owner, domains);
            const QColor fill = module ? kModule : owner.lighter(150);
            Shape &item = regionBox(p, w, kHostX + 6, kHostRamWidth - 12, r.address, r.size, fill,
                                    module ? r.what.section(QLatin1Char(' '), 0, 0) : QObject::tr("static"),
                                    QStringLiteral("%1\n%2\nowner: %3").arg(r.what, range, r.owner), 2);
            item.pen = QPen(owner, 1.5);
            p.describe(item, QStringLiteral("%1 what=%2 range=%3 owner=%4 fill=%5")
                                 .arg(module ? QStringLiteral("host-module") : QStringLiteral("host-static-mem"), r.what,
                                      range, r.owner, colourName(fill)));
        } else {
            const bool ram = r.kind == HostRegionKind::Ram;
            const QColor fill = ram ? kRam : kReserved;
            Shape &item = regionBox(p, w, kHostX, kHostRamWidth, r.address, r.size, fill, ram ? QObject::tr("RAM") : QObject::tr("reserved"),
                             QStringLiteral("%1\n%2").arg(r.what, range));
            p.describe(item, QStringLiteral("%1 what=%2 range=%3 fill=%4")
                                 .arg(ram ? QStringLiteral("host-ram") : QStringLiteral("host-reserved"), r.what, range,
                                      colourName(fill)));
        }
    }
    for (const pictures::SharedRange &s : picture.shared) {
        if (!visible(w, s.address, s.size))
            continue;
        const qreal top = yOf(w, s.address);
        const qreal bottom = std::max(yOf(w, s.address + s.size), top + 3);
        Shape &mark = p.box(QRectF(kHostX + kHostRamWidth - 6, top, kHostDeviceWidth + 12, bottom - top),
                                        QColor(0xd1, 0x34, 0x38, 70), kRed, 2);
        mark.setZValue(2);
        const QString range = format::span(s.address, s.size);
        mark.setToolTip(QObject::tr("page shared by %1\n%2\n%3").arg(s.owners.join(QStringLiteral(", ")), range,
                                                                       s.nodes.join(QLatin1Char('\n'))));
        p.describe(mark, QStringLiteral("shared-pages range=%1 owners=%2 colour=%3")
                             .arg(range, s.owners.join(QLatin1Char(',')), colourName(kRed)));
    }

    qreal x = kHostX + kHostRamWidth + kHostDeviceWidth + kLaneGap;
    for (const pictures::GuestMap &g : picture.guests) {
        const QColor colour = ownerColour(g.domain, domains);
        addLaneHeader(p, x, kGuestWidth,
                      g.directMap ? QObject::tr("%1 (guest, 1:1)").arg(g.domain) : QObject::tr("%1 (guest)").arg(g.domain),
                      colour);
        for (const GuestEntry &e : g.entries) {
            if (!visible(w, e.address, e.size))
                continue;
            const QString range = format::span(e.address, e.size);
            const bool ram = e.what.startsWith(QLatin1String("RAM"));
            const QColor fill = e.device ? colour : ram ? kRam : kLayout;
            QString tip = QStringLiteral("%1\nguest %2").arg(e.what, range);
            if (e.device)
                tip += QObject::tr("\nhost %1").arg(format::span(e.hostAddress, e.size));
            if (!e.clash.isEmpty())
                tip += QObject::tr("\nclashes with %1").arg(e.clash);
            Shape &item = regionBox(p, w, x, kGuestWidth, e.address, e.size, fill,
                                                e.device ? lastComponent(e.what) : e.what, tip, e.device ? 3 : 1);
            if (e.device)
                item.setZValue(1);
            if (!e.clash.isEmpty()) {
                item.setPen(QPen(kRed, 3));
                item.setZValue(2);
            }
            p.describe(item, QStringLiteral("guest domain=%1 %2=%3 range=%4 fill=%5%6")
                                 .arg(g.domain, e.device ? QStringLiteral("device") : QStringLiteral("layout"), e.what,
                                      range, colourName(fill),
                                      e.clash.isEmpty() ? QString() : QStringLiteral(" clash=") + e.clash),
                       e.device ? e.what : QString());
        }
        x += kGuestWidth + kLaneGap;
    }
    return drawing;
}

// ---- IRQ map ---------------------------------------------------------------------------------------

Drawing irqDrawing(const QVector<IrqLine> &lines, const QStringList &domains)
{
    Drawing drawing{kPaper, {}};
    Painter p(drawing);
    const QStringList owners = QStringList{pictures::kDom0} + domains;
    constexpr qreal kRow = 20;
    constexpr qreal kIdWidth = 110;
    constexpr qreal kOwnerWidth = 190;
    const qreal clashX = 20 + kIdWidth + owners.size() * kOwnerWidth;

    p.text(QObject::tr("GIC id"), QPointF(24, 24), kInk, true);
    for (int i = 0; i < owners.size(); ++i) {
        const QColor colour = ownerColour(owners.at(i), domains);
        const QRectF r(20 + kIdWidth + i * kOwnerWidth, 20, kOwnerWidth - 6, 22);
        p.describe(p.box(r, colour, colour), QStringLiteral("column name=%1 fill=%2").arg(owners.at(i), colourName(colour)));
        p.text(owners.at(i), r.topLeft() + QPointF(6, 4), Qt::white, true, kOwnerWidth - 18);
    }
    p.text(QObject::tr("clash"), QPointF(clashX + 4, 24), kInk, true);

    // The guests' interrupts and every clash first; what stays with dom0 below.
    auto involvesGuest = [](const IrqLine &l) {
        if (!l.clashes.isEmpty())
            return true;
        for (const pictures::IrqUser &u : l.users)
            if (u.owner != pictures::kDom0)
                return true;
        return false;
    };
    QVector<IrqLine> ordered;
    for (const IrqLine &l : lines)
        if (involvesGuest(l))
            ordered.append(l);
    const int guestRows = ordered.size();
    for (const IrqLine &l : lines)
        if (!involvesGuest(l))
            ordered.append(l);

    qreal y = 52;
    for (int row = 0; row < ordered.size(); ++row) {
        if (row == guestRows && guestRows > 0) {
            p.text(QObject::tr("stays with dom0"), QPointF(24, y + 2), kDom0Grey.darker(140), true);
            y += kRow;
        }
        const IrqLine &l = ordered.at(row);
        const QString type = irqTypeName(l.type);
        const QString label = l.type == IrqType::Ppi   ? QStringLiteral("%1 (PPI %2)").arg(l.irq).arg(l.irq - 16)
                              : l.type == IrqType::Espi ? QStringLiteral("%1 (eSPI %2)").arg(l.irq).arg(l.irq - xen::kFirstEspi)
                                                        : QStringLiteral("%1 (SPI %2)").arg(l.irq).arg(l.irq - 32);
        Shape &background = p.box(QRectF(20, y, clashX + 120 - 20, kRow - 2),
                                              row % 2 ? QColor(0xf3, 0xf4, 0xf5) : Qt::white, Qt::transparent, 0);
        p.text(label, QPointF(24, y + 2));
        QStringList users;
        QString firstNode;
        for (int i = 0; i < owners.size(); ++i) {
            QStringList nodes;
            for (const pictures::IrqUser &u : l.users)
                if (u.owner == owners.at(i))
                    nodes.append(u.node);
            if (nodes.isEmpty())
                continue;
            if (firstNode.isEmpty())
                firstNode = nodes.first();
            users.append(QStringLiteral("%1=%2").arg(owners.at(i), nodes.join(QLatin1Char(','))));
            const QColor colour = ownerColour(owners.at(i), domains).lighter(owners.at(i) == pictures::kDom0 ? 150 : 160);
            QStringList names;
            for (const QString &n : nodes)
                names.append(lastComponent(n));
            Shape &cell = p.box(QRectF(20 + kIdWidth + i * kOwnerWidth, y, kOwnerWidth - 6, kRow - 2), colour,
                                            colour.darker(130), 0.8);
            cell.setToolTip(nodes.join(QLatin1Char('\n')));
            cell.node = nodes.first();
            p.text(names.join(QStringLiteral(", ")), cell.rect.topLeft() + QPointF(4, 2), kInk, false, kOwnerWidth - 14);
        }
        const QColor mark = l.clashes.isEmpty() ? Qt::transparent : kRed;
        if (!l.clashes.isEmpty()) {
            Shape &badge = p.box(QRectF(clashX, y, 110, kRow - 2), kRed, kRed);
            badge.setToolTip(l.clashes.join(QStringLiteral(", ")));
            p.text(l.clashes.join(QStringLiteral(", ")), QPointF(clashX + 4, y + 2), Qt::white, true, 104);
        }
        p.describe(background,
                   QStringLiteral("irq id=%1 type=%2 users=%3%4")
                       .arg(l.irq)
                       .arg(type, users.join(QLatin1Char(' ')),
                            l.clashes.isEmpty() ? QString()
                                                : QStringLiteral(" clash=%1 colour=%2").arg(l.clashes.join(QLatin1Char(',')), colourName(mark))),
                   firstNode);
        y += kRow;
    }
    return drawing;
}

Drawing pictureDrawing(PictureKind kind, const HostModel &model, const Project &project, const Analysis &analysis,
                       const MemoryWindow &window, const QVector<BootModule> &modules)
{
    switch (kind) {
    case PictureKind::Audit: return auditDrawing(pictures::auditPicture(model, project, analysis));
    case PictureKind::Memory: return memoryDrawing(pictures::memoryPicture(model, project, analysis, modules), window);
    case PictureKind::Irq: {
        QStringList domains;
        for (const DomainConfig &d : project.domains)
            domains.append(d.name);
        return irqDrawing(pictures::irqPicture(model, project, analysis), domains);
    }
    }
    return Drawing{kPaper, {}};
}

// ---- names, dump, painting ------------------------------------------------------------------------

QString pictureKindName(PictureKind kind)
{
    switch (kind) {
    case PictureKind::Audit: return QStringLiteral("audit");
    case PictureKind::Memory: return QStringLiteral("memory");
    case PictureKind::Irq: return QStringLiteral("irq");
    }
    return QString();
}

std::optional<PictureKind> pictureKindFromName(const QString &name)
{
    for (PictureKind k : {PictureKind::Audit, PictureKind::Memory, PictureKind::Irq})
        if (pictureKindName(k) == name)
            return k;
    return std::nullopt;
}

QString pictureTitle(PictureKind kind)
{
    switch (kind) {
    case PictureKind::Audit: return QObject::tr("Audit");
    case PictureKind::Memory: return QObject::tr("Memory map");
    case PictureKind::Irq: return QObject::tr("IRQ map");
    }
    return QString();
}

QString pictureLegendHtml()
{
    auto row = [](const QColor &c, const QString &what) {
        return QStringLiteral("<tr><td style=\"background:%1\">&nbsp;&nbsp;&nbsp;&nbsp;</td><td>%2</td></tr>")
            .arg(colourName(c), what.toHtmlEscaped());
    };
    QString html = QObject::tr("<p><b>Audit: a device's IOMMU state</b> (the bar left of a card)</p>");
    html += QStringLiteral("<table cellspacing=\"4\">");
    html += row(kGreen, QObject::tr("protected by an IOMMU Xen drives"));
    html += row(kAmber, QObject::tr("behind an IOMMU Xen has no driver for"));
    html += row(kBlue, QObject::tr("no IOMMU, no sign of DMA: passed with xen,force-assign-without-iommu"));
    html += row(kPurple, QObject::tr("no IOMMU, DMA acknowledged"));
    html += row(kRed, QObject::tr("no IOMMU"));
    html += QStringLiteral("</table>");
    html += QObject::tr("<p><b>Links</b> (a shared page, IRQ, clock, stream id or SCMI resource), by the finding's severity; "
                        "dashed when acknowledged</p>");
    html += QStringLiteral("<table cellspacing=\"4\">");
    html += row(kRed, QObject::tr("error"));
    html += row(kAmber, QObject::tr("warning"));
    html += row(kBlue, QObject::tr("info"));
    html += QStringLiteral("</table>");
    html += QObject::tr("<p><b>Memory map</b></p>");
    html += QStringLiteral("<table cellspacing=\"4\">");
    html += row(kRam, QObject::tr("RAM (host banks; Xen's guest RAM banks)"));
    html += row(kReserved, QObject::tr("reserved memory"));
    html += row(kModule, QObject::tr("a dom0less boot module (kernel, ramdisk, device-tree, scmi-policy), outlined in its domain's colour"));
    html += row(ownerColour(QString(), {}).lighter(150), QObject::tr("a domain's xen,static-mem bank (pale domain colour)"));
    html += row(kLayout, QObject::tr("Xen's guest layout (GIC, vPL011, grant table, …)"));
    html += row(kDom0Grey, QObject::tr("a device that stays with dom0"));
    html += row(kRed, QObject::tr("outline: a page shared by two owners, or a window that clashes with Xen's layout"));
    html += QStringLiteral("</table>");
    html += QObject::tr("<p>Domains have one colour each, in project order. <b>IRQ map</b>: a red badge marks a clash "
                        "(shared, vPL011, PPI).</p>");
    return html;
}

// ---- painting ------------------------------------------------------------------------------------

namespace {

// What QGraphicsScene::itemsBoundingRect counts for one item: its geometry and half its pen.
QRectF shapeBounds(const Shape &s)
{
    const qreal pen = s.pen.style() == Qt::NoPen ? 0 : std::max<qreal>(s.pen.widthF(), 1) / 2;
    switch (s.kind) {
    case Shape::Kind::Rect: return s.rect.normalized().adjusted(-pen, -pen, pen, pen);
    case Shape::Kind::Text: return s.rect;
    case Shape::Kind::Line: return QRectF(s.line.p1(), s.line.p2()).normalized().adjusted(-pen, -pen, pen, pen);
    case Shape::Kind::Path: return s.path.boundingRect().adjusted(-pen, -pen, pen, pen);
    }
    return {};
}

// Each shape as its QGraphicsItem paints itself (QGraphicsSimpleTextItem: the text's top at its position).
void paintShape(const Shape &s, QPainter &painter)
{
    switch (s.kind) {
    case Shape::Kind::Rect:
        painter.setPen(s.pen);
        painter.setBrush(s.brush);
        painter.drawRect(s.rect);
        return;
    case Shape::Kind::Text:
        painter.setFont(s.font);
        painter.setPen(QPen(s.brush.color()));
        painter.drawText(s.rect.topLeft() + QPointF(0, QFontMetricsF(s.font).ascent()), s.text);
        return;
    case Shape::Kind::Line:
        painter.setPen(s.pen);
        painter.drawLine(s.line);
        return;
    case Shape::Kind::Path:
        painter.setPen(s.pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(s.path);
        return;
    }
}

QRectF paintedArea(const Drawing &drawing)
{
    return drawing.bounds().adjusted(-10, -10, 10, 10);
}

} // namespace

QRectF Drawing::bounds() const
{
    QRectF all;
    for (const Shape &s : shapes)
        all |= shapeBounds(s);
    return all;
}

void paintDrawing(const Drawing &drawing, QPainter &painter)
{
    const QRectF source = paintedArea(drawing);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(QRectF(QPointF(0, 0), source.size()), drawing.background);
    painter.translate(-source.topLeft());
    // Stacking as in a QGraphicsScene: by z, then in the order the shapes were added.
    std::vector<size_t> order(drawing.shapes.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return drawing.shapes[a].z < drawing.shapes[b].z; });
    for (size_t i : order)
        paintShape(drawing.shapes[i], painter);
    painter.restore();
}

QByteArray drawingSvg(const Drawing &drawing, const QString &title)
{
    const QSizeF size = paintedArea(drawing).size();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("devassign"));
    {
        QPainter painter(&svg);
        paintDrawing(drawing, painter);
    }
    return buffer.data();
}

Status writeDrawingSvg(const Drawing &drawing, const QString &file, const QString &title)
{
    return writeFileAtomically(file, drawingSvg(drawing, title));
}

} // namespace devassign
