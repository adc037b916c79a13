// SPDX-License-Identifier: GPL-2.0-or-later
#include "prompter.h"

#include "domainsettingsdialog.h"
#include "platformdialog.h"

#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>
#include <QInputDialog>

namespace devassign {

QMessageBox::StandardButton Prompter::ask(const Prompt &prompt) const
{
    if (m_prompt)
        return m_prompt(prompt);
    QMessageBox box(prompt.icon, prompt.title, prompt.text, prompt.buttons, m_parent);
    box.setDefaultButton(prompt.defaultButton);
    return QMessageBox::StandardButton(box.exec());
}

namespace {

// Kinds of file that share a folder: the DTBs, the projects, the exports…
QString folderKey(FileRequest request)
{
    switch (request) {
    case FileRequest::NewFromDtb:
    case FileRequest::ImportHostDtb:
    case FileRequest::ImportDom0lessDtb:
    case FileRequest::SaveHostDtb:
        return QStringLiteral("fileDialogs/dtb");
    case FileRequest::OpenProject:
    case FileRequest::SaveProject:
        return QStringLiteral("fileDialogs/project");
    case FileRequest::ExportDirectory:
        return QStringLiteral("fileDialogs/export");
    case FileRequest::ModuleImage:
        return QStringLiteral("fileDialogs/image");
    case FileRequest::ImportXlConfig:
        return QStringLiteral("fileDialogs/xlConfig");
    case FileRequest::SaveSvg:
    case FileRequest::SaveReport:
        break;
    }
    return QStringLiteral("fileDialogs/output");
}

} // namespace

QString Prompter::lastFolder(FileRequest request) const
{
    return m_remember ? QSettings().value(folderKey(request)).toString() : QString();
}

QString Prompter::chooseFile(FileRequest request, const QString &suggestion) const
{
    const QString start = suggestion.isEmpty() ? lastFolder(request) : suggestion;
    const QString chosen = showFileDialog(request, start);
    if (m_remember && !chosen.isEmpty()) {
        const QFileInfo info(chosen);
        QSettings().setValue(folderKey(request), request == FileRequest::ExportDirectory ? info.absoluteFilePath()
                                                                                        : info.absolutePath());
    }
    return chosen;
}

bool Prompter::openUrl(const QUrl &url) const
{
    return m_url ? m_url(url) : QDesktopServices::openUrl(url);
}

QString Prompter::showFileDialog(FileRequest request, const QString &suggestion) const
{
    if (m_file)
        return m_file(request, suggestion);
    switch (request) {
    case FileRequest::NewFromDtb:
        return QFileDialog::getOpenFileName(m_parent, QObject::tr("New Project from Host Device Tree"), suggestion,
                                            QObject::tr("Device trees (*.dtb *.dts);;All files (*)"));
    case FileRequest::OpenProject:
        return QFileDialog::getOpenFileName(
            m_parent, QObject::tr("Open Project"), suggestion,
            QObject::tr("devassign projects (*.devassign.json);;Device trees (*.dtb *.dts);;All files (*)"));
    case FileRequest::SaveProject:
        return QFileDialog::getSaveFileName(m_parent, QObject::tr("Save Project As"), suggestion,
                                            QObject::tr("devassign projects (*.devassign.json)"));
    case FileRequest::ExportDirectory:
        return QFileDialog::getExistingDirectory(m_parent, QObject::tr("Export Into (new, empty or previous export)"),
                                                 suggestion);
    case FileRequest::ImportXlConfig:
        return QFileDialog::getOpenFileName(m_parent, QObject::tr("Import an xl Domain Config"), suggestion,
                                            QObject::tr("xl configs (*.cfg);;All files (*)"));
    case FileRequest::ImportHostDtb:
        return QFileDialog::getOpenFileName(m_parent, QObject::tr("Host Device Tree the Config Is For"), suggestion,
                                            QObject::tr("Device trees (*.dtb *.dts);;All files (*)"));
    case FileRequest::ImportDom0lessDtb:
        return QFileDialog::getOpenFileName(m_parent, QObject::tr("Import a dom0less Host Device Tree"), suggestion,
                                            QObject::tr("Device trees (*.dtb);;All files (*)"));
    case FileRequest::SaveHostDtb:
        return QFileDialog::getSaveFileName(m_parent, QObject::tr("Save the Board's Host DTB (without the domains)"),
                                            suggestion, QObject::tr("Device trees (*.dtb)"));
    case FileRequest::ModuleImage:
        return QFileDialog::getOpenFileName(m_parent, QObject::tr("Choose a Kernel or Ramdisk"), suggestion);
    case FileRequest::SaveSvg:
        return QFileDialog::getSaveFileName(m_parent, QObject::tr("Export Picture as SVG"), suggestion,
                                            QObject::tr("SVG pictures (*.svg)"));
    case FileRequest::SaveReport:
        return QFileDialog::getSaveFileName(m_parent, QObject::tr("Export Audit Report"), suggestion,
                                            QObject::tr("HTML pages (*.html)"));
    }
    return QString();
}

std::optional<QString> Prompter::askText(const TextRequest &request) const
{
    if (m_text)
        return m_text(request);
    bool ok = false;
    const QString text = QInputDialog::getText(m_parent, request.title, request.label, QLineEdit::Normal,
                                               request.initial, &ok);
    return ok ? std::optional<QString>(text) : std::nullopt;
}

std::optional<DomainConfig> Prompter::editDomainSettings(const DomainConfig &domain, const QString &projectFile) const
{
    if (m_settings)
        return m_settings(domain, projectFile);
    DomainSettingsDialog dialog(domain, projectFile, this, m_parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.settings();
}

std::optional<Platform> Prompter::editPlatform(const Platform &platform, const QVector<MemoryRange> &dtbRam) const
{
    if (m_platform)
        return m_platform(platform, dtbRam);
    PlatformDialog dialog(platform, dtbRam, m_parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.platform();
}

} // namespace devassign
