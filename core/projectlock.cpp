// SPDX-License-Identifier: GPL-2.0-or-later
#include "projectlock.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace devassign {

ProjectLock &ProjectLock::operator=(ProjectLock &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

ProjectLock::~ProjectLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the flock
}

Result<ProjectLock> ProjectLock::acquire(const QString &file, int waitMs)
{
    const QByteArray path = QFile::encodeName(file);
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const int fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return fail(QStringLiteral("%1: cannot read: %2").arg(file, QString::fromLocal8Bit(std::strerror(errno))));
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                const QString why = QString::fromLocal8Bit(std::strerror(errno));
                ::close(fd);
                return fail(QStringLiteral("%1: cannot lock: %2").arg(file, why));
            }
            if (waited.elapsed() >= waitMs) {
                ::close(fd);
                return fail(QStringLiteral("%1: another devassign is editing this project (waited %2 s); try again "
                                           "when it has finished")
                                .arg(file, QString::number(waitMs / 1000.0)));
            }
            QThread::msleep(20);
        }
        // Locked; but a writer may have renamed a new version over the path meanwhile. The lock
        // counts only on the file the path names now.
        struct stat locked {};
        struct stat named {};
        if (::fstat(fd, &locked) == 0 && ::stat(path.constData(), &named) == 0 && locked.st_dev == named.st_dev
            && locked.st_ino == named.st_ino)
            return ProjectLock(fd);
        ::close(fd);
    }
}

} // namespace devassign
