// SPDX-License-Identifier: GPL-2.0-or-later
// The partial DTB of one domain: `/passthrough` with a copy of every assigned device (guest `reg`,
// GIC `interrupts`, dom0less `xen,reg`/`xen,path`/force flag) and of the dependencies the plan
// copies or stubs. Formats and rules: docs/exports.md; Xen's side: docs/misc/arm/passthrough.txt,
// docs/misc/arm/device-tree/passthrough.txt and xen/common/device-tree/dom0less-build.c.

#include "bindings.h"
#include "exporters.h"
#include "export/exportutil.h"
#include "planner.h"
#include "scmipolicy.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

using namespace exportutil;
using bindings::isClockProperty;
using bindings::isPinctrlState;
using bindings::isSupplyProperty;
using bindings::InterruptMapEntry;
using bindings::interruptMapEntries;
using bindings::namesCompanion;
using bindings::StubClockRate;
using bindings::stubClockRate;

namespace {

// An SCMI agent node or one of its protocol@NN children (arm,scmi.yaml).
bool isScmiNode(const HostModel &model, const Node &n)
{
    const Node *parent = model.parentOf(n);
    return isScmiAgent(n) || (parent && isScmiAgent(*parent));
}

QString baseNodeName(const QString &name)
{
    const int at = name.indexOf(QLatin1Char('@'));
    return at < 0 ? name : name.left(at);
}

enum class Role { Root, Container, Device, Child, Provider, Context, Stub };

struct OutNode {
    QString name;
    QString hostPath;            // "" for nodes devassign creates
    Role role = Role::Stub;
    int parent = -1;
    QVector<int> children;
    QVector<Property> props;
    quint32 phandle = 0;         // new phandle, 0 = not referenced
    const DevicePlan *device = nullptr;
    bool withoutHostDevice = false; // SCMI shmem: xen,reg and force flag, but no xen,path
    bool guestCells = false;     // holds a planned child device whose reg is a guest address: 2/2 cells, ranges
};

class PartialDtbBuilder {
public:
    PartialDtbBuilder(const ExportContext &ctx, const DomainPlan &domain) : m_ctx(ctx), m_domain(domain) {}

    QByteArray build(QString *error);

private:
    int addNode(int parent, const QString &name, const QString &hostPath, Role role);
    QString uniqueChildName(int parent, const QString &wanted) const;
    void placeDevices();
    void placeChildDevices();
    void placeScmiShmem();
    void placeMediatedChannel();
    void placeChildren(const Node &host, int parent);
    void placeCopiedProviders();
    int placeContext(const DependencyPlan &dep);
    void fillProperties(int index);
    QVector<Property> deviceProperties(const Node &host, const DevicePlan &plan, int index, bool withXenPath);
    QVector<Property> copiedProperties(const Node &host, int index);
    QVector<Property> interruptsOnGuestControllers(const Node &host);
    Node withUsableAssignedClocks(const Node &host) const;
    // Rewrites a phandle-valued property. Returns false when the whole property must go.
    // `removedEntries` receives the indices of list entries that were removed.
    bool rewritePhandles(const Node &host, const Property &prop, QByteArray *value, QVector<int> *removedEntries);
    quint32 phandleFor(int index);
    int stubFor(const QString &property, const QString &provider, const Cells &args, const Node &consumer);
    void finishPhandles();
    QByteArray serialize(QString *error) const;
    bool emitNode(void *fdt, int index) const;

