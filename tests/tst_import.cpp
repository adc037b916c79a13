// SPDX-License-Identifier: GPL-2.0-or-later
// The importers (core/importers.h): a hand-written dom.cfg of the kind that booted under a real
// dom0 (../shared/notes/e2e-xl-dom0.md), what cannot be mapped, bad input, and the round trip
// export -> import -> export on every golden project (tests/goldenprojects.h).

#include "exporters.h"
#include "goldenprojects.h"
#include "importers.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;

namespace {

Result<ImportResult> importXlText(
    const QByteArray &cfg, const HostModel &host, const QString &file = QStringLiteral("dom.cfg"))
{
    return importXl(cfg, file, host);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestImport : public QObject {
    Q_OBJECT

private slots:
    void xlHandWrittenDom0Config();
    void xlReportsWhatItCannotMap();
    void xlLeavesOutWhatXenKeeps();
    void xlPageSharersNamedNowhereStayOut();
    void xlBadInput_data();
    void xlBadInput();
    void xlUuidAsUuidParseReadsIt();
    void xlCmdlineAndRoot();
    void xlReadsThePartialDtbBesideTheConfig();
    void dom0lessBadInput();
    void dom0lessEnhancedAsXenReadsIt();
    void dom0lessKeepsTheHostsOwnClockFlags();
    void roundTrip_data();
    void roundTrip();
    void decisionsSurviveTheRoundTrip_data();
    void decisionsSurviveTheRoundTrip();
    void cliImportXl();
    void cliImportDom0less();
};

// The domU config that worked under a real dom0 (e2e-xl-dom0.md, "The domU config that worked"):
// kernel, ramdisk, extra, memory = 256, vcpus = 1, device_tree = "/guest/p.dtb",
// iomem = [ "0x9010,1" ] (1:1), irqs = [ 34 ] (SPI 2 + 32), a fixed uuid, type = "pvh", no dtdev.
// On QEMU virt the page 0x9010 holds the PL031 (reg 0x9010000 + 0x1000) and SPI 2 is its interrupt.
void TestImport::xlHandWrittenDom0Config()
{
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const QByteArray cfg = "# passed through PL031, as in e2e-xl-dom0.md\n"
                           "name = \"guest\"\n"
                           "type = \"pvh\"\n"
                           "uuid = \"5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23\"\n"
                           "kernel = \"/guest/Image\"\n"
                           "ramdisk = \"/guest/initrd.cpio.gz\"\n"
                           "extra = \"console=hvc0 rdinit=/init\"\n"
                           "memory = 256\n"
                           "vcpus = 1\n"
                           "device_tree = \"/guest/p.dtb\"\n"
                           "iomem = [ \"0x9010,1\" ]\n"
                           "irqs = [ 34 ]\n";
    const auto imported = importXlText(cfg, *host, QStringLiteral("/nonexistent-dir/domu.cfg"));
    QVERIFY2(imported, qPrintable(imported.error()));
    QCOMPARE(imported->project.domains.size(), 1);
    const DomainConfig &d = imported->project.domains.front();
    QCOMPARE(d.name, QStringLiteral("guest"));
    QCOMPARE(d.uuid, QStringLiteral("5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23"));
    QCOMPARE(d.memoryKiB, quint64(256 * 1024));
    QCOMPARE(d.vcpus, 1);
    QCOMPARE(d.kernel, QStringLiteral("/guest/Image"));
    QCOMPARE(d.ramdisk, QStringLiteral("/guest/initrd.cpio.gz"));
    QCOMPARE(d.xlDir, QStringLiteral("/guest"));
    QCOMPARE(d.bootargs, QStringLiteral("console=hvc0 rdinit=/init"));
    QCOMPARE(d.devices, QStringList {QStringLiteral("/pl031@9010000")});
    QVERIFY(d.xl);
    QVERIFY(!d.dom0less);
    QVERIFY(!d.vpl011); // no vuart key
    QCOMPARE(d.gicVersion, QString());
    // The partial DTB /guest/p.dtb is on the target, not here: one line says so, nothing else.
    QCOMPARE(imported->report.size(), 1);
    QVERIFY2(imported->report.front().contains(QLatin1String("/guest/p.dtb")), qPrintable(imported->report.front()));
    QVERIFY(imported->report.front().startsWith(QLatin1String("/nonexistent-dir/domu.cfg: ")));
}

// Page 0x9050 (0x09050000) lies between the GPIO (0x9030000) and the virtio-mmio bank (0xa000000):
// no node of virt has a register there. IRQ 999 is no node's. The RTC in the same config is kept.
void TestImport::xlReportsWhatItCannotMap()
{
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const QByteArray cfg = "name = \"d\"\nmemory = 128\n"
                           "iomem = [ \"9050,2@9050\", \"9010,1@22000\", \"8000,1\", \"0,1\" ]\n"
                           "irqs = [ 34, 999 ]\n"
                           "dtdev = [ \"/no-such-node\" ]\n"
                           "vuart = \"sbsa_uart\"\n";
    const auto imported = importXlText(cfg, *host);
    QVERIFY2(imported, qPrintable(imported.error()));
    const DomainConfig &d = imported->project.domains.front();
    QCOMPARE(d.devices, QStringList {QStringLiteral("/pl031@9010000")});
    QVERIFY(d.vpl011);
    QCOMPARE(d.memoryKiB, quint64(128 * 1024));
    const QString report = imported->report.join(QLatin1Char('\n'));
    QCOMPARE(imported->report.size(), 6);
    QVERIFY2(report.contains(QLatin1String("iomem '9050,2@9050': pages 0x9050-0x9051 belong to no device")),
        qPrintable(report));
    // 0x8000 is QEMU virt's GICv3 distributor (intc@8000000, reg 0x8000000): Xen's, not "no device's".
    QVERIFY2(report.contains(QLatin1String("iomem '8000,1': page 0x8000 holds the host GIC (/intc@8000000), which Xen keeps")),
        qPrintable(report));
    // Page 0 is the first of flash@0's 64 MiB: said once, as a partial mapping.
    QVERIFY2(report.contains(QLatin1String("iomem maps only some of /flash@0's registers")), qPrintable(report));
    QVERIFY2(!report.contains(QLatin1String("'0,1': page 0x0")), qPrintable(report));
    // The PL031's page at guest frame 0x22000 (Xen's vPL011 page, GUEST_PL011_BASE 0x22000000):
    // devassign plans its own windows, so the frame is reported, not kept. 9050@9050 is 1:1: no note.
    QVERIFY2(report.contains(QLatin1String("iomem '9010,1@22000': guest frame 0x22000 not kept")), qPrintable(report));
    QVERIFY2(!report.contains(QLatin1String("'9050,2@9050': guest frame")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("irqs 999: no node")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("dtdev /no-such-node names no node")), qPrintable(report));
    for (const QString &line : imported->report)
        QVERIFY(line.startsWith(QLatin1String("dom.cfg: ")));
}

// QEMU virt (dtc -I dtb -O dts virt-gicv3.dtb): its@8080000 (reg 0x8080000 + 0x20000, pages
// 0x8080-0x809f) is under the GICv3 intc@8000000; IRQ 27 is the virtual timer's PPI 11. Xen keeps
// the GIC and everything under it (handle_node), and routes SPIs only (route_irq_to_guest), so an
// xl config naming them gets none of them. dtdev paths match ignoring case, as dt_find_node_by_path.
void TestImport::xlLeavesOutWhatXenKeeps()
{
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const QByteArray cfg = "name = \"d\"\nmemory = 128\n"
                           "iomem = [ \"8080,20\" ]\n"
                           "irqs = [ 27 ]\n"
                           "dtdev = [ \"/INTC@8000000\", \"/PL031@9010000\" ]\n";
    const auto imported = importXlText(cfg, *host);
    QVERIFY2(imported, qPrintable(imported.error()));
    QCOMPARE(imported->project.domains.front().devices, QStringList{QStringLiteral("/pl031@9010000")});
    const QString report = imported->report.join(QLatin1Char('\n'));
    QVERIFY2(report.contains(QLatin1String("iomem '8080,20': pages 0x8080-0x809f hold the host GIC (/intc@8000000), which Xen keeps")),
             qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("irqs 27: an SGI or PPI (below 32), which Xen routes to no guest; left out")),
             qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("dtdev /INTC@8000000: /intc@8000000 is the host GIC, which Xen keeps for itself; left out")),
             qPrintable(report));
    QCOMPARE(imported->report.size(), 3);
}

