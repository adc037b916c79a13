// SPDX-License-Identifier: GPL-2.0-or-later
#include "scmi.h"

#include "analysis.h"

namespace devassign {

const Node *scmiAgentOf(const HostModel &model, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (isScmiAgent(*cur))
            return cur;
    return nullptr;
}

QVector<const Node *> scmiShmemNodes(const HostModel &model, const Node &agent)
{
    QVector<const Node *> out;
    for (const Dependency &d : agent.dependencies) {
        const Node *shm = d.property == QLatin1String("shmem") ? model.node(d.target) : nullptr;
        if (!shm || !shm->compatible.contains(QStringLiteral("arm,scmi-shmem")) || out.contains(shm))
            continue;
        for (const Region &r : shm->regions)
            if (r.cpuAddressable) {
                out.append(shm);
                break;
            }
    }
    return out;
}

// Why Xen cannot pass `agent` to a guest, or "" when it can. Upstream Xen (4.21+) forwards only the
// SMC transport: scmi-smc.c probes compatible "arm,scmi-smc" only (scmi_smc_match) and needs a u32
// arm,smc-id (scmi_dom0_init); the calls are forwarded zero-copy, so the guest needs the shmem
// channel mapped (docs/hypervisor-guide/arm/firmware/arm-scmi.rst).
QString scmiNotForwardable(const HostModel &model, const Node &agent)
{
    if (!agent.compatible.contains(QStringLiteral("arm,scmi-smc"))) {
        const QString compatible = agent.compatible.value(0);
        QString transport = QStringLiteral("not SMC");
        if (compatible == QLatin1String("arm,scmi"))
            transport = QStringLiteral("a mailbox");
        else if (compatible == QLatin1String("arm,scmi-virtio"))
            transport = QStringLiteral("virtio");
        else if (compatible == QLatin1String("linaro,scmi-optee"))
            transport = QStringLiteral("OP-TEE");
        else if (compatible.contains(QLatin1String("smc")))
            transport = QStringLiteral("an SMC variant Xen does not match");
        return QStringLiteral("its compatible is \"%1\" (transport: %2)").arg(compatible, transport);
    }
    const Property *id = agent.property(QStringLiteral("arm,smc-id"));
    if (!id || id->value.size() != 4)
        return QStringLiteral("it has no 32-bit arm,smc-id");
    if (scmiShmemNodes(model, agent).isEmpty())
        return QStringLiteral("its shmem names no arm,scmi-shmem node with a CPU-addressable reg");
    return QString();
}

QStringList scmiAgentsOf(const DomainPlan &dp)
{
    QStringList agents;
    for (const ScmiResource &r : dp.scmi)
        if (!agents.contains(r.scmiNode))
            agents.append(r.scmiNode);
    return agents;
}

} // namespace devassign
