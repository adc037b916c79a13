// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Item data roles shared by every devassign item model (host tree, domains, diagnostics) and the
// widgets that read them.

#include <Qt>

namespace devassign {

enum ModelRole {
    NodePathRole = Qt::UserRole + 1, // QString: host node path
    IommuStateRole,                  // int: IommuState
    IsDeviceRole,                    // bool: the node has reg / interrupts
    OwnerRole,                       // QString: domain that owns the node ("" = unassigned)
    DomainNameRole,                  // QString: domain name
    ErrorCountRole,                  // int: unacknowledged errors in a domain
    SeverityRole,                    // int: core Severity
    RuleRole,                        // QString: a diagnostic's rule id
    GroupLevelRole,                  // int: DiagnosticsGroupModel::Level of a row
    CountRole,                       // int: findings under a group row
};

// Value of IommuStateRole.
enum IommuState {
    IommuNotDma = 0,      // no sign the device does DMA
    IommuProtected = 1,   // behind an IOMMU that Xen drives
    IommuUnprotected = 2, // DMA-capable and not protected
};

// The MIME format of a drag of host nodes: nodemime.h.

} // namespace devassign
