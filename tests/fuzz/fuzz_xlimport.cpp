// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the xl config importer (docs/import.md): importXl on arbitrary bytes
// against a small QEMU-virt-like host (below: GICv3, PL011, PL031, PL061 with a child, an SCMI
// shmem in SRAM, two virtio-mmio devices sharing a page). A crash, a sanitizer report, or a broken
// contract fails the run:
//  - a refusal is one line naming the file;
//  - every report line is one line naming the file;
//  - an accepted config gives one domain with usable settings (domainSettingsProblem) whose
//    devices are distinct host nodes, which the project file round-trips;
//  - that domain, exported as dom.cfg (analyze + domCfg) and imported again, keeps its name, uuid,
//    memory, vCPUs and bootargs.

#include "analysis.h"
#include "exporters.h"
#include "importers.h"
#include "project.h"

#include <QSet>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace devassign;

namespace {

const QString kSource = QStringLiteral("fuzz.cfg");

const HostModel &host()
{
    static const HostModelPtr model = [] {
        static const char dts[] = R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;
    gic: intc@8000000 { compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>; };
    pl011@9000000 { compatible = "arm,pl011", "arm,primecell"; reg = <0 0x9000000 0 0x1000>; interrupts = <0 1 4>; };
    pl031@9010000 { compatible = "arm,pl031", "arm,primecell"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 2 4>; };
    gpio@9030000 { compatible = "arm,pl061", "arm,primecell"; reg = <0 0x9030000 0 0x1000>; interrupts = <0 7 4>;
        #address-cells = <1>; #size-cells = <1>; ranges = <0 0 0x9030000 0x1000>;
        part@800 { reg = <0x800 0x100>; }; };
    sram@e000000 { compatible = "mmio-sram"; reg = <0 0xe000000 0 0x10000>; #address-cells = <1>; #size-cells = <1>;
        ranges = <0 0 0xe000000 0x10000>;
        shm: scmi-shmem@0 { compatible = "arm,scmi-shmem"; reg = <0 0x1000>; }; };
    firmware { scmi { compatible = "arm,scmi-smc"; arm,smc-id = <0x82000010>; shmem = <&shm>;
        #address-cells = <1>; #size-cells = <0>; }; };
    virtio_mmio@a000000 { compatible = "virtio,mmio"; reg = <0 0xa000000 0 0x200>; interrupts = <0 16 1>; };
    virtio_mmio@a000200 { compatible = "virtio,mmio"; reg = <0 0xa000200 0 0x200>; interrupts = <0 17 1>; };
};
)";
        QString error;
        const QByteArray dtb = HostModel::compileDts(QByteArray(dts), QStringLiteral("fuzz-host.dts"), &error);
        auto m = dtb.isEmpty() ? nullptr : HostModel::fromBlob(dtb, QStringLiteral("fuzz-host.dtb"), &error);
        if (!m) {
            fprintf(stderr, "fuzz_xlimport: %s\n", qPrintable(error));
            abort();
        }
        return m;
    }();
    return *model;
}

bool namesTheFile(const QString &line, const QString &file)
{
    return line.startsWith(file + QStringLiteral(": ")) && line.size() > file.size() + 2
        && !line.contains(QLatin1Char('\n'));
}

void check(bool ok, const char *what, const QString &detail = {})
{
    if (!ok) {
        fprintf(stderr, "fuzz_xlimport: %s %s\n", what, qPrintable(detail));
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray cfg(reinterpret_cast<const char *>(data), int(size));
    const Result<ImportResult> imported = importXl(cfg, kSource, host());
    if (!imported) {
        check(namesTheFile(imported.error(), kSource), "refusal is not one line naming the file:", imported.error());
        return 0;
    }
    for (const QString &line : imported->report)
        check(namesTheFile(line, kSource), "report line is not one line naming the file:", line);
    check(imported->project.domains.size() == 1, "not one domain");
    const DomainConfig &d = imported->project.domains.front();
    check(domainSettingsProblem(d).isEmpty(), "unusable settings:", domainSettingsProblem(d));
    QSet<QString> seen;
    for (const QString &path : d.devices) {
        check(host().node(path) != nullptr, "device is no host node:", path);
        check(!seen.contains(path), "device twice:", path);
        seen.insert(path);
    }

    Project project;
    project.hostDtb = QStringLiteral("fuzz-host.dtb");
    QStringList report;
    const Status added = addImportedDomains(project, imported->project.domains, report);
    check(added.ok(), "imported domain refused:", added.error());
    const Result<Project> reread = projectFromJson(projectToJson(project), QStringLiteral("fuzz.devassign.json"));
    check(reread.ok() && reread.value() == project, "project does not round-trip:", reread.error());

    const Analysis analysis = analyze(host(), project);
    ExportContext ctx(&host(), &project, &analysis, QStringLiteral("fuzz.devassign.json"));
    const DomainPlan *plan = analysis.domain(d.name);
    check(plan != nullptr, "no plan for the domain");
    const QByteArray exported = domCfg(ctx, *plan);
    const Result<ImportResult> again = importXl(exported, QStringLiteral("exported.cfg"), host());
    check(again.ok(), "the exported dom.cfg does not import:", again.error());
    const DomainConfig &e = again->project.domains.front();
    check(e.name == d.name && e.memoryKiB == (d.memoryKiB + 1023) / 1024 * 1024 && e.vcpus == d.vcpus
            && e.bootargs == d.bootargs && (d.uuid.isEmpty() || e.uuid == d.uuid),
        "the exported dom.cfg says something else:", QString::fromUtf8(exported));
    return 0;
}
