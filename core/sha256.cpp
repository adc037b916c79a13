// SPDX-License-Identifier: GPL-2.0-or-later
#include "sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace devassign {

QByteArray sha256(const QByteArray &bytes)
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    // EVP_Digest fails only when libcrypto cannot allocate or has no SHA-256: a broken install.
    if (EVP_Digest(bytes.constData(), size_t(bytes.size()), reinterpret_cast<unsigned char *>(digest.data()), &length,
                   EVP_sha256(), nullptr) != 1
        || length != 32)
        std::abort();
    return digest;
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(sha256(bytes).toHex());
}

} // namespace devassign
