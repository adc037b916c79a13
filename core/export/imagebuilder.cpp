// SPDX-License-Identifier: GPL-2.0-or-later
// ImageBuilder config (scripts/uboot-script-gen of xen-project/imagebuilder): the dom0less
// domains for users who build their boot script with ImageBuilder. Variables: docs/exports.md.

#include "exporters.h"
#include "planner.h"
#include "export/exportutil.h"
#include "export/hostdtb.h"

#include <QDir>
#include <QHash>

#include <algorithm>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

using namespace exportutil;

namespace {

// ImageBuilder sources this file with bash: every value is one single-quoted shell word
// (format::shellWord), so nothing in it is expanded or ends the assignment.
QString shellQuoted(const QString &s)
{
    return format::shellWord(s);
}

// A command line read from the host DTB (/chosen's xen,xen-bootargs or bootargs) on one line:
// uboot-script-gen writes XEN_CMD and DOM0_CMD into a U-Boot script line (`fdt set /chosen
// xen,xen-bootargs "..."`), where a line feed would end that command and start another. A host
// tree has no control characters in a command line unless it was made to; each becomes the
// space that separates options. (A project's own values are refused when set: core/project.cpp.)
QString hostCommandLine(QString args)
{
    for (QChar &c : args)
        if (format::isControlCharacter(c))
            c = QLatin1Char(' ');
    return args;
}

// The dom0less domains, in the order imagebuilder.cfg numbers them.
QVector<const DomainPlan *> dom0lessDomains(const ExportContext &ctx)
{
    QVector<const DomainPlan *> domus;
    if (ctx.analysis)
        for (const DomainPlan &p : ctx.analysis->domains)
            if (p.config.dom0less)
                domus.append(&p);
    return domus;
}

bool anyPassthrough(const QVector<const DomainPlan *> &domus)
{
    return std::any_of(domus.cbegin(), domus.cend(), [](const DomainPlan *p) { return !p->devices.isEmpty(); });
}

// Where explicitXenBootargs() found the Xen command line (core/export/exportutil.cpp), for a finding.
QString xenBootargsOrigin(const ExportContext &ctx)
{
    const Node *chosen = ctx.model->node(QStringLiteral("/chosen"));
    const Property *p = chosen ? chosen->property(QStringLiteral("xen,xen-bootargs")) : nullptr;
    if (p && !stringListOf(p->value).value(0).isEmpty())
        return QStringLiteral("the host DTB's /chosen xen,xen-bootargs");
    if (ctx.project && !ctx.project->xenBootargs.isEmpty())
        return QStringLiteral("the project's xen_bootargs");
    return QStringLiteral("devassign's default Xen command line, from the host DTB's console");
}

// `VAR='value'`, or a comment saying why VAR is left out (imageBuilderUbootValues).
QString ubootAssignment(const UbootValue &v)
{
    if (!v.clash.isEmpty())
        return QStringLiteral("# %1 left out: %2 is %3, like %4, but from another path; ImageBuilder "
                              "finds files by name in one directory (rule imagebuilder-file-name-clash)")
            .arg(v.variable, format::commentText(v.origin, format::CommentSyntax::Hash),
                 format::commentText(v.text, format::CommentSyntax::Hash), format::commentText(v.clash, format::CommentSyntax::Hash));
    QString what;
    const int at = ubootSyntaxCharacter(v.text, v.field, &what);
    if (at < 0)
        return QStringLiteral("%1=%2").arg(v.variable, shellQuoted(v.text));
    return QStringLiteral("# %1 left out: %2 holds %3 at position %4, which U-Boot would read as script syntax in "
                          "the boot script uboot-script-gen writes (rule imagebuilder-unsafe-text)")
        .arg(v.variable, format::commentText(v.origin, format::CommentSyntax::Hash), what, QString::number(at + 1));
}

// One value of imageBuilderUbootValues(); `source` is a file's path as the project gives it.
UbootValue ubootValue(const QString &variable, const QString &domain, const QString &origin, const QString &text,
                      UbootField field, const QString &source = QString())
{
    UbootValue v;
    v.variable = variable;
    v.domain = domain;
    v.origin = origin;
    v.text = text;
    v.field = field;
    v.source = source;
    return v;
}

} // namespace

