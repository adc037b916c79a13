// SPDX-License-Identifier: GPL-2.0-or-later
// The export directory writer (exportwriter.h). POSIX calls where Qt has none: lstat (the target
// must not be a symbolic link), flock on the parent directory, fsync, and Linux's renameat2 with
// RENAME_EXCHANGE / RENAME_NOREPLACE (rename(2)).
#include "exportwriter.h"

#include "format.h"
#include "sha256.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace devassign {

namespace {

// Present in a staging directory while it is incomplete, and in an old export while it is removed:
// what lets the next export recognise a leftover of a killed one.
const QString kStagingMarker = QStringLiteral(".devassign-staging");
constexpr int kLockSeconds = 30;

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

// Absolute, with "." and ".." resolved textually and no trailing slash (so lstat sees the link
// itself, not what it points to).
QString absoluteClean(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

bool isAncestorOrSelf(const QString &ancestor, const QString &path)
{
    if (ancestor.isEmpty() || path.isEmpty())
        return false;
    return path == ancestor || ancestor == QLatin1String("/") || path.startsWith(ancestor + QLatin1Char('/'));
}

// The regular files under `root`, relative to it, without following links. Anything else (a
// symbolic link, a FIFO, a device) makes the tree one devassign did not write.
Result<QStringList> regularFilesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        const QString relative = QDir(root).relativeFilePath(info.filePath());
        if (info.isSymLink())
            return fail(QStringLiteral("holds %1, a symbolic link").arg(relative));
        if (info.isDir())
            continue;
        if (!info.isFile())
            return fail(QStringLiteral("holds %1, which is not a regular file").arg(relative));
        files << relative;
    }
    std::sort(files.begin(), files.end());
    return files;
}

// path -> SHA-256 as the manifest in `dir` lists them.
Result<QMap<QString, QString>> readManifest(const QString &dir)
{
    QFile f(QDir(dir).filePath(kManifestName));
    if (!f.open(QIODevice::ReadOnly) || f.size() > 4 * 1024 * 1024)
        return fail(QStringLiteral("holds no devassign export manifest (%1)").arg(kManifestName));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String("devassign-export"))
        return fail(QStringLiteral("has a %1 that is not a devassign export manifest").arg(kManifestName));
    QMap<QString, QString> files;
    for (const QJsonValue &v : root.value(QStringLiteral("files")).toArray()) {
        const QJsonObject o = v.toObject();
        files.insert(o.value(QStringLiteral("path")).toString(), o.value(QStringLiteral("sha256")).toString());
    }
    return files;
}

// "" when `dir` holds exactly the export its manifest describes; else what differs.
Status holdsExactlyItsExport(const QString &dir)
{
    const Result<QMap<QString, QString>> manifest = readManifest(dir);
    if (!manifest)
        return fail(manifest.error());
    const Result<QStringList> files = regularFilesUnder(dir);
    if (!files)
        return fail(files.error());
    for (const QString &file : *files) {
        if (file == kManifestName)
            continue;
        if (!manifest->contains(file))
            return fail(QStringLiteral("holds %1, which the previous export did not write").arg(file));
        QFile f(QDir(dir).filePath(file));
        if (!f.open(QIODevice::ReadOnly) || sha256Hex(f.readAll()) != manifest->value(file))
            return fail(QStringLiteral("holds %1, which was changed after devassign wrote it").arg(file));
    }
    for (auto it = manifest->cbegin(); it != manifest->cend(); ++it)
        if (!files->contains(it.key()))
            return fail(QStringLiteral("lacks %1, which the previous export wrote").arg(it.key()));
    return {};
}

