// SPDX-License-Identifier: GPL-2.0-or-later
// Project commands: new, domain add|set|remove|rename|list, assign, unassign, ack (docs/cli.md).
// Each loads the project, applies one edit function from project.h and saves atomically.
#include "analysis.h"
#include "cli.h"
#include "cliutil.h"
#include "format.h"
#include "planner.h"
#include "projectlock.h"
#include "rules.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <functional>

namespace devassign::cli {

// The shape of every editing command: lock the project file (core/projectlock.h: a concurrent
// command waits, nobody's edit is lost), load it and its host model (loadProject), apply `edit`
// (returns "" or the refusal, printed as "devassign CMD: FILE: problem"), save atomically, unlock.
// Returns ExitOk, or ExitBadInput with nothing saved.
int editProject(const QString &command, const QString &file, QTextStream &err,
                const std::function<Status(LoadedProject &)> &edit, HostCheck check)
{
    const Result<ProjectLock> lock = ProjectLock::acquire(file);
    if (!lock) {
        printError(err, command, lock.error());
        return ExitBadInput;
    }
    auto loaded = loadProject(command, file, err, check);
    if (!loaded)
        return ExitBadInput;
    if (const Status done = edit(*loaded); !done) {
        printError(err, command, file, done.error());
        return ExitBadInput;
    }
    if (loaded->unchanged)
        return ExitOk;
    return saveProject(command, *loaded, err) ? ExitOk : ExitBadInput;
}

namespace {

int refuse(QTextStream &err, const QString &command, const QString &file, const QString &problem)
{
    printError(err, command, file, problem);
    return ExitBadInput;
}

int parseFailure(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
}

constexpr quint64 kKiB = 1024;
constexpr quint64 kMiB = 1024 * kKiB;

using format::parseSize;

void addDomainOptions(QCommandLineParser &parser)
{
    const auto opt = [&parser](const char *name, const char *help, const char *value = nullptr) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(help),
                                            value ? QString::fromLatin1(value) : QString()));
    };
    opt("memory", "Guest RAM, e.g. 256M or 1G (K/M/G binary; a bare number is MiB).", "size");
    opt("vcpus", "Number of virtual CPUs.", "n");
    opt("kernel", "Kernel image (relative to the current directory; stored relative to the project).", "file");
    opt("ramdisk", "Initial ramdisk (relative to the current directory; stored relative to the project).", "file");
    opt("bootargs", "Guest kernel command line.", "args");
    opt("direct-map", "Map guest memory 1:1 (dom0less direct-map; needs --static-mem).");
    opt("no-direct-map", "Do not map guest memory 1:1.");
    opt("static-mem", "Static memory bank ADDR:SIZE in host physical memory (repeatable; replaces the list).",
        "addr:size");
    opt("no-static-mem", "Remove every static memory bank.");
    opt("vpl011", "Give the guest a virtual PL011 UART (the default).");
    opt("no-vpl011", "No virtual PL011 UART.");
    opt("enhanced", "xen,enhanced mode: enabled, no-xenstore, legacy, disabled, or none to leave it out.", "mode");
    opt("gic", "Guest GIC version: v2, v3, or auto (Xen's choice).", "version");
    opt("target", "What to export: dom0less, xl or both.", "target");
    opt("xl-dir", "Directory of the domain's files on the target (xl; default /etc/xen/NAME).", "dir");
}

bool conflicting(const QCommandLineParser &parser, const char *a, const char *b, QString *problem)
{
    if (parser.isSet(QString::fromLatin1(a)) && parser.isSet(QString::fromLatin1(b))) {
        *problem = QStringLiteral("--%1 and --%2 contradict each other").arg(QLatin1String(a), QLatin1String(b));
        return true;
    }
    return false;
}

QString applyStaticMemory(const QCommandLineParser &parser, DomainConfig &d)
{
    if (parser.isSet(QStringLiteral("no-static-mem")))
        d.staticMemory.clear();
    if (!parser.isSet(QStringLiteral("static-mem")))
        return QString();
    d.staticMemory.clear();
    for (const QString &bank : parser.values(QStringLiteral("static-mem"))) {
        const std::optional<MemoryRange> range = parseMemoryRange(bank);
        if (!range || range->size == 0)
            return QStringLiteral("--static-mem '%1' is not ADDR:SIZE (e.g. 0x50000000:256M)").arg(bank);
        d.staticMemory.append(*range);
    }
    return QString();
}

