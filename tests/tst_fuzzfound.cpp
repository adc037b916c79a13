// SPDX-License-Identifier: GPL-2.0-or-later
// Bugs fuzzing found in core, one test each (tests/fuzz/README.md): the host DTB exporters marking
// the node the model means when sibling names are ambiguous, a `reg` entry that runs past 2^64,
// and the root node assigned to a guest. Expected values are read off the DTS in each test.

#include "analysis.h"
#include "exporters.h"
#include "project.h"
#include "testsupport.h"

#include <QtTest>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;

namespace {

constexpr quint64 kMiB = 1024 * 1024;

// `compatible` of every node of `fdt` that carries `xen,passthrough`, in tree order.
QStringList passthroughCompatibles(const QByteArray &fdt)
{
    QStringList out;
    const char *blob = fdt.constData();
    for (int node = fdt_next_node(blob, -1, nullptr); node >= 0; node = fdt_next_node(blob, node, nullptr)) {
        if (!fdt_getprop(blob, node, "xen,passthrough", nullptr))
            continue;
        const char *compatible = static_cast<const char *>(fdt_getprop(blob, node, "compatible", nullptr));
        out << QString::fromLatin1(compatible ? compatible : "?");
    }
    return out;
}

struct Exported {
    HostModelPtr model;
    Project project;
    Analysis analysis;
    ExportContext ctx;
};

// One domain "g" (dom0less and xl) with `devices`, analysed by the real analyze().
std::unique_ptr<Exported> exported(const HostModelPtr &model, const QStringList &devices)
{
    auto e = std::make_unique<Exported>();
    e->model = model;
    DomainConfig g;
    g.name = QStringLiteral("g");
    g.kernel = QStringLiteral("/images/Image");
    g.xl = true;
    g.devices = devices;
    e->project.hostDtb = QStringLiteral("host.dtb");
    e->project.domains = {g};
    e->analysis = analyze(*model, e->project);
    e->ctx.model = model.get();
    e->ctx.project = &e->project;
    e->ctx.analysis = &e->analysis;
    e->ctx.projectFile = QStringLiteral("/work/p.devassign.json");
    e->ctx.fileSizes.insert(QStringLiteral("/images/Image"), 8 * kMiB);
    return e;
}

const char *kHead = R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    chosen { };
    memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x40000000>; };
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;
    };
)";

} // namespace

class TestFuzzFound : public QObject {
    Q_OBJECT
private slots:
    void passthroughMarksUnitlessSiblingAfterUnitAddress();
    void twoNodesAtOnePathAreRefused();
    void regPastTopOfAddressSpaceIsRefused();
    void regEndingAtTopOfAddressSpaceIsKept();
    void rootNodeCannotBeAssigned();
    void duplicatePropertyIsRefused();
    void duplicatePropertyInCopiedStringsIsRefused();
    void firstProblemInStructureOrderIsReported();
    void oddStringListsReadAsWritten();
};

// `bus@9000000` comes first, so libfdt's path lookup of "/bus/dev@1000" enters it (a unit-less
// component matches "bus@…"). The device assigned is the one under `bus`, compatible "test,b".
void TestFuzzFound::passthroughMarksUnitlessSiblingAfterUnitAddress()
{
    QString error;
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kHead) + QStringLiteral(R"(
    bus@9000000 {
        compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
        ranges = <0x0 0x0 0x9000000 0x100000>;
        dev@1000 { compatible = "test,a"; reg = <0x1000 0x1000>; };
    };
    bus {
        compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
        ranges = <0x0 0x0 0xa000000 0x100000>;
        dev@1000 { compatible = "test,b"; reg = <0x1000 0x1000>; };
    };
};
)"), &error);
    QVERIFY2(model, qPrintable(error));
    auto e = exported(model, {QStringLiteral("/bus/dev@1000")});
    QCOMPARE(e->analysis.domains.size(), 1);
    QCOMPARE(e->analysis.domains[0].devices.size(), 1);
    // dev@1000 under bus: 0x1000 on a bus whose 0 is 0xa000000.
    QCOMPARE(e->analysis.domains[0].devices[0].regions.value(0).hostAddress, quint64(0xa001000));

    const QByteArray xl = xlHostDtb(e->ctx, &error);
    QVERIFY2(!xl.isEmpty(), qPrintable(error));
    QCOMPARE(passthroughCompatibles(xl), QStringList{QStringLiteral("test,b")});
    const QByteArray dom0less = dom0lessHostDtb(e->ctx, &error);
    QVERIFY2(!dom0less.isEmpty(), qPrintable(error));
    QCOMPARE(passthroughCompatibles(dom0less), QStringList{QStringLiteral("test,b")});
}

