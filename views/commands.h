// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The one undo command: a snapshot of the project before and after an edit. ProjectDocument::edit()
// applies a core edit function (core/project.h) to a copy of the project; a refused edit yields no
// command and the core's reason. Undo and redo restore the exact snapshots.

#include "project.h"

#include <QUndoCommand>

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

// Undo-menu text for node paths: the node name ("pl031@9010000"), or "3 devices", so that the
// toolbar's Undo button keeps its width.
QString shortNodesText(const QStringList &paths);

} // namespace devassign