QString applyChoices(const QCommandLineParser &parser, DomainConfig &d)
{
    if (parser.isSet(QStringLiteral("enhanced"))) {
        const QString mode = parser.value(QStringLiteral("enhanced"));
        static const QStringList modes = {QStringLiteral("enabled"), QStringLiteral("no-xenstore"),
                                          QStringLiteral("legacy"), QStringLiteral("disabled")};
        if (mode != QLatin1String("none") && !modes.contains(mode))
            return QStringLiteral("--enhanced '%1' is not enabled, no-xenstore, legacy, disabled or none").arg(mode);
        d.enhanced = mode == QLatin1String("none") ? QString() : mode;
    }
    if (parser.isSet(QStringLiteral("gic"))) {
        const QString gic = parser.value(QStringLiteral("gic"));
        if (gic != QLatin1String("v2") && gic != QLatin1String("v3") && gic != QLatin1String("auto"))
            return QStringLiteral("--gic '%1' is not v2, v3 or auto").arg(gic);
        d.gicVersion = gic == QLatin1String("auto") ? QString() : gic;
    }
    if (parser.isSet(QStringLiteral("target"))) {
        const QString target = parser.value(QStringLiteral("target"));
        if (target != QLatin1String("dom0less") && target != QLatin1String("xl") && target != QLatin1String("both"))
            return QStringLiteral("--target '%1' is not dom0less, xl or both").arg(target);
        d.dom0less = target != QLatin1String("xl");
        d.xl = target != QLatin1String("dom0less");
    }
    return QString();
}

// Applies the options that were given to `d`; returns a problem or "".
QString applyDomainOptions(const QCommandLineParser &parser, const QString &projectFile, DomainConfig &d)
{
    QString problem;
    if (conflicting(parser, "direct-map", "no-direct-map", &problem)
        || conflicting(parser, "vpl011", "no-vpl011", &problem)
        || conflicting(parser, "static-mem", "no-static-mem", &problem))
        return problem;
    if (parser.isSet(QStringLiteral("memory"))) {
        const QString text = parser.value(QStringLiteral("memory"));
        const auto bytes = parseSize(text, kMiB);
        if (bytes && *bytes == 0)
            return QStringLiteral("--memory '%1': a domain needs more than 0 bytes of RAM").arg(text);
        if (bytes && *bytes % kKiB != 0)
            return QStringLiteral("--memory '%1' is not a whole number of KiB (xl and dom0less give memory in KiB)").arg(text);
        if (!bytes)
            return QStringLiteral("--memory '%1' is not a size such as 256M or 1G").arg(text);
        d.memoryKiB = *bytes / kKiB;
    }
    if (parser.isSet(QStringLiteral("vcpus"))) {
        bool ok = false;
        const int n = parser.value(QStringLiteral("vcpus")).toInt(&ok);
        if (!ok || n < 1)
            return QStringLiteral("--vcpus '%1' is not a positive number").arg(parser.value(QStringLiteral("vcpus")));
        d.vcpus = n;
    }
    if (parser.isSet(QStringLiteral("kernel")))
        d.kernel = relativeProjectPath(projectFile, parser.value(QStringLiteral("kernel")));
    if (parser.isSet(QStringLiteral("ramdisk")))
        d.ramdisk = relativeProjectPath(projectFile, parser.value(QStringLiteral("ramdisk")));
    if (parser.isSet(QStringLiteral("bootargs")))
        d.bootargs = parser.value(QStringLiteral("bootargs"));
    if (parser.isSet(QStringLiteral("direct-map")) || parser.isSet(QStringLiteral("no-direct-map")))
        d.directMap = parser.isSet(QStringLiteral("direct-map"));
    if (parser.isSet(QStringLiteral("vpl011")) || parser.isSet(QStringLiteral("no-vpl011")))
        d.vpl011 = parser.isSet(QStringLiteral("vpl011"));
    if (parser.isSet(QStringLiteral("xl-dir")))
        d.xlDir = parser.value(QStringLiteral("xl-dir"));
    problem = applyStaticMemory(parser, d);
    if (problem.isEmpty())
        problem = applyChoices(parser, d);
    return problem;
}

