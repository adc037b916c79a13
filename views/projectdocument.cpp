// SPDX-License-Identifier: GPL-2.0-or-later
#include "projectdocument.h"

#include "analysiscache.h"
#include "planner.h"
#include "projectlock.h"
#include "sha256.h"
#include "xenrelease.h"

#include "commands.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStandardPaths>
#include <QUndoStack>

namespace devassign {

namespace {

const char kAutosaveSuffix[] = ".autosave";

QString untitledAutosavePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/untitled.devassign.json") + QLatin1String(kAutosaveSuffix);
}

// The autosave of a project file sits next to it as a hidden file, so it moves with the project.
QString autosaveFor(const QString &projectFile)
{
    if (projectFile.isEmpty())
        return untitledAutosavePath();
    const QFileInfo info(projectFile);
    return info.absoluteDir().absoluteFilePath(QLatin1Char('.') + info.fileName() + QLatin1String(kAutosaveSuffix));
}

QString noProject()
{
    return QObject::tr("no project is open");
}

// The SHA-256 of a file's bytes (empty when it cannot be read).
QByteArray fileSha256(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return sha256(f.readAll());
}

} // namespace

ProjectDocument::ProjectDocument(QObject *parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
    , m_watcher(new QFileSystemWatcher(this))
{
    m_analysisCache = std::make_unique<AnalysisCache>();
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        // Editors and build tools often replace the file (rename over it), which drops the watch.
        if (!m_watcher->files().contains(path) && QFileInfo::exists(path))
            m_watcher->addPath(path);
        emit hostFileChangedOnDisk();
    });
}

ProjectDocument::~ProjectDocument() = default;

bool ProjectDocument::newFromHost(const QString &dtbOrDts, QString *error)
{
    const QString hostFile = QFileInfo(dtbOrDts).absoluteFilePath();
    HostModelPtr host = HostModel::load(hostFile, error);
    if (!host)
        return false;
    Project p;
    p.hostDtb = hostFile;
    p.hostDtbSha256 = host->sha256();
    m_host = host;
    m_hostFile = hostFile;
    m_project = p;
    m_undoStack->clear();
    setFileName(QString());
    m_diskSha256.clear();
    watchHost();
    emit hostChanged();
    emit projectChanged();
    reanalyse();
    return true;
}

bool ProjectDocument::open(const QString &projectFile, QString *error)
{
    const QString file = QFileInfo(projectFile).absoluteFilePath();
    const Result<Project> p = readProject(file);
    if (!p) {
        if (error)
            *error = p.error();
        return false;
    }
    const QByteArray onDisk = fileSha256(file);
    if (!loadProject(*p, file, resolveProjectPath(file, p->hostDtb), error))
        return false;
    m_diskSha256 = onDisk;
    return true;
}

bool ProjectDocument::loadProject(const Project &p, const QString &projectFile, const QString &hostFile, QString *error)
{
    if (p.hostDtb.isEmpty()) {
        if (error)
            *error = tr("%1: the project names no host DTB (\"host-dtb\")").arg(projectFile);
        return false;
    }
    HostModelPtr host = HostModel::load(hostFile, error);
    if (!host)
        return false;
    m_host = host;
    m_hostFile = hostFile;
    m_project = p;
    m_undoStack->clear();
    setFileName(projectFile);
    watchHost();
    emit hostChanged();
    emit projectChanged();
    reanalyse();
    return true;
}

bool ProjectDocument::save(QString *error)
{
    if (m_fileName.isEmpty()) {
        if (error)
            *error = tr("the project has no file name yet: use Save As");
        return false;
    }
    return saveAs(m_fileName, error);
}

bool ProjectDocument::saveAs(const QString &projectFile, QString *error)
{
    if (!m_host) {
        if (error)
            *error = noProject();
        return false;
    }
    const QString file = QFileInfo(projectFile).absoluteFilePath();
    Project p = m_project;
    p.hostDtb = relativeProjectPath(file, m_hostFile);
    // One writer at a time (core/projectlock.h), and never over an edit another program (a CLI
    // command, another studio) saved after this document last read or wrote the file.
    std::optional<Result<ProjectLock>> lock;
    if (QFileInfo::exists(file)) {
        lock.emplace(ProjectLock::acquire(file));
        if (!*lock) {
            if (error)
                *error = (*lock).error();
            return false;
        }
        if (file == m_fileName && !m_diskSha256.isEmpty() && fileSha256(file) != m_diskSha256) {
            if (error)
                *error = tr("%1 was changed by another program after it was opened here; nothing was saved. Save "
                            "As another file to keep both versions, or reopen it.")
                             .arg(file);
            return false;
        }
    }
    if (const Status written = writeProject(p, file); !written) {
        if (error)
            *error = written.error();
        return false;
    }
    m_diskSha256 = sha256(projectToJson(p));
    const QString oldAutosave = autosavePath();
    m_project.hostDtb = p.hostDtb;
    setFileName(file);
    // A clean save supersedes any autosave (of the old name and of the new one).
    QFile::remove(oldAutosave);
    QFile::remove(autosavePath());
    m_undoStack->setClean();
    return true;
}

