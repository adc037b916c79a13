// SPDX-License-Identifier: GPL-2.0-or-later
#include "bindings.h"

#include <algorithm>

#include "hostmodel.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QStringList>

// The resource file is core/rules.qrc's (vendor-phandles.txt beside rules.json). devassign_core is
// a static library: the resource is registered only when someone asks (as core/rules.cpp does),
// and Q_INIT_RESOURCE must be used outside any namespace.
static void initBindingsResource()
{
    Q_INIT_RESOURCE(rules);
}

namespace devassign::bindings {

namespace {

// The word "syscon" in a property name: at its start or after '-' or ',', and at its end or
// before '-' ("ti,syscon-pcie-ctrl", "arm,syscon"; not "acme,sysconfig"). A hand scan, not a
// regular expression: it runs for every distinct property name of every model built.
bool namesSyscon(QStringView prop)
{
    const QLatin1String word("syscon");
    for (qsizetype at = prop.indexOf(word); at >= 0; at = prop.indexOf(word, at + 1)) {
        const bool startsWord = at == 0 || prop[at - 1] == QLatin1Char('-') || prop[at - 1] == QLatin1Char(',');
        const qsizetype end = at + word.size();
        const bool endsWord = end == prop.size() || prop[end] == QLatin1Char('-');
        if (startsWord && endsWord)
            return true;
    }
    return false;
}

// core/vendor-phandles.txt: name -> how its cells read. A phandle: one node (a list of them reads
// the same). A phandle array: the argument count per entry when the bindings fix it for a list of
// several ("args=1": renesas,vsps = <&vsp0 0>, <&vsp1 1>), else one reference whose arguments the
// vendor binding gives (<&syscon offset mask>, like syscon).
const QHash<QString, PhandleList> &vendorPhandleLists()
{
    static const QHash<QString, PhandleList> lists = [] {
        QHash<QString, PhandleList> out;
        initBindingsResource();
        QFile file(QStringLiteral(":/devassign/vendor-phandles.txt"));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            qFatal("devassign: the resource vendor-phandles.txt is missing from the build");
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QList<QByteArray> fields = line.split('\t');
            if (fields.size() < 3)
                continue;
            const QString name = QString::fromLatin1(fields[0]);
            if (fields[1] != "phandle-array") {
                if (!out.contains(name))
                    out.insert(name, {nullptr, 0, false});
                continue;
            }
            bool fixed = false;
            const int args = fields[2].startsWith("args=") ? fields[2].mid(5).toInt(&fixed) : 0;
            out.insert(name, {nullptr, fixed ? args : kRestIsArguments, false}); // an array line wins
        }
        return out;
    }();
    return lists;
}

} // namespace