QString domainLine(const DomainConfig &d)
{
    const QStringList targets = d.targetNames();
    return QStringLiteral("%1  memory %2  vcpus %3  target %4%5  devices: %6")
        .arg(d.name, format::memoryText(d.memoryKiB))
        .arg(d.vcpus)
        .arg(targets.join(QLatin1Char('+')),
             d.directMap ? QStringLiteral("  direct-map") : QString(),
             d.devices.isEmpty() ? QStringLiteral("(none)") : d.devices.join(QLatin1Char(' ')));
}

// ---- domain sub-commands ----------------------------------------------------------------------------

int domainAddOrSet(const QStringList &args, bool add, QTextStream &out, QTextStream &err)
{
    const QString command = args.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(add ? QStringLiteral("Add a domain to the project.")
                                         : QStringLiteral("Change a domain's settings (only the options given)."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Domain name ([A-Za-z0-9_-], 1-32)."));
    addDomainOptions(parser);
    if (!parseArgs(parser, args, 2, 2, out, err))
        return parseFailure(parser);
    const QString file = parser.positionalArguments().at(0);
    const QString name = parser.positionalArguments().at(1);
    QString line;
    const int code = editProject(command, file, err, [&](LoadedProject &loaded) -> Status {
        DomainConfig d;
        if (add) {
            d.name = name;
        } else if (const DomainConfig *current = loaded.project.domain(name)) {
            d = *current;
        } else {
            return fail(QStringLiteral("no domain named '%1'").arg(name));
        }
        if (const QString problem = applyDomainOptions(parser, file, d); !problem.isEmpty())
            return fail(problem);
        const Status done = add ? addDomain(loaded.project, d) : updateDomain(loaded.project, name, d);
        if (done)
            line = domainLine(*loaded.project.domain(name));
        return done;
    });
    if (code != ExitOk)
        return code;
    out << (add ? "added domain " : "updated domain ") << line << "\n";
    return ExitOk;
}

int domainRemove(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove a domain (its devices become unassigned)."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Domain name."));
    if (!parseArgs(parser, args, 2, 2, out, err))
        return parseFailure(parser);
    const QString name = parser.positionalArguments().at(1);
    const int code = editProject(args.value(0), parser.positionalArguments().at(0), err,
                                 [&](LoadedProject &loaded) { return removeDomain(loaded.project, name); });
    if (code != ExitOk)
        return code;
    out << "removed domain " << parser.positionalArguments().at(1) << "\n";
    return ExitOk;
}

int domainRename(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rename a domain (acknowledgements follow)."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("old"), QStringLiteral("Current name."));
    parser.addPositionalArgument(QStringLiteral("new"), QStringLiteral("New name."));
    if (!parseArgs(parser, args, 3, 3, out, err))
        return parseFailure(parser);
    const QStringList pos = parser.positionalArguments();
    const int code = editProject(args.value(0), pos.at(0), err,
                                 [&](LoadedProject &loaded) { return renameDomain(loaded.project, pos.at(1), pos.at(2)); });
    if (code != ExitOk)
        return code;
    out << "renamed domain " << pos.at(1) << " to " << pos.at(2) << "\n";
    return ExitOk;
}

int domainList(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the project's domains."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("Print {\"domains\": [...]}, each as in the project file "
                                     "(docs/project-format.md).")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parseFailure(parser);
    auto loaded = loadProject(args.value(0), parser.positionalArguments().at(0), err);
    if (!loaded)
        return ExitBadInput;
    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject all = QJsonDocument::fromJson(projectToJson(loaded->project)).object();
        const QJsonObject domains{{QStringLiteral("domains"), all.value(QStringLiteral("domains"))}};
        out << QJsonDocument(domains).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    for (const DomainConfig &d : loaded->project.domains)
        out << domainLine(d) << "\n";
    if (loaded->project.domains.isEmpty())
        out << "no domains\n";
    return ExitOk;
}

} // namespace

// ---- shared helpers ------------------------------------------------------------------------------------