// QEMU virt's 32 virtio-mmio transports are 0x200 bytes each, eight to a page: page 0xa000 holds
// virtio_mmio@a000000 (SPI 16, GIC id 48) to @a000e00 (SPI 23). devassign exports a domain with
// @a000000 as iomem "a000,1@a000" and irqs [48]; importing that must give @a000000 alone, not the
// eight. Without irqs naming one, the page's devices all come in, as before.
void TestImport::xlPageSharersNamedNowhereStayOut()
{
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const auto one = importXlText("name = \"d\"\nmemory = 128\niomem = [ \"a000,1@a000\" ]\nirqs = [ 48 ]\n", *host);
    QVERIFY2(one, qPrintable(one.error()));
    QCOMPARE(one->project.domains.front().devices, QStringList{QStringLiteral("/virtio_mmio@a000000")});
    QCOMPARE(one->report.size(), 7);
    QVERIFY2(one->report.contains(QStringLiteral("dom.cfg: iomem: /virtio_mmio@a000e00 only shares the pages of devices the config "
                                                 "names (partial DTB, dtdev, irqs), and is named nowhere itself; left out")),
             qPrintable(one->report.join(QLatin1Char('\n'))));
    // Two named by irqs (SPI 16 and 19): both, in host address order.
    const auto two = importXlText("name = \"d\"\nmemory = 128\niomem = [ \"a000,1\" ]\nirqs = [ 51, 48 ]\n", *host);
    QVERIFY2(two, qPrintable(two.error()));
    QCOMPARE(two->project.domains.front().devices,
             (QStringList{QStringLiteral("/virtio_mmio@a000000"), QStringLiteral("/virtio_mmio@a000600")}));
    const auto all = importXlText("name = \"d\"\nmemory = 128\niomem = [ \"a000,1\" ]\n", *host);
    QVERIFY2(all, qPrintable(all.error()));
    QCOMPARE(all->project.domains.front().devices.size(), 8);
}