QVector<UbootValue> imageBuilderUbootValues(const ExportContext &ctx)
{
    QVector<UbootValue> values;
    if (!ctx.model)
        return values;
    if (ctx.project) {
        const QString hostDtb = baseName(ctx.project->hostDtb);
        if (!hostDtb.isEmpty())
            values.append(ubootValue(QStringLiteral("DEVICE_TREE"), QString(), QStringLiteral("the host DTB's file name"), hostDtb,
                           UbootField::FileName, ctx.project->hostDtb));
    }
    values.append(ubootValue(QStringLiteral("XEN_CMD"), QString(), xenBootargsOrigin(ctx), hostCommandLine(xenBootargs(ctx)), UbootField::QuotedString));
    const QVector<const DomainPlan *> domus = dom0lessDomains(ctx);
    // uboot-script-gen sets xen,dom0-bootargs to "$DOM0_CMD" whenever DOM0_KERNEL is set, so the
    // flags dom0less/host.dtb carries would be lost on a boot with a dom0 (rule dom0-gates-clocks).
    if (anyPassthrough(domus)) {
        const void *fdt = ctx.model->blob().constData();
        values.append(ubootValue(QStringLiteral("DOM0_CMD"), QString(), QStringLiteral("dom0's command line from the host DTB's /chosen"),
                       hostCommandLine(dom0BootargsKeepingClocks(fdt, fdt_path_offset(fdt, "/chosen"), true)),
                       UbootField::QuotedString));
    }
    for (int i = 0; i < domus.size(); ++i) {
        const DomainConfig &d = domus[i]->config;
        const QString idx = QStringLiteral("[%1]").arg(i);
        const auto origin = [&](const char *field) { return QStringLiteral("domain %1's %2").arg(d.name, QLatin1String(field)); };
        if (!d.kernel.isEmpty())
            values.append(ubootValue(QStringLiteral("DOMU_KERNEL") + idx, d.name, origin("kernel file name"), baseName(d.kernel),
                           UbootField::FileName, d.kernel));
        if (!d.ramdisk.isEmpty())
            values.append(ubootValue(QStringLiteral("DOMU_RAMDISK") + idx, d.name, origin("ramdisk file name"), baseName(d.ramdisk),
                           UbootField::FileName, d.ramdisk));
        if (!d.bootargs.isEmpty())
            values.append(ubootValue(QStringLiteral("DOMU_CMD") + idx, d.name, origin("bootargs"), d.bootargs, UbootField::QuotedString));
        // Safe today because domain names and node names are restricted where they enter
        // (isValidDomainName, dtsource.cpp nameProblem); listed so that stays true here too.
        if (!domus[i]->devices.isEmpty()) {
            QStringList paths;
            for (const DevicePlan &dev : domus[i]->devices)
                paths << dev.hostPath;
            values.append(ubootValue(QStringLiteral("DOMU_PASSTHROUGH_DTB") + idx, d.name, origin("partial DTB"),
                           d.name + QStringLiteral("/passthrough.dtb"), UbootField::Path));
            values.append(ubootValue(QStringLiteral("DOMU_PASSTHROUGH_PATHS") + idx, d.name, origin("device paths"),
                           paths.join(QLatin1Char(' ')), UbootField::PathList));
        }
    }
    // uboot-script-gen -d DIR loads every file by its name in DIR: two files of one name from
    // different paths would both load whichever sits in DIR.
    for (UbootValue &v : values)
        for (const UbootValue &other : values)
            if (v.clash.isEmpty() && !v.source.isEmpty() && !other.source.isEmpty() && &v != &other
                && v.text == other.text && QDir::cleanPath(v.source) != QDir::cleanPath(other.source))
                v.clash = other.origin;
    return values;
}