std::optional<LoadedProject> loadProject(const QString &command, const QString &file, QTextStream &err,
                                         HostCheck check)
{
    QString error;
    QStringList warnings;
    Result<Project> project = readProject(file, &warnings);
    if (!project) {
        printError(err, command, project.error());
        return std::nullopt;
    }
    for (const QString &warning : warnings)
        printError(err, command, file, QStringLiteral("warning: ") + warning);
    LoadedProject loaded;
    loaded.file = file;
    loaded.project = std::move(*project);
    loaded.hostPath = resolveProjectPath(file, loaded.project.hostDtb);
    loaded.model = HostModel::load(loaded.hostPath, &error);
    if (!loaded.model) {
        refuse(err, command, file, QStringLiteral("cannot load the host DTB: %1").arg(error));
        return std::nullopt;
    }
    // A project without a recorded hash (hand-written) has nothing to compare against. Node paths
    // in a changed tree may name other devices: the user says when the project fits it (rehost).
    if (!loaded.project.hostDtbSha256.isEmpty() && loaded.model->sha256() != loaded.project.hostDtbSha256) {
        loaded.hostChanged = true;
        const QString changed = QStringLiteral("host DTB %1 changed since the project recorded it (sha256 %2…, now %3…)")
                                    .arg(loaded.hostPath, loaded.project.hostDtbSha256.left(12),
                                         loaded.model->sha256().left(12));
        if (check == HostCheck::MustMatch) {
            refuse(err, command, file,
                 changed + QStringLiteral("; check the assignments against it, then record it with: devassign "
                                          "rehost %1").arg(file));
            return std::nullopt;
        }
        printError(err, command, file, QStringLiteral("warning: ") + changed);
    }
    return loaded;
}

bool saveProject(const QString &command, const LoadedProject &loaded, QTextStream &err)
{
    if (const Status written = writeProject(loaded.project, loaded.file); !written) {
        printError(err, command, written.error());
        return false;
    }
    return true;
}

// ---- commands --------------------------------------------------------------------------------------------

int cmdNew(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a project for a host DTB (or DTS)."));
    parser.addPositionalArgument(QStringLiteral("host"), QStringLiteral("Host DTB or DTS file."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Project file to create."),
                      QStringLiteral("project")});
    parser.addOption({QStringLiteral("force"), QStringLiteral("Overwrite an existing project file.")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parseFailure(parser);
    const QString host = parser.positionalArguments().at(0);
    const QString file = parser.value(QStringLiteral("output"));
    if (file.isEmpty()) {
        printError(err, QStringLiteral("new"), host, QStringLiteral("no project file given; use -o P.devassign.json"));
        return ExitBadInput;
    }
    if (QFileInfo::exists(file) && !parser.isSet(QStringLiteral("force")))
        return refuse(err, QStringLiteral("new"), file, QStringLiteral("already exists; use --force to overwrite it"));
    QString error;
    const auto model = HostModel::load(host, &error);
    if (!model) {
        printError(err, QStringLiteral("new"), error);
        return ExitBadInput;
    }
    LoadedProject loaded;
    loaded.file = file;
    loaded.project.hostDtb = relativeProjectPath(file, host);
    loaded.project.hostDtbSha256 = model->sha256();
    std::optional<Result<ProjectLock>> lock; // --force over an existing project: one writer at a time
    if (QFileInfo::exists(file)) {
        lock.emplace(ProjectLock::acquire(file));
        if (!*lock) {
            printError(err, QStringLiteral("new"), lock->error());
            return ExitBadInput;
        }
    }
    if (!saveProject(QStringLiteral("new"), loaded, err))
        return ExitBadInput;
    out << "created " << file << " for host " << loaded.project.hostDtb << " (sha256 " << model->sha256() << ")\n";
    return ExitOk;
}

int cmdDomain(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(2);
    rest.prepend(QStringLiteral("domain ") + sub);
    if (sub == QLatin1String("add") || sub == QLatin1String("set"))
        return domainAddOrSet(rest, sub == QLatin1String("add"), out, err);
    if (sub == QLatin1String("remove"))
        return domainRemove(rest, out, err);
    if (sub == QLatin1String("rename"))
        return domainRename(rest, out, err);
    if (sub == QLatin1String("list"))
        return domainList(rest, out, err);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        out << commandUsage(QStringLiteral("domain"));
        return ExitOk;
    }
    printError(err, QStringLiteral("domain"), sub.isEmpty() ? QStringLiteral("needs a verb: add, set, remove, rename or list")
                                                            : QStringLiteral("unknown verb '%1' (add, set, remove, rename or list)").arg(sub));
    return ExitBadInput;
}

int cmdAssign(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Assign host devices to a domain."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("domain"), QStringLiteral("Domain name."));
    parser.addPositionalArgument(QStringLiteral("node"), QStringLiteral("Host node path(s)."),
                                 QStringLiteral("NODE..."));
    if (!parseArgs(parser, args, 3, -1, out, err))
        return parseFailure(parser);
    const QStringList pos = parser.positionalArguments();
    const QString file = pos.at(0);
    const int code = editProject(QStringLiteral("assign"), file, err, [&](LoadedProject &loaded) -> Status {
        for (const QString &path : pos.mid(2))
            if (!loaded.model->node(path))
                return fail(QStringLiteral("no node %1 in the host DTB %2").arg(path, loaded.project.hostDtb));
        return assignDevices(loaded.project, pos.at(1), pos.mid(2));
    });
    if (code != ExitOk)
        return code;
    for (const QString &path : pos.mid(2))
        out << "assigned " << path << " to " << pos.at(1) << "\n";
    return ExitOk;
}

int cmdUnassign(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Take host devices away from whichever domain owns them."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("node"), QStringLiteral("Host node path(s)."),
                                 QStringLiteral("NODE..."));
    if (!parseArgs(parser, args, 2, -1, out, err))
        return parseFailure(parser);
    const QStringList pos = parser.positionalArguments();
    QStringList lines;
    const int code = editProject(QStringLiteral("unassign"), pos.at(0), err, [&](LoadedProject &loaded) {
        for (const QString &path : pos.mid(1))
            lines << QStringLiteral("unassigned %1 from %2").arg(path, loaded.project.owners(path).join(QStringLiteral(", ")));
        return unassignDevices(loaded.project, pos.mid(1));
    });
    if (code != ExitOk)
        return code;
    for (const QString &line : lines)
        out << line << "\n";
    return ExitOk;
}