void TestImport::xlBadInput_data()
{
    QTest::addColumn<QByteArray>("cfg");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax") << QByteArray("name = \"a\"\nmemory = = 3\n") << QStringLiteral("not a valid xl config");
    QTest::newRow("no name") << QByteArray("memory = 3\n") << QStringLiteral("key 'name' is missing");
    QTest::newRow("bad name") << QByteArray("name = \"a b\"\n") << QStringLiteral("not a valid domain name");
    QTest::newRow("name list") << QByteArray("name = [ \"a\" ]\n") << QStringLiteral("'name' must be a string");
    QTest::newRow("memory text") << QByteArray("name = \"a\"\nmemory = \"lots\"\n")
                                 << QStringLiteral("'memory' must be a number");
    QTest::newRow("memory 0") << QByteArray("name = \"a\"\nmemory = 0\n") << QStringLiteral("memory 0 MiB");
    QTest::newRow("vcpus 129") << QByteArray("name = \"a\"\nvcpus = 129\n") << QStringLiteral("vcpus 129");
    QTest::newRow("uuid") << QByteArray("name = \"a\"\nuuid = \"nope\"\n")
                          << QStringLiteral("uuid 'nope' is not a UUID");
    QTest::newRow("iomem") << QByteArray("name = \"a\"\niomem = [ \"9010\" ]\n")
                           << QStringLiteral("iomem '9010' is not");
    QTest::newRow("iomem tail") << QByteArray("name = \"a\"\niomem = [ \"9010,1@2x\" ]\n")
                                << QStringLiteral("iomem '9010,1@2x'");
    QTest::newRow("iomem wraps") << QByteArray("name = \"a\"\niomem = [ \"ffffffffffffffff,2\" ]\n")
                                 << QStringLiteral("reaches 2^64");
    // The page count alone passes 2^52, or the window's last page is the top one (its end, 2^64, does
    // not fit 64 bits): the sum would wrap.
    QTest::newRow("iomem pages wrap") << QByteArray("name = \"a\"\niomem = [ \"9010,-1\" ]\n")
                                      << QStringLiteral("'9010,-1' is empty or reaches 2^64");
    QTest::newRow("iomem 2^52 pages") << QByteArray("name = \"a\"\niomem = [ \"1,10000000000000\" ]\n")
                                      << QStringLiteral("reaches 2^64");
    QTest::newRow("iomem gfn wraps") << QByteArray("name = \"a\"\niomem = [ \"9000,1@fffffffffffff\" ]\n")
                                     << QStringLiteral("'9000,1@fffffffffffff' is empty or reaches 2^64");
    // libxlutil makes \n a newline; uuid_parse wants exactly 36 characters.
    QTest::newRow("uuid newline") << QByteArray("name = \"a\"\nuuid = \"6f1d7c1e-2b8a-4d5e-9c3a-0b7e4f2a9d61\\n\"\n")
                                  << QStringLiteral("is not a UUID");
    QTest::newRow("uuid braces") << QByteArray("name = \"a\"\nuuid = \"{6f1d7c1e-2b8a-4d5e-9c3a-0b7e4f2a9d61}\"\n")
                                 << QStringLiteral("is not a UUID");
    QTest::newRow("irq") << QByteArray("name = \"a\"\nirqs = [ \"0x22\" ]\n") << QStringLiteral("irqs item '0x22'");
    QTest::newRow("gic") << QByteArray("name = \"a\"\ngic_version = \"v4\"\n") << QStringLiteral("gic_version 'v4'");
    // xl: 'ERROR: invalid value "pl011" for "vuart"' (libxl_vuart_type_from_string).
    QTest::newRow("vuart") << QByteArray("name = \"a\"\nvuart = \"pl011\"\n") << QStringLiteral("vuart 'pl011' is not a value xl accepts");
    // Found by fuzz_xlimport: libxlutil asserts (and aborts) on a NUL inside a quoted string.
    QTest::newRow("NUL in a string") << QByteArray("name = \"a\"\nuuid = \"f9b0\0\0-x\"\n", 29)
                                     << QStringLiteral("not a text file: NUL byte at offset 23");
    QTest::newRow("newline in extra") << QByteArray("name = \"a\"\nextra = \"a\\nb\"\n") << QStringLiteral("bootargs");
}

void TestImport::xlBadInput()
{
    QFETCH(QByteArray, cfg);
    QFETCH(QString, expected);
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const auto imported = importXlText(cfg, *host, QStringLiteral("bad.cfg"));
    QVERIFY(!imported);
    QVERIFY2(imported.error().startsWith(QLatin1String("bad.cfg: ")), qPrintable(imported.error()));
    QVERIFY2(imported.error().contains(expected), qPrintable(imported.error()));
    QVERIFY(!imported.error().contains(QLatin1Char('\n')));
}

// libxl_uuid_from_string is libuuid's uuid_parse: hex digits of either case (stored lowercase, as
// domains[].uuid is), and the nil UUID is a UUID.
void TestImport::xlUuidAsUuidParseReadsIt()
{
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const auto upper = importXlText("name = \"a\"\nuuid = \"5B1E3C52-8D0A-4F7E-9A61-2C4D8E0F1A23\"\n", *host,
                                    QStringLiteral("a.cfg"));
    QVERIFY2(upper, qPrintable(upper.error()));
    QCOMPARE(upper->project.domains.value(0).uuid, QStringLiteral("5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23"));
    const auto nil = importXlText("name = \"a\"\nuuid = \"00000000-0000-0000-0000-000000000000\"\n", *host,
                                  QStringLiteral("a.cfg"));
    QVERIFY2(nil, qPrintable(nil.error()));
    QCOMPARE(nil->project.domains.value(0).uuid, QStringLiteral("00000000-0000-0000-0000-000000000000"));
}

// parse_cmdline (tools/xl/xl_parse.c): cmdline wins over root/extra; else "root=R EXTRA".
void TestImport::xlCmdlineAndRoot()
{
    const auto host = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    auto bootargs = [&](const QByteArray &keys) {
        const auto r = importXlText("name = \"a\"\n" + keys, *host);
        return r ? r->project.domains.front().bootargs : QStringLiteral("<error %1>").arg(r.error());
    };
    QCOMPARE(bootargs("root = \"/dev/vda\"\nextra = \"quiet\"\n"), QStringLiteral("root=/dev/vda quiet"));
    QCOMPARE(bootargs("root = \"/dev/vda\"\n"), QStringLiteral("root=/dev/vda"));
    QCOMPARE(bootargs("cmdline = \"c\"\nroot = \"/dev/vda\"\nextra = \"quiet\"\n"), QStringLiteral("c"));
}

