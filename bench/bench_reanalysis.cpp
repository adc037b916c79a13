// SPDX-License-Identifier: GPL-2.0-or-later
// Re-analysis after one edit, as the studio does it after every drag: on the largest board of
// tests/data with 8 domains of 3 devices each, one assign (or unassign, alternately) of a further
// device, then analyze(). Thread CPU time per edit + analysis (counter cpu_us, target ≤ 1000),
// and the same as a multiple of the baseline libfdt walk of that board (x_baseline).

#include "benchsupport.h"

#include "analysis.h"
#include "analysiscache.h"
#include "hostmodel.h"
#include "project.h"

#include <benchmark/benchmark.h>

using namespace benchsupport;
using namespace devassign;

namespace {

constexpr int kDomains = 8;
constexpr int kDevicesPerDomain = 3;

bool related(const HostModel &model, const Node &a, const Node &b)
{
    for (const Node *n = &a; n; n = model.parentOf(*n))
        if (n == &b)
            return true;
    for (const Node *n = &b; n; n = model.parentOf(*n))
        if (n == &a)
            return true;
    return false;
}

bool assignable(const Node &n)
{
    if (!n.enabled || n.compatible.isEmpty() || n.isInterruptController || n.regions.isEmpty())
        return false;
    for (const Region &r : n.regions)
        if (!r.cpuAddressable)
            return false;
    return !n.property(QStringLiteral("device_type"));
}

// Enabled MMIO devices of the board, none an ancestor of another: what users hand to guests.
QStringList assignableDevices(const HostModel &model, int count)
{
    QVector<const Node *> chosen;
    for (const Node *n : model.devices()) {
        if (chosen.size() == count)
            break;
        if (!assignable(*n))
            continue;
        bool free = true;
        for (const Node *c : chosen)
            free = free && !related(model, *n, *c);
        if (free)
            chosen.append(n);
    }
    QStringList paths;
    for (const Node *n : chosen)
        paths.append(n->path);
    return paths;
}

QString eightDomains(const HostModel &model, Project &p, QString *spare)
{
    const QStringList devices = assignableDevices(model, kDomains * kDevicesPerDomain + 1);
    if (devices.size() < kDomains * kDevicesPerDomain + 1)
        return QStringLiteral("the board has only %1 independent devices").arg(devices.size());
    for (int d = 0; d < kDomains; ++d) {
        DomainConfig config;
        config.name = QStringLiteral("dom%1").arg(d + 1);
        if (const Status added = addDomain(p, config); !added)
            return added.error();
        if (const Status assigned = assignDevices(p, config.name, devices.mid(d * kDevicesPerDomain, kDevicesPerDomain));
            !assigned)
            return assigned.error();
    }
    *spare = devices.back();
    return {};
}

// One user edit: the spare device goes to dom1, or comes back.
Status toggle(Project &p, const QString &spare)
{
    return p.ownerOf(spare).isEmpty() ? assignDevice(p, QStringLiteral("dom1"), spare) : unassignDevice(p, spare);
}

// `cached`: with an AnalysisCache kept across edits, as the studio's ProjectDocument keeps one;
// without, every analysis starts from nothing (the CLI's one analysis per command).
void benchReanalysis(benchmark::State &state, const Tree &board, bool cached)
{
    QString error;
    const auto model = HostModel::fromBlob(board.dtb, board.name, &error);
    Project project;
    QString spare;
    if (model)
        error = eightDomains(*model, project, &spare);
    if (!model || !error.isEmpty()) {
        state.SkipWithError(qPrintable(error));
        return;
    }
    project.hostDtbSha256 = model->sha256();
    const double baseline = baselineNanoseconds(board.dtb);
    AnalysisCache cache;
    analyze(*model, project, cached ? &cache : nullptr); // the analysis the studio had before the edit
    const double start = threadCpuNanoseconds();
    for (auto _ : state) {
        if (!toggle(project, spare)) {
            state.SkipWithError("the edit was refused");
            return;
        }
        benchmark::DoNotOptimize(analyze(*model, project, cached ? &cache : nullptr).diagnostics.size());
    }
    const double spent = (threadCpuNanoseconds() - start) / double(qMax<int64_t>(1, state.iterations()));
    state.counters["cpu_us"] = spent / 1000.0;
    state.counters["x_baseline"] = spent / baseline;
    state.counters["baseline_us"] = baseline / 1000.0;
    state.counters["nodes"] = board.nodes;
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    const Tree board = largestBoard();
    if (board.nodes == 0)
        return 1;
    benchmark::RegisterBenchmark(("reanalysis_8_domains/" + board.name.toStdString()).c_str(), benchReanalysis, board, true)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("fresh_analysis_8_domains/" + board.name.toStdString()).c_str(), benchReanalysis, board,
                                 false)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