// Two root children both named "dev" (dtc refuses this, so the DTB is written with libfdt): Xen's
// dt_find_node_by_path takes the first, so a project's "/dev" would not mean one node. The blob is
// refused with one line naming the file and the path.
void TestFuzzFound::twoNodesAtOnePathAreRefused()
{
    auto u32s = [](std::initializer_list<quint32> v) {
        QByteArray out;
        for (quint32 c : v) {
            const fdt32_t be = cpu_to_fdt32(c);
            out.append(reinterpret_cast<const char *>(&be), 4);
        }
        return out;
    };
    const QByteArray buf = testsupport::fdtFrom(64 * 1024, [&](void *fdt) {
        auto prop = [&](const char *name, const QByteArray &value) {
            QCOMPARE(fdt_property(fdt, name, value.constData(), value.size()), 0);
        };
        prop("#address-cells", u32s({1}));
        prop("#size-cells", u32s({1}));
        QCOMPARE(fdt_begin_node(fdt, "memory@40000000"), 0);
        prop("device_type", QByteArray("memory", 7));
        prop("reg", u32s({0x40000000, 0x40000000}));
        QCOMPARE(fdt_end_node(fdt), 0);
        QCOMPARE(fdt_begin_node(fdt, "dev"), 0);
        prop("compatible", QByteArray("test,first", 11));
        prop("reg", u32s({0x9000000, 0x1000}));
        QCOMPARE(fdt_end_node(fdt), 0);
        QCOMPARE(fdt_begin_node(fdt, "dev"), 0);
        prop("compatible", QByteArray("test,second", 12));
        prop("reg", u32s({0x9001000, 0x1000}));
        QCOMPARE(fdt_end_node(fdt), 0);
    });
    QVERIFY(!buf.isEmpty());

    QString error;
    QVERIFY(!HostModel::fromBlob(buf, QStringLiteral("dup.dtb"), &error));
    QVERIFY2(error.startsWith(QLatin1String("dup.dtb: two nodes at path '/dev'")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
    // Streamed, the tree is refused with the same line before any node is handed out.
    QString streamError;
    int visited = 0;
    QVERIFY(!HostModel::streamBlob(buf, QStringLiteral("dup.dtb"), &streamError, [&](const Node &) { ++visited; }));
    QCOMPARE(streamError, error);
    QCOMPARE(visited, 0);
    // The same names one level down are refused too, with the deeper path.
    const QByteArray nested = testsupport::fdtFrom(4096, [](void *fdt) {
        fdt_begin_node(fdt, "bus");
        for (int i = 0; i < 2; ++i) {
            fdt_begin_node(fdt, "uart@1000");
            fdt_end_node(fdt);
        }
        fdt_end_node(fdt);
    });
    QVERIFY(!HostModel::fromBlob(nested, QStringLiteral("nested.dtb"), &error));
    QVERIFY2(error.startsWith(QLatin1String("nested.dtb: two nodes at path '/bus/uart@1000'")), qPrintable(error));

    // Paths that differ only in case are one path to Xen (dt_node_cmp is strcasecmp): refused,
    // whether one or both have upper case, and the pair is named in structure order.
    const auto pair = [](const char *first, const char *second) {
        return testsupport::fdtFrom(4096, [&](void *fdt) {
            fdt_begin_node(fdt, "bus");
            for (const char *name : {first, second}) {
                fdt_begin_node(fdt, name);
                fdt_end_node(fdt);
            }
            fdt_end_node(fdt);
        });
    };
    QVERIFY(!HostModel::fromBlob(pair("UART@1000", "uart@1000"), QStringLiteral("case.dtb"), &error));
    QVERIFY2(error == QLatin1String("case.dtb: nodes '/bus/UART@1000' and '/bus/uart@1000' differ only in case; Xen "
                                    "compares node paths ignoring case (dt_node_cmp), so both would name the first"),
             qPrintable(error));
    QVERIFY(!HostModel::streamBlob(pair("UART@1000", "uart@1000"), QStringLiteral("case.dtb"), &streamError,
                                   [&](const Node &) { ++visited; }));
    QCOMPARE(streamError, error);
    QCOMPARE(visited, 0);
    QVERIFY(!HostModel::fromBlob(pair("Uart@1000", "uART@1000"), QStringLiteral("case.dtb"), &error));
    QVERIFY2(error.contains(QLatin1String("'/bus/Uart@1000' and '/bus/uART@1000'")), qPrintable(error));
    // Upper case alone is fine, and so are names that differ in more than case.
    QVERIFY2(HostModel::fromBlob(pair("UART@1000", "uart@2000"), QStringLiteral("fine.dtb"), &error), qPrintable(error));
}

// reg = <0xffffffff 0xfffff000 0x0 0x2000>: starts 4 KiB below 2^64 and is 8 KiB long, so its end
// is 2^64 + 4 KiB. The model must not call it CPU-addressable; the analysis says so once, with the
// rule that explains regions it cannot map, and the plan maps nothing for it.
void TestFuzzFound::regPastTopOfAddressSpaceIsRefused()
{
    QString error;
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kHead) + QStringLiteral(R"(
    wrap@fffffffffffff000 { compatible = "test,wrap"; reg = <0xffffffff 0xfffff000 0x0 0x2000>; };
};
)"), &error);
    QVERIFY2(model, qPrintable(error));
    const Node *n = model->node(QStringLiteral("/wrap@fffffffffffff000"));
    QVERIFY(n);
    QCOMPARE(n->regions.size(), 1);
    QVERIFY(!n->regions[0].cpuAddressable);
    QCOMPARE(n->regions[0].busAddress, quint64(0xfffffffffffff000));
    QVERIFY2(n->regions[0].problem.contains(QLatin1String("2^64")), qPrintable(n->regions[0].problem));

    auto e = exported(model, {n->path});
    QStringList rules;
    for (const Diagnostic &d : e->analysis.diagnostics)
        if (d.node == n->path)
            rules << d.rule;
    QCOMPARE(rules.count(QStringLiteral("region-not-cpu-addressable")), 1);
    QCOMPARE(e->analysis.domains.value(0).devices.value(0).mmio.size(), 0);
}