bool phandleListFor(const QString &prop, PhandleList *out)
{
    struct Entry { const char *prop; PhandleList list; };
    static const Entry table[] = {
        {"clocks", {"#clock-cells", 0, false}},
        {"assigned-clocks", {"#clock-cells", 0, false}},
        {"assigned-clock-parents", {"#clock-cells", 0, false}},
        {"resets", {"#reset-cells", 0, false}},
        {"power-domains", {"#power-domain-cells", 0, false}},
        {"phys", {"#phy-cells", 0, false}},
        {"dmas", {"#dma-cells", 0, false}},
        {"mboxes", {"#mbox-cells", 0, false}},
        {"iommus", {"#iommu-cells", 0, false}},
        {"interrupts-extended", {"#interrupt-cells", 0, false}},
        {"pwms", {"#pwm-cells", 0, false}},
        {"io-channels", {"#io-channel-cells", 0, false}},
        {"thermal-sensors", {"#thermal-sensor-cells", 0, false}},
        {"access-controllers", {"#access-controller-cells", 0, false}},
        {"interconnects", {"#interconnect-cells", 0, false}},
        {"mux-controls", {"#mux-control-cells", 0, false}},
        {"hwlocks", {"#hwlock-cells", 0, false}},
        {"sound-dai", {"#sound-dai-cells", 0, true}},
        {"msi-parent", {"#msi-cells", 0, true}},
        {"nvmem-cells", {nullptr, 0, false}},
        {"memory-region", {nullptr, 0, false}},
        {"shmem", {nullptr, 0, false}},
        {"sram", {nullptr, 0, false}},
        {"interrupt-parent", {nullptr, 0, false}},
        {"phy-handle", {nullptr, 0, false}},
        {"operating-points-v2", {nullptr, 0, false}},
        {"remote-endpoint", {nullptr, 0, false}},
        {"cpu-idle-states", {nullptr, 0, false}},
        {"next-level-cache", {nullptr, 0, false}},
        {"memory-controller", {nullptr, 0, false}},
        // Single phandles (or lists of them) of common Linux bindings: usb/generic-ehci.yaml
        // (companion), usb/usb-device.yaml (peer-hub), usb/usb.yaml (usb-phy),
        // display/connector/hdmi-connector.yaml (ddc-i2c-bus), display/brcm,bcm2711-hdmi.yaml (ddc),
        // display/panel/panel-common.yaml (backlight), opp/opp-v2-base.yaml (required-opps),
        // extcon consumers (extcon).
        {"companion", {nullptr, 0, false}},
        {"peer-hub", {nullptr, 0, false}},
        {"usb-phy", {nullptr, 0, false}},
        {"ddc-i2c-bus", {nullptr, 0, false}},
        {"ddc", {nullptr, 0, false}},
        {"backlight", {nullptr, 0, false}},
        {"required-opps", {nullptr, 0, false}},
        {"extcon", {nullptr, 0, false}},
        // The other non-vendor phandle and phandle-array properties of Linux 6.1's bindings and
        // dt-schema (tests/data/phandle-properties.txt, tools/phandle-properties), so none is
        // copied raw into a guest. Specifiers with a cells property: thermal/thermal-zones.yaml
        // (cooling-device, #cooling-cells), mux/mux-consumer.yaml (mux-states), dvfs/
        // performance-domain.yaml, net/ethernet-phy.yaml (pses), timestamp/hte-consumer.yaml,
        // leds/common.yaml (trigger-sources; a provider may leave #trigger-source-cells out),
        // net/nfc/marvell,nci.yaml (reset-n-io is a GPIO specifier).
        {"cooling-device", {"#cooling-cells", 0, false}},
        {"mux-states", {"#mux-state-cells", 0, false}},
        {"performance-domains", {"#performance-domain-cells", 0, false}},
        {"pses", {"#pse-cells", 0, false}},
        {"timestamps", {"#timestamp-cells", 0, false}},
        {"trigger-sources", {"#trigger-source-cells", 0, true}},
        {"reset-n-io", {"#gpio-cells", 0, false}},
        // Fixed arguments: gpio/gpio.yaml (gpio-ranges = <&pinctrl gpio-offset pin-offset count>),
        // crypto/intel,ixp4xx-crypto.yaml (queue-rx, queue-txready = <&qmgr queue>),
        // net/nxp,dwmac-imx.yaml (intf_mode = <&gpr offset>).
        {"gpio-ranges", {nullptr, 3, false}},
        {"queue-rx", {nullptr, 1, false}},
        {"queue-txready", {nullptr, 1, false}},
        {"intf_mode", {nullptr, 1, false}},
        // Lists of plain phandles.
        {"affinity", {nullptr, 0, false}},              // interrupt-controller/arm,gic-v3.yaml (ppi-partitions)
        {"interrupt-affinity", {nullptr, 0, false}},    // arm/pmu.yaml
        {"cpus", {nullptr, 0, false}},
        {"wakeup-parent", {nullptr, 0, false}},         // interrupt-controller.yaml
        {"domain-idle-states", {nullptr, 0, false}},    // power/power-domain.yaml
        {"power-supplies", {nullptr, 0, false}},        // power/supply/power-supply.yaml
        {"regulator-coupled-with", {nullptr, 0, false}}, // regulator/regulator.yaml
        {"nvmem", {nullptr, 0, false}},                 // nvmem/nvmem-consumer.yaml
        {"dma-masters", {nullptr, 0, false}},           // dma/dma-router.yaml
        {"leds", {nullptr, 0, false}},                  // leds/backlight/led-backlight.yaml
        {"flash-leds", {nullptr, 0, false}},            // media/video-interface-devices.yaml
        {"lens-focus", {nullptr, 0, false}},
        {"link", {nullptr, 0, false}},                  // net/dsa/dsa-port.yaml
        {"ethernet", {nullptr, 0, false}},
        {"pm_qos", {nullptr, 0, false}},                // power/rockchip,power-controller.yaml
        {"devfreq-events", {nullptr, 0, false}},
        {"devfreq", {nullptr, 0, false}},
        {"device-handle", {nullptr, 0, false}},
        {"ports", {nullptr, 0, false}},                 // display/rockchip/rockchip-drm.yaml
        {"dais", {nullptr, 0, false}},                  // sound/audio-graph.yaml
        {"links", {nullptr, 0, false}},                 // sound/audio-graph-card2.yaml
        {"aux-devs", {nullptr, 0, false}},
        {"audio-aux-devs", {nullptr, 0, false}},
        {"audio-codec", {nullptr, 0, false}},
        {"audio-cpu", {nullptr, 0, false}},
        {"audio-amplifier", {nullptr, 0, false}},
        {"i2s-controller", {nullptr, 0, false}},
        {"capture", {nullptr, 0, false}},               // sound/renesas,rsnd.yaml
        {"playback", {nullptr, 0, false}},
        {"bitclock-master", {nullptr, 0, false}},       // sound/audio-graph-port.yaml
        {"frame-master", {nullptr, 0, false}},
        // Single phandles: mmc/mmc-controller.yaml (mmc-pwrseq), net/ethernet-controller.yaml
        // (sfp, pcs-handle), net/sff,sfp.yaml (i2c-bus), i2c/i2c-mux-gpio.yaml (i2c-parent),
        // power/supply (monitored-battery, battery), thermal/thermal-zones.yaml (trip), ...
        {"mmc-pwrseq", {nullptr, 0, false}},
        {"sfp", {nullptr, 0, false}},
        {"pcs-handle", {nullptr, 0, false}},
        {"pcsphy-handle", {nullptr, 0, false}},
        {"tbi-handle", {nullptr, 0, false}},
        {"ptp-timer", {nullptr, 0, false}},
        {"mdio-parent-bus", {nullptr, 0, false}},
        {"i2c-bus", {nullptr, 0, false}},
        {"i2c-parent", {nullptr, 0, false}},
        {"monitored-battery", {nullptr, 0, false}},
        {"battery", {nullptr, 0, false}},
        {"vbus-regulator", {nullptr, 0, false}},
        {"trip", {nullptr, 0, false}},
        {"cpu", {nullptr, 0, false}},
        {"cci-control-port", {nullptr, 0, false}},
        {"display", {nullptr, 0, false}},
        {"phy", {nullptr, 0, false}},
        {"hdmi-phandle", {nullptr, 0, false}},
        {"gpr", {nullptr, 0, false}},
        {"ctrl-module", {nullptr, 0, false}},
        {"regmap", {nullptr, 0, false}},
        {"iram", {nullptr, 0, false}},
        {"sata", {nullptr, 0, false}},
        {"nand-ecc-engine", {nullptr, 0, false}},
        {"native-mode", {nullptr, 0, false}},
        {"link2", {nullptr, 0, false}},
        {"mode-reg", {nullptr, 0, false}},
        {"flash", {nullptr, 0, false}},
        {"slave-dev", {nullptr, 0, false}},
    };
    // Some 130 names: hashed once, not compared one by one for every distinct name of every tree.
    static const QHash<QString, PhandleList> byName = [] {
        QHash<QString, PhandleList> h;
        for (const Entry &e : table)
            h.insert(QLatin1String(e.prop), e.list);
        return h;
    }();
    if (const auto it = byName.constFind(prop); it != byName.constEnd()) {
        *out = *it;
        return true;
    }
    if (prop == QLatin1String("gpios") || prop == QLatin1String("gpio") || prop.endsWith(QLatin1String("-gpios"))
        || prop.endsWith(QLatin1String("-gpio"))) {
        *out = {"#gpio-cells", 0, false};
        return true;
    }
    if (prop.endsWith(QLatin1String("-supply"))) {
        *out = {nullptr, 0, false};
        return true;
    }
    if (isPinctrlState(prop)) {
        *out = {nullptr, 0, false};
        return true;
    }
    // References to system controllers and vendor helpers: one phandle, then arguments whose meaning
    // the vendor binding gives (an offset, an index). Linux bindings mfd/syscon.yaml;
    // usb/ci-hdrc-usb2.yaml (fsl,usbmisc = <&usbmisc index>); net/ti,k3-am654-cpsw-nuss.yaml
    // (ti,syscon-efuse = <&scm_conf offset>); soc/rockchip/grf.yaml (rockchip,grf).
    static const char *const vendorReferences[] = {
        "syscon", "rockchip,grf", "rockchip,pmu", "rockchip,php-grf", "rockchip,pipe-grf", "fsl,usbmisc",
        "fsl,gpr", "fsl,imx-src", "ti,scm", "qcom,tcsr", "samsung,sysreg", "nvidia,pmc",
    };
    for (const char *name : vendorReferences)
        if (prop == QLatin1String(name)) {
            *out = {nullptr, kRestIsArguments, false};
            return true;
        }
    if (namesSyscon(prop)) {
        *out = {nullptr, kRestIsArguments, false};
        return true;
    }
    // The vendor properties Linux's bindings type as a phandle or a phandle array
    // (core/vendor-phandles.txt, made by tools/phandle-properties --vendor): snps,axi-config,
    // fsl,stop-mode, ... Their names often end like a number's (-config, -mode), so the guess
    // of mayHoldPhandle would not take them.
    if (const auto list = vendorPhandleLists().constFind(prop); list != vendorPhandleLists().constEnd()) {
        *out = *list;
        return true;
    }
    return false;
}

