// SPDX-License-Identifier: GPL-2.0-or-later
#include "commands.h"

#include "projectdocument.h"

namespace devassign {

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

QString shortNodesText(const QStringList &paths)
{
    if (paths.size() != 1)
        return QObject::tr("%n devices", nullptr, int(paths.size()));
    const QString name = paths.front().section(QLatin1Char('/'), -1);
    return name.isEmpty() ? paths.front() : name;
}

} // namespace devassign
