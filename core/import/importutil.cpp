// SPDX-License-Identifier: GPL-2.0-or-later
#include "import/importutil.h"

#include "dtsource.h"
#include "format.h"
#include "planner.h"
#include "xenrelease.h"

#include <algorithm>

extern "C" {
#include <libfdt.h>
}

namespace devassign::importutil {

namespace {

constexpr quint64 kPage = xen::kPageSize;

bool inside(const Region &r, const QVector<MemoryRange> &windows)
{
    for (const MemoryRange &w : windows)
        if (r.address >= w.address && r.size <= w.size && r.address - w.address <= w.size - r.size)
            return true;
    return false;
}

bool overlaps(const Region &r, const QVector<MemoryRange> &windows)
{
    for (const MemoryRange &w : windows)
        if (r.address < w.address + w.size && w.address < r.address + std::max<quint64>(r.size, 1))
            return true;
    return false;
}

quint64 readCells(const fdt32_t *cells, int count)
{
    quint64 v = 0;
    for (int i = 0; i < count; ++i)
        v = (v << 32) | fdt32_to_cpu(cells[i]);
    return v;
}

} // namespace

bool isAncestor(const HostModel &host, const Node &maybeAncestor, const Node &n)
{
    for (const Node *p = host.parentOf(n); p; p = host.parentOf(*p))
        if (p->index == maybeAncestor.index)
            return true;
    return false;
}

bool isScmiShmem(const Node &n)
{
    return n.compatible.contains(QStringLiteral("arm,scmi-shmem"));
}

Result<PartialDtbHost> readPartialDtb(const QByteArray &dtb, const QString &file)
{
    if (const QString problem = checkDtb(dtb); !problem.isEmpty())
        return fail(QStringLiteral("%1: not a valid partial DTB: %2").arg(file, problem));
    const void *fdt = dtb.constData();
    PartialDtbHost out;
    const int passthrough = fdt_path_offset(fdt, "/passthrough");
    if (passthrough < 0)
        return out; // nothing passed through (Xen copies only /gic, /aliases and /passthrough)
    out.hasPassthrough = true;
    int depth = 0;
    for (int node = fdt_next_node(fdt, passthrough, &depth); node >= 0 && depth > 0;
         node = fdt_next_node(fdt, node, &depth)) {
        int pathLen = 0;
        const char *path = static_cast<const char *>(fdt_getprop(fdt, node, "xen,path", &pathLen));
        int regLen = 0;
        const auto *reg = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, "xen,reg", &regLen));
        if (path) {
            // A string property: NUL-terminated within its length.
            if (pathLen < 2 || path[pathLen - 1] != '\0' || int(qstrnlen(path, size_t(pathLen))) != pathLen - 1)
                return fail(QStringLiteral("%1: %2: xen,path is not one string")
                                .arg(file, QString::fromUtf8(fdt_get_name(fdt, node, nullptr))));
            out.paths << QString::fromUtf8(path, pathLen - 1);
            continue;
        }
        if (!reg)
            continue;
        // <host size guest> triplets in the parent's cells (scan_pfdt_node passes them down).
        const int parent = fdt_parent_offset(fdt, node);
        const int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
        const int sc = parent >= 0 ? fdt_size_cells(fdt, parent) : 1;
        if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
            return fail(QStringLiteral("%1: %2: xen,reg in %3/%4 cells, expected 1 or 2")
                            .arg(file, QString::fromUtf8(fdt_get_name(fdt, node, nullptr)))
                            .arg(ac)
                            .arg(sc));
        const int triplet = (2 * ac + sc) * 4;
        if (regLen % triplet != 0)
            return fail(QStringLiteral("%1: %2: xen,reg is not a list of <host size guest>")
                            .arg(file, QString::fromUtf8(fdt_get_name(fdt, node, nullptr))));
        for (int i = 0; i < regLen / triplet; ++i) {
            const fdt32_t *t = reg + i * (triplet / 4);
            out.windowsWithoutPath.append({readCells(t, ac), readCells(t + ac, sc)});
        }
    }
    return out;
}

QVector<const Node *> devicesInside(
    const HostModel &host, const QVector<MemoryRange> &windows, QVector<const Node *> *partial)
{
    QVector<const Node *> all;
    for (const Node &n : host.nodes()) {
        if (n.index == 0 || isScmiShmem(n) || n.isGic)
            continue;
        bool any = false;
        bool every = true;
        for (const Region &r : n.regions) {
            if (!r.cpuAddressable)
                continue;
            any = any || overlaps(r, windows);
            every = every && inside(r, windows);
        }
        if (!any)
            continue;
        if (every)
            all.append(&n);
        else if (partial)
            partial->append(&n);
    }
    QVector<const Node *> out;
    for (const Node *n : all) {
        const bool underAnother =
            std::any_of(all.cbegin(), all.cend(), [&](const Node *o) { return isAncestor(host, *o, *n); });
        if (!underAnother)
            out.append(n);
    }
    auto firstAddress = [](const Node *n) {
        for (const Region &r : n->regions)
            if (r.cpuAddressable)
                return r.address;
        return quint64(0);
    };
    std::stable_sort(
        out.begin(), out.end(), [&](const Node *a, const Node *b) { return firstAddress(a) < firstAddress(b); });
    return out;
}

bool nodeTouchesPage(const HostModel &host, const Node &n, quint64 page)
{
    for (const Region &r : n.regions)
        if (r.cpuAddressable && r.address / kPage <= page
            && page <= (r.address + std::max<quint64>(r.size, 1) - 1) / kPage)
            return true;
    for (int c : n.children)
        if (nodeTouchesPage(host, host.nodes()[c], page))
            return true;
    return false;
}

