// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// `devassign inspect`: the host model as JSON (schema in docs/inspect-json.md) or as a table.

#include "hostmodel.h"

#include <QJsonObject>
#include <QTextStream>

namespace devassign {

QJsonObject deviceToJson(const HostModel &model, const Node &device);
// {"source": ..., "sha256": ..., "devices": [...]}; `paths` empty = every device.
QJsonObject inspectToJson(const HostModel &model, const QStringList &paths);
// The same document as QJsonDocument(inspectToJson(...)).toJson(Indented), byte for byte, written
// one device at a time: what `inspect --json` holds is one device's JSON, not the whole tree's.
void writeInspectJson(const HostModel &model, const QStringList &paths, QTextStream &out);
// The same bytes for every device of the tree in `file`, decoded one node at a time
// (HostModel::streamNodes): it holds the tree's skeleton and one device, never the whole model.
// Writes nothing and returns false with `error` set (one line) when the file is no usable tree.
bool writeInspectJson(const QString &file, QTextStream &out, QString *error);
QString inspectToTable(const HostModel &model, const QStringList &paths);

} // namespace devassign
