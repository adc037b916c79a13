// SPDX-License-Identifier: GPL-2.0-or-later
// How much the host model costs on top of simply reading the tree: for every board DTB of
// tests/data and every generated tree (treegen.h), HostModel::fromBlob against a baseline that
// validates the blob (fdt_check_full) and walks every node and property with libfdt. Both are
// measured in the same run; the counter x_baseline is model CPU time / baseline CPU time, so the
// number means the same on any machine. ns_per_node shows whether growth is linear.

#include "benchsupport.h"

#include "hostmodel.h"

#include <benchmark/benchmark.h>

using namespace benchsupport;

namespace {

void benchBaseline(benchmark::State &state, const Tree &tree)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(plainFdtWalk(tree.dtb));
    state.SetBytesProcessed(int64_t(state.iterations()) * tree.dtb.size());
}

void benchModel(benchmark::State &state, const Tree &tree)
{
    const double baseline = baselineNanoseconds(tree.dtb);
    const double start = threadCpuNanoseconds();
    for (auto _ : state) {
        QString error;
        auto model = devassign::HostModel::fromBlob(tree.dtb, tree.name, &error);
        if (!model) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        benchmark::DoNotOptimize(model->nodes().size());
    }
    const double model = (threadCpuNanoseconds() - start) / double(qMax<int64_t>(1, state.iterations()));
    state.counters["x_baseline"] = model / baseline;
    state.counters["baseline_us"] = baseline / 1000.0;
    state.counters["ns_per_node"] = model / qMax(1, tree.nodes);
    state.counters["nodes"] = tree.nodes;
    state.SetBytesProcessed(int64_t(state.iterations()) * tree.dtb.size());
}

void registerTree(const Tree &tree)
{
    const std::string name = tree.name.toStdString();
    benchmark::RegisterBenchmark(("baseline_fdt_walk/" + name).c_str(), benchBaseline, tree)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("HostModel_fromBlob/" + name).c_str(), benchModel, tree)
        ->Unit(benchmark::kMicrosecond);
}

} // namespace

int main(int argc, char **argv)
{
    const QVector<Tree> generated = generatedTrees(&argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    const QVector<Tree> boardTrees = boards();
    if (boardTrees.isEmpty())
        return 1;
    for (const Tree &tree : boardTrees + generated)
        registerTree(tree);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