bool hasIrq(const Node &n, quint32 irq)
{
    return std::any_of(n.interrupts.cbegin(), n.interrupts.cend(),
        [irq](const Interrupt &i) { return i.gic && i.irq && *i.irq == irq; });
}

const Node *nodeWithIrq(const HostModel &host, quint32 irq)
{
    for (const Node &n : host.nodes())
        if (!n.isGic && hasIrq(n, irq))
            return &n;
    return nullptr;
}

bool regionsOverlap(const Node &n, const MemoryRange &window)
{
    return std::any_of(n.regions.cbegin(), n.regions.cend(),
        [&](const Region &r) { return r.cpuAddressable && overlaps(r, {window}); });
}

namespace {

void collectFrames(const HostModel &host, const Node &n, QVector<QPair<quint64, quint64>> &out)
{
    for (const Region &r : n.regions)
        if (r.cpuAddressable)
            out.append({r.address / kPage, (r.address + std::max<quint64>(r.size, 1) - 1) / kPage});
    for (int c : n.children)
        collectFrames(host, host.nodes()[c], out);
}

} // namespace

QVector<QPair<quint64, quint64>> unownedFrames(
    const HostModel &host, const QVector<const Node *> &owners, quint64 firstFrame, quint64 frames)
{
    QVector<QPair<quint64, quint64>> owned;
    for (const Node *n : owners)
        collectFrames(host, *n, owned);
    std::sort(owned.begin(), owned.end());
    QVector<QPair<quint64, quint64>> out;
    const quint64 last = firstFrame + frames - 1;
    quint64 cursor = firstFrame; // first frame not yet known to be owned
    bool done = frames == 0;
    for (const auto &[a, b] : owned) {
        if (done || a > last)
            break;
        if (b < cursor)
            continue;
        if (a > cursor)
            out.append({cursor, a - 1});
        if (b >= last)
            done = true;
        else
            cursor = b + 1;
    }
    if (!done)
        out.append({cursor, last});
    return out;
}

QString frameSpan(quint64 first, quint64 last)
{
    return first == last ? format::hex(first) : format::hex(first) + QLatin1Char('-') + format::hex(last);
}

namespace {

// A node name the partial DTB builder made from `wanted`: itself, or made unique as
// "base-N@unit" (uniqueChildName in core/export/partialdtb.cpp).
bool madeFrom(const QString &name, const QString &wanted)
{
    if (name == wanted)
        return true;
    const qsizetype at = wanted.indexOf(QLatin1Char('@'));
    const QString base = at < 0 ? wanted : wanted.left(at);
    const QString unit = at < 0 ? QString() : wanted.mid(at);
    if (!name.startsWith(base + QLatin1Char('-')) || !name.endsWith(unit))
        return false;
    const QString number = name.mid(base.size() + 1, name.size() - base.size() - 1 - unit.size());
    return !number.isEmpty() && std::all_of(number.cbegin(), number.cend(), [](QChar c) { return c.isDigit(); });
}

QString baseName(const QString &name)
{
    const qsizetype at = name.indexOf(QLatin1Char('@'));
    return at < 0 ? name : name.left(at);
}

// The partial DTB's node whose xen,path is `hostPath`.
const Node *nodeWithXenPath(const HostModel &partial, const QString &hostPath)
{
    for (const Node &n : partial.nodes())
        if (const Property *p = n.property(QStringLiteral("xen,path")))
            if (QString::fromUtf8(p->value).remove(QChar(0)) == hostPath)
                return &n;
    return nullptr;
}

// What the partial DTB did with `provider` for `consumer`'s `property`; nullopt when it cannot tell.
std::optional<DependencyAction> actionShown(const HostModel &host, const HostModel &partial, const Node &consumer,
                                            const QString &property, const QString &provider)
{
    const Node *hostProvider = host.node(provider);
    if (!hostProvider)
        return std::nullopt;
    if (nodeWithXenPath(partial, provider))
        return DependencyAction::Assign;
    bool any = false;
    for (const Dependency &d : consumer.dependencies) {
        if (d.property != property)
            continue;
        any = true;
        const Node *target = partial.node(d.target);
        if (!target)
            continue;
        if (madeFrom(target->name, hostProvider->name))
            return DependencyAction::Copy;
        if (madeFrom(target->name, baseName(hostProvider->name) + QStringLiteral("-stub")))
            return DependencyAction::Stub;
    }
    // The property, or this provider's entries in it, went: dropped. A property still there that
    // points elsewhere is another provider's entry: this one was dropped from the list.
    Q_UNUSED(any);
    return DependencyAction::Drop;
}

} // namespace

QMap<QString, DependencyAction> decisionsFromPartialDtb(const HostModel &host, const DomainConfig &domain,
                                                        const QByteArray &partialDtb, QString *problem)
{
    const HostModelPtr partial = HostModel::fromBlob(partialDtb, QStringLiteral("partial DTB"), problem);
    if (!partial)
        return {};
    Project alone;
    DomainConfig d = domain;
    d.dependencyDecisions.clear();
    alone.domains = {d};
    PlannerFacts facts;
    const QVector<DomainPlan> plans = planDomains(host, alone, &facts);
    QMap<QString, DependencyAction> decisions;
    if (plans.isEmpty())
        return decisions;
    for (const DevicePlan &dev : plans.front().devices) {
        const Node *consumer = nodeWithXenPath(*partial, dev.hostPath);
        if (!consumer)
            continue; // a child inside its parent's window carries no xen,path: its parent decides
        for (const DependencyPlan &dep : dev.dependencies) {
            const std::optional<DependencyAction> shown = actionShown(host, *partial, *consumer, dep.property, dep.provider);
            if (shown && *shown != dep.action && !decisions.contains(dep.provider))
                decisions.insert(dep.provider, *shown);
        }
    }
    return decisions;
}

} // namespace devassign::importutil