bool ProjectDocument::reloadHost(QString *error)
{
    if (!m_host) {
        if (error)
            *error = noProject();
        return false;
    }
    HostModelPtr host = HostModel::load(m_hostFile, error);
    if (!host)
        return false;
    m_host = host;
    watchHost();
    emit hostChanged();
    if (host->sha256() == m_project.hostDtbSha256) {
        reanalyse();
        return true;
    }
    // Recording the new hash is an edit of the project: undoable, and it makes the project modified.
    Project after = m_project;
    after.hostDtbSha256 = host->sha256();
    m_undoStack->push(new ProjectEditCommand(this, tr("Reload host DTB"), m_project, after));
    return true;
}

HostModelPtr ProjectDocument::host() const
{
    return m_host;
}

const Project &ProjectDocument::project() const
{
    return m_project;
}

const Analysis &ProjectDocument::analysis() const
{
    return m_analysis;
}

QString ProjectDocument::fileName() const
{
    return m_fileName;
}

QString ProjectDocument::hostFile() const
{
    return m_hostFile;
}

bool ProjectDocument::isModified() const
{
    return !m_undoStack->isClean();
}

QUndoStack *ProjectDocument::undoStack() const
{
    return m_undoStack;
}

Status ProjectDocument::edit(const QString &text, const std::function<Status(Project &)> &change)
{
    if (!m_host)
        return fail(noProject());
    Project after = m_project;
    if (const Status done = change(after); !done)
        return done;
    if (after == m_project)
        return {}; // nothing changes: no undo step
    m_undoStack->push(new ProjectEditCommand(this, text, m_project, after));
    return {};
}

Status ProjectDocument::addDomain(const DomainConfig &d)
{
    return edit(tr("Add domain %1").arg(d.name), [&](Project &p) { return devassign::addDomain(p, d); });
}

Status ProjectDocument::removeDomain(const QString &name)
{
    return edit(tr("Remove domain %1").arg(name), [&](Project &p) { return devassign::removeDomain(p, name); });
}

Status ProjectDocument::renameDomain(const QString &from, const QString &to)
{
    return edit(tr("Rename domain %1 to %2").arg(from, to), [&](Project &p) { return devassign::renameDomain(p, from, to); });
}

Status ProjectDocument::updateDomain(const QString &name, const DomainConfig &settings)
{
    return edit(tr("Change settings of %1").arg(name),
                [&](Project &p) { return devassign::updateDomain(p, name, settings); });
}

Status ProjectDocument::setPlatform(const Platform &platform)
{
    return edit(tr("Set target platform (Xen %1)").arg(xen::releaseName(platform.xen)),
                [&](Project &p) { return devassign::setPlatform(p, platform); });
}

QVector<MemoryRange> ProjectDocument::dtbRamBanks() const
{
    if (!m_host)
        return {};
    Project fromDtb = m_project;
    fromDtb.platform.ram.clear();
    return hostRamBanks(*m_host, fromDtb);
}

Status ProjectDocument::assign(const QString &domain, const QStringList &nodePaths)
{
    return edit(tr("Assign %1 to %2").arg(shortNodesText(nodePaths), domain),
                [&](Project &p) { return assignDevices(p, domain, nodePaths); });
}

Status ProjectDocument::unassign(const QStringList &nodePaths)
{
    return edit(tr("Unassign %1").arg(shortNodesText(nodePaths)), [&](Project &p) { return unassignDevices(p, nodePaths); });
}

Status ProjectDocument::move(const QStringList &nodePaths, const QString &toDomain)
{
    return edit(tr("Move %1 to %2").arg(shortNodesText(nodePaths), toDomain),
                [&](Project &p) { return moveDevices(p, nodePaths, toDomain); });
}

Status ProjectDocument::setDependencyDecision(const QString &domain, const QString &provider,
                                              std::optional<DependencyAction> a)
{
    const QString what = a ? dependencyActionName(*a) : tr("default");
    if (m_host)
        if (const QString problem = dependencyDecisionProblem(*m_host, project(), domain, provider, a); !problem.isEmpty())
            return fail(problem);
    return edit(tr("Set %1 of %2 to %3").arg(shortNodesText({provider}), domain, what),
                [&](Project &p) { return devassign::setDependencyDecision(p, domain, provider, a); });
}