// The same start, 4 KiB long: its last byte is 2^64 - 1, which is inside the address space.
void TestFuzzFound::regEndingAtTopOfAddressSpaceIsKept()
{
    QString error;
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kHead) + QStringLiteral(R"(
    top@fffffffffffff000 { compatible = "test,top"; reg = <0xffffffff 0xfffff000 0x0 0x1000>; };
};
)"), &error);
    QVERIFY2(model, qPrintable(error));
    const Node *n = model->node(QStringLiteral("/top@fffffffffffff000"));
    QVERIFY(n);
    QCOMPARE(n->regions.size(), 1);
    QVERIFY2(n->regions[0].cpuAddressable, qPrintable(n->regions[0].problem));
    QCOMPARE(n->regions[0].address, quint64(0xfffffffffffff000));
    QCOMPARE(n->regions[0].size, quint64(0x1000));
}

void TestFuzzFound::rootNodeCannotBeAssigned()
{
    Project p;
    DomainConfig d;
    d.name = QStringLiteral("g");
    QVERIFY(addDomain(p, d).ok());
    const Status one = assignDevice(p, QStringLiteral("g"), QStringLiteral("/"));
    QVERIFY(!one.ok());
    QVERIFY2(one.error().contains(QLatin1String("root")), qPrintable(one.error()));
    QVERIFY(!one.error().contains(QLatin1Char('\n')));
    QVERIFY(p.domain(QStringLiteral("g"))->devices.isEmpty());
    // All or nothing: a valid node beside the root is not assigned either.
    const Status many = assignDevices(p, QStringLiteral("g"), {QStringLiteral("/pl031@9010000"), QStringLiteral("/")});
    QVERIFY(!many.ok());
    QVERIFY(p.domain(QStringLiteral("g"))->devices.isEmpty());
    // A real node still goes in.
    QVERIFY(assignDevice(p, QStringLiteral("g"), QStringLiteral("/pl031@9010000")).ok());
    QCOMPARE(p.domain(QStringLiteral("g"))->devices, QStringList{QStringLiteral("/pl031@9010000")});
}

