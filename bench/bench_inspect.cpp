// SPDX-License-Identifier: GPL-2.0-or-later
// Peak heap of `devassign inspect --json` (the whole command: load the DTB, build the model, print
// the JSON to /dev/null), as a multiple of the DTB's size (counter x_dtb), for the largest board of
// tests/data and every generated tree. model_x_dtb is the part the host model keeps while it lives;
// json_x_dtb the peak above that, which is what printing the JSON adds (the target: it streams).

#include "benchsupport.h"
#include "heapmeter.h"

#include "cli.h"
#include "hostmodel.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <benchmark/benchmark.h>

using namespace benchsupport;

namespace {

// Heap bytes and blocks the model of `file` keeps while it lives, and its node count.
struct ModelHeap {
    size_t bytes = 0;
    size_t blocks = 0;
    int nodes = 0;
};
ModelHeap modelHeap(const QString &file)
{
    const size_t before = heapmeter::inUse();
    const size_t blocksBefore = heapmeter::blocksInUse();
    QString error;
    const auto model = devassign::HostModel::load(file, &error);
    if (!model)
        return {};
    return {heapmeter::inUse() - before, heapmeter::blocksInUse() - blocksBefore, int(model->nodes().size())};
}

// Peak heap above the starting point while the CLI runs `inspect --json file` into /dev/null.
size_t inspectPeakBytes(const QString &file, int *exitCode)
{
    QFile sink(QStringLiteral("/dev/null"));
    sink.open(QIODevice::WriteOnly);
    QTextStream out(&sink);
    QString errors;
    QTextStream err(&errors);
    const size_t before = heapmeter::inUse();
    heapmeter::resetPeak();
    *exitCode = devassign::cli::run({QStringLiteral("devassign"), QStringLiteral("inspect"), QStringLiteral("--json"), file},
                                    out, err);
    out.flush();
    return heapmeter::peak() - before;
}

void benchInspectJson(benchmark::State &state, const QString &file, qint64 dtbBytes)
{
    size_t peak = 0;
    for (auto _ : state) {
        int exitCode = 0;
        peak = qMax(peak, inspectPeakBytes(file, &exitCode));
        if (exitCode != 0) {
            state.SkipWithError("devassign inspect --json failed");
            return;
        }
    }
    const ModelHeap heap = modelHeap(file);
    const size_t model = heap.bytes;
    const double dtb = double(dtbBytes);
    state.counters["peak_MiB"] = double(peak) / (1024.0 * 1024.0);
    state.counters["x_dtb"] = double(peak) / dtb;
    state.counters["model_x_dtb"] = double(model) / dtb;
    state.counters["json_x_dtb"] = (double(peak) - double(model)) / dtb;
    state.counters["dtb_MiB"] = dtb / (1024.0 * 1024.0);
    state.counters["model_B_per_node"] = double(model) / qMax(1, heap.nodes);
    state.counters["blocks_per_node"] = double(heap.blocks) / qMax(1, heap.nodes);
}

} // namespace

int main(int argc, char **argv)
{
    const QVector<Tree> generated = generatedTrees(&argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    QTemporaryDir dir;
    const Tree board = largestBoard();
    if (!dir.isValid() || board.nodes == 0)
        return 1;
    for (const Tree &tree : QVector<Tree>{board} + generated) {
        const QString file = dir.filePath(tree.name.endsWith(QLatin1String(".dtb")) ? tree.name : tree.name + QStringLiteral(".dtb"));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(tree.dtb) != tree.dtb.size())
            return 1;
        f.close();
        benchmark::RegisterBenchmark(("inspect_json_peak_heap/" + tree.name.toStdString()).c_str(), benchInspectJson,
                                     file, qint64(tree.dtb.size()))
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
