// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Getting a DTB: recognising DTB and DTS input, compiling DTS with the dtc program, and validating
// an untrusted blob with libfdt before anything walks it.

#include <QByteArray>
#include <QString>

namespace devassign {

bool looksLikeDtb(const QByteArray &bytes);
bool looksLikeDts(const QString &fileName, const QByteArray &bytes);

// Runs `dtc -I dts -O dtb` on a file (so /include/ works relative to it) or on text.
// On failure returns an empty array and sets `error` to "<source>: dtc: <first error line>".
QByteArray compileDtsFile(const QString &file, QString *error);
QByteArray compileDtsText(const QByteArray &dts, const QString &sourceName, QString *error);
// Runs `dtc -I dtb -O dts` and returns the DTS text (exports, previews, round-trip tests).
// `sourceName` names the blob in the error ("domU1/passthrough.dtb").
QByteArray decompileDtb(const QByteArray &dtb, QString *error, const QString &sourceName = QStringLiteral("<dtb>"));

// Every dtc run is bounded: kDtcSeconds of CPU and wall time, kDtcMaxOutputBytes of output
// (a hostile DTS can /include/ or /incbin/ a file that never ends). Real trees take < 1 s.
constexpr int kDtcSeconds = 30;
constexpr qint64 kDtcMaxOutputBytes = 256 * 1024 * 1024;

// Returns "" when the blob is a complete, consistent FDT (fdt_check_full), else the problem.
// When it is, `nodeCount` (if given) receives the number of nodes (the model sizes its array).
QString checkDtb(const QByteArray &dtb, int *nodeCount = nullptr);

// Path of the dtc program (DEVASSIGN_DTC overrides; default "dtc" from PATH).
QString dtcProgram();

} // namespace devassign
