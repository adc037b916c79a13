// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Writing an export directory so that nothing is ever lost (docs/exports.md, "How the directory is
// replaced"):
// - every export carries a manifest, devassign-manifest.json, listing each file it wrote with its
//   SHA-256. A directory is replaced only when it does not exist, is empty, or holds exactly a
//   previous export: the files its manifest lists, unchanged, and nothing else;
// - the directory itself must not be a symbolic link, the current directory or one of its
//   ancestors, nor an ancestor of any input of the export (project, host DTB, kernels, ramdisks);
// - the new export is written next to it (".NAME.tmp-XXXXXX") and swapped in with one
//   renameat2(RENAME_EXCHANGE): at every instant DIR holds the complete old or the complete new
//   export. A kill leaves at most one staging directory, which the next export recognises and
//   removes; two exports into the same parent take turns (flock on the parent directory).

#include "exporters.h"
#include "result.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign {

inline const QString kManifestName = QStringLiteral("devassign-manifest.json");

// The manifest of `files` (JSON, docs/exports.md): format, version, generator and every path with
// its SHA-256.
QByteArray exportManifest(const QVector<ExportFile> &files);

// Whether `dir` may be replaced by an export whose inputs are `inputs` (see above).
Status checkExportDirectory(const QString &dir, const QStringList &inputs = {});

// Writes `files` (paths relative to `dir`, plus the manifest) and swaps them in for `dir`.
// Re-checks `dir` under the lock, so a directory that changed after checkExportDirectory is still
// refused. Leftovers of killed exports into the same `dir` are recovered or removed first.
Status writeExportAtomically(const QVector<ExportFile> &files, const QString &dir, const QStringList &inputs = {});

} // namespace devassign
