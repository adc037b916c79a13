// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli.h"
#include "cliutil.h"
#include "format.h"

namespace devassign::cli {

namespace {

struct Command {
    const char *name;
    const char *summary;
    int (*run)(const QStringList &, QTextStream &, QTextStream &);
};

const Command kCommands[] = {
    {"inspect", "show the host device tree model (addresses, IRQs, IOMMU, SCMI, dependencies)", cmdInspect},
    {"new", "create a project for a host DTB: new HOST.dtb -o P.devassign.json", cmdNew},
    {"import", "create a project from existing configs: import xl DOM.cfg --dtb HOST.dtb -o P | import dom0less HOST.dtb -o P", cmdImport},
    {"domain", "add, set, remove, rename or list domains: domain add P NAME [--memory 256M] ...", cmdDomain},
    {"assign", "assign host devices to a domain: assign P NAME NODE-PATH...", cmdAssign},
    {"unassign", "take devices away from their domain: unassign P NODE-PATH...", cmdUnassign},
    {"dependency", "what a domain's partial DTB does with a provider: dependency P NAME PROVIDER copy|stub|drop|assign|default", cmdDependency},
    {"ack", "accept a rule's finding: ack P RULE [--node PATH] [--domain NAME] [--note TEXT]", cmdAck},
    {"rehost", "record the host DTB's new contents (or a new DTB) after a change: rehost P [--dtb NEW.dtb]", cmdRehost},
    {"platform", "target Xen release and host RAM: platform set P [--xen 4.19] [--ram ADDR:SIZE] | platform show P [--json]", cmdPlatform},
    {"scmi", "mark SCMI resources shared between domains: scmi share|unshare P --protocol N --id N", cmdScmi},
    {"policy", "validate and print an SCMI policy blob: policy dump FILE [--json] [--full]", cmdPolicy},
    {"check", "run every safety rule: check P [--json] (exit 0 clean, 1 errors, 2 bad input)", cmdCheck},
    {"export", "write dom.cfg, partial DTBs, dom0less host DTB, ImageBuilder config: export P -o DIR", cmdExport},
    {"report", "write the HTML audit report (pictures, diagnostics, device safety, hashes): report P -o audit.html", cmdReport},
};

void usage(QTextStream &s)
{
    s << "usage: devassign COMMAND [ARGS...]\n\ncommands:\n";
    for (const Command &c : kCommands)
        s << "  " << QString::fromLatin1(c.name).leftJustified(10) << " " << c.summary << "\n";
    s << "\n`devassign COMMAND --help` describes each command.\n";
}

} // namespace

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() < 2) {
        usage(err);
        return ExitBadInput;
    }
    const QString command = args.at(1);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        usage(out);
        return ExitOk;
    }
    if (command == QLatin1String("--version")) {
        out << "devassign " << DEVASSIGN_VERSION << "\n";
        return ExitOk;
    }
    for (const Command &c : kCommands)
        if (command == QLatin1String(c.name))
            return c.run(args.mid(1), out, err);
    err << "devassign: unknown command '" << format::oneLine(command) << "'\n";
    usage(err);
    return ExitBadInput;
}

} // namespace devassign::cli