bool isEmptyDirectory(const QString &dir)
{
    return QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

// A leftover of a killed export: a real directory of regular files that is empty, is marked as
// staging, or holds exactly an export.
bool isLeftover(const QString &dir)
{
    struct stat st {};
    if (::lstat(encoded(dir).constData(), &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    const Result<QStringList> files = regularFilesUnder(dir);
    if (!files)
        return false;
    return files->isEmpty() || files->contains(kStagingMarker) || holdsExactlyItsExport(dir).ok();
}

// Removes a tree devassign wrote: marked first, so that a kill halfway leaves a tree the next export
// still recognises; the marker goes last.
Status removeExportTree(const QString &dir)
{
    const Result<QStringList> files = regularFilesUnder(dir);
    if (!files)
        return fail(QStringLiteral("%1: %2; not removed").arg(dir, files.error()));
    QFile marker(QDir(dir).filePath(kStagingMarker));
    if (!marker.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("%1: cannot mark it for removal: %2").arg(dir, marker.errorString()));
    marker.close();
    for (const QString &file : *files)
        if (file != kStagingMarker)
            QFile::remove(QDir(dir).filePath(file));
    QStringList dirs;
    QDirIterator it(dir, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        dirs << it.next();
    std::sort(dirs.begin(), dirs.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &d : dirs)
        QDir().rmdir(d);
    QFile::remove(QDir(dir).filePath(kStagingMarker));
    if (!QDir().rmdir(dir))
        return fail(QStringLiteral("%1: cannot remove it").arg(dir));
    return {};
}

// An exclusive flock on the parent directory for as long as it lives.
class ParentLock {
public:
    explicit ParentLock(const QString &parent) : m_parent(parent) {}
    ~ParentLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    ParentLock(const ParentLock &) = delete;
    ParentLock &operator=(const ParentLock &) = delete;

    Status acquire()
    {
        m_fd = ::open(encoded(m_parent).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (m_fd < 0)
            return fail(QStringLiteral("%1: cannot open: %2").arg(m_parent, errnoText()));
        for (int waited = 0; ::flock(m_fd, LOCK_EX | LOCK_NB) != 0; waited += 100) {
            if (errno != EWOULDBLOCK || waited >= kLockSeconds * 1000)
                return fail(QStringLiteral("%1: another export into this directory did not finish within %2 s")
                                .arg(m_parent, QString::number(kLockSeconds)));
            QThread::msleep(100);
        }
        return {};
    }

private:
    QString m_parent;
    int m_fd = -1;
};

bool syncPath(const QString &path)
{
    const int fd = ::open(encoded(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

Status writeFileSynced(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(QStringLiteral("%1: cannot create directory").arg(QFileInfo(path).absolutePath()));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size() || !f.flush()
        || ::fsync(f.handle()) != 0)
        return fail(QStringLiteral("%1: %2").arg(path, f.errorString()));
    f.close();
    return {};
}

bool isSafeRelativePath(const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || path == kManifestName || format::firstControlCharacter(path) >= 0)
        return false;
    for (const QString &p : path.split(QLatin1Char('/')))
        if (p.isEmpty() || p == QLatin1String(".") || p == QLatin1String("..") || p == kStagingMarker)
            return false;
    return true;
}

// The leftovers of killed exports into parent/name: a staging directory or (after the two-rename
// fallback) the old export. When DIR itself is missing, the old export is put back first: it is
// complete, the new one may not have been.
Status cleanLeftovers(const QString &parent, const QString &name, const QString &target)
{
    const QStringList entries = QDir(parent).entryList(
        {QStringLiteral(".%1.tmp-*").arg(name), QStringLiteral(".%1.old-*").arg(name)},
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        const QString path = QDir(parent).filePath(entry);
        struct stat st {};
        if (entry.contains(QLatin1String(".old-")) && ::lstat(encoded(target).constData(), &st) != 0
            && holdsExactlyItsExport(path).ok()) {
            if (::rename(encoded(path).constData(), encoded(target).constData()) != 0)
                return fail(QStringLiteral("%1: cannot put the previous export back from %2: %3")
                                .arg(target, entry, errnoText()));
            continue;
        }
        if (isLeftover(path))
            if (const Status removed = removeExportTree(path); !removed)
                return removed;
    }
    return {};
}

// Swaps the complete staging directory in for `target`. Old export afterwards at `staging`, or
// nowhere when there was none. Falls back to two renames where the file system has no
// RENAME_EXCHANGE (EINVAL: e.g. some network file systems).
Status swapIn(const QString &staging, const QString &target, bool targetExists, const QString &parent,
              const QString &name, QString *old)
{
    const QByteArray from = encoded(staging);
    const QByteArray to = encoded(target);
    if (!targetExists) {
        if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
            return {};
        if (errno != EINVAL && errno != ENOSYS)
            return fail(QStringLiteral("%1: cannot move the new export into place: %2").arg(target, errnoText()));
        if (::rename(from.constData(), to.constData()) != 0)
            return fail(QStringLiteral("%1: cannot move the new export into place: %2").arg(target, errnoText()));
        return {};
    }
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_EXCHANGE) == 0) {
        *old = staging;
        return {};
    }
    if (errno != EINVAL && errno != ENOSYS)
        return fail(QStringLiteral("%1: cannot swap in the new export: %2").arg(target, errnoText()));
    QByteArray reserved = encoded(QStringLiteral("%1/.%2.old-XXXXXX").arg(parent, name));
    if (!::mkdtemp(reserved.data()))
        return fail(QStringLiteral("%1: cannot reserve a name for the previous export: %2").arg(target, errnoText()));
    if (::rename(to.constData(), reserved.constData()) != 0) {
        ::rmdir(reserved.constData());
        return fail(QStringLiteral("%1: cannot move the previous export aside: %2").arg(target, errnoText()));
    }
    if (::rename(from.constData(), to.constData()) != 0) {
        ::rename(reserved.constData(), to.constData());
        return fail(QStringLiteral("%1: cannot move the new export into place: %2").arg(target, errnoText()));
    }
    *old = QFile::decodeName(reserved);
    return {};
}

} // namespace

QByteArray exportManifest(const QVector<ExportFile> &files)
{
    QJsonArray list;
    for (const ExportFile &f : files)
        list.append(QJsonObject{{QStringLiteral("path"), f.path}, {QStringLiteral("sha256"), sha256Hex(f.bytes)}});
    const QJsonObject root{{QStringLiteral("format"), QStringLiteral("devassign-export")},
                           {QStringLiteral("version"), 1},
                           {QStringLiteral("generator"), QStringLiteral("devassign " DEVASSIGN_VERSION)},
                           {QStringLiteral("files"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Status checkExportDirectory(const QString &dir, const QStringList &inputs)
{
    const QString target = absoluteClean(dir);
    struct stat st {};
    if (::lstat(encoded(target).constData(), &st) != 0)
        return errno == ENOENT ? Status() : Status(fail(QStringLiteral("%1: %2").arg(dir, errnoText())));
    if (S_ISLNK(st.st_mode))
        return fail(QStringLiteral("%1 is a symbolic link; devassign replaces only a real directory (give the "
                                   "directory it points to, or a new one)")
                        .arg(dir));
    if (!S_ISDIR(st.st_mode))
        return fail(QStringLiteral("%1 exists and is not a directory").arg(dir));
    const QString real = QFileInfo(target).canonicalFilePath();
    if (isAncestorOrSelf(real, QDir::current().canonicalPath()))
        return fail(QStringLiteral("%1 is the current directory or holds it; export into a new directory").arg(dir));
    if (real == QDir::home().canonicalPath())
        return fail(QStringLiteral("%1 is the home directory; export into a new directory").arg(dir));
    for (const QString &input : inputs) {
        const QString file = QFileInfo(input).canonicalFilePath();
        if (isAncestorOrSelf(real, file))
            return fail(QStringLiteral("%1 holds %2, an input of this export; export into a new directory").arg(dir, input));
    }
    if (isEmptyDirectory(target))
        return {};
    if (const Status exact = holdsExactlyItsExport(target); !exact)
        return fail(QStringLiteral("%1 is not empty and is not exactly a previous devassign export: it %2; "
                                   "export into a new or empty directory")
                        .arg(dir, exact.error()));
    return {};
}

Status writeExportAtomically(const QVector<ExportFile> &files, const QString &dir, const QStringList &inputs)
{
    for (const ExportFile &f : files)
        if (!isSafeRelativePath(f.path))
            return fail(QStringLiteral("%1: refusing to write outside the export directory").arg(format::oneLine(f.path)));
    const QString target = absoluteClean(dir);
    const QString parent = QFileInfo(target).path();
    const QString name = QFileInfo(target).fileName();
    if (name.isEmpty() || target == parent)
        return fail(QStringLiteral("%1: not a directory name").arg(dir));
    if (!QDir().mkpath(parent))
        return fail(QStringLiteral("%1: cannot create the parent directory").arg(parent));

    ParentLock lock(parent);
    if (const Status locked = lock.acquire(); !locked)
        return locked;
    if (const Status cleaned = cleanLeftovers(parent, name, target); !cleaned)
        return cleaned;
    if (const Status allowed = checkExportDirectory(dir, inputs); !allowed)
        return allowed;

    QByteArray stagingName = encoded(QStringLiteral("%1/.%2.tmp-XXXXXX").arg(parent, name));
    if (!::mkdtemp(stagingName.data()))
        return fail(QStringLiteral("%1: cannot create a temporary directory next to it: %2").arg(dir, errnoText()));
    const QString staging = QFile::decodeName(stagingName);
    const QString marker = QDir(staging).filePath(kStagingMarker);
    Status written = writeFileSynced(marker, QByteArray());
    for (int i = 0; written && i < files.size(); ++i)
        written = writeFileSynced(QDir(staging).filePath(files[i].path), files[i].bytes);
    if (written)
        written = writeFileSynced(QDir(staging).filePath(kManifestName), exportManifest(files));
    if (written && (!QFile::remove(marker) || !syncPath(staging)))
        written = fail(QStringLiteral("%1: cannot finish the temporary directory").arg(staging));
    if (!written) {
        removeExportTree(staging).ok();
        return written;
    }
    struct stat st {};
    const bool exists = ::lstat(encoded(target).constData(), &st) == 0;
    QString old;
    if (const Status swapped = swapIn(staging, target, exists, parent, name, &old); !swapped) {
        removeExportTree(staging).ok();
        return swapped;
    }
    syncPath(parent);
    if (!old.isEmpty())
        return removeExportTree(old);
    return {};
}

} // namespace devassign
