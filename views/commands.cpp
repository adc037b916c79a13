// SPDX-License-Identifier: GPL-2.0-or-later
#include "commands.h"

#include "projectdocument.h"

namespace devassign {

namespace {

// Applies `edit` to a copy of the document's project. Returns the command, or nullptr and the
// core's reason when the edit is refused.
template<typename Command, typename Edit>
std::unique_ptr<Command> build(ProjectDocument *doc, const QString &text, QString *reason, Edit edit)
{
    Project after = doc->project();
    const QString refusal = edit(after);
    if (reason)
        *reason = refusal;
    if (!refusal.isEmpty())
        return nullptr;
    return std::make_unique<Command>(doc, text, doc->project(), after);
}

QString pathsText(const QStringList &paths)
{
    return paths.size() == 1 ? paths.front() : QStringLiteral("%1 devices").arg(paths.size());
}

} // namespace

ProjectEditCommand::ProjectEditCommand(ProjectDocument *document, const QString &text, const Project &before,
                                       const Project &after)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(before)
    , m_after(after)
{
}

void ProjectEditCommand::undo()
{
    m_document->setProjectState(m_before);
}

void ProjectEditCommand::redo()
{
    m_document->setProjectState(m_after);
}

std::unique_ptr<AddDomainCommand> AddDomainCommand::make(ProjectDocument *doc, const DomainConfig &d, QString *reason)
{
    return build<AddDomainCommand>(doc, QObject::tr("Add domain %1").arg(d.name), reason,
                                   [&](Project &p) { return devassign::addDomain(p, d); });
}

std::unique_ptr<RemoveDomainCommand> RemoveDomainCommand::make(ProjectDocument *doc, const QString &name,
                                                               QString *reason)
{
    return build<RemoveDomainCommand>(doc, QObject::tr("Remove domain %1").arg(name), reason,
                                      [&](Project &p) { return devassign::removeDomain(p, name); });
}

std::unique_ptr<RenameDomainCommand> RenameDomainCommand::make(ProjectDocument *doc, const QString &from,
                                                               const QString &to, QString *reason)
{
    return build<RenameDomainCommand>(doc, QObject::tr("Rename domain %1 to %2").arg(from, to), reason,
                                      [&](Project &p) { return devassign::renameDomain(p, from, to); });
}

std::unique_ptr<UpdateDomainCommand> UpdateDomainCommand::make(ProjectDocument *doc, const QString &name,
                                                               const DomainConfig &settings, QString *reason)
{
    return build<UpdateDomainCommand>(doc, QObject::tr("Change settings of %1").arg(name), reason,
                                      [&](Project &p) { return devassign::updateDomain(p, name, settings); });
}

std::unique_ptr<AssignDevicesCommand> AssignDevicesCommand::make(ProjectDocument *doc, const QString &domain,
                                                                 const QStringList &nodePaths, QString *reason)
{
    return build<AssignDevicesCommand>(doc, QObject::tr("Assign %1 to %2").arg(pathsText(nodePaths), domain), reason,
                                       [&](Project &p) {
                                           for (const QString &path : nodePaths) {
                                               const QString refusal = assignDevice(p, domain, path);
                                               if (!refusal.isEmpty())
                                                   return refusal;
                                           }
                                           return QString();
                                       });
}

std::unique_ptr<UnassignDevicesCommand> UnassignDevicesCommand::make(ProjectDocument *doc, const QStringList &nodePaths,
                                                                     QString *reason)
{
    return build<UnassignDevicesCommand>(doc, QObject::tr("Unassign %1").arg(pathsText(nodePaths)), reason,
                                         [&](Project &p) {
                                             for (const QString &path : nodePaths) {
                                                 const QString refusal = unassignDevice(p, path);
                                                 if (!refusal.isEmpty())
                                                     return refusal;
                                             }
                                             return QString();
                                         });
}

std::unique_ptr<MoveDevicesCommand> MoveDevicesCommand::make(ProjectDocument *doc, const QStringList &nodePaths,
                                                             const QString &toDomain, QString *reason)
{
    return build<MoveDevicesCommand>(doc, QObject::tr("Move %1 to %2").arg(pathsText(nodePaths), toDomain), reason,
                                     [&](Project &p) {
                                         for (const QString &path : nodePaths) {
                                             const QString refusal = moveDevice(p, path, toDomain);
                                             if (!refusal.isEmpty())
                                                 return refusal;
                                         }
                                         return QString();
                                     });
}

std::unique_ptr<DependencyDecisionCommand> DependencyDecisionCommand::make(ProjectDocument *doc, const QString &domain,
                                                                           const QString &provider,
                                                                           std::optional<DependencyAction> action,
                                                                           QString *reason)
{
    const QString what = action ? dependencyActionName(*action) : QObject::tr("default");
    return build<DependencyDecisionCommand>(
        doc, QObject::tr("Set %1 of %2 to %3").arg(provider, domain, what), reason,
        [&](Project &p) { return devassign::setDependencyDecision(p, domain, provider, action); });
}

std::unique_ptr<AcknowledgeCommand> AcknowledgeCommand::make(ProjectDocument *doc, const Acknowledgement &a,
                                                             QString *reason)
{
    return build<AcknowledgeCommand>(doc, QObject::tr("Acknowledge %1").arg(a.rule), reason,
                                     [&](Project &p) { return addAcknowledgement(p, a); });
}

} // namespace devassign