// A node with `compatible` twice (written with libfdt; dtc refuses it): the loader refuses the
// tree with one line naming the file and the property, as dtc would, instead of exporting a
// partial DTB with the property twice.
void TestFuzzFound::duplicatePropertyIsRefused()
{
    const QByteArray buf = testsupport::fdtFrom(4096, [](void *fdt) {
        QCOMPARE(fdt_begin_node(fdt, "uart@9000000"), 0);
        QCOMPARE(fdt_property(fdt, "compatible", "arm,pl011", 10), 0);
        QCOMPARE(fdt_property(fdt, "compatible", "ns16550a", 9), 0);
        QCOMPARE(fdt_end_node(fdt), 0);
    });
    QVERIFY(!buf.isEmpty());
    QString error;
    QVERIFY(!HostModel::fromBlob(buf, QStringLiteral("twice.dtb"), &error));
    QVERIFY2(error.startsWith(QLatin1String("twice.dtb: ")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("'compatible'")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
}

// The same repeat when the two names are two copies in the strings block (libfdt's writer
// shares one copy; a crafted blob need not), in a node with more properties than the pairwise
// comparison handles, and a tree with no repeat among as many names is still read.
void TestFuzzFound::duplicatePropertyInCopiedStringsIsRefused()
{
    const auto blob = [](bool repeat) {
        QByteArray buf = testsupport::fdtFrom(16384, [](void *fdt) {
            fdt_begin_node(fdt, "uart@9000000");
            for (int i = 0; i < 40; ++i)
                fdt_property_u32(fdt, QByteArray("x-prop-" + QByteArray::number(i)).constData(), quint32(i));
            fdt_property(fdt, "compatible", "arm,pl011", 10);
            fdt_property(fdt, "compatiblf", "ns16550a", 9);
            fdt_end_node(fdt);
        });
        if (repeat) { // "compatiblf" becomes a second copy of "compatible" in the strings block
            const int at = buf.indexOf(QByteArray("compatiblf", 11), int(fdt_off_dt_strings(buf.constData())));
            buf[at + 9] = 'e';
        }
        return buf;
    };
    QString error;
    QVERIFY2(HostModel::fromBlob(blob(false), QStringLiteral("distinct.dtb"), &error), qPrintable(error));
    QVERIFY(!HostModel::fromBlob(blob(true), QStringLiteral("copies.dtb"), &error));
    QVERIFY2(error.startsWith(QLatin1String("copies.dtb: ")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("two properties named 'compatible'")), qPrintable(error));
}

// A blob with several problems names the first one in structure order, whatever kind it is: a
// parent's repeated name before its child's, a repeated name before a later bad node name.
void TestFuzzFound::firstProblemInStructureOrderIsReported()
{
    const auto blob = [](bool badChildName) {
        return testsupport::fdtFrom(4096, [&](void *fdt) {
            fdt_begin_node(fdt, "bus@0");
            fdt_property_u32(fdt, "acme,first", 1);
            fdt_property_u32(fdt, "acme,first", 2);
            fdt_begin_node(fdt, badChildName ? "child#1" : "child@1");
            fdt_property_u32(fdt, "acme,second", 1);
            fdt_property_u32(fdt, "acme,second", 2);
            fdt_end_node(fdt);
            fdt_end_node(fdt);
        });
    };
    for (const bool bad : {false, true}) {
        QString error;
        QVERIFY(!HostModel::fromBlob(blob(bad), QStringLiteral("two.dtb"), &error));
        QVERIFY2(error.contains(QLatin1String("two properties named 'acme,first'")), qPrintable(error));
    }
}

// The builder shares one QString per compatible/status text: odd values still read as
// stringListOf reads them (empty strings between NULs, no final NUL, bad UTF-8, an empty status),
// and two nodes with the same text get equal lists.
void TestFuzzFound::oddStringListsReadAsWritten()
{
    const QByteArray compatible("acme,a\0\0acme,\xff\xfe" "b", 17);
    const QByteArray blob = testsupport::fdtFrom(4096, [&](void *fdt) {
        for (const char *name : {"one@1", "two@2"}) {
            fdt_begin_node(fdt, name);
            fdt_property(fdt, "compatible", compatible.constData(), int(compatible.size()));
            fdt_property(fdt, "status", "", 0);
            fdt_end_node(fdt);
        }
        fdt_begin_node(fdt, "three@3");
        fdt_property(fdt, "compatible", "x,y", 3); // no final NUL
        fdt_property(fdt, "status", "disabled\0extra", 15);
        fdt_end_node(fdt);
    });
    QVERIFY(!blob.isEmpty());
    QString error;
    const HostModelPtr model = HostModel::fromBlob(blob, QStringLiteral("odd.dtb"), &error);
    QVERIFY2(model, qPrintable(error));
    const QStringList expected{QStringLiteral("acme,a"), QString(), QString::fromUtf8("acme,\xff\xfe" "b")};
    for (const char *path : {"/one@1", "/two@2"}) {
        const Node *n = model->node(QLatin1String(path));
        QVERIFY(n);
        QCOMPARE(n->compatible, expected);
        QVERIFY(n->status.isEmpty());
    }
    QCOMPARE(model->node(QStringLiteral("/three@3"))->compatible, QStringList{QStringLiteral("x,y")});
    QCOMPARE(model->node(QStringLiteral("/three@3"))->status, QStringLiteral("disabled"));
    QVERIFY(!model->node(QStringLiteral("/three@3"))->enabled);
}

QTEST_GUILESS_MAIN(TestFuzzFound)
#include "tst_fuzzfound.moc"
