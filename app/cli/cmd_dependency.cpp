// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign dependency P DOMAIN PROVIDER copy|stub|drop|assign|default`: what a domain's partial
// DTB does with a provider (clock, reset, pinctrl, syscon…) that its devices refer to
// (docs/exports.md, "Dependencies"). The studio's inspector offers the same choice.
#include "cli.h"
#include "cliutil.h"
#include "format.h"
#include "planner.h"

#include <QCommandLineParser>

namespace devassign::cli {

int cmdDependency(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Choose what DOMAIN's partial DTB does with PROVIDER, a node its devices refer to:\n"
        "  copy     copy the provider node (registers not mapped)\n"
        "  stub     a fixed-clock / fixed regulator stub in its place (clocks, supplies)\n"
        "  drop     leave it out and remove the references\n"
        "  assign   give it to the domain too: mapped like a device, dom0 loses it\n"
        "  default  forget the decision: devassign's default for its kind"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addPositionalArgument(QStringLiteral("domain"), QStringLiteral("Domain name."));
    parser.addPositionalArgument(QStringLiteral("provider"), QStringLiteral("Host path of the provider node."));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("copy, stub, drop, assign or default."));
    if (!parseArgs(parser, args, 4, 4, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const QStringList pos = parser.positionalArguments();
    const QString &domain = pos.at(1);
    const QString &provider = pos.at(2);
    const QString &actionName = pos.at(3);
    const std::optional<DependencyAction> action = dependencyActionFromName(actionName);
    if (!action && actionName != QLatin1String("default")) {
        printError(err, QStringLiteral("dependency"),
                   QStringLiteral("unknown action '%1' (copy, stub, drop, assign or default)").arg(actionName));
        return ExitBadInput;
    }
    bool referred = false;
    const int code = editProject(QStringLiteral("dependency"), pos.at(0), err, [&](LoadedProject &loaded) -> Status {
        // 'default' forgets a decision, also one about a node the host DTB no longer has.
        const DomainConfig *d = loaded.project.domain(domain);
        const bool forgetting = !action && d && d->dependencyDecisions.contains(provider);
        if (!loaded.model->node(provider) && !forgetting)
            return fail(QStringLiteral("no node %1 in the host DTB %2").arg(provider, loaded.project.hostDtb));
        if (!loaded.model->node(provider)) {
            referred = true; // nothing to note about a node that is gone
            return setDependencyDecision(loaded.project, domain, provider, action);
        }
        if (loaded.project.domain(domain))
            if (const QString problem = dependencyDecisionProblem(*loaded.model, loaded.project, domain, provider, action);
                !problem.isEmpty())
                return fail(problem);
        const Status done = setDependencyDecision(loaded.project, domain, provider, action);
        // The devices the domain gets, with the providers an 'assign' decision brings in.
        if (done) {
            const Project planned = withAssignedProviders(*loaded.model, loaded.project);
            if (const DomainConfig *pd = planned.domain(domain))
                referred = referencedFrom(*loaded.model, pd->devices, provider);
        }
        return done;
    });
    if (code != ExitOk)
        return code;
    out << domain << ": " << provider << " -> " << actionName << "\n";
    if (!referred)
        out << "note: no device of " << domain << " refers to " << provider
            << " yet; the decision applies once one does\n";
    return ExitOk;
}

} // namespace devassign::cli