// U-Boot runs ImageBuilder's boot script with hush (common/cli_hush.c) or, without
// CONFIG_HUSH_PARSER, its simple parser (common/cli_simple.c). Inside hush's double quotes `"`
// ends the string, `\` escapes, `$` expands a variable and `'` still opens a single-quoted part
// (U-Boot's hush maps \ $ ' " as "never flow through"); the simple parser ignores double quotes:
// it splits commands at `;`, quotes with `'`, escapes with `\` and expands `$`. `fdt set` then
// reads a value that starts with `<` as cells and one with `[` as bytes (fdt_parse_prop,
// cmd/fdt.c). A file name is an unquoted word of a load command, and uboot-script-gen also
// expands it unquoted in bash: letters, digits and characters neither reads as syntax or a glob.
int ubootSyntaxCharacter(const QString &text, UbootField field, QString *what, QString *meaning)
{
    struct Special {
        char c;
        const char *what;
        const char *meaning;
    };
    static const Special specials[] = {
        {'"', "a double quote", "the end of the quoted string, after which the rest runs as U-Boot commands"},
        {'\\', "a backslash", "an escape of the next character"},
        {'$', "a dollar sign", "the start of a U-Boot variable, replaced by its value"},
        {';', "a semicolon", "a command separator (U-Boot's simple parser does not honour double quotes)"},
        {'\'', "a single quote", "the start of a single-quoted part (hush opens one even inside double quotes)"},
        // Refused defensively: U-Boot's hush parsers leave it alone (cli_hush_modern.c builds
        // busybox hush without ENABLE_HUSH_TICK), but busybox hush built with it substitutes
        // commands in backquotes even inside double quotes.
        {'`', "a backquote", "the start of a command substitution in a busybox hush built with HUSH_TICK"},
    };
    static const QString fileNameChars = QStringLiteral("._+-@%,=:~(){}<>!");
    const auto found = [&](int at, const QString &w, const QString &m) {
        if (what)
            *what = w;
        if (meaning)
            *meaning = m;
        return at;
    };
    if (field == UbootField::QuotedString && (text.startsWith(QLatin1Char('<')) || text.startsWith(QLatin1Char('['))))
        return found(0, text.startsWith(QLatin1Char('<')) ? QStringLiteral("a leading <") : QStringLiteral("a leading ["),
                     QStringLiteral("the start of a cell or byte list, which fdt set writes instead of a string"));
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        for (const Special &s : specials)
            if (c == QLatin1Char(s.c))
                return found(i, QLatin1String(s.what), QLatin1String(s.meaning));
        bool literal = !format::isControlCharacter(c);
        if (field != UbootField::QuotedString) {
            const bool separator = field == UbootField::PathList && c == QLatin1Char(' ') && i > 0
                && i + 1 < text.size() && text.at(i + 1) != QLatin1Char(' ');
            literal = literal && (c.isLetterOrNumber() || fileNameChars.contains(c) || separator
                                  || (field != UbootField::FileName && c == QLatin1Char('/')));
        }
        if (!literal)
            return found(i, c == QLatin1Char(' ') ? QStringLiteral("a space") : format::characterName(c),
                         QStringLiteral("a separator, glob or syntax in an unquoted command word"));
    }
    return -1;
}

