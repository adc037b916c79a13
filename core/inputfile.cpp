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
    // Read what fstat announced into a buffer of exactly that size (the model keeps these bytes,
    // and a buffer grown while reading would keep up to twice as many). A file that grows
    // meanwhile is read on through a small buffer and cut at the limit (+1 byte to notice).
    QByteArray bytes(qsizetype(st.st_size), Qt::Uninitialized);
    qint64 done = 0;
    char more[4096];
    while (done <= maxBytes) {
        const bool announced = done < bytes.size();
        const ssize_t n = announced ? ::read(fd, bytes.data() + done, size_t(bytes.size() - done))
                                    : ::read(fd, more, sizeof more);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = QStringLiteral("%1: cannot read: %2").arg(file, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return fail(error);
        }
        if (n == 0)
            break;
        if (!announced)
            bytes.append(more, qsizetype(n));
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
