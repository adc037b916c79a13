// SPDX-License-Identifier: GPL-2.0-or-later
#include "inputfile.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace devassign {

namespace {

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    return QStringLiteral("%1 bytes").arg(bytes);
}

// Opens `file` for reading without blocking (O_NONBLOCK: opening a FIFO does not wait for a writer)
// and checks, on the open descriptor, that it is a regular file. Returns the descriptor or -1.
int openRegular(const QString &file, struct stat *st, QString *error)
{
    const QByteArray path = QFile::encodeName(file);
    const int fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("%1: cannot read: %2").arg(file, QString::fromLocal8Bit(std::strerror(errno)));
        return -1;
    }
    if (::fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        *error = QStringLiteral("%1: is %2, not a regular file").arg(file, kindOf(st->st_mode));
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

Result<QByteArray> readInputFile(const QString &file, qint64 maxBytes, const QString &what)
{
    struct stat st {};
    QString error;
    const int fd = openRegular(file, &st, &error);
    if (fd < 0)
        return fail(error);
    if (st.st_size > maxBytes) {
        ::close(fd);
        return fail(QStringLiteral("%1: %2 is larger than a %3 may be (%4)")
                        .arg(file, sizeText(st.st_size), what, sizeText(maxBytes)));
    }
    QByteArray bytes;
    bytes.resize(int(st.st_size));
    qint64 done = 0;
    // Read what fstat announced; a file that grows meanwhile is cut at the limit (+1 byte to notice).
    for (;;) {
        if (done == bytes.size()) {
            if (bytes.size() > maxBytes)
                break;
            bytes.resize(int(qMin<qint64>(maxBytes + 1, bytes.size() + 65536)));
        }
        const ssize_t n = ::read(fd, bytes.data() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = QStringLiteral("%1: cannot read: %2").arg(file, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return fail(error);
        }
        if (n == 0)
            break;
        done += n;
    }
    ::close(fd);
    bytes.truncate(int(done));
    if (done > maxBytes)
        return fail(QStringLiteral("%1: grew beyond the %2 a %3 may be while it was read")
                        .arg(file, sizeText(maxBytes), what));
    return bytes;
}

Result<qint64> regularFileSize(const QString &file)
{
    struct stat st {};
    QString error;
    const int fd = openRegular(file, &st, &error);
    if (fd < 0)
        return fail(error);
    ::close(fd);
    return qint64(st.st_size);
}

} // namespace devassign