// An export directory keeps <domain>/dom.cfg beside <domain>/passthrough.dtb while dom.cfg names the
// target's /etc/xen/<domain>/passthrough.dtb: the importer reads the one beside it. Juno's golden
// project (goldenprojects.h) assigns /usb@7ffb0000, /hdlcd@7ff50000, /serial@7ff80000 in that order.
void TestImport::xlReadsThePartialDtbBesideTheConfig()
{
    const golden::Case c = golden::cases()[3];
    QCOMPARE(c.name, QStringLiteral("juno-smmu"));
    golden::Built b;
    golden::build(c, b);
    QString error;
    const QVector<ExportFile> files = exportProject(b.ctx, &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    for (const ExportFile &f : files)
        QVERIFY(writeFile(dir.filePath(f.path), f.bytes));
    const QString cfgFile = dir.filePath(QStringLiteral("guest/dom.cfg"));
    QFile cfg(cfgFile);
    QVERIFY(cfg.open(QIODevice::ReadOnly));
    const QByteArray cfgBytes = cfg.readAll();
    const auto imported = importXl(cfgBytes, cfgFile, *b.model);
    QVERIFY2(imported, qPrintable(imported.error()));
    const DomainConfig &d = imported->project.domains.front();
    QCOMPARE(d.devices,
        (QStringList {
            QStringLiteral("/usb@7ffb0000"), QStringLiteral("/hdlcd@7ff50000"), QStringLiteral("/serial@7ff80000")}));
    QCOMPARE(d.xlDir, QString()); // /etc/xen/guest is the default
    QCOMPARE(d.kernel, QStringLiteral("/etc/xen/guest/Image"));
    QVERIFY2(imported->report.isEmpty(), qPrintable(imported->report.join(QLatin1Char('\n'))));

    // Without the partial DTB the same devices come back from iomem (in its order) and dtdev.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("guest/passthrough.dtb"))));
    const auto fromIomem = importXl(cfgBytes, cfgFile, *b.model);
    QVERIFY2(fromIomem, qPrintable(fromIomem.error()));
    QCOMPARE(fromIomem->project.domains.front().devices, d.devices);
    QCOMPARE(fromIomem->report.size(), 1); // device_tree not found

    // A partial DTB without /passthrough: libxl's copy_partial_fdt refuses it ("Can't copy the
    // node /passthrough"), so the report says so; the devices still come from iomem and dtdev.
    QString dtcError;
    const QByteArray empty = HostModel::compileDts(QByteArrayLiteral("/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; };\n"),
                                                   QStringLiteral("empty.dts"), &dtcError);
    QVERIFY2(!empty.isEmpty(), qPrintable(dtcError));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("guest/passthrough.dtb")), empty));
    const auto withoutContainer = importXl(cfgBytes, cfgFile, *b.model);
    QVERIFY2(withoutContainer, qPrintable(withoutContainer.error()));
    QCOMPARE(withoutContainer->project.domains.front().devices, d.devices);
    QCOMPARE(withoutContainer->report.size(), 1);
    QVERIFY2(withoutContainer->report[0].contains(QLatin1String("no /passthrough node, so libxl refuses it")),
             qPrintable(withoutContainer->report[0]));
}

void TestImport::dom0lessBadInput()
{
    const auto board = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    // A plain board DTB has no /chosen domain node: not a dom0less host DTB.
    const auto plain = importDom0less(board->blob(), QStringLiteral("virt.dtb"));
    QVERIFY(!plain);
    QVERIFY2(plain.error().startsWith(QLatin1String("virt.dtb: no /chosen node")), qPrintable(plain.error()));
    const auto garbage = importDom0less(QByteArray("not a device tree at all"), QStringLiteral("g.dtb"));
    QVERIFY(!garbage);
    QVERIFY2(garbage.error().startsWith(QLatin1String("g.dtb: not a valid DTB")), qPrintable(garbage.error()));
    // A domain node whose memory is one cell (Xen reads 64 bits: dt_property_read_u64).
    QString error;
    const auto oneCell = testsupport::modelFromDts(
        QStringLiteral(
            "/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; chosen { #address-cells = <1>; #size-cells = <1>;"
            " domU1 { compatible = \"xen,domain\"; memory = <0x40000>; cpus = <1>; }; }; };"),
        &error);
    QVERIFY2(oneCell, qPrintable(error));
    const auto r = importDom0less(oneCell->blob(), QStringLiteral("h.dtb"));
    QVERIFY(!r);
    QVERIFY2(r.error().contains(QLatin1String("h.dtb: /chosen/domU1: memory is not one 64-bit number")),
        qPrintable(r.error()));

    // Two domain nodes whose names differ only in case: one export folder on a file system that
    // ignores case, refused by the importer itself, naming the second node (before the studio
    // writes anything).
    const QByteArray twins = HostModel::compileDts(
        QByteArrayLiteral(
            "/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; chosen { #address-cells = <1>; #size-cells = <1>;"
            " domU1 { compatible = \"xen,domain\"; memory = <0x0 0x40000>; cpus = <1>; };"
            " DOMU1 { compatible = \"xen,domain\"; memory = <0x0 0x40000>; cpus = <1>; }; }; };"),
        QStringLiteral("twins.dts"), &error);
    QVERIFY2(!twins.isEmpty(), qPrintable(error));
    const auto refused = importDom0less(twins, QStringLiteral("twins.dtb"));
    QVERIFY(!refused);
    QVERIFY2(refused.error().startsWith(QLatin1String("twins.dtb: /chosen/DOMU1: a second domain of that name")),
             qPrintable(refused.error()));
}

// construct_domU reads xen,enhanced with dt_property_read_string: empty (-ENODATA) or without a NUL
// (-EILSEQ) is "enabled" (booting.txt: "enabled" or empty), else the first string counts.
void TestImport::dom0lessEnhancedAsXenReadsIt()
{
    const QVector<QPair<QByteArray, QString>> cases = {
        {"xen,enhanced;", QStringLiteral("enabled")},
        {"xen,enhanced = [6e 6f];", QStringLiteral("enabled")}, // "no" without its NUL
        {"xen,enhanced = \"no-xenstore\", \"x\";", QStringLiteral("no-xenstore")},
        {"xen,enhanced = \"enabled\";", QStringLiteral("enabled")},
        {"", QString()},
    };
    for (const auto &[property, expected] : cases) {
        QString error;
        const QByteArray dtb = HostModel::compileDts(
            "/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; chosen { #address-cells = <1>; #size-cells = <1>;"
            " domU1 { compatible = \"xen,domain\"; memory = <0x0 0x40000>; cpus = <1>; " + property + " }; }; };",
            QStringLiteral("e.dts"), &error);
        QVERIFY2(!dtb.isEmpty(), qPrintable(error));
        const auto r = importDom0less(dtb, QStringLiteral("e.dtb"));
        QVERIFY2(r, qPrintable(r.error()));
        QCOMPARE(r->project.domains.value(0).enhanced, expected);
    }
}

