// SPDX-License-Identifier: GPL-2.0-or-later
#include "exportpreview.h"

#include "exportjob.h"
#include "dtslexer.h"
#include "dtsource.h"
#include "projectdocument.h"
#include "xlcfglexer.h"

#include <Qsci/qsciscintilla.h>

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace devassign {

QsciScintilla *createCodeView(QsciLexer *lexer, QWidget *parent)
{
    auto *view = new QsciScintilla(parent);
    view->setUtf8(true);
    if (lexer) {
        lexer->setParent(view);
        view->setLexer(lexer);
    }
    view->setReadOnly(true);
    view->setCaretWidth(0); // read-only: no blinking caret (as sqlitebrowser does)
    view->setMarginType(0, QsciScintilla::NumberMargin);
    view->setMarginWidth(0, QStringLiteral("0000"));
    view->setMarginsForegroundColor(QColor(0x8a, 0x90, 0x96));
    view->setMarginsBackgroundColor(QColor(0xf3, 0xf4, 0xf5));
    view->setMarginsFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
    view->setWrapMode(QsciScintilla::WrapNone);
    view->setTabWidth(8);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

QByteArray extractNodeDts(const QByteArray &dts, const QString &path)
{
    // dtc prints "<indent>[label: ]name {" to open a node and "<indent>};" to close it.
    const QStringList wanted = path == QLatin1String("/") ? QStringList() : path.mid(1).split(QLatin1Char('/'));
    QStringList stack;
    int depthFound = -1;
    QByteArray out;
    const QList<QByteArray> lines = dts.split('\n');
    bool inRoot = false;
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        const bool opens = line.endsWith('{');
        const bool closes = line == "};";
        if (opens) {
            QByteArray name = line.left(line.size() - 1).trimmed();
            const int colon = int(name.lastIndexOf(": "));
            if (colon >= 0)
                name = name.mid(colon + 2);
            if (!inRoot && name == "/")
                inRoot = true;
            else if (inRoot)
                stack.append(QString::fromUtf8(name));
            if (depthFound < 0 && inRoot && stack == wanted)
                depthFound = int(stack.size());
        }
        if (depthFound >= 0)
            out += raw + '\n';
        if (closes) {
            if (depthFound >= 0 && int(stack.size()) == depthFound)
                return out;
            if (!stack.isEmpty())
                stack.removeLast();
            else
                inRoot = false;
        }
    }
    return depthFound >= 0 ? out : QByteArray();
}

ExportPreview::ExportPreview(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_document(doc), m_domainBox(new QComboBox(this)), m_note(new QLabel(this)),
      m_tabs(new QTabWidget(this)), m_watcher(new QFileSystemWatcher(this)), m_settle(new QTimer(this))
{
    m_settle->setSingleShot(true);
    m_settle->setInterval(150); // a copy in progress writes many times: refresh once it settled
    connect(m_settle, &QTimer::timeout, this, &ExportPreview::refresh);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_settle, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_settle, qOverload<>(&QTimer::start));
    auto *top = new QHBoxLayout;
    top->setContentsMargins(6, 4, 6, 0);
    top->addWidget(new QLabel(tr("Domain:"), this));
    top->addWidget(m_domainBox, 1);
    top->addWidget(m_note, 2);
    m_note->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_domainBox->setObjectName(QStringLiteral("exportDomainBox"));

    const QString titles[TabCount] = { tr("dom.cfg"), tr("Partial DTS"), tr("dom0less host DTS"),
                                       tr("ImageBuilder") };
    for (int t = 0; t < TabCount; ++t) {
        QsciLexer *lexer = (t == DomCfgTab || t == ImageBuilderTab) ? static_cast<QsciLexer *>(new XlCfgLexer)
                                                                    : new DtsLexer;
        m_views[t] = createCodeView(lexer, m_tabs);
        m_tabs->addTab(m_views[t], titles[t]);
    }
    m_tabs->setDocumentMode(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    connect(m_domainBox, &QComboBox::currentTextChanged, this, &ExportPreview::refresh);
    connect(m_document, &ProjectDocument::analysisChanged, this, [this] {
        syncDomains();
        refresh();
    });
    syncDomains();
    refresh();
}

ExportPreview::~ExportPreview() = default;

QString ExportPreview::domain() const
{
    return m_domainBox->currentText();
}

void ExportPreview::setDomain(const QString &name)
{
    const int i = m_domainBox->findText(name);
    if (i >= 0)
        m_domainBox->setCurrentIndex(i);
}

QString ExportPreview::text(Tab tab) const
{
    return m_views[tab]->text();
}

void ExportPreview::syncDomains()
{
    QStringList names;
    for (const DomainConfig &d : m_document->project().domains)
        names << d.name;
    QStringList current;
    for (int i = 0; i < m_domainBox->count(); ++i)
        current << m_domainBox->itemText(i);
    if (names == current)
        return;
    const QString selected = domain();
    const QSignalBlocker blocker(m_domainBox);
    m_domainBox->clear();
    m_domainBox->addItems(names);
    m_domainBox->setCurrentIndex(qMax(0, int(names.indexOf(selected))));
}

ExportContext ExportPreview::context() const
{
    ExportContext ctx(m_document->host().get(), &m_document->project(), &m_document->analysis(), m_document->fileName());
    ctx.forced = false; // a preview, not an export
    ctx.fileSizes = m_fileSizes;
    return ctx;
}

void ExportPreview::setText(Tab tab, const QByteArray &text)
{
    QsciScintilla *view = m_views[tab];
    const int line = view->firstVisibleLine();
    view->setText(QString::fromUtf8(text));
    view->setFirstVisibleLine(line);
}

QStringList ExportPreview::watchedPaths() const
{
    return m_watcher->directories() + m_watcher->files();
}

// Each module's file when it exists, and its folder, or the nearest folder above that exists (a
// folder made later shows there first).
void ExportPreview::watchModuleFiles()
{
    QStringList wanted;
    for (const DomainConfig &d : m_document->project().domains)
        for (const QString &stored : { d.kernel, d.ramdisk }) {
            if (stored.isEmpty())
                continue;
            const QFileInfo file(resolveProjectPath(m_document->fileName(), stored));
            if (file.isFile())
                wanted << file.absoluteFilePath();
            QString folder = file.absolutePath();
            while (!QFileInfo(folder).isDir() && QFileInfo(folder).path() != folder)
                folder = QFileInfo(folder).path(); // QDir::cdUp refuses a parent that does not exist
            wanted << folder;
        }
    wanted.removeDuplicates();
    QStringList unwanted = watchedPaths();
    for (const QString &p : std::as_const(wanted))
        unwanted.removeAll(p);
    if (!unwanted.isEmpty())
        m_watcher->removePaths(unwanted);
    QStringList added;
    for (const QString &p : std::as_const(wanted))
        if (!watchedPaths().contains(p))
            added << p;
    if (!added.isEmpty())
        m_watcher->addPaths(added);
}

void ExportPreview::refresh()
{
    const DomainPlan *plan = m_document->host() ? m_document->analysis().domain(domain()) : nullptr;
    if (!plan) {
        for (int t = 0; t < TabCount; ++t)
            setText(Tab(t), QByteArray());
        m_note->setText(m_document->project().domains.isEmpty() ? tr("Create a domain to preview its export.")
                                                                : QString());
        return;
    }
    // The same size lookup as Export… (core/exportjob.h); a missing file only makes its module absent here.
    m_fileSizes.clear();
    readModuleFileSizes(m_document->project(), m_document->fileName(), &m_fileSizes, nullptr);
    watchModuleFiles();
    const ExportContext ctx = context();
    const int errors = m_document->analysis().errorCount();
    m_note->setText(errors > 0 ? tr("%n error(s): Export… refuses until they are fixed or acknowledged", "", errors)
                               : tr("Ready to export"));

    const DomainConfig &d = plan->config;
    setText(DomCfgTab, d.xl ? domCfg(ctx, *plan)
                            : tr("# %1 does not target xl: enable \"xl dom.cfg\" in the domain settings.\n")
                                  .arg(d.name)
                                  .toUtf8());

    QString error;
    const QByteArray partial = partialDtb(ctx, *plan, &error);
    setText(PartialDtsTab, partial.isEmpty() ? "/* " + error.toUtf8() + " */\n" : dtsWithHeader(ctx, partial, &error));

    if (!d.dom0less) {
        setText(HostDtsTab, tr("/* %1 is not a dom0less domain (see the domain settings). */\n").arg(d.name).toUtf8());
    } else {
        error.clear();
        const QByteArray host = dom0lessHostDtb(ctx, &error);
        const QByteArray dts = host.isEmpty() ? QByteArray() : decompileDtb(host, &error);
        QByteArray node = extractNodeDts(dts, QStringLiteral("/chosen/") + d.name);
        if (node.isEmpty())
            node = extractNodeDts(dts, QStringLiteral("/chosen"));
        setText(HostDtsTab, node.isEmpty() ? "/* " + error.toUtf8() + " */\n" : node);
    }
    setText(ImageBuilderTab, imageBuilderConfig(ctx));
}

} // namespace devassign