bool mayHoldPhandle(const QString &prop)
{
    if (!prop.contains(QLatin1Char(',')) || prop.startsWith(QLatin1Char('#')))
        return false;
    // Vendor properties whose name says they hold a number (bindings' unit suffixes,
    // dt-schema property-units.yaml, and the common counts, masks and modes).
    static const QRegularExpression numeric(QStringLiteral(
        "-(delay|delays|frequency|hz|khz|mhz|sec|ms|us|ns|ps|microvolt|mv|microamp|ua|ma|ohms|kohm|micro-ohms|percent|bits|bit|"
        "bytes|size|sizes|num|nums|count|cells|mask|offset|index|id|ids|mode|modes|value|values|level|levels|rate|rates|"
        "width|depth|timeout|threshold|polarity|celsius|millicelsius|kpascal|ppm|db|gain|fifo|len|length|version|"
        "addr|address|reg|regs|cfg|config|type|sel|select|strength|ctrl|enable|drive|phase|div|divider|mult|"
        "retries|period|duty|speed|lanes|channels|ports)$"));
    return !numeric.match(prop).hasMatch();
}

// Properties whose entries are parallel to a phandle list's entries (the "-names" companions).
QString namesCompanion(const QString &prop)
{
    static const QHash<QString, QString> table = {
        {QStringLiteral("clocks"), QStringLiteral("clock-names")},
        {QStringLiteral("resets"), QStringLiteral("reset-names")},
        {QStringLiteral("dmas"), QStringLiteral("dma-names")},
        {QStringLiteral("phys"), QStringLiteral("phy-names")},
        {QStringLiteral("mboxes"), QStringLiteral("mbox-names")},
        {QStringLiteral("power-domains"), QStringLiteral("power-domain-names")},
        {QStringLiteral("io-channels"), QStringLiteral("io-channel-names")},
        {QStringLiteral("nvmem-cells"), QStringLiteral("nvmem-cell-names")},
        {QStringLiteral("pwms"), QStringLiteral("pwm-names")},
        {QStringLiteral("interconnects"), QStringLiteral("interconnect-names")},
        {QStringLiteral("memory-region"), QStringLiteral("memory-region-names")},
        {QStringLiteral("sram"), QStringLiteral("sram-names")},
    };
    return table.value(prop);
}

