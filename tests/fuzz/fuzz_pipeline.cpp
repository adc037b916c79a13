// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the whole pipeline past the loader: the input picks a host tree and a
// project on it (domains, their settings, assignments, dependency decisions, acknowledgements),
// then runs analyze() and every exporter. Input layout (tests/fuzz/make-seeds.py writes seeds):
//
//   u16 LE n | n bytes of project spec | the host DTB (the rest)
//
// The spec is read as a byte stream (Spec below); when it runs out every further value is 0, so
// any bytes make a project. Invariants, each an abort() when broken:
//  - no exporter crashes or trips a sanitizer;
//  - an exporter error is one non-empty line;
//  - every DTB made (partial, dom0less host, xl host) passes fdt_check_full and its header size
//    is its byte size; the partial DTB's DTS (decompiled by dtc) is produced when the DTB was;
//  - dom.cfg: every line is blank, a comment or `key = value` with a key dom.cfg may hold and a
//    value that is one number, one quoted string or one list of quoted strings, ending the line
//    (so no value breaks out of its field); with libxlutil, xlu_cfg_readdata accepts it;
//  - imagebuilder.cfg: every line is blank, a comment or KEY[=index]=value with a number or one
//    single-quoted shell word as the value.

#include "analysis.h"
#include "exporters.h"
#include "hostmodel.h"
#include "project.h"

#include <QRegularExpression>
#include <QSet>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" {
#include <libfdt.h>
#ifdef DEVASSIGN_FUZZ_XLUTIL
#include <libxlutil.h>
#endif
}

using namespace devassign;

namespace {

struct Spec {
    const uint8_t *p;
    size_t n;
    uint8_t u8()
    {
        if (!n)
            return 0;
        --n;
        return *p++;
    }
    uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
    uint32_t u32() { return uint32_t(u16() | (uint32_t(u16()) << 16)); }
    uint64_t u64() { return u32() | (uint64_t(u32()) << 32); }
    // Up to `max` bytes as Latin-1 text (any byte, control characters included).
    QString text(int max)
    {
        const int len = u8() % (max + 1);
        QString s;
        for (int i = 0; i < len; ++i)
            s += QChar(u8());
        return s;
    }
};

[[noreturn]] void broken(const char *what, const QByteArray &detail = {})
{
    fprintf(stderr, "fuzz_pipeline: broken invariant: %s\n%s\n", what, detail.constData());
    abort();
}

void checkOneLine(const QString &error, const char *who)
{
    if (error.isEmpty() || error.contains(QLatin1Char('\n')) || error.contains(QLatin1Char('\r')))
        broken(who, error.toUtf8());
}

void checkDtb(const QByteArray &dtb, const char *who)
{
    if (dtb.size() < 40 || fdt_check_full(dtb.constData(), size_t(dtb.size())) != 0
        || int(fdt_totalsize(dtb.constData())) != dtb.size())
        broken(who);
}

// The keys core/export/domcfg.cpp writes (docs/exports.md, "dom.cfg").
const QSet<QString> &domCfgKeys()
{
    static const QSet<QString> keys = {
        QStringLiteral("name"), QStringLiteral("type"), QStringLiteral("uuid"), QStringLiteral("memory"),
        QStringLiteral("vcpus"), QStringLiteral("kernel"), QStringLiteral("ramdisk"), QStringLiteral("extra"),
        QStringLiteral("device_tree"), QStringLiteral("dtdev"), QStringLiteral("iomem"), QStringLiteral("irqs"),
        QStringLiteral("nr_spis"), QStringLiteral("vuart"), QStringLiteral("gic_version"),
        QStringLiteral("arm_sci"), QStringLiteral("passthrough"), QStringLiteral("maxmem"),
        QStringLiteral("cmdline"), QStringLiteral("on_crash"), QStringLiteral("on_reboot"),
        QStringLiteral("on_poweroff"), QStringLiteral("serial"), QStringLiteral("console"),
    };
    return keys;
}

// Length of the xl string literal at s[i] ("…" with \-escapes), or -1.
int xlStringLength(const QString &s, int i)
{
    if (i >= s.size() || s[i] != QLatin1Char('"'))
        return -1;
    for (int j = i + 1; j < s.size(); ++j) {
        if (s[j] == QLatin1Char('\\')) {
            ++j;
            continue;
        }
        if (s[j] == QLatin1Char('"'))
            return j - i + 1;
    }
    return -1;
}

// A dom.cfg value: a number, one string, or [ strings or numbers ] (possibly empty), and nothing
// after it.
bool isXlValue(const QString &v)
{
    static const QRegularExpression number(QStringLiteral("^(0x[0-9a-fA-F]+|[0-9]+)$"));
    if (number.match(v).hasMatch())
        return true;
    int i = 0;
    auto skipSpace = [&] {
        while (i < v.size() && v[i] == QLatin1Char(' '))
            ++i;
    };
    if (v.startsWith(QLatin1Char('"'))) {
        const int len = xlStringLength(v, 0);
        return len == v.size();
    }
    if (!v.startsWith(QLatin1Char('[')))
        return false;
    i = 1;
    skipSpace();
    bool first = true;
    while (i < v.size() && v[i] != QLatin1Char(']')) {
        if (!first) {
            if (v[i] != QLatin1Char(','))
                return false;
            ++i;
            skipSpace();
            if (i < v.size() && v[i] == QLatin1Char(']'))
                break; // trailing comma
        }
        int len = xlStringLength(v, i);
        if (len < 0) { // or a decimal number (irqs)
            len = 0;
            while (i + len < v.size() && v[i + len].isDigit() && v[i + len].unicode() < 0x80)
                ++len;
            if (len == 0)
                return false;
        }
        i += len;
        skipSpace();
        first = false;
    }
    return i == v.size() - 1 && v[i] == QLatin1Char(']');
}

void checkDomCfg(const QByteArray &cfg)
{
    const QStringList lines = QString::fromUtf8(cfg).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const int eq = line.indexOf(QStringLiteral(" = "));
        if (eq <= 0 || !domCfgKeys().contains(line.left(eq)) || !isXlValue(line.mid(eq + 3)))
            broken("dom.cfg line is not `known_key = one value`", line.toUtf8() + "\n---\n" + cfg);
    }
#ifdef DEVASSIGN_FUZZ_XLUTIL
    XLU_Config *x = xlu_cfg_init(stderr, "dom.cfg");
    const int rc = x ? xlu_cfg_readdata(x, cfg.constData(), cfg.size()) : -1;
    if (x)
        xlu_cfg_destroy(x);
    if (rc != 0)
        broken("libxlutil refuses dom.cfg", cfg);
#endif
}

