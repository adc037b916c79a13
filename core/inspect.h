// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// `devassign inspect`: the host model as JSON (schema in docs/inspect-json.md) or as a table.

#include "hostmodel.h"

#include <QJsonObject>

namespace devassign {

QJsonObject deviceToJson(const HostModel &model, const Node &device);
// {"source": ..., "sha256": ..., "devices": [...]}; `paths` empty = every device.
QJsonObject inspectToJson(const HostModel &model, const QStringList &paths);
QString inspectToTable(const HostModel &model, const QStringList &paths);

} // namespace devassign
