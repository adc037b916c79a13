// SPDX-License-Identifier: GPL-2.0-or-later
#include "benchsupport.h"

#include <algorithm>
#include <vector>

#include "treegen.h"

#include <QDir>
#include <QFile>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>

#include <sys/resource.h>
#include <time.h>

extern "C" {
#include <libfdt.h>
}

namespace benchsupport {

size_t plainFdtWalk(const QByteArray &dtb)
{
    const void *fdt = dtb.constData();
    if (fdt_check_full(fdt, size_t(dtb.size())) != 0)
        return 0;
    size_t sum = 0;
    int depth = 0;
    for (int node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
        int len = 0;
        const char *name = fdt_get_name(fdt, node, &len);
        sum += name ? size_t(len) : 0;
        for (int p = fdt_first_property_offset(fdt, node); p >= 0; p = fdt_next_property_offset(fdt, p)) {
            const char *pname = nullptr;
            const void *value = fdt_getprop_by_offset(fdt, p, &pname, &len);
            sum += size_t(len) + (value ? 1 : 0) + (pname ? size_t(pname[0]) : 0);
        }
    }
    return sum;
}

double threadCpuNanoseconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

static double usageNanoseconds(int who)
{
    rusage u{};
    getrusage(who, &u);
    const auto ns = [](const timeval &t) { return double(t.tv_sec) * 1e9 + double(t.tv_usec) * 1e3; };
    return ns(u.ru_utime) + ns(u.ru_stime);
}

double processAndChildrenCpuNanoseconds()
{
    return usageNanoseconds(RUSAGE_SELF) + usageNanoseconds(RUSAGE_CHILDREN);
}

double baselineNanoseconds(const QByteArray &dtb)
{
    // The median run of at least 5 and of at least 20 ms: one run alone (a 100k-node tree takes
    // longer than 20 ms) would be a cold-cache sample that varies by a third between runs.
    std::vector<double> runs;
    double total = 0;
    while (runs.size() < 5 || total < 20e6) {
        const double start = threadCpuNanoseconds();
        benchmark::DoNotOptimize(plainFdtWalk(dtb));
        runs.push_back(threadCpuNanoseconds() - start);
        total += runs.back();
    }
    std::nth_element(runs.begin(), runs.begin() + runs.size() / 2, runs.end());
    return runs[runs.size() / 2];
}

int countNodes(const QByteArray &dtb)
{
    const void *fdt = dtb.constData();
    int count = 0;
    int depth = 0;
    for (int node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth))
        ++count;
    return count;
}

QVector<Tree> boards()
{
    const QDir data(QStringLiteral(DEVASSIGN_TEST_DATA));
    QVector<Tree> out;
    for (const QString &board : data.entryList({QStringLiteral("*.dtb")}, QDir::Files, QDir::Name)) {
        QFile f(data.filePath(board));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench: %s: cannot open\n", qPrintable(f.fileName()));
            continue;
        }
        Tree t{board, f.readAll()};
        t.nodes = countNodes(t.dtb);
        out.append(t);
    }
    if (out.isEmpty())
        std::fprintf(stderr, "bench: no *.dtb in %s\n", DEVASSIGN_TEST_DATA);
    return out;
}

Tree largestBoard()
{
    Tree largest;
    for (const Tree &t : boards())
        if (t.nodes > largest.nodes)
            largest = t;
    return largest;
}

// Takes "--trees=1000,5000" out of argv (Google Benchmark refuses flags it does not know).
static QVector<int> treeSizes(int *argc, char **argv)
{
    QVector<int> sizes{1000, 10000, 100000};
    static const char kFlag[] = "--trees=";
    int kept = 1;
    for (int i = 1; i < *argc; ++i) {
        if (std::strncmp(argv[i], kFlag, sizeof kFlag - 1) != 0) {
            argv[kept++] = argv[i];
            continue;
        }
        sizes.clear();
        for (const QByteArray &n : QByteArray(argv[i] + sizeof kFlag - 1).split(','))
            if (n.toInt() >= treegen::kMinNodes)
                sizes.append(n.toInt());
    }
    *argc = kept;
    return sizes;
}

QVector<Tree> generatedTrees(int *argc, char **argv)
{
    QVector<Tree> out;
    for (int nodes : treeSizes(argc, argv))
        out.append({QStringLiteral("generated-%1").arg(nodes), treegen::generateTree(nodes), nodes});
    return out;
}

} // namespace benchsupport
