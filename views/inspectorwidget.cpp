// SPDX-License-Identifier: GPL-2.0-or-later
#include "inspectorwidget.h"

#include "exporters.h"
#include "format.h"
#include "planner.h"
#include "xenrelease.h"
#include "analysis.h"
#include "contextmenukey.h"
#include "dtslexer.h"
#include "dtssourceview.h"
#include "dtsource.h"
#include "exportpreview.h"
#include "icons.h"
#include "modelroles.h"
#include "projectdocument.h"
#include "scmipolicy.h"

#include <Qsci/qsciscintilla.h>

#include <QHeaderView>
#include <QScrollBar>

#include <memory>

#include <climits>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace devassign {

using format::hex;

namespace {

QString sizeText(quint64 size)
{
    if (size >= (1ull << 30) && size % (1ull << 30) == 0)
        return QStringLiteral("%1 GiB").arg(size >> 30);
    if (size >= (1ull << 20) && size % (1ull << 20) == 0)
        return QStringLiteral("%1 MiB").arg(size >> 20);
    if (size >= 1024 && size % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(size >> 10);
    return QStringLiteral("%1 bytes").arg(size);
}

// GIC interrupt specifier flags (Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml).
QString triggerText(quint32 flags)
{
    switch (flags & 0xf) {
    case 1:
        return QStringLiteral("edge rising");
    case 2:
        return QStringLiteral("edge falling");
    case 3:
        return QStringLiteral("edge both");
    case 4:
        return QStringLiteral("level high");
    case 8:
        return QStringLiteral("level low");
    default:
        return QString();
    }
}

// SCMI protocol ids (Arm DEN0056, section 4.x protocol ids).
QString scmiProtocolName(quint32 protocol)
{
    switch (protocol) {
    case 0x10:
        return QStringLiteral("base");
    case 0x11:
        return QStringLiteral("power domain");
    case 0x13:
        return QStringLiteral("performance");
    case 0x14:
        return QStringLiteral("clock");
    case 0x15:
        return QStringLiteral("sensor");
    case 0x16:
        return QStringLiteral("reset");
    case 0x17:
        return QStringLiteral("voltage");
    case 0x19:
        return QStringLiteral("pin control");
    default:
        return QStringLiteral("protocol %1").arg(hex(protocol));
    }
}

QString joinHex(const Cells &values)
{
    QStringList parts;
    for (quint32 v : values)
        parts << hex(v);
    return parts.join(QStringLiteral(", "));
}

// Removes the indentation the node had inside the whole tree.
QByteArray dedent(const QByteArray &block)
{
    const QList<QByteArray> lines = block.split('\n');
    int common = INT_MAX;
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        int i = 0;
        while (i < line.size() && line.at(i) == '\t')
            ++i;
        common = qMin(common, i);
    }
    if (common == INT_MAX || common == 0)
        return block;
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line.mid(qMin(common, int(line.size()))) + '\n';
    out.chop(1);
    return out;
}

} // namespace

QByteArray splitDtsStringLists(const QByteArray &dts)
{
    QByteArray out;
    out.reserve(dts.size() + dts.size() / 16);
    bool inString = false;
    for (int i = 0; i < dts.size(); ++i) {
        const char c = dts.at(i);
        if (!inString) {
            inString = c == '"';
            out += c;
        } else if (c == '\\' && i + 1 < dts.size()) {
            // dtc (treesource.c, write_propval_string) writes a NUL byte as \0; other escapes never start with 0.
            if (dts.at(i + 1) == '0')
                out += "\", \"";
            else
                out += dts.mid(i, 2);
            ++i;
        } else {
            inString = c != '"';
            out += c;
        }
    }
    return out;
}

