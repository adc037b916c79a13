// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign import xl DOM.cfg... --dtb HOST.dtb -o P` and `devassign import dom0less HOST.dtb -o P`:
// a project from the files an integrator already has (core/importers.h, docs/import.md).
#include "atomicfile.h"
#include "cli.h"
#include "cliutil.h"
#include "importers.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "projectlock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <optional>

namespace devassign::cli {

namespace {

const QString kCommand = QStringLiteral("import");

int refuse(QTextStream &err, const QString &file, const QString &problem)
{
    printError(err, kCommand, file, problem);
    return ExitBadInput;
}

void addOutputOptions(QCommandLineParser &parser)
{
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Project file to create."),
        QStringLiteral("project")});
    parser.addOption({QStringLiteral("force"), QStringLiteral("Overwrite an existing project file.")});
}

QString outputProblem(const QString &file, bool force);

// -o given and free (or --force): the file to write, else nullopt after one line on `err`.
std::optional<QString> outputFile(const QCommandLineParser &parser, const QString &input, QTextStream &err)
{
    const QString file = parser.value(QStringLiteral("output"));
    if (file.isEmpty()) {
        refuse(err, input, QStringLiteral("no project file given; use -o P.devassign.json"));
        return std::nullopt;
    }
    if (const QString problem = outputProblem(file, parser.isSet(QStringLiteral("force"))); !problem.isEmpty()) {
        refuse(err, file, problem);
        return std::nullopt;
    }
    return file;
}

// "" when an import may write `file`: not a directory, in a directory that exists, and new unless
// --force. Checked before anything is written, so a refused import writes nothing.
QString outputProblem(const QString &file, bool force)
{
    const QFileInfo info(file);
    if (info.isDir())
        return QStringLiteral("is a directory; give a file name");
    if (!info.absoluteDir().exists())
        return QStringLiteral("cannot write: no directory %1").arg(info.absolutePath());
    if (info.exists() && !force)
        return QStringLiteral("already exists; use --force to overwrite it");
    return QString();
}

// An output that is one of the import's inputs (even with --force: the import would destroy what it
// reads, or make a project whose host DTB is the project file itself).
bool outputIsInput(const QString &output, const QStringList &inputs, QTextStream &err)
{
    const QString input = firstSameFile(output, inputs);
    if (input.isEmpty())
        return false;
    refuse(err, output, QStringLiteral("is an input of the import (%1); write to another file").arg(input));
    return true;
}

// Saves atomically, holding the project lock when --force replaces an existing file (as `new` does).
bool save(const Project &project, const QString &file, QTextStream &err)
{
    std::optional<Result<ProjectLock>> lock;
    if (QFileInfo::exists(file)) {
        lock.emplace(ProjectLock::acquire(file));
        if (!*lock) {
            printError(err, kCommand, lock->error());
            return false;
        }
    }
    if (const Status written = writeProject(project, file); !written) {
        printError(err, kCommand, written.error());
        return false;
    }
    return true;
}

void printReport(const QStringList &report, QTextStream &err)
{
    for (const QString &line : report)
        printError(err, kCommand, QStringLiteral("not imported: ") + line);
}

int importXlCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Create a project from xl domain configs (read with Xen's libxlutil): one domain each, its devices "
        "mapped back to nodes of the host DTB from dtdev, iomem, irqs and the partial DTB (docs/import.md)."));
    parser.addPositionalArgument(
        QStringLiteral("config"), QStringLiteral("xl domain config(s)."), QStringLiteral("DOM.cfg..."));
    parser.addOption(
        {QStringLiteral("dtb"), QStringLiteral("The host DTB (or DTS) the configs are for."), QStringLiteral("file")});
    addOutputOptions(parser);
    if (!parseArgs(parser, args, 1, -1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const QStringList configs = parser.positionalArguments();
    const QString hostFile = parser.value(QStringLiteral("dtb"));
    if (hostFile.isEmpty())
        return refuse(err, configs.front(), QStringLiteral("no host DTB given; use --dtb HOST.dtb"));
    const auto file = outputFile(parser, configs.front(), err);
    if (!file || outputIsInput(*file, configs + QStringList{hostFile}, err))
        return ExitBadInput;
    QString error;
    const auto host = HostModel::load(hostFile, &error);
    if (!host) {
        printError(err, kCommand, error);
        return ExitBadInput;
    }
    Project project;
    project.hostDtb = relativeProjectPath(*file, hostFile);
    project.hostDtbSha256 = host->sha256();
    QStringList report;
    for (const QString &config : configs) {
        const auto bytes = readInputFile(config, limits::kMaxConfigBytes, QStringLiteral("xl config"));
        if (!bytes) {
            printError(err, kCommand, bytes.error());
            return ExitBadInput;
        }
        const auto imported = importXl(*bytes, config, *host);
        if (!imported) {
            printError(err, kCommand, imported.error());
            return ExitBadInput;
        }
        report += imported->report;
        if (outputIsInput(*file, imported->filesRead, err))
            return ExitBadInput;
        if (Status added = addImportedDomains(project, imported->project.domains, report); !added)
            return refuse(err, config, added.error());
    }
    printReport(report, err);
    if (!save(project, *file, err))
        return ExitBadInput;
    out << "imported " << project.domains.size() << " domain(s) into " << *file << " for host " << project.hostDtb
        << (report.isEmpty() ? QString()
                             : QStringLiteral(" (%1 item(s) not imported, listed above)").arg(report.size()))
        << "\n";
    return ExitOk;
}

// P.devassign.json -> P.host.dtb beside it.
QString defaultHostOut(const QString &projectFile)
{
    QString base = projectFile;
    for (const char *suffix : {".devassign.json", ".json"})
        if (base.endsWith(QLatin1String(suffix))) {
            base.chop(int(qstrlen(suffix)));
            break;
        }
    return base + QStringLiteral(".host.dtb");
}

int importDom0lessCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Create a project from a dom0less host DTB: a domain per /chosen node with compatible \"xen,domain\", "
        "devices from the xen,passthrough marks and each domain's partial DTB; the host DTB without the "
        "domain nodes and marks is written beside the project (docs/import.md)."));
    parser.addPositionalArgument(QStringLiteral("host"), QStringLiteral("The dom0less host DTB."));
    parser.addOption({QStringLiteral("partial"),
        QStringLiteral("The partial DTB of a domain (repeatable; default: ../DOMAIN/passthrough.dtb "
                       "beside the host DTB, as devassign export writes them)."),
        QStringLiteral("domain=file")});
    parser.addOption({QStringLiteral("host-out"),
        QStringLiteral("Where to write the host DTB the project uses (default: P.host.dtb beside P)."),
        QStringLiteral("file")});
    addOutputOptions(parser);
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const QString input = parser.positionalArguments().front();
    const auto file = outputFile(parser, input, err);
    if (!file)
        return ExitBadInput;
    const QString hostOut =
        parser.isSet(QStringLiteral("host-out")) ? parser.value(QStringLiteral("host-out")) : defaultHostOut(*file);
    if (const QString problem = outputProblem(hostOut, parser.isSet(QStringLiteral("force"))); !problem.isEmpty())
        return refuse(err, hostOut, problem);
    if (!firstSameFile(hostOut, {*file}).isEmpty())
        return refuse(err, hostOut, QStringLiteral("is also the project file (-o); give the host DTB another name"));
    QMap<QString, QString> partials;
    for (const QString &spec : parser.values(QStringLiteral("partial"))) {
        const int eq = spec.indexOf(QLatin1Char('='));
        if (eq <= 0 || eq == spec.size() - 1)
            return refuse(err, input, QStringLiteral("--partial '%1' is not DOMAIN=FILE").arg(spec));
        const QString partial = spec.mid(eq + 1);
        if (!QFileInfo(partial).isFile())
            return refuse(err, partial, QFileInfo::exists(partial)
                                            ? QStringLiteral("--partial %1: not a regular file").arg(spec.left(eq))
                                            : QStringLiteral("--partial %1: no such file").arg(spec.left(eq)));
        partials.insert(spec.left(eq), partial);
    }
    const auto bytes = readInputFile(input, limits::kMaxDeviceTreeBytes, QStringLiteral("device tree"));
    if (!bytes) {
        printError(err, kCommand, bytes.error());
        return ExitBadInput;
    }
    const auto imported = importDom0less(*bytes, input,
        [&](const QString &domain) { return partials.value(domain, exportLayoutPartialDtb(input, domain)); });
    if (!imported) {
        printError(err, kCommand, imported.error());
        return ExitBadInput;
    }
    for (auto it = partials.cbegin(); it != partials.cend(); ++it)
        if (!std::any_of(imported->project.domains.cbegin(), imported->project.domains.cend(),
                         [&](const DomainConfig &d) { return d.name == it.key(); }))
            return refuse(err, input, QStringLiteral("--partial %1=%2: the DTB has no domain %1").arg(it.key(), it.value()));
    QStringList inputs = {input};
    for (const DomainConfig &d : imported->project.domains)
        inputs << partials.value(d.name, exportLayoutPartialDtb(input, d.name));
    if (outputIsInput(*file, inputs, err) || outputIsInput(hostOut, inputs, err))
        return ExitBadInput;
    QString error;
    const auto host = HostModel::fromBlob(imported->hostDtb, hostOut, &error);
    if (!host) {
        printError(err, kCommand, error);
        return ExitBadInput;
    }
    Project project;
    project.hostDtb = relativeProjectPath(*file, hostOut);
    project.hostDtbSha256 = host->sha256();
    project.xenBootargs = imported->project.xenBootargs;
    project.platform.scmiMediator = imported->project.platform.scmiMediator;
    QStringList report = imported->report;
    if (Status added = addImportedDomains(project, imported->project.domains, report); !added)
        return refuse(err, input, added.error());
    printReport(report, err);
    // The host DTB first (the project names it); if the project then cannot be saved, a host DTB
    // this import created goes again, so a failed import leaves nothing new behind.
    const bool hostOutIsNew = !QFileInfo::exists(hostOut);
    if (const Status written = writeFileAtomically(hostOut, imported->hostDtb); !written) {
        printError(err, kCommand, written.error());
        return ExitBadInput;
    }
    if (!save(project, *file, err)) {
        if (hostOutIsNew)
            QFile::remove(hostOut);
        return ExitBadInput;
    }
    out << "imported " << project.domains.size() << " domain(s) into " << *file << " with host " << project.hostDtb
        << (report.isEmpty() ? QString()
                             : QStringLiteral(" (%1 item(s) not imported, listed above)").arg(report.size()))
        << "\n";
    return ExitOk;
}

} // namespace

int cmdImport(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(2);
    rest.prepend(QStringLiteral("import ") + sub);
    if (sub == QLatin1String("xl"))
        return importXlCommand(rest, out, err);
    if (sub == QLatin1String("dom0less"))
        return importDom0lessCommand(rest, out, err);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        out << commandUsage(kCommand);
        return ExitOk;
    }
    printError(err, kCommand, sub.isEmpty() ? QStringLiteral("needs a verb: xl or dom0less")
                                            : QStringLiteral("unknown verb '%1' (xl or dom0less)").arg(sub));
    return ExitBadInput;
}

} // namespace devassign::cli
