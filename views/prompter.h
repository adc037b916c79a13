// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The one seam between the studio's flows and modal dialogs (DEVELOPERS.md): every message box,
// file dialog, line of text asked for, the domain settings and target platform dialogs go through a Prompter. The
// window owns one and hands it to its panels; tests install handlers that answer at once, so every
// prompt flow runs headless.

#include "project.h"

#include <QMessageBox>
#include <QString>

#include <functional>
#include <optional>

class QUrl;
class QWidget;

namespace devassign {

// A question or message shown to the user (a QMessageBox unless a test answers it).
struct Prompt {
    QMessageBox::Icon icon = QMessageBox::Question;
    QString title;
    QString text;
    QMessageBox::StandardButtons buttons = QMessageBox::Ok;
    QMessageBox::StandardButton defaultButton = QMessageBox::NoButton;
};

// What a file dialog is asked for.
enum class FileRequest { NewFromDtb, OpenProject, SaveProject, ExportDirectory, ModuleImage, SaveSvg, ImportXlConfig, ImportHostDtb, SaveReport,
                         ImportDom0lessDtb, SaveHostDtb };

// One line of text (a QInputDialog unless a test answers it).
struct TextRequest {
    QString title;
    QString label;
    QString initial;
};

class Prompter {
public:
    using PromptHandler = std::function<QMessageBox::StandardButton(const Prompt &)>;
    using FileHandler = std::function<QString(FileRequest, const QString &suggestion)>;
    using TextHandler = std::function<std::optional<QString>(const TextRequest &)>;
    // The edited settings, or nullopt when the user cancels.
    using SettingsHandler = std::function<std::optional<DomainConfig>(const DomainConfig &, const QString &projectFile)>;
    // The edited target platform, or nullopt when the user cancels. `dtbRam`: the host DTB's
    // /memory banks (what an empty Platform::ram stands for), shown read-only.
    using PlatformHandler = std::function<std::optional<Platform>(const Platform &, const QVector<MemoryRange> &dtbRam)>;
    // Opens a document (Help ▸ User Guide, Help ▸ Rules); QDesktopServices::openUrl unless a test answers.
    using UrlHandler = std::function<bool(const QUrl &)>;

    explicit Prompter(QWidget *parent) : m_parent(parent) {}

    QMessageBox::StandardButton ask(const Prompt &prompt) const;
    // With remembersFolders(), an empty suggestion starts in the folder this kind of file was last
    // chosen in (QSettings "fileDialogs/<kind>"), and every choice is remembered.
    QString chooseFile(FileRequest request, const QString &suggestion = QString()) const;
    void setRemembersFolders(bool remember) { m_remember = remember; }
    QString lastFolder(FileRequest request) const; // "" when none is remembered
    bool openUrl(const QUrl &url) const;
    std::optional<QString> askText(const TextRequest &request) const;
    std::optional<DomainConfig> editDomainSettings(const DomainConfig &domain, const QString &projectFile) const;
    std::optional<Platform> editPlatform(const Platform &platform, const QVector<MemoryRange> &dtbRam) const;

    // nullptr restores the real dialog.
    void setPromptHandler(PromptHandler h) { m_prompt = std::move(h); }
    void setFileHandler(FileHandler h) { m_file = std::move(h); }
    void setTextHandler(TextHandler h) { m_text = std::move(h); }
    void setSettingsHandler(SettingsHandler h) { m_settings = std::move(h); }
    void setPlatformHandler(PlatformHandler h) { m_platform = std::move(h); }
    void setUrlHandler(UrlHandler h) { m_url = std::move(h); }

private:
    QString showFileDialog(FileRequest request, const QString &suggestion) const;

    QWidget *m_parent;
    PromptHandler m_prompt;
    FileHandler m_file;
    TextHandler m_text;
    SettingsHandler m_settings;
    PlatformHandler m_platform;
    UrlHandler m_url;
    bool m_remember = false;
};

} // namespace devassign