InspectorWidget::InspectorWidget(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_document(doc), m_title(new QLabel(this)), m_details(new QTreeWidget(this))
{
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_title->setContentsMargins(6, 4, 6, 4);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_details->setObjectName(QStringLiteral("inspectorDetails"));
    m_details->setColumnCount(3);
    m_details->setHeaderLabels({ tr("Property"), tr("Host"), tr("Guest") });
    m_details->setRootIsDecorated(true);
    m_details->setUniformRowHeights(true);
    m_details->setAlternatingRowColors(true);
    // Host values can be long sentences (reasons, diagnostics; full text in the tooltip): they
    // take the remaining width, the short guest column stays in view.
    m_details->header()->setStretchLastSection(false);
    m_details->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_details->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_details->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_details->setMouseTracking(true);
    connect(m_details, &QTreeWidget::itemClicked, this, &InspectorWidget::onItemClicked);
    m_details->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_details, &QTreeWidget::customContextMenuRequested, this, &InspectorWidget::showContextMenu);
    addContextMenuKey(m_details);

    m_source = new DtsSourceView(this);
    m_dts = m_source->editor();
    m_dts->setObjectName(QStringLiteral("inspectorDts"));
    connect(m_source, &DtsSourceView::referenceActivated, this, &InspectorWidget::nodeActivated);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_details);
    splitter->addWidget(m_source);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    connect(m_document, &ProjectDocument::analysisChanged, this, &InspectorWidget::refresh);
    connect(m_document, &ProjectDocument::hostChanged, this, [this] {
        m_dtsHost = nullptr;
        m_hostDts.clear();
        refresh();
    });
    refresh();
}

InspectorWidget::~InspectorWidget() = default;

void InspectorWidget::setNodePath(const QString &path)
{
    if (path == m_path)
        return;
    m_path = path;
    m_shownPath.clear(); // a new node starts at the top
    refresh();
}

QTreeWidgetItem *InspectorWidget::item(const QString &sectionTitle, const QString &label) const
{
    for (int i = 0; i < m_details->topLevelItemCount(); ++i) {
        QTreeWidgetItem *top = m_details->topLevelItem(i);
        if (top->data(0, Qt::UserRole).toString() != sectionTitle)
            continue;
        for (int c = 0; c < top->childCount(); ++c) {
            if (top->child(c)->text(0) == label)
                return top->child(c);
        }
    }
    return nullptr;
}

QByteArray InspectorWidget::hostDts()
{
    const HostModelPtr host = m_document->host();
    if (!host)
        return QByteArray();
    if (m_dtsHost != host.get()) {
        QString error;
        m_hostDts = splitDtsStringLists(decompileDtb(host->blob(), &error));
        if (m_hostDts.isEmpty())
            m_hostDts = "/* " + error.toUtf8() + " */\n";
        m_dtsHost = host.get();
    }
    return m_hostDts;
}

// After an edit the same node is shown again: the details and the DTS keep where the user was.
void InspectorWidget::refresh()
{
    const bool sameNode = !m_path.isEmpty() && m_path == m_shownPath;
    const int detailsScroll = m_details->verticalScrollBar()->value();
    const int dtsLine = m_dts->firstVisibleLine();
    fillDetails();
    m_shownPath = m_path;
    if (!sameNode)
        return;
    m_details->doItemsLayout(); // the scroll range of the new rows, now rather than at the next paint
    m_details->verticalScrollBar()->setValue(detailsScroll);
    m_dts->setFirstVisibleLine(dtsLine);
}

