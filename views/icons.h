// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Small state icons drawn with QPainter, so the tool needs no binary image assets.

#include "analysis.h"

#include <QIcon>

namespace devassign::icons {

QIcon iommuState(int state);       // IommuState (modelroles.h): shield / warning / grey dot
QIcon severity(Severity severity); // red circle, amber triangle, blue "i"
QIcon domain(bool hasErrors);      // a box, with a red badge when it has errors
QIcon device();                    // a chip
QIcon application();               // the window icon

} // namespace devassign::icons
