// SPDX-License-Identifier: GPL-2.0-or-later
// The one list of devassign's commands: name, summary, synopsis lines and verbs. `devassign --help`,
// the parent commands' usage (`devassign domain --help`), the man page (tools/genman) and the
// synopsis block of docs/cli.md (checked by tests/tst_manpage.cpp) all come from here, so they
// cannot drift. The options themselves live in each command's QCommandLineParser; the man page
// takes them from that parser's --help text.
#include "cli.h"

namespace devassign::cli {

const QVector<CommandDoc> &commandDocs()
{
    static const QVector<CommandDoc> docs = {
        {QStringLiteral("inspect"),
         QStringLiteral("show the host device tree model (addresses, IRQs, IOMMU, SCMI, dependencies)"),
         {QStringLiteral("devassign inspect HOST.dtb|HOST.dts [--json] [--node PATH]...")},
         {}},
        {QStringLiteral("new"), QStringLiteral("create a project for a host DTB"),
         {QStringLiteral("devassign new HOST.dtb|HOST.dts -o P.devassign.json [--force]")},
         {}},
        {QStringLiteral("import"), QStringLiteral("create a project from existing xl or dom0less configs"),
         {QStringLiteral("devassign import xl DOM.cfg... --dtb HOST.dtb -o P.devassign.json [--force]"),
          QStringLiteral("devassign import dom0less HOST.dtb -o P.devassign.json [--partial DOMAIN=FILE]... "
                         "[--host-out FILE] [--force]")},
         {QStringLiteral("xl"), QStringLiteral("dom0less")}},
        {QStringLiteral("domain"), QStringLiteral("add, set, remove, rename or list domains"),
         {QStringLiteral("devassign domain add P NAME [DOMAIN OPTIONS]"),
          QStringLiteral("devassign domain set P NAME [DOMAIN OPTIONS]"),
          QStringLiteral("devassign domain remove P NAME"),
          QStringLiteral("devassign domain rename P OLD NEW"),
          QStringLiteral("devassign domain list P [--json]")},
         {QStringLiteral("add"), QStringLiteral("set"), QStringLiteral("remove"), QStringLiteral("rename"),
          QStringLiteral("list")}},
        {QStringLiteral("assign"), QStringLiteral("assign host devices to a domain"),
         {QStringLiteral("devassign assign P NAME NODE-PATH...")},
         {}},
        {QStringLiteral("unassign"), QStringLiteral("take devices away from their domain"),
         {QStringLiteral("devassign unassign P NODE-PATH...")},
         {}},
        {QStringLiteral("dependency"), QStringLiteral("what a domain's partial DTB does with a provider"),
         {QStringLiteral("devassign dependency P NAME PROVIDER copy|stub|drop|assign|default")},
         {}},
        {QStringLiteral("ack"), QStringLiteral("accept a rule's finding"),
         {QStringLiteral("devassign ack P RULE [--node PATH] [--domain NAME] [--note TEXT] [--remove]")},
         {}},
        {QStringLiteral("rehost"), QStringLiteral("record the host DTB's new contents (or a new DTB) after a change"),
         {QStringLiteral("devassign rehost P [--dtb NEW.dtb]")},
         {}},
        {QStringLiteral("platform"), QStringLiteral("the target platform: Xen release, host RAM, SCMI mediator"),
         {QStringLiteral("devassign platform set P [--xen RELEASE] [--ram ADDR:SIZE]... [--no-ram] "
                         "[--scmi-mediator on|off]"),
          QStringLiteral("devassign platform show P [--json]")},
         {QStringLiteral("set"), QStringLiteral("show")}},
        {QStringLiteral("scmi"), QStringLiteral("mark SCMI resources shared between domains"),
         {QStringLiteral("devassign scmi share P --protocol N --id N"),
          QStringLiteral("devassign scmi unshare P --protocol N --id N")},
         {QStringLiteral("share"), QStringLiteral("unshare")}},
        {QStringLiteral("policy"), QStringLiteral("validate and print an SCMI policy blob"),
         {QStringLiteral("devassign policy dump FILE [--json] [--full]")},
         {QStringLiteral("dump")}},
        {QStringLiteral("check"), QStringLiteral("run every safety rule (exit 0 clean, 1 errors, 2 bad input)"),
         {QStringLiteral("devassign check P [--json]")},
         {}},
        {QStringLiteral("export"),
         QStringLiteral("write dom.cfg, partial DTBs, dom0less host DTB, ImageBuilder config, audit, SCMI policy"),
         {QStringLiteral("devassign export P -o DIR [--force]")},
         {}},
        {QStringLiteral("report"), QStringLiteral("write the HTML audit report"),
         {QStringLiteral("devassign report P -o audit.html")},
         {}},
    };
    return docs;
}

const CommandDoc *commandDoc(const QString &name)
{
    for (const CommandDoc &c : commandDocs())
        if (c.name == name)
            return &c;
    return nullptr;
}

QString commandUsage(const QString &name)
{
    const CommandDoc *doc = commandDoc(name);
    if (!doc)
        return QString();
    QString text = QStringLiteral("Usage: ") + doc->synopses.join(QStringLiteral("\n       ")) + QLatin1Char('\n');
    if (!doc->verbs.isEmpty())
        text += QStringLiteral("\nverbs: %1 (devassign %2 VERB --help describes each)\n")
                    .arg(doc->verbs.join(QStringLiteral(", ")), name);
    return text;
}

} // namespace devassign::cli
