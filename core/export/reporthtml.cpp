// SPDX-License-Identifier: GPL-2.0-or-later
// The HTML audit report (core/reporthtml.h): one page, no external resources, readable on screen
// and printed to PDF. Every value from the project or the DTB goes through html() below.

#include "reporthtml.h"

#include "export/exportutil.h"
#include "pictures.h"
#include "planner.h"
#include "rules.h"
#include "sha256.h"


namespace devassign {

using namespace exportutil;

namespace {

// Text content and attribute values: on one line (control characters written as \n, \x1b, …) and
// with & < > " ' as character references, so no value can open an element, an attribute or a comment.
QString html(const QString &s)
{
    return format::htmlText(format::oneLine(s));
}

QString code(const QString &s)
{
    return QStringLiteral("<code>%1</code>").arg(html(s));
}

// Print: A4, tables and pictures never cut across pages, each picture on a page of its own (a
// landscape one when it is wider than tall), scaled down to the page; on screen the same page in a
// readable column, the pictures at their size or the column's width.
const char kStyle[] = R"(
:root { --ink: #1f2328; --muted: #59636e; --rule: #d0d7de; --error: #d13438; --warning: #b7791f;
        --info: #2f6fc4; --ok: #2e7d32; --ack: #8e44ad; }
body { font-family: "DejaVu Sans", sans-serif; color: var(--ink); margin: 24px auto; max-width: 1180px;
       padding: 0 16px; font-size: 14px; line-height: 1.4; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--rule); padding-bottom: 3px; margin-top: 28px; }
h3 { font-size: 16px; margin-top: 18px; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
table.facts th { width: 13em; }
.summary { font-size: 16px; font-weight: bold; padding: 6px 10px; border-left: 6px solid var(--ok); background: #f3f8f3; }
.summary.bad { border-left-color: var(--error); background: #fdf1f1; }
.sev { font-weight: bold; white-space: nowrap; }
tr.error .sev { color: var(--error); }
tr.warning .sev { color: var(--warning); }
tr.info .sev { color: var(--info); }
tr.acknowledged { background: #f7f2fa; }
.state { font-weight: bold; white-space: nowrap; }
.state.protected, .state.no-dma { color: var(--ok); }
.state.acknowledged { color: var(--ack); }
.state.unsafe { color: var(--error); }
.muted { color: var(--muted); }
figure { margin: 8px 0; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); margin-top: 4px; }
.legend table { width: auto; }
.legend td { border: none; padding: 2px 6px; }
@page { size: A4; margin: 12mm; }
@page picture { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, .legend, table.facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  section.picture { break-before: page; page-break-before: always; }
  section.picture.wide { page: picture; }
  figure svg { max-height: 250mm; border: none; margin: 0 auto; }
  section.picture.wide figure svg { max-height: 170mm; }
  a { color: inherit; text-decoration: none; }
}
)";

QString summaryClass(const ExportContext &ctx)
{
    return unfixedErrors(ctx) > 0 ? QStringLiteral("summary bad") : QStringLiteral("summary");
}

QString summaryText(const Analysis &a)
{
    return QStringLiteral("%1 errors, %2 warnings, %3 notes (%4 findings acknowledged)")
        .arg(a.errorCount())
        .arg(a.count(Severity::Warning))
        .arg(a.count(Severity::Info))
        .arg(a.acknowledgedCount());
}

QString sha256Of(const QByteArray &bytes)
{
    return sha256Hex(bytes);
}

QString factRow(const QString &id, const QString &what, const QString &valueHtml)
{
    return QStringLiteral("<tr id=\"%1\"><th>%2</th><td>%3</td></tr>\n").arg(id, what, valueHtml);
}

// The host RAM the plan uses (planner.h hostRamBanks): the project's platform.ram, else the DTB's /memory.
QString hostRamHtml(const ExportContext &ctx)
{
    const QVector<MemoryRange> banks = hostRamBanks(*ctx.model, *ctx.project);
    QStringList parts;
    quint64 total = 0;
    for (const MemoryRange &b : banks) {
        parts << code(format::span(b.address, b.size));
        total += b.size;
    }
    if (parts.isEmpty())
        return QStringLiteral("none known");
    return QStringLiteral("%1 (%2, %3)")
        .arg(parts.join(QStringLiteral(", ")), html(format::memorySize(total / 1024)),
            ctx.project->platform.ram.isEmpty() ? QStringLiteral("from the host DTB's /memory")
                                                : QStringLiteral("set in the project's platform"));
}

QString scmiHtml(const ExportContext &ctx)
{
    if (ctx.project->platform.scmiMediator)
        return QStringLiteral("devassign's SCMI mediator in Xen (a channel per guest, scmi-policy.bin)");
    return anyDomainNeedsScmi(ctx) ? QStringLiteral("Xen's SCMI forwarding (scmi-smc-passthrough)")
                                   : QStringLiteral("not used");
}

QString platformSection(const ExportContext &ctx, const ReportInputs &in)
{
    QString out =
        QStringLiteral("<section id=\"platform\">\n<h2>Target platform and inputs</h2>\n<table class=\"facts\">\n");
    out += factRow(QStringLiteral("xen-release"), QStringLiteral("Xen release"),
        html(xen::releaseName(ctx.project->platform.xen)));
    out += factRow(QStringLiteral("host-ram"), QStringLiteral("Host RAM"), hostRamHtml(ctx));
    out += factRow(QStringLiteral("scmi"), QStringLiteral("SCMI"), scmiHtml(ctx));
    out += factRow(QStringLiteral("host-dtb"), QStringLiteral("Host DTB"), code(ctx.project->hostDtb));
    out += factRow(QStringLiteral("host-dtb-sha256"), QStringLiteral("Host DTB SHA-256"), code(hostSha256(ctx)));
    out += factRow(QStringLiteral("project"), QStringLiteral("Project"), code(projectName(ctx)));
    QString projectHash = code(sha256Of(in.projectBytes));
    if (in.unsaved)
        projectHash += QStringLiteral(
            " <span class=\"muted\">(of the project with its unsaved changes, as it would be saved)</span>");
    out += factRow(QStringLiteral("project-sha256"), QStringLiteral("Project SHA-256"), projectHash);
    out += factRow(QStringLiteral("generator"), QStringLiteral("Generated by"),
        QStringLiteral("devassign ") + html(versionString()));
    out += QStringLiteral("</table>\n");
    if (ctx.analysis->hostDtbChanged)
        out += QStringLiteral(
            "<p class=\"summary bad\">The host DTB differs from the one the project was made for.</p>\n");
    if (ctx.forced)
        out += QStringLiteral("<p class=\"summary bad\">%1</p>\n").arg(html(forcedLine(ctx)));
    return out + QStringLiteral("</section>\n");
}

QString targetsText(const DomainConfig &d)
{
    const QStringList t = d.targetNames();
    return t.isEmpty() ? QStringLiteral("none") : t.join(QStringLiteral(", "));
}

QString domainsSection(const ExportContext &ctx)
{
    QString out = QStringLiteral(
        "<section id=\"domains\">\n<h2>Domains</h2>\n<table>\n<thead><tr><th>domain</th>"
        "<th>targets</th><th>memory</th><th>vCPUs</th><th>devices</th><th>IRQs</th></tr></thead>\n<tbody>\n");
    for (const DomainPlan &plan : ctx.analysis->domains) {
        const DomainConfig &d = plan.config;
        QStringList irqs;
        for (quint32 i : plan.irqs)
            irqs << QString::number(i);
        out += QStringLiteral(
            "<tr class=\"domain\"><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                   .arg(code(d.name), html(targetsText(d)), html(format::memorySize(d.memoryKiB)),
                       QString::number(d.vcpus), QString::number(plan.devices.size()),
                       irqs.isEmpty() ? QStringLiteral("none") : html(irqs.join(QStringLiteral(", "))));
    }
    if (ctx.analysis->domains.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"6\">No domains.</td></tr>\n");
    return out + QStringLiteral("</tbody>\n</table>\n</section>\n");
}

// The picture `id` of the inputs ("" when there is none). Each on a (landscape) page of its own in print.
QString pictureSection(const ReportInputs &in, const QString &id)
{
    for (const ReportPicture &p : in.pictures)
        if (p.id == id)
            return QStringLiteral("<section class=\"%1\" id=\"%2-picture\">\n<h2>%3</h2>\n<figure>\n%4\n"
                                  "<figcaption>%5</figcaption>\n</figure>\n</section>\n")
                .arg(p.wide ? QStringLiteral("picture wide") : QStringLiteral("picture"), html(p.id), html(p.title),
                     QString::fromUtf8(p.svg), html(p.caption));
    return QString();
}

QString legendSection(const ReportInputs &in)
{
    if (in.legendHtml.isEmpty())
        return QString();
    return QStringLiteral("<section class=\"legend\" id=\"legend\">\n<h2>Legend of the pictures</h2>\n%1\n</section>\n")
        .arg(in.legendHtml);
}

QString locationHtml(const Diagnostic &d)
{
    QStringList parts;
    if (!d.domain.isEmpty())
        parts << QStringLiteral("domain ") + code(d.domain);
    if (!d.node.isEmpty())
        parts << code(d.node);
    return parts.isEmpty() ? QStringLiteral("project") : parts.join(QStringLiteral("<br>"));
}

QString acknowledgedHtml(const ExportContext &ctx, const Diagnostic &d)
{
    if (!d.acknowledged)
        return QStringLiteral("no");
    const Acknowledgement *a = ctx.project->acknowledgementFor(d.rule, d.node, d.domain);
    return a && !a->note.isEmpty() ? QStringLiteral("yes: ") + html(a->note) : QStringLiteral("yes");
}

QString diagnosticsSection(const ExportContext &ctx)
{
    QString out = QStringLiteral("<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n");
    if (ctx.analysis->diagnostics.isEmpty())
        return out + QStringLiteral("<p>No diagnostics: every rule passed.</p>\n</section>\n");
    out += QStringLiteral("<table class=\"diagnostics\">\n<thead><tr><th>#</th><th>severity</th><th>rule</th>"
                          "<th>where</th><th>cause</th><th>fix</th><th>acknowledged</th></tr></thead>\n<tbody>\n");
    int n = 0;
    for (const Diagnostic &d : ctx.analysis->diagnostics) {
        ++n;
        const Rule *rule = findRule(d.rule);
        QString ruleHtml = code(d.rule);
        if (rule)
            ruleHtml += QStringLiteral("<br>%1<br><span class=\"muted\">source: %2</span>")
                            .arg(html(rule->title), html(rule->source));
        out += QStringLiteral(
            "<tr class=\"diagnostic %1%2\" id=\"diag-%3\"><td>%3</td><td class=\"sev\">%4</td><td>%5</td>"
            "<td>%6</td><td>%7</td><td>%8</td><td>%9</td></tr>\n")
                   .arg(severityName(d.severity), d.acknowledged ? QStringLiteral(" acknowledged") : QString())
                   .arg(n)
                   .arg(html(severityText(d.severity)), ruleHtml, locationHtml(d), html(d.message), html(d.fix),
                       acknowledgedHtml(ctx, d));
    }
    return out + QStringLiteral("</tbody>\n</table>\n</section>\n");
}

// ---- why each device is safe -------------------------------------------------------------------------

struct Safety {
    QString state; // CSS class and word: protected, no-dma, acknowledged, unsafe
    QString word;
    QString why; // HTML
};

// The acknowledgements that let a device without an IOMMU go (the rules the Audit picture's
// "acknowledged" state reads, core/pictures.cpp), each as "rule: note".
QString dmaAcknowledgementsHtml(const ExportContext &ctx, const QString &domain, const QString &node)
{
    QStringList out;
    for (const char *rule : {"dma-without-iommu", "dma-guessed-without-iommu"})
        if (const Acknowledgement *a = ctx.project->acknowledgementFor(QString::fromLatin1(rule), node, domain))
            out << code(a->rule) + (a->note.isEmpty() ? QString() : QStringLiteral(": ") + html(a->note));
    return out.join(QStringLiteral("; "));
}

// The same states the Audit picture colours its cards by (render/picturedrawing.cpp, cardState),
// from the same facts (pictures::AuditCard: xen::protectionOf, the plan's force, the acknowledgement).
// How a device without an IOMMU goes to its domain: dom0less marks it
// xen,force-assign-without-iommu, xl (which has no such flag) maps it with iomem and irqs only.
QString passedHow(const ExportContext &ctx, const QString &domain)
{
    const DomainConfig *d = ctx.project ? ctx.project->domain(domain) : nullptr;
    const bool dom0less = !d || d->dom0less, xl = d && d->xl;
    if (dom0less && xl)
        return QStringLiteral("passed with xen,force-assign-without-iommu (dom0less) and with iomem and irqs only (xl)");
    return xl ? QStringLiteral("passed with iomem and irqs only (xl)") : QStringLiteral("passed with xen,force-assign-without-iommu");
}

Safety safetyOf(const ExportContext &ctx, const pictures::AuditCard &card)
{
    const QString verdict = html(card.verdict);
    if (card.protection == xen::Protection::ByXen)
        return {QStringLiteral("protected"), QStringLiteral("safe"),
            QStringLiteral("Protected by an IOMMU that Xen drives: %1.").arg(verdict)};
    if (card.forced && card.acknowledged)
        return {QStringLiteral("acknowledged"), QStringLiteral("accepted"),
            QStringLiteral("No IOMMU (%1); %2 because its DMA was acknowledged: %3.")
                .arg(verdict, passedHow(ctx, card.column), dmaAcknowledgementsHtml(ctx, card.column, card.node))};
    if (card.forced)
        return {QStringLiteral("no-dma"), QStringLiteral("safe"),
            QStringLiteral("No IOMMU, and no sign that it does DMA: %1 (%2).").arg(passedHow(ctx, card.column), verdict)};
    if (card.protection == xen::Protection::UndrivenIommu)
        return {QStringLiteral("unsafe"), QStringLiteral("NOT safe"),
            QStringLiteral("Behind an IOMMU Xen has no driver for: %1.").arg(verdict)};
    return {QStringLiteral("unsafe"), QStringLiteral("NOT safe"),
        QStringLiteral("Not protected by an IOMMU: %1.").arg(verdict)};
}

// Whether an error on `node` in `domain` is neither fixed nor acknowledged.
bool hasOpenError(const ExportContext &ctx, const QString &domain, const QString &node)
{
    for (const Diagnostic &d : ctx.analysis->diagnostics)
        if (d.node == node && (d.domain.isEmpty() || d.domain == domain) && d.severity == Severity::Error
            && !d.acknowledged)
            return true;
    return false;
}

// The findings on `node` in `domain`: acknowledged ones with their rule and note, open ones linked to their row.
QString findingsHtml(const ExportContext &ctx, const QString &domain, const QString &node)
{
    QStringList acknowledged;
    QStringList open;
    int n = 0;
    for (const Diagnostic &d : ctx.analysis->diagnostics) {
        ++n;
        if (d.node != node || (!d.domain.isEmpty() && d.domain != domain))
            continue;
        const QString link = QStringLiteral("<a href=\"#diag-%1\">%2</a>").arg(n).arg(code(d.rule));
        if (d.acknowledged) {
            const Acknowledgement *a = ctx.project->acknowledgementFor(d.rule, d.node, d.domain);
            acknowledged << link + (a && !a->note.isEmpty() ? QStringLiteral(": ") + html(a->note) : QString());
        } else if (d.severity != Severity::Info) {
            open << link + QStringLiteral(" (%1)").arg(html(severityName(d.severity)));
        }
    }
    QString out;
    if (!acknowledged.isEmpty())
        out += QStringLiteral("acknowledged: ") + acknowledged.join(QStringLiteral("; "));
    if (!open.isEmpty())
        out += (out.isEmpty() ? QString() : QStringLiteral("<br>")) + QStringLiteral("open: ")
            + open.join(QStringLiteral(", "));
    return out.isEmpty() ? QStringLiteral("none") : out;
}

QString devicesSection(const ExportContext &ctx)
{
    const pictures::AuditPicture picture = pictures::auditPicture(*ctx.model, *ctx.project, *ctx.analysis);
    QString out = QStringLiteral("<section id=\"devices\">\n<h2>Assigned devices: why each is safe</h2>\n");
    for (const DomainPlan &plan : ctx.analysis->domains) {
        const QString &domain = plan.config.name;
        out += QStringLiteral("<h3>Domain %1</h3>\n").arg(code(domain));
        if (plan.devices.isEmpty()) {
            out += QStringLiteral("<p>No devices assigned.</p>\n");
            continue;
        }
        out += QStringLiteral("<table class=\"devices\">\n<thead><tr><th>device</th><th>verdict</th><th>why</th>"
                              "<th>findings</th></tr></thead>\n<tbody>\n");
        for (const DevicePlan &dev : plan.devices) {
            const pictures::AuditCard *card = picture.card(dev.hostPath);
            Safety s = card ? safetyOf(ctx, *card)
                            : Safety {QStringLiteral("unsafe"), QStringLiteral("unknown"),
                                QStringLiteral("Not in the host model.")};
            if (hasOpenError(ctx, domain, dev.hostPath)) {
                s.state = QStringLiteral("unsafe");
                s.word = QStringLiteral("NOT safe");
                s.why += QStringLiteral(" An error on it is still open (findings).");
            }
            QString device = code(dev.hostPath);
            if (const Node *n = ctx.model->node(dev.hostPath); n && !n->compatible.isEmpty())
                device += QStringLiteral("<br><span class=\"muted\">%1</span>")
                              .arg(html(n->compatible.join(QStringLiteral(", "))));
            if (!dev.parentDevice.isEmpty())
                device += QStringLiteral("<br><span class=\"muted\">child of %1</span>").arg(code(dev.parentDevice));
            out += QStringLiteral(
                "<tr class=\"device\"><td>%1</td><td class=\"state %2\">%3</td><td>%4</td><td>%5</td></tr>\n")
                       .arg(device, s.state, s.word, s.why, findingsHtml(ctx, domain, dev.hostPath));
        }
        out += QStringLiteral("</tbody>\n</table>\n");
    }
    if (ctx.analysis->domains.isEmpty())
        out += QStringLiteral("<p>No domains.</p>\n");
    return out + QStringLiteral("</section>\n");
}

} // namespace

QByteArray auditReportHtml(const ExportContext &ctx, const ReportInputs &inputs)
{
    const QString title = QStringLiteral("devassign audit: ") + html(projectName(ctx));
    QString out =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"generator\" content=\"devassign %1\">\n<title>%2</title>\n<style>%3</style>\n"
                       "</head>\n<body>\n")
            .arg(html(versionString()), title, QString::fromLatin1(kStyle));
    out += QStringLiteral("<header>\n<h1>%1</h1>\n<p class=\"%2\" id=\"summary\">%3</p>\n</header>\n")
               .arg(title, summaryClass(ctx), html(summaryText(*ctx.analysis)));
    // The overview first (platform, domains, the Audit picture), then the verdicts and their
    // findings, then the address and interrupt maps.
    out += platformSection(ctx, inputs);
    out += domainsSection(ctx);
    out += pictureSection(inputs, QStringLiteral("audit"));
    out += legendSection(inputs);
    out += devicesSection(ctx);
    out += diagnosticsSection(ctx);
    out += pictureSection(inputs, QStringLiteral("memory"));
    out += pictureSection(inputs, QStringLiteral("irq"));
    out += QStringLiteral("</body>\n</html>\n");
    return out.toUtf8();
}

} // namespace devassign
