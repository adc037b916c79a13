// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Synthetic host trees for the benchmarks: a GICv3, a clock controller, an SMMUv3 and as many
// devices as asked for, on two levels of simple-buses whose `ranges` are not identity (every
// `reg` is translated twice on its way to the CPU). Every device has a GIC SPI, a clock and a
// stream id; the first 8 devices have SPIs no other device shares. Written with libfdt's sequential-write API; the same count gives the same bytes.

#include <QByteArray>
#include <QString>

namespace treegen {

// Phandles of the three providers every device uses.
constexpr quint32 kGicPhandle = 1;
constexpr quint32 kClockPhandle = 2;
constexpr quint32 kSmmuPhandle = 3;

// A DTB of exactly `nodes` nodes (at least kMinNodes), or an empty array if libfdt refuses.
constexpr int kMinNodes = 16;
QByteArray generateTree(int nodes);

// The path of the `index`-th device (0-based) of generateTree's layout, for projects that assign it.
QString devicePath(int index);

} // namespace treegen