int cmdAck(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Record that you accept a rule's finding (docs/rules.md)."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("rule"), QStringLiteral("Rule id, e.g. dma-without-iommu."));
    parser.addOption({QStringLiteral("node"), QStringLiteral("Host node it is about (default: every node)."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("domain"), QStringLiteral("Domain it is about (default: every domain)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("Why you accept it."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("remove"), QStringLiteral("Withdraw the acknowledgement instead.")});
    if (!parseArgs(parser, args, 2, 2, out, err))
        return parseFailure(parser);
    const QString file = parser.positionalArguments().at(0);
    Acknowledgement a;
    a.rule = parser.positionalArguments().at(1);
    a.node = parser.value(QStringLiteral("node"));
    a.domain = parser.value(QStringLiteral("domain"));
    a.note = parser.value(QStringLiteral("note"));
    const bool remove = parser.isSet(QStringLiteral("remove"));
    bool renoted = false, already = false, matches = true;
    const int code = editProject(QStringLiteral("ack"), file, err, [&](LoadedProject &loaded) -> Status {
        if (!a.node.isEmpty() && !loaded.model->node(a.node))
            return fail(QStringLiteral("no node %1 in the host DTB %2").arg(a.node, loaded.project.hostDtb));
        const int i = loaded.project.acknowledgements.indexOf(a);
        // The same acknowledgement again (no note, or the same one) changes nothing and is no
        // error, so a pipeline can run its ack lines every time.
        already = !remove && i >= 0 && (a.note.isEmpty() || a.note == loaded.project.acknowledgements[i].note);
        if (already) {
            loaded.unchanged = true; // the file is not even rewritten
            return {};
        }
        renoted = !remove && i >= 0;
        const Status done = remove ? removeAcknowledgement(loaded.project, a) : addAcknowledgement(loaded.project, a);
        // A scope that matches no finding now (a typo, or a domain without that node) is kept,
        // since it applies once one does, but the user hears of it.
        if (done && !remove) {
            const Analysis analysis = analyze(*loaded.model, loaded.project);
            matches = std::any_of(analysis.diagnostics.cbegin(), analysis.diagnostics.cend(), [&](const Diagnostic &d) {
                return d.rule == a.rule && (a.node.isEmpty() || d.node == a.node) && (a.domain.isEmpty() || d.domain == a.domain);
            });
        }
        return done;
    });
    if (code != ExitOk)
        return code;
    out << (remove ? "withdrew " : already ? "already acknowledged: " : renoted ? "changed the note of " : "acknowledged ") << a.rule;
    if (!a.node.isEmpty())
        out << " on " << a.node;
    if (!a.domain.isEmpty())
        out << " in domain " << a.domain;
    out << "\n";
    if (!matches)
        out << "note: no finding of " << a.rule << " matches it now; it applies once one does\n";
    return ExitOk;
}

// `rehost P [--dtb NEW]`: the user has checked the project against a changed host DTB (or moves it
// to another one) and records it: its path and SHA-256. Assigned nodes the tree lacks are listed.
int cmdRehost(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Record the host DTB's current contents after a change, or "
                                                    "a different host DTB (--dtb), in the project."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({QStringLiteral("dtb"), QStringLiteral("Use this host DTB or DTS from now on."), QStringLiteral("file")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parseFailure(parser);
    const QString file = parser.positionalArguments().at(0);
    QStringList missing;
    QString recorded;
    const int code = editProject(
        QStringLiteral("rehost"), file, err,
        [&](LoadedProject &loaded) -> Status {
            HostModelPtr model = loaded.model;
            if (parser.isSet(QStringLiteral("dtb"))) {
                QString error;
                model = HostModel::load(parser.value(QStringLiteral("dtb")), &error);
                if (!model)
                    return fail(error);
                loaded.project.hostDtb = relativeProjectPath(file, parser.value(QStringLiteral("dtb")));
            }
            loaded.project.hostDtbSha256 = model->sha256();
            for (const DomainConfig &d : loaded.project.domains)
                for (const QString &path : d.devices)
                    if (!model->node(path))
                        missing << QStringLiteral("domain %1: %2").arg(d.name, path);
            recorded = QStringLiteral("%1 (sha256 %2)").arg(loaded.project.hostDtb, model->sha256());
            return Status();
        },
        HostCheck::MayDiffer);
    if (code != ExitOk)
        return code;
    out << "recorded host DTB " << format::oneLine(recorded) << "\n";
    for (const QString &m : missing)
        printError(err, QStringLiteral("rehost"), file, QStringLiteral("warning: the host DTB has no node for ") + m);
    return ExitOk;
}

} // namespace devassign::cli

namespace devassign::cli {

namespace {

// "ADDR:SIZE" banks of --ram, e.g. 0x40000000:4G.
Result<QVector<MemoryRange>> parseRamBanks(const QStringList &texts)
{
    QVector<MemoryRange> banks;
    for (const QString &bank : texts) {
        const std::optional<MemoryRange> range = parseMemoryRange(bank);
        if (!range)
            return fail(QStringLiteral("--ram '%1' is not ADDR:SIZE (e.g. 0x40000000:4G)").arg(bank));
        banks.append(*range);
    }
    return banks;
}

QByteArray platformJson(const Platform &platform)
{
    QJsonArray ram;
    for (const MemoryRange &r : platform.ram)
        ram.append(QJsonObject{{QStringLiteral("address"), double(r.address)}, {QStringLiteral("size"), double(r.size)}});
    const QJsonObject o{{QStringLiteral("xen"), xen::releaseName(platform.xen)}, {QStringLiteral("ram"), ram},
                        {QStringLiteral("scmi_mediator"), platform.scmiMediator}};
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

void printPlatform(QTextStream &out, const LoadedProject &loaded)
{
    const Platform &p = loaded.project.platform;
    out << "xen: " << xen::releaseName(p.xen) << "\n";
    out << "scmi mediator: " << (p.scmiMediator ? "on (devassign's, each SCMI guest gets its own channel)" : "off") << "\n";
    if (p.ram.isEmpty()) {
        out << "ram: from the host DTB's /memory";
        const QVector<MemoryRange> banks = hostRamBanks(*loaded.model, loaded.project);
        if (banks.isEmpty())
            out << " (none: every bank has size 0 or there is no /memory; set it with --ram)";
        out << "\n";
        for (const MemoryRange &r : banks)
            out << "  " << format::span(r.address, r.size) << " (" << format::memorySize(r.size / 1024) << ")\n";
        return;
    }
    out << "ram: set in the project\n";
    for (const MemoryRange &r : p.ram)
        out << "  " << format::span(r.address, r.size) << " (" << format::memorySize(r.size / 1024) << ")\n";
}

int cmdPlatformSet(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Set the target platform: the Xen release the exports are for, "
                                                    "and the host RAM where the DTB's /memory does not give it."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({QStringLiteral("xen"), QStringLiteral("Target Xen release: %1.").arg(xen::releaseNames().join(QStringLiteral(", "))),
                      QStringLiteral("release")});
    parser.addOption({QStringLiteral("ram"), QStringLiteral("Host RAM bank ADDR:SIZE (repeatable; replaces the list)."),
                      QStringLiteral("addr:size")});
    parser.addOption({QStringLiteral("no-ram"), QStringLiteral("Use the host DTB's /memory banks again.")});
    parser.addOption({QStringLiteral("scmi-mediator"),
                      QStringLiteral("Whether the hypervisor has devassign's SCMI mediator (docs/hypervisor.md): on or off."),
                      QStringLiteral("on|off")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parseFailure(parser);
    const QString command = QStringLiteral("platform set");
    const QString file = parser.positionalArguments().at(0);
    if (parser.isSet(QStringLiteral("ram")) && parser.isSet(QStringLiteral("no-ram"))) {
        printError(err, command, QStringLiteral("--ram and --no-ram contradict each other"));
        return ExitBadInput;
    }
    std::optional<xen::Release> release;
    if (parser.isSet(QStringLiteral("xen"))) {
        release = xen::releaseFromName(parser.value(QStringLiteral("xen")));
        if (!release) {
            printError(err, command, QStringLiteral("--xen '%1' is not a Xen release devassign knows (%2)")
                                         .arg(parser.value(QStringLiteral("xen")), xen::releaseNames().join(QStringLiteral(", "))));
            return ExitBadInput;
        }
    }
    std::optional<bool> mediator;
    if (parser.isSet(QStringLiteral("scmi-mediator"))) {
        const QString v = parser.value(QStringLiteral("scmi-mediator"));
        if (v == QLatin1String("on"))
            mediator = true;
        else if (v == QLatin1String("off"))
            mediator = false;
        else {
            printError(err, command, QStringLiteral("--scmi-mediator '%1' is not on or off").arg(v));
            return ExitBadInput;
        }
    }
    const Result<QVector<MemoryRange>> ram = parseRamBanks(parser.values(QStringLiteral("ram")));
    if (!ram) {
        printError(err, command, ram.error());
        return ExitBadInput;
    }
    const int code = editProject(command, file, err, [&](LoadedProject &loaded) -> Status {
        Platform p = loaded.project.platform;
        if (release)
            p.xen = *release;
        if (parser.isSet(QStringLiteral("ram")))
            p.ram = *ram;
        if (parser.isSet(QStringLiteral("no-ram")))
            p.ram.clear();
        if (mediator)
            p.scmiMediator = *mediator;
        return setPlatform(loaded.project, p);
    });
    if (code != ExitOk)
        return code;
    auto loaded = loadProject(command, file, err);
    if (!loaded)
        return ExitBadInput;
    printPlatform(out, *loaded);
    return ExitOk;
}

int cmdPlatformShow(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show the target platform: Xen release, host RAM and devassign's SCMI mediator."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print {\"xen\": \"4.17\", \"ram\": [{\"address\", \"size\"}], "
                                                             "\"scmi_mediator\": false} (ram empty when the DTB's /memory is used).")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parseFailure(parser);
    auto loaded = loadProject(QStringLiteral("platform show"), parser.positionalArguments().at(0), err);
    if (!loaded)
        return ExitBadInput;
    if (parser.isSet(QStringLiteral("json")))
        out << platformJson(loaded->project.platform);
    else
        printPlatform(out, *loaded);
    return ExitOk;
}

} // namespace

namespace {

// `scmi share|unshare P --protocol N --id N`: marks an SCMI resource as shared between domains
// (query messages only, docs/scmi-policy.md §1) or takes the mark away. Prints the shared list.
int cmdScmiShare(const QStringList &args, bool share, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(share ? QStringLiteral("Let several domains use one SCMI resource: each gets "
                                                            "only its query messages (scmi-policy.bin's shared ids).")
                                           : QStringLiteral("Take the shared mark off an SCMI resource."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({QStringLiteral("protocol"), QStringLiteral("SCMI protocol id, e.g. 0x14 (clock)."), QStringLiteral("id")});
    parser.addOption({QStringLiteral("id"), QStringLiteral("Resource id within the protocol, e.g. clock 3."), QStringLiteral("n")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parseFailure(parser);
    const QString command = args.value(0);
    if (parser.values(QStringLiteral("protocol")).size() > 1 || parser.values(QStringLiteral("id")).size() > 1) {
        printError(err, command, QStringLiteral("takes one --protocol and one --id; run it once per resource"));
        return ExitBadInput;
    }
    // Decimal or 0x hex (format::parseNumber): "010" is ten, not the C octal eight.
    const std::optional<quint64> protocolNumber = format::parseNumber(parser.value(QStringLiteral("protocol")));
    const std::optional<quint64> idNumber = format::parseNumber(parser.value(QStringLiteral("id")));
    const bool protocolOk = protocolNumber && *protocolNumber <= 0xffffffffu;
    const bool idOk = idNumber && *idNumber <= 0xffffffffu;
    const uint protocol = protocolOk ? uint(*protocolNumber) : 0;
    const uint id = idOk ? uint(*idNumber) : 0;
    if (!protocolOk || !idOk) {
        printError(err, command, QStringLiteral("needs --protocol N and --id N (decimal or 0x hex)"));
        return ExitBadInput;
    }
    const QString file = parser.positionalArguments().at(0);
    Project saved;
    const int code = editProject(command, file, err, [&](LoadedProject &loaded) -> Status {
        if (!share && !loaded.project.scmiShared.contains(ScmiSharedResource{protocol, id}))
            return fail(QStringLiteral("protocol %1 id %2 is not marked shared").arg(format::hex(protocol)).arg(id));
        const Status done = setScmiShared(loaded.project, {protocol, id}, share);
        saved = loaded.project;
        return done;
    });
    if (code != ExitOk)
        return code;
    out << "shared SCMI resources:" << (saved.scmiShared.isEmpty() ? " none" : "") << "\n";
    for (const ScmiSharedResource &r : saved.scmiShared)
        out << "  protocol " << format::hex(r.protocol) << " id " << r.id << "\n";
    return ExitOk;
}

} // namespace

int cmdScmi(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString verb = args.value(1);
    const QStringList rest = QStringList{QStringLiteral("scmi ") + verb} + args.mid(2);
    if (verb == QLatin1String("share") || verb == QLatin1String("unshare"))
        return cmdScmiShare(rest, verb == QLatin1String("share"), out, err);
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h")) {
        out << commandUsage(QStringLiteral("scmi"));
        return ExitOk;
    }
    printError(err, QStringLiteral("scmi"), verb.isEmpty() ? QStringLiteral("needs a verb: share or unshare")
                                                           : QStringLiteral("unknown verb '%1' (share or unshare)").arg(verb));
    return ExitBadInput;
}

// `platform set P [--xen X] [--ram A:S]... [--no-ram]` and `platform show P [--json]`.
int cmdPlatform(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString verb = args.value(1);
    const QStringList rest = QStringList{QStringLiteral("platform ") + verb} + args.mid(2);
    if (verb == QLatin1String("set"))
        return cmdPlatformSet(rest, out, err);
    if (verb == QLatin1String("show"))
        return cmdPlatformShow(rest, out, err);
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h")) {
        out << commandUsage(QStringLiteral("platform"));
        return ExitOk;
    }
    printError(err, QStringLiteral("platform"), verb.isEmpty() ? QStringLiteral("needs a verb: set or show")
                                                               : QStringLiteral("unknown verb '%1' (set or show)").arg(verb));
    return ExitBadInput;
}

} // namespace devassign::cli
