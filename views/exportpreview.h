// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Export preview: what `devassign export` will write for one domain (dom.cfg, partial DTS, the
// domain's node of the dom0less host DTS, the ImageBuilder config), rendered by the core
// exporters (core/exporters.h) in read-only QScintilla views and refreshed on every analysis.

#include "exporters.h"

#include <QMap>
#include <QWidget>

class QComboBox;
class QFileSystemWatcher;
class QTimer;
class QLabel;
class QsciLexer;
class QsciScintilla;
class QTabWidget;

namespace devassign {

class ProjectDocument;

// A read-only, monospace QsciScintilla with line numbers, as used by the inspector and the preview.
QsciScintilla *createCodeView(QsciLexer *lexer, QWidget *parent);

// The block of node `path` ("/" … "/soc/uart@9000000") in DTS text as `dtc -O dts` prints it
// (one node per line, "};" closing at the node's indentation). Empty when the node is absent.
QByteArray extractNodeDts(const QByteArray &dts, const QString &path);

// Kernel and ramdisk sizes keyed by resolved path (ExportContext::fileSizes), for the files that
// exist; the exporters report the missing ones.
QMap<QString, quint64> exportFileSizes(const Project &project, const QString &projectFile);

class ExportPreview : public QWidget
{
    Q_OBJECT
public:
    enum Tab { DomCfgTab, PartialDtsTab, HostDtsTab, ImageBuilderTab, TabCount };

    explicit ExportPreview(ProjectDocument *doc, QWidget *parent = nullptr);
    ~ExportPreview() override;

    QString domain() const;
    void setDomain(const QString &name);
    QString text(Tab tab) const;
    QTabWidget *tabs() const { return m_tabs; }
    void refresh();
    // The folders (and files) of every domain's kernel and ramdisk the preview watches: a file
    // that appears, goes or changes refreshes it (QFileSystemWatcher, after a short settle).
    QStringList watchedPaths() const;

private:
    void watchModuleFiles();
    void syncDomains();
    void setText(Tab tab, const QByteArray &text);
    ExportContext context() const;

    ProjectDocument *m_document;
    QComboBox *m_domainBox;
    QLabel *m_note;
    QTabWidget *m_tabs;
    QsciScintilla *m_views[TabCount] = {};
    QMap<QString, quint64> m_fileSizes;
    QFileSystemWatcher *m_watcher;
    QTimer *m_settle;
};

} // namespace devassign