    const ExportContext &m_ctx;
    const DomainPlan &m_domain;
    QVector<OutNode> m_nodes;
    QHash<QString, int> m_placed;                 // host path -> out node
    // actionKey(property, provider host path) -> planned action
    QHash<QString, DependencyAction> m_actions;
    static QString actionKey(const QString &property, const QString &provider)
    {
        return property + QLatin1Char('\n') + provider;
    }
    QHash<QString, int> m_stubs;                  // stub key -> out node
    quint32 m_nextPhandle = 0;                    // next fresh phandle, 0 = not chosen yet (phandleFor)
    QSet<quint32> m_usedPhandles;
};

int PartialDtbBuilder::addNode(int parent, const QString &name, const QString &hostPath, Role role)
{
    OutNode n;
    n.name = parent < 0 ? QString() : uniqueChildName(parent, name);
    n.hostPath = hostPath;
    n.role = role;
    n.parent = parent;
    m_nodes.append(n);
    const int index = m_nodes.size() - 1;
    if (parent >= 0)
        m_nodes[parent].children.append(index);
    if (!hostPath.isEmpty())
        m_placed.insert(hostPath, index);
    return index;
}

QString PartialDtbBuilder::uniqueChildName(int parent, const QString &wanted) const
{
    // Ignoring case, as Xen compares node paths (dt_node_cmp is strcasecmp): two providers named
    // "CLK" and "clk" under different host parents must not meet as twins under /passthrough.
    auto taken = [&](const QString &name) {
        for (int c : m_nodes[parent].children)
            if (m_nodes[c].name.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    };
    if (!taken(wanted))
        return wanted;
    const int at = wanted.indexOf(QLatin1Char('@'));
    const QString base = at < 0 ? wanted : wanted.left(at);
    const QString unit = at < 0 ? QString() : wanted.mid(at);
    for (int i = 1;; ++i) {
        const QString candidate = QStringLiteral("%1-%2%3").arg(base).arg(i).arg(unit);
        if (!taken(candidate))
            return candidate;
    }
}

void PartialDtbBuilder::placeDevices()
{
    for (const DevicePlan &plan : m_domain.devices) {
        const Node *host = m_ctx.model->node(plan.hostPath);
        if (!host || !plan.parentDevice.isEmpty())
            continue;
        // The unit address follows the guest `reg` (dtc checks unit address vs reg).
        QString name = host->name;
        if (!plan.regions.isEmpty())
            name = baseNodeName(host->name) + QLatin1Char('@') + QString::number(plan.regions.front().guestAddress, 16);
        const int index = addNode(1, name, plan.hostPath, Role::Device);
        m_nodes[index].device = &plan;
        placeChildren(*host, index);
    }
    placeChildDevices();
}

// The child devices planned with an assigned node stay nested in its copy (placeChildren put them
// there) but become devices of their own: guest reg, GIC interrupts, xen,reg/xen,path. Xen's
// dom0less scan walks /passthrough recursively (scan_pfdt_node in dom0less-build.c). Their copied
// ancestors translate 1:1 so the guest reg reads as a guest address: `#address-cells = <2>;
// #size-cells = <2>; ranges;` (docs/exports.md).
void PartialDtbBuilder::placeChildDevices()
{
    for (const DevicePlan &plan : m_domain.devices) {
        const int index = plan.parentDevice.isEmpty() ? -1 : m_placed.value(plan.hostPath, -1);
        if (index < 0 || m_nodes[index].role != Role::Child)
            continue;
        m_nodes[index].role = Role::Device;
        m_nodes[index].device = &plan;
        if (plan.regions.isEmpty())
            continue;
        const QString name = baseNodeName(m_nodes[index].name) + QLatin1Char('@')
            + QString::number(plan.regions.front().guestAddress, 16);
        const int parent = m_nodes[index].parent;
        m_nodes[parent].children.removeOne(index);
        m_nodes[index].name = uniqueChildName(parent, name);
        m_nodes[parent].children.append(index);
        for (int up = parent; up > 1; up = m_nodes[up].parent)
            m_nodes[up].guestCells = true;
    }
}

// The SCMI agent's arm,scmi-shmem channel(s): MMIO mapped into the guest without a host device,
// so the copied scmi node's `shmem` resolves inside the blob (docs/hypervisor-guide/arm/firmware/
// arm-scmi.rst: the shmem node sits in /passthrough, dom0less gives it xen,reg and
// xen,force-assign-without-iommu, and no xen,path since there is no device to assign).
void PartialDtbBuilder::placeScmiShmem()
{
    for (const DevicePlan &plan : m_domain.scmiShmem) {
        const Node *host = m_ctx.model->node(plan.hostPath);
        if (!host || m_placed.contains(plan.hostPath) || plan.regions.isEmpty())
            continue;
        const QString name = baseNodeName(host->name) + QLatin1Char('@')
            + QString::number(plan.regions.front().guestAddress, 16);
        const int index = addNode(1, name, plan.hostPath, Role::Device);
        m_nodes[index].device = &plan;
        m_nodes[index].withoutHostDevice = true;
    }
}

// With devassign's SCMI mediator (platform scmi_mediator) the guest talks to its own channel, not
// the host's (docs/hypervisor.md §4): the copied SCMI agent becomes `arm,scmi-smc` with the
// domain's own `arm,smc-id` and a `shmem` naming a new arm,scmi-shmem node for the page Xen
// allocates at the policy's shmem_gpa; every transport of the host (mailboxes, its shmem, its
// SMC id, OP-TEE channels, on the agent or on a protocol node) is left out. The protocol
// children are the ones the domain's devices reference (placeCopiedProviders).
void PartialDtbBuilder::placeMediatedChannel()
{
    if (!m_ctx.project->platform.scmiMediator || !m_ctx.analysis)
        return;
    const std::optional<ScmiChannel> channel = scmiChannelOf(*m_ctx.analysis, m_domain.config.name);
    if (!channel)
        return;
    static const QSet<QString> transport = {
        QStringLiteral("compatible"), QStringLiteral("arm,smc-id"), QStringLiteral("shmem"), QStringLiteral("mboxes"),
        QStringLiteral("mbox-names"), QStringLiteral("interrupts"), QStringLiteral("interrupt-names"),
        QStringLiteral("linaro,optee-channel-id"), QStringLiteral("arm,max-rx-timeout-ms"), QStringLiteral("arm,max-msg-size"),
        QStringLiteral("arm,max-msg")};
    int shmemNode = -1;
    const int count = m_nodes.size();
    for (int i = 2; i < count; ++i) {
        const Node *host = m_ctx.model->node(m_nodes[i].hostPath);
        if (!host || !isScmiAgent(*host))
            continue;
        if (shmemNode < 0) {
            shmemNode = addNode(1, QStringLiteral("scmi-shmem@%1").arg(channel->shmemGpa, 0, 16), QString(), Role::Stub);
            QByteArray reg;
            appendCells(reg, channel->shmemGpa, 2);
            appendCells(reg, channel->shmemSize, 2);
            m_nodes[shmemNode].props = {{QStringLiteral("compatible"), stringValue(QStringLiteral("arm,scmi-shmem"))},
                                        {QStringLiteral("reg"), reg}};
        }
        QVector<Property> props = {{QStringLiteral("compatible"), stringValue(QStringLiteral("arm,scmi-smc"))},
                                   {QStringLiteral("arm,smc-id"), u32Value(channel->smcId)},
                                   {QStringLiteral("shmem"), u32Value(phandleFor(shmemNode))}};
        for (const Property &p : m_nodes[i].props)
            if (!transport.contains(p.name))
                props.append(p);
        m_nodes[i].props = props;
        for (int c : m_nodes[i].children) {
            QVector<Property> kept;
            for (const Property &p : m_nodes[c].props)
                if (p.name == QLatin1String("compatible") || !transport.contains(p.name)) // a protocol's own channel
                    kept.append(p);
            m_nodes[c].props = kept;
        }
    }
}

// A device's subnodes (an Ethernet PHY, flash partitions, an MDIO bus…) belong to its binding.
void PartialDtbBuilder::placeChildren(const Node &host, int parent)
{
    for (int c : host.children) {
        const Node &child = m_ctx.model->nodes()[c];
        if (m_placed.contains(child.path))
            continue;
        placeChildren(child, addNode(parent, child.name, child.path, Role::Child));
    }
}

int PartialDtbBuilder::placeContext(const DependencyPlan &dep)
{
    // Outermost ancestor first, so `firmware { scmi { protocol@14 } }` keeps its nesting.
    QStringList context = dep.contextPath;
    std::sort(context.begin(), context.end(),
              [](const QString &a, const QString &b) { return a.count(QLatin1Char('/')) < b.count(QLatin1Char('/')); });
    int parent = 1;
    for (const QString &path : context) {
        if (path == QLatin1String("/") || path == dep.provider)
            continue;
        auto it = m_placed.constFind(path);
        if (it != m_placed.constEnd()) {
            parent = *it;
            continue;
        }
        const Node *host = m_ctx.model->node(path);
        if (!host)
            continue;
        parent = addNode(parent, host->name, path, Role::Context);
    }
    return parent;
}

void PartialDtbBuilder::placeCopiedProviders()
{
    // Per (property, provider): one provider can be stubbed for its clocks and dropped for its
    // resets (stub-drops-non-clock), whichever property comes first.
    for (const DevicePlan &plan : m_domain.devices)
        for (const DependencyPlan &dep : plan.dependencies) {
            const QString key = actionKey(dep.property, dep.provider);
            if (!m_actions.contains(key))
                m_actions.insert(key, dep.action);
        }
    for (const DevicePlan &plan : m_domain.devices)
        for (const DependencyPlan &dep : plan.dependencies) {
            if (dep.action != DependencyAction::Copy || m_placed.contains(dep.provider))
                continue;
            const Node *host = m_ctx.model->node(dep.provider);
            if (!host)
                continue;
            const int parent = placeContext(dep);
            if (m_placed.contains(dep.provider)) // the provider was its own context
                continue;
            placeChildren(*host, addNode(parent, host->name, dep.provider, Role::Provider));
        }
}

// A referenced node copied from the host keeps its host phandle; the nodes devassign makes (stubs,
// the SCMI channel) get numbers above the host's highest. So a host phandle that reaches the guest
// in a property devassign does not know as a reference either names the same node's copy or no
// node at all, never another node that happened to be renumbered to it. Every number stays below
// the guest GIC's 65000 (GUEST_PHANDLE_GIC, xen/include/public/arch-arm.h), which libxl and Xen
// give their own nodes; newer Xen refuses a partial DTB whose phandles reach it
// (domain_handle_dtb_boot_module in xen/common/device-tree/dom0less-build.c).
quint32 PartialDtbBuilder::phandleFor(int index)
{
    OutNode &n = m_nodes[index];
    if (n.phandle)
        return n.phandle;
    const Node *host = n.hostPath.isEmpty() ? nullptr : m_ctx.model->node(n.hostPath);
    if (host && host->phandle != 0 && host->phandle < kGuestGicPhandle && !m_usedPhandles.contains(host->phandle)) {
        n.phandle = host->phandle;
    } else {
        // Above the host's highest; a host whose phandles reach Xen's range (hand-numbered
        // overlays) gets the lowest free numbers instead.
        if (m_nextPhandle == 0 || m_nextPhandle >= kGuestGicPhandle)
            m_nextPhandle = quint64(m_ctx.model->maxPhandle()) + 1 < kGuestGicPhandle && m_nextPhandle == 0
                                ? m_ctx.model->maxPhandle() + 1
                                : 1;
        // Past the host's highest, no host node has the number; below it (the lowest free ones),
        // skip the host's too, so that a raw host value still names no other node.
        while (m_usedPhandles.contains(m_nextPhandle)
               || (m_nextPhandle <= m_ctx.model->maxPhandle() && m_ctx.model->nodeByPhandle(m_nextPhandle)))
            ++m_nextPhandle;
        n.phandle = m_nextPhandle++;
    }
    m_usedPhandles.insert(n.phandle);
    return n.phandle;
}

// A stub provider the guest can bind without the host's provider: a fixed-clock for clocks, a
// fixed regulator for supplies (bindings: clock/fixed-clock.yaml, regulator/fixed-regulator.yaml).
// Other kinds of dependency cannot be stubbed and are dropped instead (returns -1).
int PartialDtbBuilder::stubFor(const QString &property, const QString &provider, const Cells &args,
                               const Node &consumer)
{
    const Node *host = m_ctx.model->node(provider);
    if (!host)
        return -1;
    const bool clock = isClockProperty(property);
    if (!clock && !isSupplyProperty(property))
        return -1;
    QString key = provider;
    for (quint32 a : args)
        key += QLatin1Char(',') + QString::number(a);
    auto it = m_stubs.constFind(key);
    if (it != m_stubs.constEnd())
        return *it;
    const int index = addNode(1, baseNodeName(host->name) + QStringLiteral("-stub"), QString(), Role::Stub);
    OutNode &stub = m_nodes[index];
    if (clock) {
        // The rate the analysis reported: the provider's clock-frequency, else the consumer's
        // assigned-clock-rates entry for this clock, else 0 (stub-clock-rate-unknown says which).
        // The host node, not a copy reduced by withUsableAssignedClocks: its assigned-clock-rates give the rate.
        const Node &original = m_ctx.model->node(consumer.path) ? *m_ctx.model->node(consumer.path) : consumer;
        const StubClockRate rate = stubClockRate(*m_ctx.model, original, Dependency{property, provider, args});
        stub.props.append({QStringLiteral("compatible"), stringValue(QStringLiteral("fixed-clock"))});
        stub.props.append({QStringLiteral("#clock-cells"), u32Value(0)});
        stub.props.append({QStringLiteral("clock-frequency"), u32Value(rate.hz)});
        if (const Property *names = host->property(QStringLiteral("clock-output-names")))
            stub.props.append({names->name, stringValue(stringListOf(names->value).value(args.value(0)))});
    } else {
        stub.props.append({QStringLiteral("compatible"), stringValue(QStringLiteral("regulator-fixed"))});
        const Property *name = host->property(QStringLiteral("regulator-name"));
        stub.props.append({QStringLiteral("regulator-name"),
                           name ? name->value : stringValue(baseNodeName(host->name))});
        for (const char *p : {"regulator-min-microvolt", "regulator-max-microvolt"})
            if (const Property *v = host->property(QLatin1String(p)))
                stub.props.append(*v);
        stub.props.append({QStringLiteral("regulator-always-on"), QByteArray()});
    }
    m_stubs.insert(key, index);
    return index;
}

bool PartialDtbBuilder::rewritePhandles(const Node &host, const Property &prop, QByteArray *value,
                                        QVector<int> *removedEntries)
{
    QVector<Dependency> deps;
    for (const Dependency &d : host.dependencies)
        if (d.property == prop.name)
            deps.append(d);
    bool ok = false;
    const QVector<quint32> cells = cellsOf(prop.value, &ok);
    if (!ok)
        return false;
    // Walk the cells with the model's decoding: each non-zero cell starts an entry whose target and
    // argument count the model already resolved; a zero cell is an empty slot (gpio lists).
    QByteArray out;
    int next = 0;
    int entry = 0;
    for (int i = 0; i < cells.size(); ++entry) {
        if (cells[i] == 0) {
            appendU32(out, 0);
            ++i;
            continue;
        }
        if (next >= deps.size())
            return false; // layout the model could not decode: do not keep a dangling phandle
        const Dependency &d = deps[next++];
        const Node *target = m_ctx.model->node(d.target);
        if (!target || target->phandle != cells[i] || i + 1 + d.args.size() > cells.size())
            return false;
        i += 1 + d.args.size();
        int to = m_placed.value(d.target, -1);
        bool stripArgs = false;
        if (to < 0 && m_actions.value(actionKey(prop.name, d.target), DependencyAction::Drop) == DependencyAction::Stub) {
            to = stubFor(prop.name, d.target, d.args, host);
            stripArgs = isClockProperty(prop.name); // the fixed-clock stub has #clock-cells = <0>
        }
        if (to < 0) {
            removedEntries->append(entry);
            continue;
        }
        appendU32(out, phandleFor(to));
        if (!stripArgs)
            for (quint32 a : d.args)
                appendU32(out, a);
    }
    *value = out;
    return !out.isEmpty() || isPinctrlState(prop.name);
}

// Removes the entries of a "-names" string list that belong to removed phandle entries.
QByteArray removeNameEntries(const QByteArray &names, const QVector<int> &removed, int entryCount)
{
    const QStringList list = stringListOf(names);
    if (list.size() != entryCount)
        return names; // not parallel: leave it as it is
    QStringList kept;
    for (int i = 0; i < list.size(); ++i)
        if (!removed.contains(i))
            kept.append(list[i]);
    return stringListValue(kept);
}

// One entry of a phandle list: its cells in the property, and the node it names ("" for a 0 cell).
struct ListEntry {
    int first = 0;
    int count = 1;
    QString target;
};

// The entries of `prop` as the model decoded them; false when the cells do not follow the decoding.
bool listEntries(const Node &host, const Property &prop, QVector<ListEntry> *out)
{
    const QVector<quint32> cells = cellsOf(prop.value);
    QVector<Dependency> deps;
    for (const Dependency &d : host.dependencies)
        if (d.property == prop.name)
            deps.append(d);
    int next = 0;
    for (int i = 0; i < cells.size();) {
        if (cells[i] == 0) {
            out->append({i, 1, QString()});
            ++i;
            continue;
        }
        if (next >= deps.size())
            return false;
        const Dependency &d = deps[next++];
        const int count = 1 + int(d.args.size());
        if (i + count > cells.size())
            return false;
        out->append({i, count, d.target});
        i += count;
    }
    return true;
}

// Entry count of a phandle list as the model decoded it (zero cells count as entries); -1 when the
// cells do not follow the decoding. A zero argument cell (<&dvp 0>) is part of its entry.
int entryCount(const Node &host, const Property &prop)
{
    QVector<ListEntry> entries;
    return listEntries(host, prop, &entries) ? int(entries.size()) : -1;
}

// interrupt-map in the guest (bindings::interruptMapEntries). The guest's one controller is Xen's
// GIC: phandle 65000, #address-cells = 0, #interrupt-cells = 3 (make_gicv3_domU_node in
// xen/arch/arm/domain_build.c; make_gicv*_node in libxl_arm.c). Entries naming the host GIC with
// 3-cell specifiers are rewritten to it; a map with any other parent, or one that does not parse,
// is not copied (false), so no host phandle reaches the guest.
bool guestInterruptMap(const HostModel &model, const Node &host, QByteArray *out)
{
    QVector<InterruptMapEntry> entries;
    if (!interruptMapEntries(model, host, &entries))
        return false;
    // A nexus without #address-cells of its own inherits its ancestors' on the host; in the guest it
    // sits under /passthrough (2 cells), so the map copies only when that is the count it was read with.
    const Property *irqCells = host.property(QLatin1String("#interrupt-cells"));
    if (!host.property(QLatin1String("#address-cells"))
        && (!irqCells || entries.isEmpty() || entries.front().child.size() != 2 + qsizetype(firstCell(irqCells->value))))
        return false;
    QByteArray guest;
    for (const InterruptMapEntry &e : entries) {
        if (e.parent != model.gic() || e.parentSpecifier.size() != 3)
            return false;
        for (quint32 c : e.child)
            appendU32(guest, c);
        appendU32(guest, kGuestGicPhandle);
        for (quint32 c : e.parentSpecifier)
            appendU32(guest, c);
    }
    *out = guest;
    return true;
}

bool isPhandleProperty(const Node &host, const QString &prop)
{
    for (const Dependency &d : host.dependencies)
        if (d.property == prop)
            return true;
    return false;
}

namespace {

// When every pin state lost all its entries (the pin groups stay with dom0), the node keeps no
// pin control at all: an empty `pinctrl-0;` beside `pinctrl-names` breaks the consumer binding
// (dt-schema pinctrl-consumer.yaml: a phandle array), while a node without pinctrl-0 simply has
// no pin states for Linux (drivers/pinctrl/devicetree.c, pinctrl_dt_to_map).
QVector<Property> withoutEmptyPinStates(const QVector<Property> &props)
{
    bool anyState = false;
    for (const Property &p : props)
        if (isPinctrlState(p.name)) {
            if (!p.value.isEmpty())
                return props;
            anyState = true;
        }
    if (!anyState)
        return props;
    QVector<Property> out;
    for (const Property &p : props)
        if (!isPinctrlState(p.name) && p.name != QLatin1String("pinctrl-names"))
            out.append(p);
    return out;
}


} // namespace

// assigned-clocks, assigned-clock-parents and assigned-clock-rates are parallel arrays
// (clock/clock-bindings.txt); Linux's of_clk_set_defaults sets each entry's parent and rate at probe
// and fails the probe when that fails, as it does on a fixed-clock stub or a clock the guest lacks.
// So an entry whose clock or parent is not copied into the partial DTB goes from all three arrays;
// with no entry left, all three go. Returns `host` with those properties (and their dependencies)
// reduced to the entries that stay.
Node PartialDtbBuilder::withUsableAssignedClocks(const Node &host) const
{
    const Property *clocks = host.property(QStringLiteral("assigned-clocks"));
    if (!clocks)
        return host;
    const Property *parents = host.property(QStringLiteral("assigned-clock-parents"));
    const Property *rates = host.property(QStringLiteral("assigned-clock-rates"));
    QVector<ListEntry> clockEntries, parentEntries;
    if (!listEntries(host, *clocks, &clockEntries) || (parents && !listEntries(host, *parents, &parentEntries)))
        return host;
    auto copied = [&](const QString &target) { return target.isEmpty() || m_placed.contains(target); };
    QVector<bool> keep;
    for (int i = 0; i < clockEntries.size(); ++i)
        keep.append(!clockEntries[i].target.isEmpty() && copied(clockEntries[i].target)
                    && (i >= parentEntries.size() || copied(parentEntries[i].target)));
    auto filtered = [&](const Property &p, const QVector<ListEntry> &entries) {
        const QVector<quint32> cells = cellsOf(p.value);
        QByteArray value;
        for (int i = 0; i < entries.size(); ++i)
            if (i >= keep.size() || keep[i])
                for (int c = entries[i].first; c < entries[i].first + entries[i].count; ++c)
                    appendU32(value, cells[c]);
        return value;
    };
    const bool anyKept = keep.contains(true);
    Node out = host;
    out.properties.clear();
    for (const Property &p : host.properties) {
        if (p.name == QLatin1String("assigned-clocks") || p.name == QLatin1String("assigned-clock-parents")
            || p.name == QLatin1String("assigned-clock-rates")) {
            if (!anyKept)
                continue;
            if (p.name == QLatin1String("assigned-clocks"))
                out.properties.append({p.name, filtered(p, clockEntries)});
            else if (p.name == QLatin1String("assigned-clock-parents"))
                out.properties.append({p.name, filtered(p, parentEntries)});
            else {
                QVector<ListEntry> rateEntries;
                for (int i = 0; i < int(p.value.size() / 4); ++i)
                    rateEntries.append({i, 1, QString()});
                out.properties.append({p.name, filtered(p, rateEntries)});
            }
            continue;
        }
        out.properties.append(p);
    }
    // The dependencies of the two phandle lists, reduced the same way (rewritePhandles walks them
    // in order along the cells).
    out.dependencies.clear();
    QHash<QString, int> seen;
    for (const Dependency &d : host.dependencies) {
        if (d.property != QLatin1String("assigned-clocks") && d.property != QLatin1String("assigned-clock-parents")) {
            out.dependencies.append(d);
            continue;
        }
        const QVector<ListEntry> &entries = d.property == QLatin1String("assigned-clocks") ? clockEntries : parentEntries;
        int &k = seen[d.property];
        int entry = -1;
        for (int i = 0, nonZero = 0; i < entries.size(); ++i)
            if (!entries[i].target.isEmpty() && nonZero++ == k) {
                entry = i;
                break;
            }
        ++k;
        if (anyKept && entry >= 0 && (entry >= keep.size() || keep[entry]))
            out.dependencies.append(d);
    }
    Q_UNUSED(rates);
    return out;
}

QVector<Property> PartialDtbBuilder::copiedProperties(const Node &hostNode, int index)
{
    const Node host = withUsableAssignedClocks(hostNode);
    QVector<Property> out;
    QHash<QString, QPair<QVector<int>, int>> removedByList; // list property -> (removed entries, count)
    bool dropAssigned = false;
    bool dropInterruptMapMask = !host.property(QLatin1String("interrupt-map"));
    const bool scmi = isScmiNode(*m_ctx.model, host);
    for (const Property &p : host.properties) {
        const QString &name = p.name;
        if (name == QLatin1String("phandle") || name == QLatin1String("linux,phandle")) {
            out.append({QStringLiteral("phandle"), QByteArray()}); // placeholder, see finishPhandles
            continue;
        }
        if (scmi && (name == QLatin1String("mboxes") || name == QLatin1String("mbox-names")))
            continue; // a mailbox channel cannot work in a guest; Xen forwards SMC only (scmi-smc.c)
        if (name == QLatin1String("xen,passthrough") || name == QLatin1String("iommus")
            || name == QLatin1String("iommu-map") || name == QLatin1String("iommu-map-mask"))
            continue; // Xen drives the IOMMU; the guest has none (docs/misc/arm/passthrough.txt)
        if (name == QLatin1String("interrupt-map")) {
            QByteArray value;
            if (guestInterruptMap(*m_ctx.model, host, &value))
                out.append({name, value});
            else
                dropInterruptMapMask = true;
            continue;
        }
        if (name == QLatin1String("status")) {
            // The assigned device and the providers it needs must probe; a device's own subnodes
            // keep their host status (a disabled sub-function stays disabled).
            out.append(m_nodes[index].role == Role::Child ? p : Property{name, stringValue(QStringLiteral("okay"))});
            continue;
        }
        // A reference property whose phandle names no node even on the host goes whole: in the
        // guest it could only dangle (rewritePhandles finds no entry it can keep).
        if ((isPhandleProperty(host, name) || host.danglingReferences.contains(name))
            && name != QLatin1String("interrupt-parent") && name != QLatin1String("interrupts-extended")) {
            QByteArray value;
            QVector<int> removed;
            const bool keep = rewritePhandles(host, p, &value, &removed);
            const int count = entryCount(host, p);
            if (!keep)
                for (int i = 0; i < count; ++i)
                    if (!removed.contains(i))
                        removed.append(i);
            if (!removed.isEmpty() && name.startsWith(QLatin1String("assigned-clock")))
                dropAssigned = true;
            // A list that goes whole (even one the model could not walk, count -1) takes its names along.
            removedByList.insert(name, keep ? QPair<QVector<int>, int>{removed, count} : QPair<QVector<int>, int>{{0}, 0});
            if (keep)
                out.append({name, value});
            continue;
        }
        out.append(p);
    }
    // Companion "-names" lists lose the entries whose phandle went; assigned-clock* are parallel
    // arrays, so they go together when one entry cannot stay.
    struct Trimmed {
        QString companion; // "clock-names" of "clocks"
        QVector<int> removed;
        int count;
    };
    QVector<Trimmed> trimmed;
    for (auto it = removedByList.constBegin(); it != removedByList.constEnd(); ++it)
        if (!it.value().first.isEmpty() && it.value().second >= 0)
            if (QString companion = namesCompanion(it.key()); !companion.isEmpty())
                trimmed.append({companion, it.value().first, it.value().second});
    QVector<Property> result;
    for (const Property &p : out) {
        if (dropAssigned && p.name.startsWith(QLatin1String("assigned-clock")))
            continue;
        if (dropInterruptMapMask && p.name == QLatin1String("interrupt-map-mask"))
            continue; // the mask of an interrupt-map the guest does not get
        bool removedAll = false;
        QByteArray value = p.value;
        for (const Trimmed &t : trimmed) {
            if (t.companion != p.name)
                continue;
            if (t.removed.size() >= t.count)
                removedAll = true;
            else
                value = removeNameEntries(value, t.removed, t.count);
        }
        if (!removedAll)
            result.append({p.name, value});
    }
    return withoutEmptyPinStates(result);
}

QVector<Property> PartialDtbBuilder::deviceProperties(const Node &host, const DevicePlan &plan, int index,
                                                      bool withXenPath)
{
    QVector<Property> props = copiedProperties(host, index);
    QByteArray reg;
    for (const GuestRegion &r : plan.regions) {
        appendCells(reg, r.guestAddress, 2);
        appendCells(reg, r.size, 2);
    }
    // The guest GIC takes 3-cell specifiers <type number flags>; type 0 = SPI, 2 = eSPI
    // (interrupt-controller/arm,gic-v3.yaml). IRQs are routed 1:1 (docs/misc/arm/passthrough.txt).
    QByteArray interrupts;
    for (const Interrupt &irq : plan.interrupts) {
        appendU32(interrupts, irq.type == IrqType::Espi ? 2 : irq.type == IrqType::Ppi ? 1 : 0);
        appendU32(interrupts, irq.number);
        appendU32(interrupts, irq.flags);
    }
    QVector<Property> out;
    bool wroteReg = false;
    bool wroteIrqs = false;
    auto writeIrqs = [&] {
        if (wroteIrqs || interrupts.isEmpty())
            return;
        out.append({QStringLiteral("interrupts"), interrupts});
        out.append({QStringLiteral("interrupt-parent"), u32Value(kGuestGicPhandle)});
        wroteIrqs = true;
    };
    for (const Property &p : props) {
        if (p.name == QLatin1String("interrupt-names")) {
            // Parallel to the host's specifiers: keep the names of the ones passed through.
            const QStringList names = stringListOf(p.value);
            if (names.size() != host.interrupts.size()) {
                out.append(p); // not parallel as the binding wants: leave it as the host has it
                continue;
            }
            QStringList kept;
            for (int index : plan.interruptIndex)
                kept.append(names.value(index));
            if (!kept.isEmpty())
                out.append({p.name, stringListValue(kept)});
        } else if (p.name == QLatin1String("reg")) {
            if (!reg.isEmpty())
                out.append({p.name, reg});
            wroteReg = true;
        } else if (p.name == QLatin1String("interrupts") || p.name == QLatin1String("interrupts-extended")
                   || p.name == QLatin1String("interrupt-parent")) {
            writeIrqs();
        } else if (!p.name.startsWith(QLatin1String("xen,"))) {
            out.append(p);
        }
    }
    if (!wroteReg && !reg.isEmpty())
        out.append({QStringLiteral("reg"), reg});
    writeIrqs();
    // dom0less: <host size guest> triplets in /passthrough's 2/2 cells, page aligned
    // (handle_passthrough_prop in xen/arch/arm/domain_build.c, 4.17).
    QByteArray xenReg;
    for (const MmioMapping &m : plan.mmio) {
        appendCells(xenReg, m.hostAddress, 2);
        appendCells(xenReg, m.size, 2);
        appendCells(xenReg, m.guestAddress, 2);
    }
    // Xen's rule (handle_prop_pfdt, same file): xen,path is acted on only together with xen,reg, and
    // xen,reg needs xen,path or the force flag; anything else is "xen,reg or xen,path missing"
    // (-EINVAL). xen,reg lists the windows this node adds. A node that adds none but needs Xen to
    // route its interrupts or assign its IOMMU carries an empty xen,reg: handle_passthrough_prop
    // maps its zero entries, then routes the interrupts and assigns the device of xen,path. A node
    // that needs neither (a child inside its ancestor's window, no interrupts, no IOMMU of its own)
    // gets no xen,* property: the ancestor's window maps its registers (docs/exports.md).
    // xl reads none of them (it takes iomem/irqs/dtdev from dom.cfg) and libxl copies /passthrough
    // into the guest as it is (copy_partial_fdt, tools/libs/light/libxl_arm.c): a domain exported
    // for xl only gets none.
    if (!m_domain.config.dom0less)
        return out;
    const bool needsPath = withXenPath && (!plan.mmio.isEmpty() || !plan.interrupts.isEmpty() || plan.iommuProtected);
    if (needsPath || !xenReg.isEmpty())
        out.append({QStringLiteral("xen,reg"), xenReg});
    if (needsPath)
        out.append({QStringLiteral("xen,path"), stringValue(plan.hostPath)});
    if ((needsPath || !xenReg.isEmpty()) && plan.forceWithoutIommu)
        out.append({QStringLiteral("xen,force-assign-without-iommu"), QByteArray()});
    return out;
}

// A bus copy whose child device's reg holds a guest address: 2/2 cells like /passthrough and an
// empty ranges, so the guest translates the child's reg 1:1 (devicetree spec §2.3.8).
QVector<Property> withGuestCells(const QVector<Property> &props)
{
    const QVector<Property> cells = {{QStringLiteral("#address-cells"), u32Value(2)},
                                     {QStringLiteral("#size-cells"), u32Value(2)},
                                     {QStringLiteral("ranges"), QByteArray()}};
    QVector<Property> out;
    QSet<QString> written;
    for (const Property &p : props) {
        bool replaced = false;
        for (const Property &c : cells)
            if (c.name == p.name) {
                out.append(c);
                written.insert(c.name);
                replaced = true;
            }
        if (!replaced)
            out.append(p);
    }
    for (const Property &c : cells)
        if (!written.contains(c.name))
            out.append(c);
    return out;
}

// A node copied along with a device (an I2C bus's PMIC) whose interrupts all go to controllers
// the domain has itself (a GPIO controller assigned to it, or copied with one of its devices:
// interruptsStayInGuest, core/planner.h) keeps them, pointed at the controllers' copies. Written
// as interrupts-extended (interrupts.yaml), so nothing inherits an ancestor's interrupt-parent,
// which in the guest is Xen's GIC. Any other interrupt of a copied node is left out (Xen routes
// GIC interrupts of planned devices only); check says so (irq-not-gic).
QVector<Property> PartialDtbBuilder::interruptsOnGuestControllers(const Node &host)
{
    if (!interruptsStayInGuest(*m_ctx.model, m_domain.config.devices, host))
        return {};
    QByteArray extended;
    for (const Interrupt &i : host.interrupts) {
        const int to = m_placed.value(i.controller, -1);
        if (to < 0)
            return {};
        appendU32(extended, phandleFor(to));
        for (quint32 c : i.cells)
            appendU32(extended, c);
    }
    return {{QStringLiteral("interrupts-extended"), extended}};
}

void PartialDtbBuilder::fillProperties(int index)
{
    // Copies, not references: rewriting may add stub nodes and reallocate m_nodes.
    const Role role = m_nodes[index].role;
    const DevicePlan *device = m_nodes[index].device;
    const Node *host = m_ctx.model->node(m_nodes[index].hostPath);
    if (!host)
        return;
    QVector<Property> props;
    const int parent = m_nodes[index].parent;
    const bool underGuestCells = parent > 1 && m_nodes[parent].guestCells;
    if (role == Role::Device) {
        props = deviceProperties(*host, *device, index, !m_nodes[index].withoutHostDevice);
    } else {
        props = copiedProperties(*host, index);
        // Interrupts of copied providers are not routed to the guest: leave them out.
        QVector<Property> kept;
        const Node *hostParent = m_ctx.model->parentOf(*host);
        const bool underContainer = m_nodes[index].parent == 1;
        for (const Property &p : props) {
            if (p.name == QLatin1String("interrupts") || p.name == QLatin1String("interrupts-extended")
                || p.name == QLatin1String("interrupt-parent"))
                continue;
            if (p.name == QLatin1String("reg") && (underContainer || underGuestCells) && hostParent
                && (underGuestCells || m_ctx.model->addressCells(*hostParent) != 2
                    || m_ctx.model->sizeCells(*hostParent) != 2)) {
                // Re-encode for /passthrough's (or a guestCells parent's) 2/2 cells from the translated
                // CPU addresses (host = guest for a node that is not planned: nothing maps it).
                QByteArray reg;
                bool translatable = true;
                for (const Region &r : host->regions) {
                    translatable = translatable && r.cpuAddressable;
                    appendCells(reg, r.address, 2);
                    appendCells(reg, r.size, 2);
                }
                kept.append({p.name, translatable ? reg : p.value});
                continue;
            }
            kept.append(p);
        }
        if (role == Role::Child)
            kept += interruptsOnGuestControllers(*host);
        // A context node without a compatible (e.g. /firmware) must be a bus for its children to be
        // populated under /passthrough (xen-passthrough reference §4.5: firmware { compatible =
        // "simple-bus"; }), and a simple-bus has cells and ranges (bindings simple-bus.yaml): 2/2 and
        // an empty ranges, like /passthrough, so anything below translates 1:1.
        if (role == Role::Context && !host->property(QStringLiteral("compatible"))) {
            kept.prepend({QStringLiteral("compatible"), stringValue(QStringLiteral("simple-bus"))});
            kept = withGuestCells(kept);
        }
        props = kept;
    }
    if (m_nodes[index].guestCells)
        props = withGuestCells(props);
    m_nodes[index].props = props;
}

void PartialDtbBuilder::finishPhandles()
{
    for (OutNode &n : m_nodes) {
        QVector<Property> props;
        bool placed = false;
        for (const Property &p : n.props) {
            if (p.name == QLatin1String("phandle")) {
                if (n.phandle && !placed)
                    props.append({p.name, u32Value(n.phandle)});
                placed = true;
                continue;
            }
            props.append(p);
        }
        if (n.phandle && !placed)
            props.append({QStringLiteral("phandle"), u32Value(n.phandle)});
        n.props = props;
    }
}

bool PartialDtbBuilder::emitNode(void *fdt, int index) const
{
    const OutNode &n = m_nodes[index];
    if (fdt_begin_node(fdt, n.name.toUtf8().constData()) != 0)
        return false;
    for (const Property &p : n.props)
        if (fdt_property(fdt, p.name.toUtf8().constData(), p.value.constData(), p.value.size()) != 0)
            return false;
    for (int c : n.children)
        if (!emitNode(fdt, c))
            return false;
    return fdt_end_node(fdt) == 0;
}

QByteArray PartialDtbBuilder::serialize(QString *error) const
{
    int estimate = 4096;
    for (const OutNode &n : m_nodes) {
        estimate += 64 + n.name.size();
        for (const Property &p : n.props)
            estimate += 32 + p.name.size() + p.value.size();
    }
    for (int size = estimate * 2; size <= 64 * 1024 * 1024; size *= 2) {
        QByteArray buf(size, '\0');
        void *fdt = buf.data();
        if (fdt_create(fdt, size) != 0 || fdt_finish_reservemap(fdt) != 0)
            continue;
        if (!emitNode(fdt, 0) || fdt_finish(fdt) != 0)
            continue; // -FDT_ERR_NOSPACE: try a bigger buffer
        QByteArray packed(size, '\0');
        if (fdt_open_into(fdt, packed.data(), size) != 0 || fdt_pack(packed.data()) != 0)
            break;
        packed.truncate(int(fdt_totalsize(packed.constData())));
        const int check = fdt_check_full(packed.constData(), size_t(packed.size()));
        if (check != 0) {
            *error = QStringLiteral("partial DTB of domain %1 is not a valid FDT: %2")
                         .arg(m_domain.config.name, QString::fromLatin1(fdt_strerror(check)));
            return {};
        }
        return packed;
    }
    *error = QStringLiteral("partial DTB of domain %1 could not be written").arg(m_domain.config.name);
    return {};
}

QByteArray PartialDtbBuilder::build(QString *error)
{
    // Root: Xen's guest root is 2/2 cells (GUEST_ROOT_ADDRESS_CELLS/GUEST_ROOT_SIZE_CELLS); dtc wants them.
    const int root = addNode(-1, QString(), QString(), Role::Root);
    m_nodes[root].props = {{QStringLiteral("#address-cells"), u32Value(2)},
                           {QStringLiteral("#size-cells"), u32Value(2)}};
    // /passthrough: libxl copies exactly this node (libxl_arm.c copy_partial_fdt). It is a bus, so
    // "simple-bus" alone, as Xen's docs/misc/arm/passthrough.txt writes it: the board's compatibles
    // would make the board binding's schema judge a bus.
    const int container = addNode(root, QStringLiteral("passthrough"), QString(), Role::Container);
    m_nodes[container].props = {{QStringLiteral("compatible"), stringValue(QStringLiteral("simple-bus"))},
                                {QStringLiteral("ranges"), QByteArray()},
                                {QStringLiteral("#address-cells"), u32Value(2)},
                                {QStringLiteral("#size-cells"), u32Value(2)}};
    placeDevices();
    placeScmiShmem();
    placeCopiedProviders();
    const int placed = m_nodes.size();
    for (int i = 2; i < placed; ++i)
        fillProperties(i);
    placeMediatedChannel();
    finishPhandles();
    return serialize(error);
}

} // namespace

// Every phandle in the blob resolves inside it (a guest driver that follows one into nothing fails
// to probe): read back by the model's own decoder, and the vendor properties the host model took for
// references checked by their first cell. The guest GIC (kGuestGicPhandle) is Xen's to add.
// Returns "" or "NODE: PROPERTY refers to phandle N, which no node of the partial DTB has".
QString exportutil::danglingPhandle(const HostModel &host, const QByteArray &dtb)
{
    QString error;
    const HostModelPtr back = HostModel::fromBlob(dtb, QStringLiteral("partial DTB"), &error);
    if (!back)
        return error;
    const QSet<QString> &guessed = host.guessedReferenceProperties();
    for (const Node &n : back->nodes()) {
        for (const Property &p : n.properties) {
            const QVector<quint32> cells = cellsOf(p.value);
            const bool listed = n.danglingReferences.contains(p.name);
            const bool guessedDangling = guessed.contains(p.name) && !cells.isEmpty() && cells.front() != 0
                && !back->nodeByPhandle(cells.front());
            if (!listed && !guessedDangling)
                continue;
            if (p.name == QLatin1String("interrupt-parent") && cells.value(0) == kGuestGicPhandle)
                continue;
            return QStringLiteral("%1: %2 refers to a phandle no node of the partial DTB has").arg(n.path, p.name);
        }
    }
    return {};
}

QByteArray partialDtbUnchecked(const ExportContext &ctx, const DomainPlan &domain, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    if (!ctx.model) {
        *err = QStringLiteral("no host model loaded");
        return {};
    }
    PartialDtbBuilder builder(ctx, domain);
    return builder.build(err);
}

QByteArray partialDtb(const ExportContext &ctx, const DomainPlan &domain, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    const QByteArray dtb = partialDtbUnchecked(ctx, domain, err);
    if (dtb.isEmpty())
        return {};
    if (const QString dangling = danglingPhandle(*ctx.model, dtb); !dangling.isEmpty()) {
        *err = QStringLiteral("partial DTB of domain %1: %2").arg(domain.config.name, dangling);
        return {};
    }
    return dtb;
}

} // namespace devassign