void InspectorWidget::fillDetails()
{
    m_details->clear();
    const HostModelPtr host = m_document->host();
    const Node *n = host && !m_path.isEmpty() ? host->node(m_path) : nullptr;
    if (!n) {
        m_title->setText(tr("<i>Select a node in the host tree to inspect it.</i>"));
        m_source->setSource(nullptr, nullptr, QString(), {});
        return;
    }
    m_title->setText(QStringLiteral("<b style='font-size:large'>%1</b><br><span style='color:#5f6b76'>%2</span>")
                         .arg(n->name.isEmpty() ? QStringLiteral("/") : n->name.toHtmlEscaped(),
                              n->path.toHtmlEscaped()));
    addNodeSection(*n);
    addRegions(*n);
    addInterrupts(*n);
    addIommu(*n);
    addScmi(*n);
    addScmiPolicy(*n);
    addDependencies(*n);
    addDiagnostics(*n);
    m_details->expandAll();

    const QByteArray block = dedent(extractNodeDts(hostDts(), n->path));
    QVector<Diagnostic> found;
    for (const Diagnostic &d : m_document->analysis().diagnostics)
        if (d.node == n->path)
            found << d;
    m_source->setSource(host.get(), n,
                        QString::fromUtf8(block.isEmpty() ? QByteArray("/* node not found in the decompiled DTB */") : block),
                        found);
}

QTreeWidgetItem *InspectorWidget::section(const QString &title, int count)
{
    auto *item = new QTreeWidgetItem(m_details);
    item->setText(0, count >= 0 ? QStringLiteral("%1 (%2)").arg(title).arg(count) : title);
    item->setData(0, Qt::UserRole, title);
    item->setFirstColumnSpanned(true);
    QFont font = item->font(0);
    font.setBold(true);
    item->setFont(0, font);
    return item;
}

QTreeWidgetItem *InspectorWidget::addRow(QTreeWidgetItem *parent, const QString &label, const QString &value,
                                         const QString &guest)
{
    auto *item = new QTreeWidgetItem(parent, { label, value, guest });
    item->setToolTip(1, value);
    item->setToolTip(2, guest);
    return item;
}

void InspectorWidget::makeLink(QTreeWidgetItem *item, int column, const QString &path)
{
    item->setData(column, LinkRole, path);
    QFont font = item->font(column);
    font.setUnderline(true);
    item->setFont(column, font);
    item->setForeground(column, palette().link());
    item->setToolTip(column, tr("Click to select %1").arg(path));
}

void InspectorWidget::onItemClicked(QTreeWidgetItem *item, int column)
{
    const QString path = item->data(column, LinkRole).toString();
    if (!path.isEmpty())
        emit nodeActivated(path);
}

// Dependency rows of an assigned device: choose what the partial DTB does with the provider.
void InspectorWidget::showContextMenu(const QPoint &pos)
{
    std::unique_ptr<QMenu> menu(dependencyMenu(m_details->itemAt(pos)));
    if (menu)
        menu->exec(m_details->viewport()->mapToGlobal(pos));
}

// The bulk decisions (core/planner.h) for the shown device, in its domain.
void InspectorWidget::addBulkActions(QMenu *menu)
{
    const QString owner = m_document->project().ownerOf(m_path);
    const HostModelPtr host = m_document->host();
    if (owner.isEmpty() || !host)
        return;
    menu->addSeparator();
    for (BulkDecision what : { BulkDecision::SuggestedPolicy, BulkDecision::DropPinctrl, BulkDecision::StubClocks }) {
        const bool any = !bulkDependencyDecisions(*host, m_document->project(), owner, { m_path }, what).isEmpty();
        menu->addAction(ProjectDocument::bulkDecisionText(what), this, [this, owner, what] {
            if (const Status s = m_document->applyBulkDecision(owner, { m_path }, what); !s)
                emit refused(s.error());
        })->setEnabled(any);
    }
}