bool isClockProperty(const QString &prop)
{
    return prop == QLatin1String("clocks") || prop == QLatin1String("assigned-clocks")
        || prop == QLatin1String("assigned-clock-parents");
}

bool isSupplyProperty(const QString &prop)
{
    return prop.endsWith(QLatin1String("-supply"));
}

bool isStubbableProperty(const QString &prop)
{
    return isClockProperty(prop) || isSupplyProperty(prop);
}

bool isPinctrlState(const QString &prop)
{
    // "pinctrl-" followed by digits only (pinctrl-bindings.txt); a hand scan: it runs for every
    // property of every device on every re-analysis.
    static const QLatin1String prefix("pinctrl-");
    if (prop.size() <= prefix.size() || !prop.startsWith(prefix))
        return false;
    return std::all_of(prop.cbegin() + prefix.size(), prop.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

bool handledByXen(const QString &property)
{
    return property == QLatin1String("interrupt-parent") || property == QLatin1String("interrupts-extended")
        || property == QLatin1String("iommus") || property == QLatin1String("iommu-map");
}

bool isSimpleProvider(const HostModel &model, const Node &n, int depth)
{
    static const QStringList simple = {QStringLiteral("fixed-clock"), QStringLiteral("fixed-factor-clock"),
                                       QStringLiteral("regulator-fixed")};
    if (depth > 8 || n.hasReg)
        return false;
    bool match = false;
    for (const QString &c : n.compatible)
        match = match || simple.contains(c);
    if (!match)
        return false;
    for (const Dependency &d : n.dependencies) {
        if (d.property == QLatin1String("interrupt-parent"))
            continue;
        const Node *t = model.node(d.target);
        if (!t || !isSimpleProvider(model, *t, depth + 1))
            return false;
    }
    return true;
}

std::optional<quint32> providerRate(const Node &provider)
{
    const Property *p = provider.property(QStringLiteral("clock-frequency"));
    if (!p || (p->value.size() != 4 && p->value.size() != 8))
        return std::nullopt;
    const QVector<quint32> cells = cellsOf(p->value);
    const quint64 hz = cellsToU64(cells.constData(), cells.size());
    if (hz > 0xffffffffULL)
        return std::nullopt;
    return quint32(hz);
}

StubClockRate stubClockRate(const HostModel &model, const Node &consumer, const Dependency &clock)
{
    StubClockRate out;
    if (const Node *provider = model.node(clock.target))
        if (const std::optional<quint32> hz = providerRate(*provider)) {
            out.hz = *hz;
            out.source = StubClockRate::Provider;
            return out;
        }
    // assigned-clock-rates is parallel to assigned-clocks (clock/clock-bindings.txt).
    const Property *rates = consumer.property(QStringLiteral("assigned-clock-rates"));
    if (!rates)
        return out;
    const QVector<quint32> cells = cellsOf(rates->value);
    int index = 0;
    for (const Dependency &d : consumer.dependencies) {
        if (d.property != QLatin1String("assigned-clocks"))
            continue;
        if (d.target == clock.target && d.args == clock.args && cells.value(index) != 0) {
            out.hz = cells.value(index);
            out.source = StubClockRate::AssignedRate;
            return out;
        }
        ++index;
    }
    return out;
}

namespace {

// A node's own cell count property: the value, -1 when absent, or -2 when it is not one cell or
// is above 32 (no binding has more; the model builder treats such a count as broken too).
int ownCells(const Node &n, QLatin1String name)
{
    const Property *p = n.property(name);
    if (!p)
        return -1;
    const quint32 v = p->value.size() == 4 ? firstCell(p->value) : 33;
    return v <= 32 ? int(v) : -2;
}

} // namespace

bool interruptMapEntries(const HostModel &model, const Node &nexus, QVector<InterruptMapEntry> *out)
{
    out->clear();
    const Property *prop = nexus.property(QLatin1String("interrupt-map"));
    bool ok = false;
    const QVector<quint32> map = prop ? cellsOf(prop->value, &ok) : QVector<quint32>();
    // The child unit address: the nexus' #address-cells, else the nearest ancestor's, else 2: the
    // walk of Linux's of_irq_parse_raw and Xen's dt_irq_map_raw (and the model's unitAddress).
    int childAddressCells = -1;
    for (const Node *cur = &nexus; cur && childAddressCells == -1; cur = model.parentOf(*cur))
        childAddressCells = ownCells(*cur, QLatin1String("#address-cells"));
    if (childAddressCells == -1)
        childAddressCells = 2;
    const int childIrqCells = ownCells(nexus, QLatin1String("#interrupt-cells"));
    if (!ok || map.isEmpty() || childAddressCells < 0 || childIrqCells < 0)
        return false;
    const qsizetype childCells = childAddressCells + childIrqCells; // at most 64
    QVector<InterruptMapEntry> entries;
    for (qsizetype i = 0; i < map.size();) {
        InterruptMapEntry e;
        if (childCells + 1 > map.size() - i)
            return false;
        e.child = map.mid(i, childCells);
        i += childCells;
        e.parent = model.nodeByPhandle(map[i++]);
        if (!e.parent)
            return false;
        int addressCells = ownCells(*e.parent, QLatin1String("#address-cells"));
        if (addressCells == -1)
            addressCells = 0; // the parent's unit address: 0 cells when absent (of_irq_parse_raw)
        const int irqCells = ownCells(*e.parent, QLatin1String("#interrupt-cells"));
        if (addressCells < 0 || irqCells < 0 || addressCells + irqCells > map.size() - i)
            return false;
        e.parentAddress = map.mid(i, addressCells);
        e.parentSpecifier = map.mid(i + addressCells, irqCells);
        i += addressCells + irqCells;
        entries.append(e);
    }
    *out = entries;
    return true;
}

} // namespace devassign::bindings
