// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign export` on generated trees (runExport, the pipeline the CLI and the studio call:
// analysis, exporters, dtc for every DTS, the atomic directory write) against one
// `dtc -I dtb -O dts` of the same host tree, measured in the same run. Both are CPU time of this
// process plus its dtc children, so x_dtc means the same on a shared machine. Two projects: one
// dom0less domain (one host DTS to decompile), and one domain exported for both dom0less and xl
// (two host trees, dom0less/host.dts and xl/host.dts, each as large as the input).

#include "benchsupport.h"
#include "treegen.h"

#include "dtsource.h"
#include "exportjob.h"
#include "hostmodel.h"
#include "project.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace benchsupport;
using namespace devassign;

namespace {

struct Fixture {
    HostModelPtr model;
    Project project;
    QString projectFile;
    QString outDir;
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// One domain with a serial port, an I2C controller, an Ethernet MAC and an MMC host of the tree.
Status addGuest(Project &p, bool xl)
{
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    d.kernel = QStringLiteral("Image");
    d.ramdisk = QStringLiteral("initrd.cpio");
    d.xl = xl;
    if (const Status added = addDomain(p, d); !added)
        return added;
    return assignDevices(p, d.name, {treegen::devicePath(0), treegen::devicePath(1), treegen::devicePath(3),
                                     treegen::devicePath(4)});
}

QString setUp(Fixture &f, const QTemporaryDir &dir, const Tree &tree, bool xl)
{
    const QString host = dir.filePath(tree.name + QStringLiteral(".dtb"));
    if (!writeFile(host, tree.dtb) || !writeFile(dir.filePath(QStringLiteral("Image")), QByteArray(4096, 'k'))
        || !writeFile(dir.filePath(QStringLiteral("initrd.cpio")), QByteArray(4096, 'r')))
        return QStringLiteral("cannot write the fixture files");
    QString error;
    f.model = HostModel::load(host, &error);
    if (!f.model)
        return error;
    f.project.hostDtb = host;
    f.project.hostDtbSha256 = f.model->sha256();
    if (const Status added = addGuest(f.project, xl); !added)
        return added.error();
    f.projectFile = dir.filePath(QStringLiteral("bench.devassign.json"));
    f.outDir = dir.filePath(xl ? QStringLiteral("out-xl") : QStringLiteral("out"));
    if (const Status saved = writeProject(f.project, f.projectFile); !saved)
        return saved.error();
    return {};
}

ExportRequest requestFor(const Fixture &f)
{
    ExportRequest r;
    r.model = f.model.get();
    r.project = &f.project;
    r.projectFile = f.projectFile;
    r.outDir = f.outDir;
    return r;
}

// The baseline as the issue names it: a plain `dtc -I dtb -O dts` (every check dtc runs by
// default), not devassign's own decompileDtb, which turns dtc's warning checks off.
qsizetype plainDtc(const QByteArray &dtb)
{
    QProcess dtc;
    dtc.start(dtcProgram(), {QStringLiteral("-I"), QStringLiteral("dtb"), QStringLiteral("-O"), QStringLiteral("dts"),
                             QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("-")});
    dtc.write(dtb);
    dtc.closeWriteChannel();
    QByteArray out;
    while (dtc.state() != QProcess::NotRunning) {
        dtc.waitForFinished(200);
        out += dtc.readAllStandardOutput();
        dtc.readAllStandardError();
    }
    return (out + dtc.readAllStandardOutput()).size();
}

// CPU nanoseconds (this process and dtc) of one `dtc -I dtb -O dts` of `dtb`, the best of three.
double dtcNanoseconds(const QByteArray &dtb)
{
    double best = 0;
    for (int i = 0; i < 3; ++i) {
        const double start = processAndChildrenCpuNanoseconds();
        benchmark::DoNotOptimize(plainDtc(dtb));
        const double spent = processAndChildrenCpuNanoseconds() - start;
        best = i == 0 ? spent : qMin(best, spent);
    }
    return best;
}

void benchExport(benchmark::State &state, const Tree &tree, bool xl)
{
    QTemporaryDir dir;
    Fixture f;
    if (const QString problem = dir.isValid() ? setUp(f, dir, tree, xl) : QStringLiteral("no temporary directory");
        !problem.isEmpty()) {
        state.SkipWithError(qPrintable(problem));
        return;
    }
    const double dtc = dtcNanoseconds(tree.dtb);
    const ExportRequest request = requestFor(f);
    double best = 0;
    for (auto _ : state) {
        const double start = processAndChildrenCpuNanoseconds();
        const ExportOutcome outcome = runExport(request);
        const double spent = processAndChildrenCpuNanoseconds() - start;
        if (!outcome.ok()) {
            state.SkipWithError(qPrintable(outcome.error));
            return;
        }
        best = best == 0 ? spent : qMin(best, spent);
    }
    state.counters["x_dtc"] = best / dtc;
    state.counters["dtc_ms"] = dtc / 1e6;
    state.counters["export_cpu_ms"] = best / 1e6;
}

void benchDtc(benchmark::State &state, const Tree &tree)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(plainDtc(tree.dtb));
}

} // namespace

int main(int argc, char **argv)
{
    QVector<Tree> generated = generatedTrees(&argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    for (const Tree &tree : generated) {
        const std::string name = tree.name.toStdString();
        benchmark::RegisterBenchmark(("dtc_dtb_to_dts/" + name).c_str(), benchDtc, tree)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("export_dom0less/" + name).c_str(), benchExport, tree, false)
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("export_dom0less_xl/" + name).c_str(), benchExport, tree, true)
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
