// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The golden-file projects shared by tst_golden (every exported file against tests/data/golden)
// and tst_xlutil (every exported dom.cfg parsed by Xen's libxlutil). Built with the same edit
// functions the CLI uses, analysed by the real analyze().

#include "analysis.h"
#include "exporters.h"
#include "project.h"
#include "testsupport.h"

#include <QDir>
#include <QtTest>

namespace golden {

struct DomainSpec {
    QString name;
    QStringList devices;
    bool dom0less = true;
    bool xl = false;
    quint64 memoryKiB = 256 * 1024;
    int vcpus = 1;
};

struct Case {
    QString name;     // directory under tests/data/golden
    QString board;    // DTB under tests/data
    QVector<DomainSpec> domains;
    QStringList acknowledgeDma; // nodes whose missing IOMMU the user accepts
    bool forced = false;        // exported with --force
    devassign::xen::Release release = devassign::xen::kDefaultRelease; // the project's target Xen
    bool scmiMediator = false;  // platform scmi_mediator: devassign's SCMI mediator in Xen
};

inline QVector<Case> cases()
{
    return {
        {QStringLiteral("virt-pl031"), QStringLiteral("virt-gicv3.dtb"),
         {{QStringLiteral("domU1"), {QStringLiteral("/pl031@9010000")}, true, true}},
         {QStringLiteral("/pl031@9010000")}},
        {QStringLiteral("virt-two-domains"), QStringLiteral("virt-gicv3.dtb"),
         {{QStringLiteral("rtc"), {QStringLiteral("/pl031@9010000")}, true, true},
          {QStringLiteral("gpio"), {QStringLiteral("/pl061@9030000")}, true, false, 128 * 1024, 2}},
         {QStringLiteral("/pl031@9010000"), QStringLiteral("/pl061@9030000")}},
        // ZynqMP MMIO sits in Xen's guest RAM window, so guest addresses are not 1:1; this DTB's
        // SMMU is disabled, so the DMA engine is an unfixed error: exported with --force.
        {QStringLiteral("zynqmp-relocated"), QStringLiteral("zynqmp-zcu102-rev1.0.dtb"),
         {{QStringLiteral("dma"), {QStringLiteral("/axi/dma-controller@fd500000"), QStringLiteral("/axi/serial@ff010000")},
           true, true, 512 * 1024, 2}},
         {QStringLiteral("/axi/serial@ff010000")}, true},
        // Juno: SMMU-protected USB and HDLCD (dtdev, xen,path without force), an SCMI clock, and a
        // UART without IOMMU; all relocated out of the guest RAM window. Juno's SCMI agent is a
        // mailbox ("arm,scmi"), which Xen cannot forward (scmi-transport-not-forwardable): exported
        // with --force, so the scmi node keeps no transport and no shmem is mapped. Its one UART is
        // the one Xen's console would use (the warning xen-console-uart).
        {QStringLiteral("juno-smmu"), QStringLiteral("juno-r2-scmi.dtb"),
         {{QStringLiteral("guest"),
           {QStringLiteral("/usb@7ffb0000"), QStringLiteral("/hdlcd@7ff50000"), QStringLiteral("/serial@7ff80000")},
           true, true}},
         {QStringLiteral("/serial@7ff80000")}, true, devassign::xen::Release::Xen421},
        // SCMI for a guest exists from Xen 4.21 on (scmi-needs-xen-4.21), so both SCMI cases target 4.21.
        // A hand-written board with SCMI over SMC (tests/data/scmi-smc-board.dts): the I2C controller's
        // SCMI clock, power domain and reset make the domain the SCMI agent; its shmem page is mapped
        // (xen,reg + force without xen,path; xl iomem) and the Xen command line gets scmi-smc-passthrough.
        {QStringLiteral("scmi-smc"), QStringLiteral("scmi-smc-board.dts"),
         {{QStringLiteral("drv"), {QStringLiteral("/i2c@fe5a0000")}, true, true}},
         {}, false, devassign::xen::Release::Xen421},
        // The same board on Xen 4.17 with devassign's SCMI mediator (docs/hypervisor.md): no shmem
        // mapped and no scmi-smc-passthrough / xen,sci_type; the I2C domain is the second dom0less
        // domain (key 2) and gets the first channel (smc-id 0x82000010, page 0x05ff0000) in its
        // partial DTB, scmi-policy.bin and the devassign,scmi-policy module under /chosen; its
        // dom.cfg (also an xl target) maps no shmem and has no arm_sci.
        {QStringLiteral("scmi-mediator"), QStringLiteral("scmi-smc-board.dts"),
         {{QStringLiteral("console"), {QStringLiteral("/serial@fe670000")}, true, false},
          {QStringLiteral("drv"), {QStringLiteral("/i2c@fe5a0000")}, true, true}},
         {}, false, devassign::xen::Release::Xen417, true},
        // The xl path alone (the e2e-xl boot's project): no dom0less/ files, and xl/host.dtb marks
        // the RTC xen,passthrough so that dom0 leaves it to the domain xl creates.
        {QStringLiteral("virt-xl-only"), QStringLiteral("virt-gicv3.dtb"),
         {{QStringLiteral("rtc"), {QStringLiteral("/pl031@9010000")}, false, true}},
         {QStringLiteral("/pl031@9010000")}},
    };
}

// One data row per golden case, column "index" (its position in cases()).
inline void addCaseRows()
{
    QTest::addColumn<int>("index");
    const QVector<Case> all = cases();
    for (int i = 0; i < all.size(); ++i)
        QTest::newRow(qPrintable(all[i].name)) << i;
}

struct Built {
    devassign::HostModelPtr model;
    devassign::Project project;
    devassign::Analysis analysis;
    devassign::ExportContext ctx;
    QString error;
};

// Kernel and ramdisk sizes are fixed so that module placement is reproducible.
inline void build(const Case &c, Built &b)
{
    using namespace devassign;
    b.model = testsupport::loadData(c.board);
    b.project.hostDtb = c.board;
    b.project.hostDtbSha256 = b.model->sha256();
    b.project.platform.xen = c.release;
    b.project.platform.scmiMediator = c.scmiMediator;
    for (const DomainSpec &s : c.domains) {
        DomainConfig d;
        d.name = s.name;
        d.memoryKiB = s.memoryKiB;
        d.vcpus = s.vcpus;
        d.kernel = QStringLiteral("Image");
        d.ramdisk = QStringLiteral("initrd-%1.cpio").arg(s.name);
        d.bootargs = QStringLiteral("console=ttyAMA0 rdinit=/init");
        d.dom0less = s.dom0less;
        d.xl = s.xl;
        QString err = addDomain(b.project, d).error();
        for (const QString &dev : s.devices)
            if (err.isEmpty())
                err = assignDevice(b.project, s.name, dev).error();
        if (!err.isEmpty()) {
            b.error = err;
            return;
        }
    }
    for (const QString &node : c.acknowledgeDma) {
        Acknowledgement a;
        a.rule = QStringLiteral("dma-without-iommu");
        a.node = node;
        a.note = QStringLiteral("golden test: no IOMMU on this path, accepted");
        addAcknowledgement(b.project, a).error();
    }
    b.analysis = analyze(*b.model, b.project);
    b.ctx.model = b.model.get();
    b.ctx.project = &b.project;
    b.ctx.analysis = &b.analysis;
    b.ctx.forced = c.forced;
    b.ctx.projectFile = QStringLiteral("/golden/%1.devassign.json").arg(c.name);
    b.ctx.fileSizes.insert(QStringLiteral("/golden/Image"), 21 * 1024 * 1024 + 123);
    for (const DomainSpec &s : c.domains)
        b.ctx.fileSizes.insert(QStringLiteral("/golden/initrd-%1.cpio").arg(s.name), 1500000 + s.name.size() * 4096);
}

} // namespace golden
