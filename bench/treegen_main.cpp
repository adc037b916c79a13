// SPDX-License-Identifier: GPL-2.0-or-later
// bench_treegen NODES OUT.dtb: writes the benchmarks' synthetic tree (treegen.h), to run the CLI or
// dtc on the very bytes the benchmarks measure.
#include "treegen.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_treegen NODES OUT.dtb\n");
        return 2;
    }
    const QByteArray dtb = treegen::generateTree(std::atoi(argv[1]));
    if (dtb.isEmpty()) {
        std::fprintf(stderr, "bench_treegen: cannot generate %s nodes (at least %d)\n", argv[1], treegen::kMinNodes);
        return 1;
    }
    QFile out(QString::fromLocal8Bit(argv[2]));
    if (!out.open(QIODevice::WriteOnly) || out.write(dtb) != dtb.size()) {
        std::fprintf(stderr, "bench_treegen: %s: cannot write\n", argv[2]);
        return 1;
    }
    return 0;
}
