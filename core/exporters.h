// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Exporters: pure functions from (host model, analysis plan) to file contents, and one atomic
// writer. Formats: docs/exports.md. Every file that allows comments starts with a header saying
// what generated it, from which project, and the host DTB's SHA-256.

#include "analysis.h"
#include "hostmodel.h"
#include "project.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QVector>

namespace devassign {

struct ExportContext {
    ExportContext() = default;
    ExportContext(const HostModel *m, const Project *p, const Analysis *a, const QString &file = QString())
        : model(m), project(p), analysis(a), projectFile(file)
    {
    }

    const HostModel *model = nullptr;
    const Project *project = nullptr;
    const Analysis *analysis = nullptr;
    QString projectFile;                 // for headers and resolving kernel/ramdisk paths
    bool forced = false;                 // --force: exported despite errors (recorded in headers)
    QMap<QString, quint64> fileSizes;    // resolved kernel/ramdisk path -> size in bytes (read by the caller)
};

struct ExportFile {
    QString path;       // relative to the export directory, e.g. "domU1/dom.cfg"
    QByteArray bytes;
};

// Per domain, into "<domain>/": passthrough.dtb, passthrough.dts, dom.cfg (xl target),
// plus shared files: dom0less/host.dtb + host.dts (when a dom0less domain exists), xl/host.dtb +
// host.dts (when an xl domain exists), scmi-policy.bin (when a dom0less domain uses SCMI,
// core/scmipolicy.h), imagebuilder.cfg, audit.md.
QVector<ExportFile> exportProject(const ExportContext &ctx, QString *error);

QByteArray partialDtb(const ExportContext &ctx, const DomainPlan &domain, QString *error);
// The same bytes without the final check that every phandle resolves (which reads the blob back
// into a model). For the analysis, which only measures the blob; the export itself always checks.
QByteArray partialDtbUnchecked(const ExportContext &ctx, const DomainPlan &domain, QString *error);
QByteArray domCfg(const ExportContext &ctx, const DomainPlan &domain);
QByteArray dom0lessHostDtb(const ExportContext &ctx, QString *error);
// A boot module of the dom0less host DTB where the export places it (multiboot,module reg).
struct BootModule {
    QString domain; // "" for scmi-policy.bin, which belongs to Xen
    QString kind;   // "kernel", "ramdisk", "device-tree", "scmi-policy"
    QString file;
    quint64 address = 0;
    quint64 size = 0;
};
// The modules dom0lessHostDtb places, in its order; empty with `error` set when they cannot be
// placed (a module whose file size is unknown, no host RAM, ...).
QVector<BootModule> dom0lessBootModules(const ExportContext &ctx, QString *error);
// Domain name -> its /chosen node name in the dom0less host DTB: the domain's name, unless it is
// not a valid node name or the host's /chosen already has a node of that name, then domU<n>. The
// SCMI policy names each domain by this node name (the mediator compares them at boot).
QMap<QString, QString> dom0lessNodeNames(const HostModel &model, const Analysis &analysis);
// The host DTB for a dom0 + xl set-up: xen,passthrough on the xl domains' devices, Xen's command line.
QByteArray xlHostDtb(const ExportContext &ctx, QString *error);
QByteArray imageBuilderConfig(const ExportContext &ctx);

// The values of imageBuilderConfig() that ImageBuilder's uboot-script-gen copies into the U-Boot
// boot script it writes: command lines into `fdt set PATH VAR "DATA"` (its dt_set, as they are),
// file names into load commands. A character U-Boot's parser reads as syntax there would change
// the boot script, so such a value is left out of imagebuilder.cfg (rule imagebuilder-unsafe-text).
// QuotedString: inside "..."; FileName: one unquoted word; Path: a file name with '/';
// PathList: paths separated by single spaces (DOMU_PASSTHROUGH_PATHS).
enum class UbootField { QuotedString, FileName, Path, PathList };
struct UbootValue {
    QString variable; // "XEN_CMD", "DOMU_CMD[0]"
    QString domain;   // the domain it belongs to, "" for the host's
    QString origin;   // where the value comes from: "domain d1's bootargs", "the host DTB's /chosen bootargs"
    QString text;
    UbootField field = UbootField::QuotedString;
    QString source;   // a file's path as the project gives it ("" for other values)
    QString clash;    // the origin of another file value with the same name from another path,
                      // which uboot-script-gen -d DIR cannot tell apart (rule imagebuilder-file-name-clash)
};
QVector<UbootValue> imageBuilderUbootValues(const ExportContext &ctx);
// The first character of `text` that U-Boot does not take literally in a field of that kind, and
// how it reads it (`what`: "a double quote", `meaning`: "the end of the quoted string ..."); -1 for none.
int ubootSyntaxCharacter(const QString &text, UbootField field, QString *what = nullptr, QString *meaning = nullptr);
QByteArray auditReport(const ExportContext &ctx);
// DTS text for a DTB, with devassign's header comment (the DTS must compile back to the same tree).
// `name` names the file in errors ("domU1/passthrough.dtb").
QByteArray dtsWithHeader(const ExportContext &ctx, const QByteArray &dtb, QString *error,
                         const QString &name = QStringLiteral("<dtb>"));

// Writing them into a directory: core/exportwriter.h.

} // namespace devassign
