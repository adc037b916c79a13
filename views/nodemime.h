// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Dragging host nodes (from the host tree, or between domains): the one MIME format both models
// write and read. A drag carries the node paths and where it started.

#include <QStringList>

class QMimeData;

namespace devassign {

enum class DragSource { Host, Domains };

const QString &nodesMimeType(); // "application/x-devassign-nodes"
// A new QMimeData with `paths` (one per line) and the source; nullptr when `paths` is empty.
QMimeData *nodesMimeData(const QStringList &paths, DragSource source);
QStringList pathsFromMime(const QMimeData *data);
DragSource dragSourceOf(const QMimeData *data);

} // namespace devassign