QMenu *InspectorWidget::dependencyMenu(QTreeWidgetItem *row)
{
    if (!row)
        return nullptr;
    auto *menu = new QMenu(this);
    if (row->data(0, Qt::UserRole).toString() == QLatin1String("Dependencies")) {
        addBulkActions(menu);
        if (!menu->isEmpty())
            return menu;
        delete menu; // an unassigned node: nothing to decide
        return nullptr;
    }
    if (row->data(0, DependencyRole).toString().isEmpty()) {
        delete menu;
        return nullptr;
    }
    const QString provider = row->data(1, LinkRole).toString();
    const QString owner = m_document->project().ownerOf(m_path);
    menu->addAction(tr("Select %1").arg(provider), this, [this, provider] { emit nodeActivated(provider); });
    if (!owner.isEmpty()) {
        menu->addSeparator();
        for (DependencyAction a : { DependencyAction::Copy, DependencyAction::Stub, DependencyAction::Drop,
                                     DependencyAction::Assign }) {
            QAction *action = menu->addAction(tr("Export action: %1").arg(dependencyActionName(a)), this, [this, owner, provider, a] {
                // Not refused: the owner and the provider come from the project and the model, and
                // a decision dependencyDecisionProblem refuses is disabled below.
                m_document->setDependencyDecision(owner, provider, a).ok();
            });
            if (m_document->host()) {
                const QString problem = dependencyDecisionProblem(*m_document->host(), m_document->project(), owner, provider, a);
                action->setEnabled(problem.isEmpty());
                action->setToolTip(problem);
                menu->setToolTipsVisible(true);
            }
        }
        menu->addAction(tr("Export action: devassign's default"), this, [this, owner, provider] {
            m_document->setDependencyDecision(owner, provider, std::nullopt).ok();
        });
        addBulkActions(menu);
    }
    return menu;
}

void InspectorWidget::addNodeSection(const Node &n)
{
    QTreeWidgetItem *s = section(tr("Node"), -1);
    if (!n.compatible.isEmpty())
        addRow(s, tr("compatible"), n.compatible.join(QStringLiteral(", ")));
    addRow(s, tr("status"), n.status.isEmpty() ? tr("okay (no status)") : n.status);
    const QString owner = m_document->project().ownerOf(n.path);
    QTreeWidgetItem *o = addRow(s, tr("owner"), owner.isEmpty() ? tr("unassigned (stays with dom0)") : owner);
    o->setIcon(1, icons::domain(false));
    if (n.phandle)
        addRow(s, tr("phandle"), hex(n.phandle));
    if (n.dma.likely)
        addRow(s, tr("DMA"), tr("likely: %1").arg(n.dma.reasons().join(QStringLiteral("; "))));
}

void InspectorWidget::addRegions(const Node &n)
{
    if (n.regions.isEmpty())
        return;
    const QString owner = m_document->project().ownerOf(n.path);
    const DomainPlan *plan = owner.isEmpty() ? nullptr : m_document->analysis().domain(owner);
    const DevicePlan *device = nullptr;
    if (plan) {
        for (const DevicePlan &d : plan->devices) {
            if (d.hostPath == n.path)
                device = &d;
        }
    }
    QTreeWidgetItem *s = section(tr("Regions"), int(n.regions.size()));
    for (int i = 0; i < n.regions.size(); ++i) {
        const Region &r = n.regions.at(i);
        const QString host = r.cpuAddressable ? QStringLiteral("%1, %2").arg(hex(r.address), sizeText(r.size))
                                              : tr("bus %1 (%2)").arg(hex(r.busAddress), r.problem);
        QString guest = owner.isEmpty() ? tr("not assigned") : tr("not mapped");
        if (device) {
            for (const GuestRegion &g : device->regions) {
                if (g.hostAddress == r.address && g.size == r.size)
                    guest = hex(g.guestAddress);
            }
        }
        addRow(s, QStringLiteral("reg[%1]").arg(i), host, guest);
    }
    if (device) {
        for (const MmioMapping &m : device->mmio)
            addRow(s, tr("iomem"), tr("%1 + %2 pages").arg(hex(m.hostAddress)).arg(m.size / 4096),
                   hex(m.guestAddress));
    }
}

