// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The undo commands: one per kind of edit. Each is built by applying the core edit function
// (core/project.h) to a copy of the project; a refused edit yields no command and the core's
// reason. A command stores the project before and after, so undo/redo restore exact values.

#include "project.h"

#include <QStringList>
#include <QUndoCommand>

#include <memory>
#include <optional>

namespace devassign {

class ProjectDocument;

class ProjectEditCommand : public QUndoCommand
{
public:
    ProjectEditCommand(ProjectDocument *document, const QString &text, const Project &before, const Project &after);

    void undo() override;
    void redo() override;

    const Project &before() const { return m_before; }
    const Project &after() const { return m_after; }

private:
    ProjectDocument *m_document;
    Project m_before;
    Project m_after;
};

class AddDomainCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<AddDomainCommand> make(ProjectDocument *doc, const DomainConfig &d, QString *reason);
};

class RemoveDomainCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<RemoveDomainCommand> make(ProjectDocument *doc, const QString &name, QString *reason);
};

class RenameDomainCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<RenameDomainCommand> make(ProjectDocument *doc, const QString &from, const QString &to,
                                                     QString *reason);
};

class UpdateDomainCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<UpdateDomainCommand> make(ProjectDocument *doc, const QString &name,
                                                     const DomainConfig &settings, QString *reason);
};

// Assigns several nodes in one undo step; refused as a whole if any one is refused.
class AssignDevicesCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<AssignDevicesCommand> make(ProjectDocument *doc, const QString &domain,
                                                      const QStringList &nodePaths, QString *reason);
};

class UnassignDevicesCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<UnassignDevicesCommand> make(ProjectDocument *doc, const QStringList &nodePaths,
                                                        QString *reason);
};

class MoveDevicesCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<MoveDevicesCommand> make(ProjectDocument *doc, const QStringList &nodePaths,
                                                    const QString &toDomain, QString *reason);
};

class DependencyDecisionCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<DependencyDecisionCommand> make(ProjectDocument *doc, const QString &domain,
                                                           const QString &provider,
                                                           std::optional<DependencyAction> action, QString *reason);
};

class AcknowledgeCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
    static std::unique_ptr<AcknowledgeCommand> make(ProjectDocument *doc, const Acknowledgement &a, QString *reason);
};

// Records the new SHA-256 (and path) of the host DTB after "Reload host DTB".
class HostReloadCommand : public ProjectEditCommand
{
public:
    using ProjectEditCommand::ProjectEditCommand;
};

} // namespace devassign
