// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// What every benchmark shares: the baseline libfdt walk, CPU clocks that ignore the neighbours on
// a shared machine, the boards of tests/data and the generated trees (treegen.h).

#include <QByteArray>
#include <QString>
#include <QVector>

namespace benchsupport {

struct Tree {
    QString name;   // "imx8mm-evk.dtb" or "generated-10000"
    QByteArray dtb;
    int nodes = 0;
};

// The baseline every DTB consumer pays at least: fdt_check_full, then every node and property
// read with libfdt. Returns a checksum so that nothing is optimised away; 0 if the check fails.
size_t plainFdtWalk(const QByteArray &dtb);
// CPU nanoseconds of one plainFdtWalk: the median of at least 5 runs and 20 ms.
double baselineNanoseconds(const QByteArray &dtb);

// CPU time of the calling thread.
double threadCpuNanoseconds();
// CPU time of the whole process plus its waited-for children (dtc): what an export costs.
double processAndChildrenCpuNanoseconds();

// Every *.dtb of tests/data, by name; empty (and a message on stderr) if there are none.
QVector<Tree> boards();
// The board with the most nodes.
Tree largestBoard();
// Generated trees of the sizes given by --trees=N,N,... (removed from argv), else 1k, 10k, 100k.
QVector<Tree> generatedTrees(int *argc, char **argv);
int countNodes(const QByteArray &dtb);

} // namespace benchsupport
