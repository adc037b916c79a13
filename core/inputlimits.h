// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The bounds devassign puts on its input before reading it (docs/model.md, "Limits";
// docs/project-format.md). Real boards are far inside them; a file outside is refused with one line
// that names it, instead of exhausting memory or time.

#include <QtGlobal>

namespace devassign::limits {

// A host DTB or DTS file. The largest real board DTBs are < 1 MiB; a generated 100,000-node tree
// (bench/) is 17 MiB.
constexpr qint64 kMaxDeviceTreeBytes = 64 * 1024 * 1024;
// A *.devassign.json project file.
constexpr qint64 kMaxProjectBytes = 16 * 1024 * 1024;
// An SCMI policy blob (docs/scmi-policy.md §3: total_size ≤ 1 MiB).
constexpr qint64 kMaxScmiPolicyBytes = 0x100000;
// A dom.cfg or other small text input (imports).
constexpr qint64 kMaxConfigBytes = 4 * 1024 * 1024;
// Nesting of device tree nodes below the root. Real trees are < 16 deep.
constexpr int kMaxTreeDepth = 64;
// Properties of one node. Real nodes have < 100.
constexpr int kMaxPropertiesPerNode = 4096;

} // namespace devassign::limits
