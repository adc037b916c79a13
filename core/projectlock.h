// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// One load-edit-save of a project file at a time (docs/project-format.md, "Concurrent edits"): an
// exclusive flock on the project file, held from before it is read until the new version has been
// renamed over it. A second writer (another CLI command, the studio's Save) waits up to kWaitMs,
// then gives up with a message; nobody's edit is lost. Readers (check, export) need no lock: saves
// replace the file atomically.

#include "result.h"

#include <QString>

namespace devassign {

class ProjectLock {
public:
    static constexpr int kWaitMs = 5000;

    // Locks `file`, which must exist. Because a save renames a new file over the old one, a lock
    // taken on the old file is retaken on the one the path names now.
    static Result<ProjectLock> acquire(const QString &file, int waitMs = kWaitMs);

    ProjectLock() = default;
    ProjectLock(ProjectLock &&other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    ProjectLock &operator=(ProjectLock &&other) noexcept;
    ProjectLock(const ProjectLock &) = delete;
    ProjectLock &operator=(const ProjectLock &) = delete;
    ~ProjectLock();

private:
    explicit ProjectLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

} // namespace devassign
