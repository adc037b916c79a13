// SPDX-License-Identifier: GPL-2.0-or-later
#include "atomicfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace devassign {

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Leftovers of killed writes of `name` in `dir`: regular files named exactly ".NAME.tmp-XXXXXX".
void removeLeftovers(const QString &dir, const QString &name)
{
    const QString prefix = QLatin1Char('.') + name + QStringLiteral(".tmp-");
    for (const QFileInfo &info : QDir(dir).entryInfoList({prefix + QStringLiteral("??????")},
                                                         QDir::Files | QDir::Hidden | QDir::System))
        if (!info.isSymLink() && info.fileName().size() == prefix.size() + 6)
            QFile::remove(info.filePath());
}

} // namespace

Status writeFileAtomically(const QString &file, const QByteArray &bytes)
{
    const QFileInfo info(file);
    const QString dir = info.absolutePath();
    removeLeftovers(dir, info.fileName());
    QByteArray temp = QFile::encodeName(QStringLiteral("%1/.%2.tmp-XXXXXX").arg(dir, info.fileName()));
    const int fd = ::mkstemp(temp.data());
    if (fd < 0)
        return fail(QStringLiteral("%1: cannot write: %2").arg(file, errnoText()));
    // Keep the mode of the file being replaced (mkstemp creates 0600).
    struct stat old {};
    const mode_t mode = ::stat(QFile::encodeName(file).constData(), &old) == 0 ? (old.st_mode & 07777) : 0644;
    qint64 done = 0;
    bool ok = ::fchmod(fd, mode) == 0;
    while (ok && done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += n > 0 ? n : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const QString why = errnoText();
    ::close(fd);
    if (!ok || ::rename(temp.constData(), QFile::encodeName(file).constData()) != 0) {
        const QString reason = ok ? errnoText() : why;
        ::unlink(temp.constData());
        return fail(QStringLiteral("%1: cannot write: %2").arg(file, reason));
    }
    // The rename itself reaches the disk with the directory.
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

QString firstSameFile(const QString &file, const QStringList &others)
{
    const QFileInfo target(file);
    for (const QString &other : others) {
        const QFileInfo o(other);
        if (target.absoluteFilePath() == o.absoluteFilePath()
            || (target.exists() && o.exists() && target.canonicalFilePath() == o.canonicalFilePath()))
            return other;
    }
    return QString();
}

} // namespace devassign
