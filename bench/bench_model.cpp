// SPDX-License-Identifier: GPL-2.0-or-later
// How much the host model costs on top of simply reading the tree: for every board DTB,
// HostModel::fromBlob against a baseline that validates the blob (fdt_check_full) and walks every
// node and property with libfdt. Both are measured in the same run; the counter x_baseline is
// model CPU time / baseline CPU time, so the number means the same on any machine.

#include "hostmodel.h"

#include <QDir>
#include <QFile>

#include <benchmark/benchmark.h>

#include <time.h>

extern "C" {
#include <libfdt.h>
}

namespace {

// The baseline: what any DTB consumer has to do at least. Returns a checksum so nothing is elided.
size_t plainFdtWalk(const QByteArray &blob)
{
    const void *fdt = blob.constData();
    if (fdt_check_full(fdt, size_t(blob.size())) != 0)
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

// CPU time of this thread: the machine may be shared, so wall time would measure the neighbours.
double threadCpuNanoseconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

// CPU nanoseconds per baseline walk, averaged over at least 20 ms of repetitions.
double baselineNanoseconds(const QByteArray &blob)
{
    int runs = 0;
    const double start = threadCpuNanoseconds();
    double now = start;
    do {
        benchmark::DoNotOptimize(plainFdtWalk(blob));
        ++runs;
        now = threadCpuNanoseconds();
    } while (now - start < 20e6);
    return (now - start) / runs;
}

void benchBaseline(benchmark::State &state, const QByteArray &blob)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(plainFdtWalk(blob));
    state.SetBytesProcessed(int64_t(state.iterations()) * blob.size());
}

void benchModel(benchmark::State &state, const QByteArray &blob, const QString &name)
{
    const double baseline = baselineNanoseconds(blob);
    const double start = threadCpuNanoseconds();
    for (auto _ : state) {
        QString error;
        auto model = devassign::HostModel::fromBlob(blob, name, &error);
        if (!model) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        benchmark::DoNotOptimize(model->nodes().size());
    }
    const double model = (threadCpuNanoseconds() - start) / double(qMax<int64_t>(1, state.iterations()));
    state.counters["x_baseline"] = model / baseline;
    state.counters["baseline_us"] = baseline / 1000.0;
    state.SetBytesProcessed(int64_t(state.iterations()) * blob.size());
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    const QDir data(QStringLiteral(DEVASSIGN_TEST_DATA));
    const QStringList boards = data.entryList({QStringLiteral("*.dtb")}, QDir::Files, QDir::Name);
    if (boards.isEmpty()) {
        fprintf(stderr, "bench_model: no *.dtb in %s\n", DEVASSIGN_TEST_DATA);
        return 1;
    }
    for (const QString &board : boards) {
        QFile f(data.filePath(board));
        if (!f.open(QIODevice::ReadOnly)) {
            fprintf(stderr, "bench_model: %s: cannot open\n", qPrintable(f.fileName()));
            return 1;
        }
        const QByteArray blob = f.readAll();
        const std::string name = board.toStdString();
        benchmark::RegisterBenchmark(("baseline_fdt_walk/" + name).c_str(), benchBaseline, blob)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("HostModel_fromBlob/" + name).c_str(), benchModel, blob, board)
            ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