void InspectorWidget::addInterrupts(const Node &n)
{
    if (n.interrupts.isEmpty())
        return;
    const QString owner = m_document->project().ownerOf(n.path);
    QTreeWidgetItem *s = section(tr("Interrupts"), int(n.interrupts.size()));
    for (int i = 0; i < n.interrupts.size(); ++i) {
        const Interrupt &irq = n.interrupts.at(i);
        QString value;
        QString guest;
        if (irq.gic && irq.irq) {
            value = QStringLiteral("%1 %2 → IRQ %3")
                        .arg(irqTypeName(irq.type).toUpper())
                        .arg(irq.number)
                        .arg(*irq.irq);
            const QString trigger = triggerText(irq.flags);
            if (!trigger.isEmpty())
                value += QStringLiteral(", ") + trigger;
            // GIC SPIs are routed 1:1 to the guest (xl `irqs`, dom0less interrupts).
            guest = owner.isEmpty() ? tr("not assigned")
                : irq.type == IrqType::Ppi ? tr("PPI: not assignable")
                                           : tr("IRQ %1").arg(*irq.irq);
        } else {
            value = tr("cells <%1> on %2").arg(joinHex(irq.cells), irq.controller);
            guest = tr("non-GIC: not passed through");
        }
        if (!irq.problem.isEmpty())
            value += QStringLiteral(" (%1)").arg(irq.problem);
        QTreeWidgetItem *row = addRow(s, QStringLiteral("%1[%2]").arg(irq.source).arg(i), value, guest);
        if (!irq.via.isEmpty())
            row->setToolTip(1, tr("Through the interrupt-map of %1").arg(irq.via));
    }
}

void InspectorWidget::addIommu(const Node &n)
{
    const bool relevant = !n.iommu.links.isEmpty() || n.dma.likely;
    if (!relevant)
        return;
    QTreeWidgetItem *s = section(tr("IOMMU"), -1);
    // One predicate for every face: protected by an IOMMU that Xen drives (xenrelease.h).
    const xen::Release release = m_document->project().platform.xen;
    const xen::Protection protection = xen::protectionOf(n, release);
    const int state = protection == xen::Protection::ByXen ? IommuProtected
        : n.dma.likely                                      ? IommuUnprotected
                                                            : IommuNotDma;
    const QString text = protection == xen::Protection::ByXen ? tr("protected by an IOMMU Xen drives")
        : protection == xen::Protection::UndrivenIommu         ? tr("behind an IOMMU Xen has no driver for")
        : n.dma.likely                                         ? tr("unprotected DMA")
                                                               : tr("not protected");
    QTreeWidgetItem *verdict = addRow(s, tr("coverage"), text);
    verdict->setIcon(1, icons::iommuState(state));
    addRow(s, tr("reason"), n.iommu.reason(release));
    for (const IommuLink &link : n.iommu.links) {
        QTreeWidgetItem *row = addRow(s, tr("iommu"), link.iommu,
                                      xen::drivesIommu(link, release) ? tr("Xen %1 driver").arg(xen::releaseName(release)) : tr("no Xen %1 driver").arg(xen::releaseName(release)));
        makeLink(row, 1, link.iommu);
        if (!link.streamIds.isEmpty())
            addRow(s, tr("stream ids"), joinHex(link.streamIds));
    }
}

void InspectorWidget::addScmi(const Node &n)
{
    if (n.scmi.isEmpty())
        return;
    QTreeWidgetItem *s = section(tr("SCMI"), int(n.scmi.size()));
    for (const ScmiResource &r : n.scmi) {
        const bool shared = m_document->project().scmiShared.contains(ScmiSharedResource{r.protocol, r.id});
        QTreeWidgetItem *row = addRow(s, r.property,
                                      QStringLiteral("%1 %2 (0x%3:%4)%5")
                                          .arg(scmiProtocolName(r.protocol))
                                          .arg(r.id)
                                          .arg(r.protocol, 0, 16)
                                          .arg(r.id)
                                          .arg(shared ? tr(", shared: query only") : QString()),
                                      r.scmiNode);
        makeLink(row, 2, r.scmiNode);
    }
}