namespace {

// Header comments name the version, the project and the host DTB's hash: not compared.
QByteArray withoutHeader(const QString &path, const QByteArray &bytes)
{
    if (path.endsWith(QLatin1String(".dtb")))
        return bytes;
    QList<QByteArray> lines = bytes.split('\n');
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                    [](const QByteArray &l) {
                        return l.contains("generated by devassign") || l.contains("EXPORTED WITH --force");
                    }),
        lines.end());
    return lines.join('\n');
}

QMap<QString, QByteArray> byPath(const QVector<ExportFile> &files)
{
    QMap<QString, QByteArray> out;
    for (const ExportFile &f : files)
        out.insert(f.path, withoutHeader(f.path, f.bytes));
    return out;
}

} // namespace

// The export adds dom0's clock flags only when it marks devices (keepDom0Clocks): a DTB without
// marks keeps the flags its author wrote, byte for byte.
void TestImport::dom0lessKeepsTheHostsOwnClockFlags()
{
    QString error;
    const QByteArray dtb = HostModel::compileDts(
        QByteArrayLiteral("/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; chosen { #address-cells = <1>; #size-cells = <1>;"
                          " xen,xen-bootargs = \"console=dtuart\"; xen,dom0-bootargs = \"console=hvc0 clk_ignore_unused\";"
                          " domU1 { compatible = \"xen,domain\"; memory = <0x0 0x40000>; cpus = <1>; }; }; };"),
        QStringLiteral("own-flags.dts"), &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const auto r = importDom0less(dtb, QStringLiteral("own-flags.dtb"));
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    const int chosen = fdt_path_offset(r->hostDtb.constData(), "/chosen");
    QVERIFY(chosen >= 0);
    int len = 0;
    const char *args = static_cast<const char *>(fdt_getprop(r->hostDtb.constData(), chosen, "xen,dom0-bootargs", &len));
    QVERIFY(args);
    QCOMPARE(QByteArray(args, len), QByteArray("console=hvc0 clk_ignore_unused") + '\0');
}

void TestImport::roundTrip_data()
{
    golden::addCaseRows();
}

// Every golden project: export, import what Xen reads (dom0less/host.dtb with the partial DTBs
// beside it, every dom.cfg), export again: the same files. Acknowledgements and --force are the
// user's decisions, in no file Xen reads: they are carried over. Kernel and ramdisk files are
// named by no dom0less file: the modules' sizes must be the golden ones (goldenprojects.h), and the
// golden names are filled in.
void TestImport::roundTrip()
{
    QFETCH(int, index);
    const golden::Case c = golden::cases()[index];
    golden::Built b;
    golden::build(c, b);
    QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
    QString error;
    const QVector<ExportFile> files = exportProject(b.ctx, &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    for (const ExportFile &f : files)
        QVERIFY(writeFile(dir.filePath(f.path), f.bytes));

    Project imported;
    HostModelPtr host = b.model;
    const QString hostDtb = dir.filePath(QStringLiteral("dom0less/host.dtb"));
    if (QFileInfo::exists(hostDtb)) {
        QFile f(hostDtb);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto r = importDom0less(
            f.readAll(), hostDtb, [&](const QString &domain) { return exportLayoutPartialDtb(hostDtb, domain); });
        QVERIFY2(r, qPrintable(r.error()));
        // The host without the domain nodes and marks is the board's DTB again, byte for byte.
        QVERIFY2(r->hostDtb == b.model->blob(), "the stripped host DTB differs from the board's");
        // The SCMI policy module is there exactly when the mediator was on: it comes back, and is said.
        QCOMPARE(r->project.platform.scmiMediator, b.project.platform.scmiMediator);
        QCOMPARE(r->report.join(QLatin1Char('\n')).contains(QLatin1String("shows the SCMI mediator was on, and the project has it on")),
                 b.project.platform.scmiMediator);
        // A domain node with xen,sci_type (SCMI without the mediator) is for Xen 4.21 or later:
        // the project gets 4.21, and the report says so; otherwise the default release stays.
        QFile again(hostDtb);
        QVERIFY(again.open(QIODevice::ReadOnly));
        const bool sciType = again.readAll().contains(QByteArrayLiteral("xen,sci_type"));
        QCOMPARE(r->project.platform.xen, sciType ? xen::Release::Xen421 : xen::kDefaultRelease);
        QCOMPARE(r->report.join(QLatin1Char('\n')).contains(QLatin1String("has xen,sci_type, which Xen reads from 4.21 on")), sciType);
        host = HostModel::fromBlob(r->hostDtb, QStringLiteral("stripped"), &error);
        QVERIFY2(host, qPrintable(error));
        for (const ImportedModule &m : r->modules) {
            if (m.kind == QLatin1String("kernel"))
                QCOMPARE(m.size, quint64(21 * 1024 * 1024 + 123));
            if (m.kind == QLatin1String("ramdisk"))
                QCOMPARE(m.size, quint64(1500000 + m.domain.size() * 4096));
        }
        QStringList report;
        QVERIFY(addImportedDomains(imported, r->project.domains, report));
        QCOMPARE(report, QStringList());
        for (DomainConfig &d : imported.domains) {
            d.kernel = QStringLiteral("Image");
            d.ramdisk = QStringLiteral("initrd-%1.cpio").arg(d.name);
        }
    }
    for (const golden::DomainSpec &spec : c.domains) {
        if (!spec.xl)
            continue;
        const QString cfgFile = dir.filePath(spec.name + QStringLiteral("/dom.cfg"));
        QFile f(cfgFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto r = importXl(f.readAll(), cfgFile, *host);
        QVERIFY2(r, qPrintable(r.error()));
        QVERIFY2(r->report.isEmpty(), qPrintable(r->report.join(QLatin1Char('\n'))));
        const DomainConfig &x = r->project.domains.front();
        QCOMPARE(x.name, spec.name);
        QCOMPARE(x.memoryKiB, spec.memoryKiB);
        QCOMPARE(x.vcpus, spec.vcpus);
        QCOMPARE(x.bootargs, QStringLiteral("console=ttyAMA0 rdinit=/init"));
        if (DomainConfig *d = imported.domain(spec.name)) { // the same domain, both targets
            QCOMPARE(x.devices, d->devices);
            d->xl = true;
            d->xlDir = x.xlDir;
            d->uuid = x.uuid;
        } else {
            QStringList report;
            QVERIFY(addImportedDomains(imported, r->project.domains, report));
            QCOMPARE(report, QStringList());
        }
    }
    // What import got back is what the golden project said.
    QCOMPARE(imported.domains.size(), c.domains.size());
    for (int i = 0; i < c.domains.size(); ++i) {
        const DomainConfig &d = imported.domains[i];
        QCOMPARE(d.name, c.domains[i].name);
        QCOMPARE(d.devices, c.domains[i].devices);
        QCOMPARE(d.dom0less, c.domains[i].dom0less);
        QCOMPARE(d.xl, c.domains[i].xl);
        QCOMPARE(d.memoryKiB, c.domains[i].memoryKiB);
        QCOMPARE(d.vcpus, c.domains[i].vcpus);
    }
    imported.hostDtb = b.project.hostDtb;
    imported.hostDtbSha256 = host->sha256();
    imported.platform = b.project.platform;
    imported.acknowledgements = b.project.acknowledgements;
    const Analysis analysis = analyze(*host, imported);
    ExportContext ctx = b.ctx;
    ctx.model = host.get();
    ctx.project = &imported;
    ctx.analysis = &analysis;
    const QVector<ExportFile> again = exportProject(ctx, &error);
    QVERIFY2(!again.isEmpty(), qPrintable(error));
    const QMap<QString, QByteArray> before = byPath(files);
    const QMap<QString, QByteArray> after = byPath(again);
    QCOMPARE(after.keys(), before.keys());
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QVERIFY2(after.value(it.key()) == it.value(),
            qPrintable(it.key() + QStringLiteral(" differs after the round trip")));
}

void TestImport::decisionsSurviveTheRoundTrip_data()
{
    // QEMU virt's PL031: clocks = <&apb-pclk>, a fixed-clock the guest can use alone, so devassign's
    // default copies it (docs/exports.md, "Dependencies: devassign's defaults"). A stub or a drop is
    // the user's decision, and the partial DTB shows it: an "apb-pclk-stub" fixed-clock, or no
    // clocks at all.
    QTest::addColumn<int>("action"); // -1: the default
    QTest::newRow("default (copy)") << -1;
    QTest::newRow("stub") << int(DependencyAction::Stub);
    QTest::newRow("drop") << int(DependencyAction::Drop);
}

void TestImport::decisionsSurviveTheRoundTrip()
{
    QFETCH(int, action);
    const golden::Case c = golden::cases()[0]; // virt-pl031: domU1 with the PL031, dom0less and xl
    QCOMPARE(c.name, QStringLiteral("virt-pl031"));
    golden::Built b;
    golden::build(c, b);
    QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
    QMap<QString, DependencyAction> expected;
    if (action >= 0)
        expected.insert(QStringLiteral("/apb-pclk"), DependencyAction(action));
    b.project.domains[0].dependencyDecisions = expected;
    b.analysis = analyze(*b.model, b.project);
    QString error;
    const QVector<ExportFile> files = exportProject(b.ctx, &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    for (const ExportFile &f : files)
        QVERIFY(writeFile(dir.filePath(f.path), f.bytes));

    const QString hostDtb = dir.filePath(QStringLiteral("dom0less/host.dtb"));
    QFile host(hostDtb);
    QVERIFY(host.open(QIODevice::ReadOnly));
    const auto dom0less = importDom0less(host.readAll(), hostDtb,
        [&](const QString &domain) { return exportLayoutPartialDtb(hostDtb, domain); });
    QVERIFY2(dom0less, qPrintable(dom0less.error()));
    QCOMPARE(dom0less->project.domains.front().dependencyDecisions, expected);

    const QString cfgFile = dir.filePath(QStringLiteral("domU1/dom.cfg"));
    QFile cfg(cfgFile);
    QVERIFY(cfg.open(QIODevice::ReadOnly));
    const auto xl = importXl(cfg.readAll(), cfgFile, *b.model);
    QVERIFY2(xl, qPrintable(xl.error()));
    QCOMPARE(xl->project.domains.front().dependencyDecisions, expected);

    // Exported again, the partial DTB is the same bytes.
    Project again = b.project;
    again.domains[0].dependencyDecisions = xl->project.domains.front().dependencyDecisions;
    const Analysis analysis = analyze(*b.model, again);
    ExportContext ctx = b.ctx;
    ctx.project = &again;
    ctx.analysis = &analysis;
    const QVector<ExportFile> second = exportProject(ctx, &error);
    QCOMPARE(byPath(second).value(QStringLiteral("domU1/passthrough.dtb")),
             byPath(files).value(QStringLiteral("domU1/passthrough.dtb")));
}

// `devassign import xl`: exit 0 and the report on stderr; an existing -o is refused without
// --force and left as it was; a bad config is one line naming it, exit 2, nothing written.
void TestImport::cliImportXl()
{
    QTemporaryDir dir;
    QVERIFY(
        QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), dir.filePath(QStringLiteral("virt.dtb"))));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("dom.cfg")),
        "name = \"guest\"\nmemory = 128\niomem = [ \"9010,1\", \"9050,1\" ]\nirqs = [ 34 ]\n"));
    const QStringList args = {QStringLiteral("import"), QStringLiteral("xl"), QStringLiteral("dom.cfg"),
        QStringLiteral("--dtb"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), QStringLiteral("p.devassign.json")};
    const auto r = testsupport::runCli(args, dir.path());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err,
        QStringLiteral("devassign import: not imported: dom.cfg: iomem '9050,1': page 0x9050 belongs to "
                       "no device of virt.dtb; left out\n"));
    const auto p = readProject(dir.filePath(QStringLiteral("p.devassign.json")));
    QVERIFY2(p, qPrintable(p.error()));
    QCOMPARE(p->hostDtb, QStringLiteral("virt.dtb"));
    QCOMPARE(p->hostDtbSha256, testsupport::loadData(QStringLiteral("virt-gicv3.dtb"))->sha256());
    QCOMPARE(p->domains.size(), 1);
    QCOMPARE(p->domains.front().devices, QStringList {QStringLiteral("/pl031@9010000")});
    QCOMPARE(p->domains.front().memoryKiB, quint64(128 * 1024));
    // `check` loads what import wrote.
    QVERIFY(
        testsupport::runCli({QStringLiteral("check"), QStringLiteral("p.devassign.json")}, dir.path()).exitCode != 2);

    QFile before(dir.filePath(QStringLiteral("p.devassign.json")));
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray saved = before.readAll();
    QVERIFY(writeFile(dir.filePath(QStringLiteral("dom.cfg")), "name = \"other\"\n"));
    const auto again = testsupport::runCli(args, dir.path());
    QCOMPARE(again.exitCode, 2);
    QCOMPARE(
        again.err, QStringLiteral("devassign import: p.devassign.json: already exists; use --force to overwrite it\n"));
    const auto forced = testsupport::runCli(args + QStringList {QStringLiteral("--force")}, dir.path());
    QCOMPARE(forced.exitCode, 0);
    QCOMPARE(
        readProject(dir.filePath(QStringLiteral("p.devassign.json")))->domains.front().name, QStringLiteral("other"));

    QVERIFY(writeFile(dir.filePath(QStringLiteral("bad.cfg")), "name = \"x\"\nmemory = = 1\n"));
    const auto bad = testsupport::runCli(
        {QStringLiteral("import"), QStringLiteral("xl"), QStringLiteral("bad.cfg"), QStringLiteral("--dtb"),
            QStringLiteral("virt.dtb"), QStringLiteral("-o"), QStringLiteral("q.devassign.json")},
        dir.path());
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(
        bad.err.startsWith(QLatin1String("devassign import: bad.cfg: not a valid xl config")), qPrintable(bad.err));
    QCOMPARE(bad.err.count(QLatin1Char('\n')), 1);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("q.devassign.json"))));
    const auto noDtb = testsupport::runCli({QStringLiteral("import"), QStringLiteral("xl"), QStringLiteral("dom.cfg"),
                                               QStringLiteral("-o"), QStringLiteral("q.devassign.json")},
        dir.path());
    QCOMPARE(noDtb.exitCode, 2);
    QVERIFY2(noDtb.err.contains(QLatin1String("--dtb")), qPrintable(noDtb.err));
}

