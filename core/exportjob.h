// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// One export, as `devassign export` and the studio's File > Export both run it: analyze, refuse
// while errors remain (unless forced), read the kernel/ramdisk sizes the dom0less placement needs,
// check that the target directory may be replaced, run the exporters and write atomically.
// The faces only phrase the outcome (stderr lines and exit code, or a message box); none of these
// rules lives in them (DEVELOPERS.md: two faces on one pipeline).

#include "analysis.h"
#include "exporters.h"
#include "exportwriter.h"
#include "hostmodel.h"
#include "project.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign {

struct ExportRequest {
    const HostModel *model = nullptr; // nullptr: refused, no host DTB loaded
    const Project *project = nullptr;
    QString projectFile;              // for headers and resolving kernel/ramdisk paths (made absolute)
    QString outDir;                   // replaced as a whole (see checkExportDirectory)
    bool force = false;               // export even though errors remain (recorded in every header)
    // How the face lets the user override the refusal; ends the "errors remain" message.
    QString forceHint = QStringLiteral("use --force");
};

// What happened; each face phrases it (the CLI as an exit code, the studio as a message).
enum class ExportStatus {
    Written,      // every file written into outDir
    ErrorsRemain, // refused: unacknowledged errors and no force; nothing written
    Failed,       // bad input (missing kernel, unsuitable directory, exporter error) or cannot write
};

struct ExportOutcome {
    ExportStatus status = ExportStatus::Failed;
    QString error;              // one line, without the "devassign export: FILE: " prefix
    Analysis analysis;          // what the export was judged by (its errors are the ones refused)
    bool forced = false;        // went past the refusal because of force (set even if a later step failed)
    QVector<ExportFile> files;  // what the exporters produced (empty unless status == Written)
    QStringList written;        // outDir/<file path> for every file, in export order

    bool ok() const { return status == ExportStatus::Written; }
};

// Runs the whole pipeline. Never writes anything unless every check passed.
ExportOutcome runExport(const ExportRequest &request);

// The files an export of `project` reads: the project file, the host DTB and every kernel and
// ramdisk (resolved). The export directory may not hold any of them (exportwriter.h).
QStringList exportInputs(const Project &project, const QString &projectFile, const HostModel *model);

// Sizes of every domain's kernel and ramdisk, keyed by the path resolved against `projectFile`
// (ExportContext::fileSizes). Fills in every file that exists; returns false and sets `error`
// (may be null) naming the first missing one: "domain 'domU1': kernel Image not found (/abs/Image)".
bool readModuleFileSizes(const Project &project, const QString &projectFile, QMap<QString, quint64> *sizes,
                         QString *error);

} // namespace devassign