void checkImageBuilder(const QByteArray &cfg)
{
    static const QRegularExpression assignment(
        QStringLiteral("^[A-Z][A-Z0-9_]*(\\[[0-9]+\\])?=([0-9]+|'([^']|'\\\\'')*')$"));
    for (const QString &line : QString::fromUtf8(cfg).split(QLatin1Char('\n'))) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (!assignment.match(line).hasMatch())
            broken("imagebuilder.cfg line is not KEY=value", line.toUtf8() + "\n---\n" + cfg);
    }
}

// One domain's settings from the spec; addDomain decides whether they are usable.
DomainConfig domainFrom(Spec &s, int index)
{
    static const char *const names[] = {"domU1", "g", "linux-guest", "rtos_2"};
    static const char *const enhanced[] = {"", "enabled", "no-xenstore", "legacy", "disabled", "", "", "bogus"};
    static const char *const gics[] = {"", "v2", "v3", "v4"};
    DomainConfig d;
    const uint8_t nameChoice = s.u8();
    d.name = nameChoice < 0xf0 ? QString::fromLatin1(names[(nameChoice + index) % 4]) : s.text(40);
    const uint8_t f = s.u8();
    d.dom0less = f & 1;
    d.xl = f & 2;
    d.vpl011 = f & 4;
    d.directMap = f & 8;
    d.enhanced = QString::fromLatin1(enhanced[(f >> 4) & 7]);
    d.gicVersion = QString::fromLatin1(gics[s.u8() & 3]);
    d.vcpus = s.u8();
    d.memoryKiB = quint64(s.u16()) * 1024 + (s.u8() & 1 ? s.u8() : 0);
    const uint8_t k = s.u8();
    d.kernel = k < 0xe0 ? QStringLiteral("/images/Image") : s.text(32);
    if (k & 1)
        d.ramdisk = QStringLiteral("/images/initrd.cpio");
    d.bootargs = s.text(48);
    if (f & 0x80)
        d.xlDir = s.text(24);
    for (int i = s.u8() % 3; i > 0; --i) {
        const quint64 address = s.u8() & 1 ? s.u64() : quint64(s.u16()) << 20;
        d.staticMemory.append({address, quint64(s.u16()) << 20});
    }
    return d;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 2 * 1024 * 1024)
        return 0;
    const size_t specLen = std::min<size_t>(data[0] | (data[1] << 8), size - 2);
    Spec s{data + 2, specLen};
    const QByteArray blob(reinterpret_cast<const char *>(data + 2 + specLen), int(size - 2 - specLen));
    QString error;
    const HostModelPtr model = HostModel::fromBlob(blob, QStringLiteral("host.dtb"), &error);
    if (!model)
        return 0; // the loader itself is fuzz_hostmodel's

    const QVector<Node> &nodes = model->nodes();
    auto nodePath = [&](uint16_t v) { return nodes[v % nodes.size()].path; };

    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.hostDtbSha256 = model->sha256();
    const uint8_t flags = s.u8();
    if (flags & 0x10)
        p.xenBootargs = s.text(40);
    for (int i = 0, n = s.u8() % 4 + 1; i < n; ++i) {
        DomainConfig d = domainFrom(s, i);
        if (!addDomain(p, d))
            continue;
        QStringList devices;
        for (int j = s.u8() % 8; j > 0; --j)
            devices << nodePath(s.u16());
        (void)assignDevices(p, d.name, devices);
        for (const QString &dev : devices)
            (void)assignDevice(p, d.name, dev); // one by one what the all-or-nothing refused
        for (int j = s.u8() % 4; j > 0; --j) {
            const QString provider = nodePath(s.u16());
            const uint8_t a = s.u8() % 5; // copy, stub, drop, assign, or devassign's default
            (void)setDependencyDecision(p, d.name, provider,
                                        a == 4 ? std::nullopt : std::optional<DependencyAction>(DependencyAction(a)));
        }
    }
    const QStringList rules = checkedRuleIds();
    for (int j = s.u8() % 4; j > 0 && !rules.isEmpty(); --j) {
        Acknowledgement a;
        a.rule = rules[s.u8() % rules.size()];
        const uint8_t where = s.u8();
        a.node = where & 1 ? nodePath(s.u16()) : QString();
        a.domain = where & 2 && !p.domains.isEmpty() ? p.domains[s.u8() % p.domains.size()].name : QString();
        (void)addAcknowledgement(p, a);
    }

    const Analysis analysis = analyze(*model, p);
    ExportContext ctx(model.get(), &p, &analysis, QStringLiteral("/work/p.devassign.json"));
    ctx.forced = flags & 1;
    ctx.fileSizes.insert(QStringLiteral("/images/Image"), 1 + s.u32() % (64u << 20));
    ctx.fileSizes.insert(QStringLiteral("/images/initrd.cpio"), 1 + s.u32() % (64u << 20));

    for (const DomainPlan &plan : analysis.domains) {
        QString e;
        const QByteArray dtb = partialDtb(ctx, plan, &e);
        if (dtb.isEmpty()) {
            checkOneLine(e, "partialDtb error");
        } else {
            checkDtb(dtb, "partial DTB");
            if (flags & 2) { // runs dtc: a few ms, so only when the input asks
                const QByteArray dts = dtsWithHeader(ctx, dtb, &e, QStringLiteral("passthrough.dtb"));
                if (dts.isEmpty())
                    broken("dtc cannot decompile the partial DTB", e.toUtf8());
            }
        }
        checkDomCfg(domCfg(ctx, plan));
    }
    {
        QString e;
        const QByteArray host = dom0lessHostDtb(ctx, &e);
        if (host.isEmpty())
            checkOneLine(e, "dom0lessHostDtb error");
        else
            checkDtb(host, "dom0less host DTB");
    }
    {
        QString e;
        const QByteArray host = xlHostDtb(ctx, &e);
        if (host.isEmpty())
            checkOneLine(e, "xlHostDtb error");
        else
            checkDtb(host, "xl host DTB");
    }
    checkImageBuilder(imageBuilderConfig(ctx));
    if (auditReport(ctx).isEmpty())
        broken("empty audit.md");
    return 0;
}
