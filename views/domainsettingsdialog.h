// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Edits one domain's settings (memory, vCPUs, kernel/ramdisk/bootargs, direct-map and static
// memory, vpl011, enhanced, GIC version, targets dom0less / xl). Devices are not edited here.

#include "project.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace devassign {

class Prompter;

class DomainSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `projectFile` ("" while untitled) is where kernel/ramdisk paths are made relative to.
    // File choices go through `prompter` (the studio's dialog seam, prompter.h).
    DomainSettingsDialog(const DomainConfig &domain, const QString &projectFile, const Prompter *prompter,
                         QWidget *parent = nullptr);
    ~DomainSettingsDialog() override;

    // The edited settings (name and devices as given). Valid when validationError() is "".
    DomainConfig settings() const;
    QString validationError() const;

    // Parses "0x80000000:0x10000000, 0xa0000000:256M": ADDRESS:SIZE pairs (as the CLI's --static-mem).
    static std::optional<QVector<MemoryRange>> parseStaticMemory(const QString &text, QString *error);
    static QString staticMemoryText(const QVector<MemoryRange> &banks);

private:
    QLineEdit *pathField(const QString &value, const QString &title);
    void updateState();

    DomainConfig m_domain;
    QString m_projectFile;
    const Prompter *m_prompter = nullptr;
    QSpinBox *m_memory;
    QSpinBox *m_vcpus;
    QLineEdit *m_kernel;
    QLineEdit *m_ramdisk;
    QLineEdit *m_bootargs;
    QCheckBox *m_directMap;
    QLineEdit *m_staticMemory;
    QCheckBox *m_vpl011;
    QComboBox *m_enhanced;
    QComboBox *m_gic;
    QCheckBox *m_dom0less;
    QCheckBox *m_xl;
    QLineEdit *m_xlDir;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace devassign
