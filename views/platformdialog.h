// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Project ▸ Target Platform…: the Xen release the rules and exports follow, and the host RAM
// (the host DTB's /memory banks, shown read-only, or banks given one "ADDR:SIZE" per line, read
// with the CLI's rules: `devassign platform set --xen --ram --no-ram`).

#include "project.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QRadioButton;

namespace devassign {

class PlatformDialog : public QDialog
{
    Q_OBJECT
public:
    // `dtbRam`: the host DTB's /memory banks (what an empty Platform::ram stands for).
    PlatformDialog(const Platform &platform, const QVector<MemoryRange> &dtbRam, QWidget *parent = nullptr);
    ~PlatformDialog() override;

    // The edited platform (unknown keys kept). Valid when validationError() is "".
    Platform platform() const;
    QString validationError() const;

    // One "ADDR:SIZE" bank per line (blank lines skipped), e.g. "0x40000000:4G"; nullopt and `error`
    // naming the line when one is not, or when the banks are not usable (platformProblem).
    static std::optional<QVector<MemoryRange>> parseRamBanks(const QString &text, QString *error);
    static QString ramBanksText(const QVector<MemoryRange> &banks);

    QComboBox *releaseBox() const { return m_release; }
    QRadioButton *fromDtbButton() const { return m_fromDtb; }
    QRadioButton *userRamButton() const { return m_userRam; }
    QPlainTextEdit *ramEdit() const { return m_ram; }
    QLabel *problemLabel() const { return m_problem; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void updateState();

    Platform m_platform;
    QComboBox *m_release;
    QRadioButton *m_fromDtb;
    QRadioButton *m_userRam;
    QPlainTextEdit *m_dtbRam;
    QPlainTextEdit *m_ram;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace devassign