// The SCMI policy of the domain that owns the node (core/scmipolicy.h, what scmi-policy.bin will
// hold): per protocol its owned and shared ids. Conflicts are in the Diagnostics section.
void InspectorWidget::addScmiPolicy(const Node &n)
{
    const QString owner = m_document->project().ownerOf(n.path);
    const HostModelPtr host = m_document->host();
    if (owner.isEmpty() || !host)
        return;
    const Result<ScmiPolicy> policy = scmiPolicyFor(*host, m_document->project(), m_document->analysis());
    if (!policy) {
        addRow(section(tr("SCMI policy"), -1), owner, policy.error());
        return;
    }
    // The policy names a domain by its /chosen node (dom0lessNodeNames), which may differ.
    const QString nodeName = dom0lessNodeNames(*host, m_document->analysis()).value(owner, owner);
    for (const ScmiPolicyDomain &d : policy->domains) {
        if (d.name != nodeName)
            continue;
        QTreeWidgetItem *s = section(tr("SCMI policy"), int(d.protocols.size()));
        addRow(s, tr("domain"), tr("%1 (key %2, smc-id %3)").arg(d.name).arg(d.key).arg(format::hex(d.smcId)));
        auto ids = [](const QVector<quint32> &list) {
            QStringList parts;
            for (quint32 id : list)
                parts.append(QString::number(id));
            return parts.isEmpty() ? QStringLiteral("-") : parts.join(QLatin1Char(' '));
        };
        for (const ScmiPolicyProtocol &p : d.protocols)
            addRow(s, QStringLiteral("%1 0x%2").arg(scmiProtocolName(p.id)).arg(p.id, 0, 16),
                   tr("resources %1; shared %2").arg(ids(p.resources), ids(p.shared)));
    }
}

void InspectorWidget::addDependencies(const Node &n)
{
    if (n.dependencies.isEmpty())
        return;
    const QString owner = m_document->project().ownerOf(n.path);
    const DomainPlan *plan = owner.isEmpty() ? nullptr : m_document->analysis().domain(owner);
    QTreeWidgetItem *s = section(tr("Dependencies"), int(n.dependencies.size()));
    for (const Dependency &dep : n.dependencies) {
        QString action;
        if (plan) {
            for (const DevicePlan &d : plan->devices) {
                for (const DependencyPlan &p : d.dependencies) {
                    if (d.hostPath == n.path && p.provider == dep.target && p.property == dep.property)
                        action = dependencyActionName(p.action);
                }
            }
        }
        QTreeWidgetItem *row = addRow(s, dep.property, dep.target, action);
        makeLink(row, 1, dep.target);
        row->setData(0, DependencyRole, dep.property);
        if (plan)
            row->setToolTip(2, tr("Right-click to choose copy, stub, drop or assign"));
        if (!dep.args.isEmpty())
            row->setToolTip(0, tr("arguments <%1>").arg(joinHex(dep.args)));
    }
}

void InspectorWidget::addDiagnostics(const Node &n)
{
    QVector<const Diagnostic *> found;
    for (const Diagnostic &d : m_document->analysis().diagnostics) {
        if (d.node == n.path)
            found << &d;
    }
    if (found.isEmpty() && n.diagnostics.isEmpty())
        return;
    QTreeWidgetItem *s = section(tr("Diagnostics"), int(found.size() + n.diagnostics.size()));
    for (const Diagnostic *d : found) {
        QTreeWidgetItem *row = addRow(s, d->rule, d->message, d->domain);
        row->setIcon(0, icons::severity(d->severity));
        row->setToolTip(1, d->fix.isEmpty() ? d->message : d->message + QStringLiteral("\nFix: ") + d->fix);
    }
    for (const QString &problem : n.diagnostics)
        addRow(s, tr("decoding"), problem)->setIcon(0, icons::severity(Severity::Warning));
}

} // namespace devassign