// `devassign import dom0less` on an export directory: the partial DTBs are found beside the host
// DTB, P.host.dtb is the board's DTB again, and the two domains of virt-two-domains come back.
void TestImport::cliImportDom0less()
{
    const golden::Case c = golden::cases()[1];
    QCOMPARE(c.name, QStringLiteral("virt-two-domains"));
    golden::Built b;
    golden::build(c, b);
    QString error;
    const QVector<ExportFile> files = exportProject(b.ctx, &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    for (const ExportFile &f : files)
        QVERIFY(writeFile(dir.filePath(QStringLiteral("out/") + f.path), f.bytes));
    const QStringList args = {QStringLiteral("import"), QStringLiteral("dom0less"),
        QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("-o"), QStringLiteral("p.devassign.json")};
    const auto r = testsupport::runCli(args, dir.path());
    QCOMPARE(r.exitCode, 0);
    // One line per kernel and ramdisk module: the DTB does not name their files.
    QCOMPARE(r.err.count(QLatin1Char('\n')), 4);
    QVERIFY2(r.err.contains(QLatin1String("domain rtc: the kernel module (22020219 bytes at")), qPrintable(r.err));
    const auto p = readProject(dir.filePath(QStringLiteral("p.devassign.json")));
    QVERIFY2(p, qPrintable(p.error()));
    QCOMPARE(p->hostDtb, QStringLiteral("p.host.dtb"));
    QFile host(dir.filePath(QStringLiteral("p.host.dtb")));
    QVERIFY(host.open(QIODevice::ReadOnly));
    QVERIFY(host.readAll() == b.model->blob());
    QCOMPARE(p->domains.size(), 2);
    QCOMPARE(p->domains[0].name, QStringLiteral("rtc"));
    QCOMPARE(p->domains[0].devices, QStringList {QStringLiteral("/pl031@9010000")});
    QCOMPARE(p->domains[1].name, QStringLiteral("gpio"));
    QCOMPARE(p->domains[1].devices, QStringList {QStringLiteral("/pl061@9030000")});
    QCOMPARE(p->domains[1].vcpus, 2);
    QCOMPARE(p->domains[1].memoryKiB, quint64(128 * 1024));
    // The host DTB written beside it is refused as an output without --force, like the project.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("p.devassign.json"))));
    const auto again = testsupport::runCli(args, dir.path());
    QCOMPARE(again.exitCode, 2);
    QCOMPARE(again.err, QStringLiteral("devassign import: p.host.dtb: already exists; use --force to overwrite it\n"));

    // --partial naming a file that is not there, or a domain the DTB does not have: exit 2, nothing
    // written. A domain whose partial DTB is missing is reported, not silently defaulted.
    const QStringList forced = args + QStringList{QStringLiteral("--force")};
    const auto missing = testsupport::runCli(forced + QStringList{QStringLiteral("--partial"), QStringLiteral("rtc=nope.dtb")}, dir.path());
    QCOMPARE(missing.exitCode, 2);
    QCOMPARE(missing.err, QStringLiteral("devassign import: nope.dtb: --partial rtc: no such file\n"));
    const auto unknown = testsupport::runCli(
        forced + QStringList{QStringLiteral("--partial"), QStringLiteral("nosuch=out/rtc/passthrough.dtb")}, dir.path());
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.startsWith(QLatin1String("devassign import: out/dom0less/host.dtb: --partial nosuch=out/rtc/passthrough.dtb: the DTB has no domain nosuch")),
             qPrintable(unknown.err));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("p.devassign.json"))));

    // An output that is an input is refused even with --force, and so is one output for both;
    // a project file that cannot be written leaves no host DTB behind. Nothing is written.
    const QByteArray exportedHost = readBytes(dir.filePath(QStringLiteral("out/dom0less/host.dtb")));
    const QVector<QPair<QStringList, QString>> refused = {
        {{QStringLiteral("import"), QStringLiteral("dom0less"), QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("-o"),
          QStringLiteral("q.devassign.json"), QStringLiteral("--host-out"), QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("--force")},
         QStringLiteral("devassign import: out/dom0less/host.dtb: is an input of the import (out/dom0less/host.dtb); write to another file\n")},
        {{QStringLiteral("import"), QStringLiteral("dom0less"), QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("-o"),
          QStringLiteral("q.devassign.json"), QStringLiteral("--host-out"), QStringLiteral("out/rtc/passthrough.dtb"), QStringLiteral("--force")},
         QStringLiteral("devassign import: out/rtc/passthrough.dtb: is an input of the import (%1/out/rtc/passthrough.dtb); write to another file\n").arg(dir.path())},
        {{QStringLiteral("import"), QStringLiteral("dom0less"), QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("-o"),
          QStringLiteral("q.devassign.json"), QStringLiteral("--host-out"), QStringLiteral("./q.devassign.json")},
         QStringLiteral("devassign import: ./q.devassign.json: is also the project file (-o); give the host DTB another name\n")},
        {{QStringLiteral("import"), QStringLiteral("dom0less"), QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("-o"),
          QStringLiteral("no-such-dir/q.devassign.json"), QStringLiteral("--host-out"), QStringLiteral("q.host.dtb")},
         QStringLiteral("devassign import: no-such-dir/q.devassign.json: cannot write: no directory %1/no-such-dir\n").arg(dir.path())},
        {{QStringLiteral("import"), QStringLiteral("dom0less"), QStringLiteral("out/dom0less/host.dtb"), QStringLiteral("-o"),
          QStringLiteral("out"), QStringLiteral("--host-out"), QStringLiteral("q.host.dtb")},
         QStringLiteral("devassign import: out: is a directory; give a file name\n")},
    };
    for (const auto &[command, expected] : refused) {
        const auto r2 = testsupport::runCli(command, dir.path());
        QCOMPARE(r2.exitCode, 2);
        QCOMPARE(r2.err, expected);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("q.devassign.json"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("q.host.dtb"))));
        QCOMPARE(readBytes(dir.filePath(QStringLiteral("out/dom0less/host.dtb"))), exportedHost);
    }
    // The same for xl: the project file may not replace a config or the host DTB.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("x.cfg")), "name = \"x\"\nmemory = 128\n"));
    const auto xlOverHost = testsupport::runCli({QStringLiteral("import"), QStringLiteral("xl"), QStringLiteral("x.cfg"),
        QStringLiteral("--dtb"), QStringLiteral("p.host.dtb"), QStringLiteral("-o"), QStringLiteral("p.host.dtb"), QStringLiteral("--force")}, dir.path());
    QCOMPARE(xlOverHost.exitCode, 2);
    QCOMPARE(xlOverHost.err, QStringLiteral("devassign import: p.host.dtb: is an input of the import (p.host.dtb); write to another file\n"));
    QVERIFY(readBytes(dir.filePath(QStringLiteral("p.host.dtb"))) == b.model->blob());
    // Nor the partial DTB the config's device_tree names.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("y.cfg")), "name = \"y\"\nmemory = 128\ndevice_tree = \"out/rtc/passthrough.dtb\"\n"));
    const QByteArray partialBefore = readBytes(dir.filePath(QStringLiteral("out/rtc/passthrough.dtb")));
    const auto xlOverPartial = testsupport::runCli({QStringLiteral("import"), QStringLiteral("xl"), QStringLiteral("y.cfg"),
        QStringLiteral("--dtb"), QStringLiteral("p.host.dtb"), QStringLiteral("-o"), QStringLiteral("out/rtc/passthrough.dtb"),
        QStringLiteral("--force")}, dir.path());
    QCOMPARE(xlOverPartial.exitCode, 2);
    QVERIFY2(xlOverPartial.err.contains(QLatin1String("is an input of the import")), qPrintable(xlOverPartial.err));
    QCOMPARE(readBytes(dir.filePath(QStringLiteral("out/rtc/passthrough.dtb"))), partialBefore);

    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("out/rtc/passthrough.dtb"))));
    const auto noPartial = testsupport::runCli(forced, dir.path());
    QCOMPARE(noPartial.exitCode, 0);
    QVERIFY2(noPartial.err.contains(QLatin1String("domain rtc: partial DTB ")) &&
             noPartial.err.contains(QLatin1String("rtc/passthrough.dtb not found; devices come from the xen,passthrough marks")),
             qPrintable(noPartial.err));
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
