// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The open project: host model + project + undo stack + live analysis. Every edit goes through
// a QUndoCommand (views/commands.h) that applies one core edit function (core/project.h).

#include "analysis.h"
#include "hostmodel.h"
#include "planner.h"
#include "project.h"

#include <QObject>

#include <functional>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QFileSystemWatcher;
class QUndoStack;

namespace devassign {

class ProjectDocument : public QObject
{
    Q_OBJECT
public:
    explicit ProjectDocument(QObject *parent = nullptr);
    ~ProjectDocument() override;

    bool newFromHost(const QString &dtbOrDts, QString *error); // untitled project on this host
    bool open(const QString &projectFile, QString *error);
    bool save(QString *error); // to fileName(); atomic (core writeProject)
    bool saveAs(const QString &projectFile, QString *error);
    bool reloadHost(QString *error); // re-read the host DTB, update the recorded SHA-256
    HostModelPtr host() const;
    const Project &project() const;
    const Analysis &analysis() const; // re-run after every change
    QString fileName() const;         // "" while untitled
    QString hostFile() const;         // absolute path of the host DTB
    bool isModified() const;          // from the undo stack's clean state
    QUndoStack *undoStack() const;

    // Every edit is a core edit function (core/project.h) applied through edit(): one snapshot
    // ProjectEditCommand pushed on undoStack(), or the refusal reason and nothing pushed.
    Status edit(const QString &undoText, const std::function<Status(Project &)> &change);
    Status addDomain(const DomainConfig &d);
    Status removeDomain(const QString &name);
    Status renameDomain(const QString &from, const QString &to);
    Status updateDomain(const QString &name, const DomainConfig &settings);
    Status assign(const QString &domain, const QStringList &nodePaths); // one undo step for all paths
    Status unassign(const QStringList &nodePaths);
    Status move(const QStringList &nodePaths, const QString &toDomain);
    Status setDependencyDecision(const QString &domain, const QString &provider, std::optional<DependencyAction> a);
    // Several providers' decisions of one domain as ONE undo step (`undoText`); refused as a whole.
    Status setDependencyDecisions(const QString &domain, const QMap<QString, DependencyAction> &decisions,
                                  const QString &undoText);
    // A bulk decision (core/planner.h bulkDependencyDecisions) on `devices` of `domain`, one undo
    // step; refused with the reason when there is nothing to decide.
    Status applyBulkDecision(const QString &domain, const QStringList &devices, BulkDecision what);
    static QString bulkDecisionText(BulkDecision what); // "Drop all pinctrl", the menus' text
    Status acknowledge(const Acknowledgement &a);
    Status setPlatform(const Platform &platform); // Xen release and host RAM, one undo step
    // The host DTB's /memory banks (what an empty Platform::ram stands for); empty without a host.
    QVector<MemoryRange> dtbRamBanks() const;

    // Crash safety: autosave() writes the project to autosavePath() (next to the project, or in
    // QStandardPaths::AppDataLocation while untitled); a clean save removes it. recoveryFileFor() tells
    // whether an autosave newer than the file exists.
    QString autosavePath() const;
    bool autosave(QString *error);
    static QString recoveryFileFor(const QString &projectFile);
    bool openRecovery(const QString &autosaveFile, const QString &projectFile, QString *error);

    // Used by the undo commands: replaces the whole project (no undo entry) and re-analyses.
    void setProjectState(const Project &p);

signals:
    void hostChanged();     // a new host model (open/new/reload): models reset
    void projectChanged();  // any edit, undo or redo
    void analysisChanged(); // diagnostics/plan recomputed (after projectChanged / hostChanged)
    void fileNameChanged();
    void modifiedChanged(bool modified);
    void hostFileChangedOnDisk(); // QFileSystemWatcher saw the host DTB change

private:
    bool loadProject(const Project &p, const QString &projectFile, const QString &hostFile, QString *error);
    void reanalyse();
    void watchHost();
    void setFileName(const QString &file);

    HostModelPtr m_host;
    Project m_project;
    Analysis m_analysis;
    // What the last analysis keeps for the next (core/analysiscache.h): an edit re-plans only the
    // domains it touched, so a drop re-analyses in about a millisecond (docs/performance.md).
    std::unique_ptr<AnalysisCache> m_analysisCache;
    QString m_fileName;
    QByteArray m_diskSha256; // of the project file as last read or written here (saves refuse a newer one)
    QString m_hostFile;
    QUndoStack *m_undoStack = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
};

} // namespace devassign
