// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// SHA-256 of bytes, as the project file, every exported file's header and the export manifest
// record them. OpenSSL's libcrypto computes it (with the CPU's SHA instructions where it has
// them): QCryptographicHash's portable SHA-256 ran at about 100 MB/s here, and an export of a
// 100k-node tree hashes some 100 MB (docs/performance.md).

#include <QByteArray>
#include <QString>

namespace devassign {

QByteArray sha256(const QByteArray &bytes);     // the 32-byte digest
QString sha256Hex(const QByteArray &bytes);     // lower-case hex, 64 characters

} // namespace devassign
