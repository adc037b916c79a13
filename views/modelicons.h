// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Small coloured status icons shared by the item models (IOMMU state, severity, error badges).

#include <QIcon>
#include <QString>

namespace devassign {

enum class StatusColor { Good, Bad, Warning, Neutral, Info };
QIcon statusIcon(StatusColor color);
// Help ▸ Legend's table of the dots in the host tree, the Domains pane and the Diagnostics pane.
QString statusDotsLegendHtml();

} // namespace devassign