Status ProjectDocument::setDependencyDecisions(const QString &domain,
                                               const QMap<QString, DependencyAction> &decisions,
                                               const QString &undoText)
{
    if (decisions.isEmpty())
        return fail(tr("no dependency to decide"));
    return edit(undoText, [&](Project &p) {
        for (auto it = decisions.cbegin(); it != decisions.cend(); ++it)
            if (Status s = devassign::setDependencyDecision(p, domain, it.key(), *it); !s)
                return s;
        return Status();
    });
}

QString ProjectDocument::bulkDecisionText(BulkDecision what)
{
    switch (what) {
    case BulkDecision::DropPinctrl:
        return tr("Drop All Pinctrl");
    case BulkDecision::StubClocks:
        return tr("Stub All Clocks (fixed-clock)");
    case BulkDecision::SuggestedPolicy:
        break;
    }
    return tr("Apply the Suggested Policy");
}

Status ProjectDocument::applyBulkDecision(const QString &domain, const QStringList &devices, BulkDecision what)
{
    if (!m_host)
        return fail(noProject());
    const QMap<QString, DependencyAction> decisions = bulkDependencyDecisions(*m_host, m_project, domain, devices, what);
    if (decisions.isEmpty())
        return fail(tr("%1: nothing to decide for %2").arg(bulkDecisionText(what), shortNodesText(devices)));
    return setDependencyDecisions(domain, decisions,
                                  tr("%1 of %2").arg(bulkDecisionText(what), shortNodesText(devices)));
}

Status ProjectDocument::acknowledge(const Acknowledgement &ack)
{
    return edit(tr("Acknowledge %1").arg(ack.rule), [&](Project &p) { return addAcknowledgement(p, ack); });
}

QString ProjectDocument::autosavePath() const
{
    return autosaveFor(m_fileName);
}

bool ProjectDocument::autosave(QString *error)
{
    if (!m_host) {
        if (error)
            *error = noProject();
        return false;
    }
    const QString file = autosavePath();
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        if (error)
            *error = tr("%1: cannot create the directory").arg(QFileInfo(file).absolutePath());
        return false;
    }
    Project p = m_project;
    // Next to the project the relative path stays valid; an untitled autosave records an absolute one.
    p.hostDtb = m_fileName.isEmpty() ? m_hostFile : relativeProjectPath(file, m_hostFile);
    const Status written = writeProject(p, file);
    if (!written && error)
        *error = written.error();
    return written.ok();
}

QString ProjectDocument::recoveryFileFor(const QString &projectFile)
{
    const QString autosave = autosaveFor(projectFile.isEmpty() ? QString() : QFileInfo(projectFile).absoluteFilePath());
    const QFileInfo autosaveInfo(autosave);
    if (!autosaveInfo.exists())
        return QString();
    const QFileInfo projectInfo(projectFile);
    if (!projectFile.isEmpty() && projectInfo.exists() && autosaveInfo.lastModified() < projectInfo.lastModified())
        return QString(); // the project was saved after the autosave: nothing to recover
    return autosave;
}

bool ProjectDocument::openRecovery(const QString &autosaveFile, const QString &projectFile, QString *error)
{
    const Result<Project> recovered = readProject(autosaveFile);
    if (!recovered) {
        if (error)
            *error = recovered.error();
        return false;
    }
    if (!projectFile.isEmpty() && QFileInfo::exists(projectFile)) {
        if (!open(projectFile, error))
            return false;
    } else {
        if (!newFromHost(resolveProjectPath(autosaveFile, recovered->hostDtb), error))
            return false;
        if (!projectFile.isEmpty())
            setFileName(QFileInfo(projectFile).absoluteFilePath());
    }
    Project after = *recovered;
    after.hostDtb = m_project.hostDtb;
    // The recovered edits are one undoable step on top of the saved project, so the document is modified.
    if (!(after == m_project))
        m_undoStack->push(new ProjectEditCommand(this, tr("Recover autosaved changes"), m_project, after));
    return true;
}

void ProjectDocument::setProjectState(const Project &p)
{
    const QString hostDtb = m_project.hostDtb; // where the DTB is stored depends on the file, not on edits
    m_project = p;
    m_project.hostDtb = hostDtb;
    emit projectChanged();
    reanalyse();
}

void ProjectDocument::reanalyse()
{
    if (m_host)
        m_analysis = analyze(*m_host, m_project, m_analysisCache.get());
    else
        m_analysis = Analysis();
    emit analysisChanged();
}

void ProjectDocument::watchHost()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_hostFile.isEmpty())
        m_watcher->addPath(m_hostFile);
}

void ProjectDocument::setFileName(const QString &file)
{
    if (file == m_fileName)
        return;
    m_fileName = file;
    emit fileNameChanged();
}

} // namespace devassign
