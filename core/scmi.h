// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// SCMI in the host tree as Xen sees it: which agent a node belongs to, its shared-memory channels,
// and whether Xen can forward its transport to a guest (docs/model.md, "SCMI resources";
// shared/reference/scmi.md).

#include "hostmodel.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign {

struct DomainPlan;

// The SCMI agent node at or above `n`, or nullptr.
const Node *scmiAgentOf(const HostModel &model, const Node &n);
// The arm,scmi-shmem nodes an SCMI agent's `shmem` names that have a CPU-addressable region.
QVector<const Node *> scmiShmemNodes(const HostModel &model, const Node &agent);
// Why Xen cannot pass `agent` to a guest, or "" when it can.
QString scmiNotForwardable(const HostModel &model, const Node &agent);
// The SCMI agent nodes whose resources a domain's devices use, in first-use order.
QStringList scmiAgentsOf(const DomainPlan &dp);

} // namespace devassign