QByteArray imageBuilderConfig(const ExportContext &ctx)
{
    QStringList lines;
    lines << QStringLiteral("# ") + generatedComment(ctx, format::CommentSyntax::Hash);
    if (ctx.forced)
        lines << QStringLiteral("# ") + forcedLine(ctx);
    lines << QStringLiteral("# ImageBuilder config (uboot-script-gen -c imagebuilder.cfg -d DIR): paths are relative to DIR;")
          << QStringLiteral("# put the host DTB, Xen and the domains' kernels/ramdisks there. ImageBuilder marks")
          << QStringLiteral("# DOMU_PASSTHROUGH_PATHS with xen,passthrough itself.");
    if (ctx.model && ctx.project) {
        const QVector<MemoryRange> banks = hostRamBanks(*ctx.model, *ctx.project);
        if (!banks.isEmpty()) {
            lines << QStringLiteral("MEMORY_START=%1").arg(shellQuoted(hex(banks.front().address)));
            lines << QStringLiteral("MEMORY_END=%1").arg(shellQuoted(hex(banks.front().address + banks.front().size)));
        }
    }
    // Every value uboot-script-gen copies into its U-Boot script, by variable.
    QHash<QString, UbootValue> ubootValues;
    for (const UbootValue &v : imageBuilderUbootValues(ctx))
        ubootValues.insert(v.variable, v);
    const auto assign = [&](const QString &variable) { return ubootAssignment(ubootValues.value(variable)); };
    lines << (ubootValues.contains(QStringLiteral("DEVICE_TREE")) ? assign(QStringLiteral("DEVICE_TREE"))
                                                                  : QStringLiteral("DEVICE_TREE='host.dtb'"));
    lines << QStringLiteral("XEN='xen'");
    if (ubootValues.contains(QStringLiteral("XEN_CMD")))
        lines << assign(QStringLiteral("XEN_CMD"));
    const QVector<const DomainPlan *> domus = dom0lessDomains(ctx);
    if (ubootValues.contains(QStringLiteral("DOM0_CMD")))
        lines << QStringLiteral("# read only when DOM0_KERNEL is set: dom0 must not switch off the domains' clocks")
              << assign(QStringLiteral("DOM0_CMD"));
    bool mediated = false;
    for (const DomainPlan *p : domus)
        mediated = mediated || (p->needsScmi && ctx.project && ctx.project->platform.scmiMediator);
    if (mediated)
        lines << QStringLiteral("# devassign's SCMI mediator needs scmi-policy.bin as a \"devassign,scmi-policy\" module")
              << QStringLiteral("# directly under /chosen, which ImageBuilder has no variable for (dom0less/host.dtb has it)");
    lines << QStringLiteral("NUM_DOMUS=%1").arg(domus.size());
    for (int i = 0; i < domus.size(); ++i) {
        const DomainConfig &d = domus[i]->config;
        const QString idx = QStringLiteral("[%1]").arg(i);
        lines << QString() << QStringLiteral("# domain %1").arg(format::commentText(d.name, format::CommentSyntax::Hash));
        for (const char *variable : {"DOMU_KERNEL", "DOMU_RAMDISK"})
            if (ubootValues.contains(QLatin1String(variable) + idx))
                lines << assign(QLatin1String(variable) + idx);
        for (const char *variable : {"DOMU_PASSTHROUGH_DTB", "DOMU_PASSTHROUGH_PATHS"})
            if (ubootValues.contains(QLatin1String(variable) + idx))
                lines << assign(QLatin1String(variable) + idx);
        lines << QStringLiteral("DOMU_MEM%1=%2").arg(idx).arg((d.memoryKiB + 1023) / 1024); // MiB
        lines << QStringLiteral("DOMU_VCPUS%1=%2").arg(idx).arg(d.vcpus);
        if (ubootValues.contains(QStringLiteral("DOMU_CMD") + idx))
            lines << assign(QStringLiteral("DOMU_CMD") + idx);
        if (!d.staticMemory.isEmpty()) {
            QStringList banks;
            for (const MemoryRange &r : d.staticMemory)
                banks << hex(r.address) << hex(r.size);
            lines << QStringLiteral("DOMU_STATIC_MEM%1=%2").arg(idx, shellQuoted(banks.join(QLatin1Char(' '))));
        }
        // ImageBuilder defaults DOMU_DIRECT_MAP to 1 with static memory: always say it explicitly.
        if (d.directMap || !d.staticMemory.isEmpty())
            lines << QStringLiteral("DOMU_DIRECT_MAP%1=%2").arg(idx).arg(d.directMap ? 1 : 0);
        if (domus[i]->needsScmi && !ctx.project->platform.scmiMediator)
            lines << QStringLiteral("# domain %1 gets SCMI: its /chosen node needs xen,sci_type = \"scmi_smc\", which "
                                    "ImageBuilder has no variable for (dom0less/host.dtb has it)")
                         .arg(format::commentText(d.name, format::CommentSyntax::Hash));
        // ImageBuilder gives every domU a vPL011 unless DOMU_VPL011 is 0, and makes it enhanced
        // (xen,enhanced = "enabled") by default when a dom0 is loaded (its README: DOMU_VPL011,
        // DOMU_ENHANCED 0, 1 or 2). Say both explicitly, so the boot script matches
        // dom0less/host.dtb, where no vpl011 and no xen,enhanced mean neither.
        if (!d.vpl011)
            lines << QStringLiteral("DOMU_VPL011%1=0").arg(idx);
        if (d.enhanced == QLatin1String("legacy"))
            lines << QStringLiteral("# domain %1 has xen,enhanced = \"legacy\", which ImageBuilder has no value for "
                                    "(dom0less/host.dtb has it)")
                         .arg(format::commentText(d.name, format::CommentSyntax::Hash));
        else
            lines << QStringLiteral("DOMU_ENHANCED%1=%2")
                         .arg(idx)
                         .arg(d.enhanced == QLatin1String("enabled") ? 1 : d.enhanced == QLatin1String("no-xenstore") ? 2 : 0);
        // uboot-script-gen tests "1, or DOM0_KERNEL set and not 0" before "2": with a dom0, 2 is 1.
        if (d.enhanced == QLatin1String("no-xenstore"))
            lines << QStringLiteral("# ImageBuilder reads DOMU_ENHANCED=2 as 1 (\"enabled\") once DOM0_KERNEL is set; "
                                    "dom0less/host.dtb has xen,enhanced = \"no-xenstore\"");
    }
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

} // namespace devassign
