// SPDX-License-Identifier: GPL-2.0-or-later
#include "platformdialog.h"
#include "dialogvalidation.h"

#include "format.h"
#include "xenrelease.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace devassign {

PlatformDialog::PlatformDialog(const Platform &platform, const QVector<MemoryRange> &dtbRam, QWidget *parent)
    : QDialog(parent), m_platform(platform)
{
    setObjectName(QStringLiteral("PlatformDialog"));
    setWindowTitle(tr("Target Platform"));

    m_release = new QComboBox(this);
    m_release->setObjectName(QStringLiteral("xenRelease"));
    for (const QString &name : xen::releaseNames())
        m_release->addItem(tr("Xen %1").arg(name), name);
    m_release->setCurrentIndex(qMax(0, m_release->findData(xen::releaseName(platform.xen))));
    m_release->setToolTip(tr("The Xen release the rules check against and the exports are written for"));

    m_fromDtb = new QRadioButton(tr("From the host DTB's /memory"), this);
    m_fromDtb->setObjectName(QStringLiteral("ramFromDtb"));
    m_dtbRam = new QPlainTextEdit(this);
    m_dtbRam->setObjectName(QStringLiteral("dtbRam"));
    m_dtbRam->setReadOnly(true);
    m_dtbRam->setPlainText(dtbRam.isEmpty() ? tr("(none: the DTB has no /memory bank of non-zero size)")
                                            : ramBanksText(dtbRam));
    m_userRam = new QRadioButton(tr("These banks, one ADDR:SIZE per line (e.g. 0x40000000:4G):"), this);
    m_userRam->setObjectName(QStringLiteral("ramUser"));
    m_ram = new QPlainTextEdit(this);
    m_ram->setObjectName(QStringLiteral("ramBanks"));
    m_ram->setPlaceholderText(QStringLiteral("0x40000000:2G\n0x880000000:2G"));
    // Start from the DTB's banks when switching to user banks, so they are edited, not retyped.
    m_ram->setPlainText(ramBanksText(platform.ram.isEmpty() ? dtbRam : platform.ram));
    (platform.ram.isEmpty() ? m_fromDtb : m_userRam)->setChecked(true);
    for (QPlainTextEdit *e : {m_dtbRam, m_ram}) {
        e->setTabChangesFocus(true);
        e->setMaximumHeight(fontMetrics().lineSpacing() * 6);
    }

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Xen release:"), m_release);
    auto *ram = new QVBoxLayout;
    ram->addWidget(m_fromDtb);
    ram->addWidget(m_dtbRam);
    ram->addWidget(m_userRam);
    ram->addWidget(m_ram);
    form->addRow(tr("Host RAM:"), ram);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_ram, &QPlainTextEdit::textChanged, this, &PlatformDialog::updateState);
    connect(m_userRam, &QRadioButton::toggled, this, &PlatformDialog::updateState);
    updateState();
}

PlatformDialog::~PlatformDialog() = default;

void PlatformDialog::updateState()
{
    m_dtbRam->setEnabled(m_fromDtb->isChecked());
    m_ram->setEnabled(m_userRam->isChecked());
    showValidation(m_problem, m_buttons, validationError());
}

QString PlatformDialog::validationError() const
{
    if (m_fromDtb->isChecked())
        return QString();
    QString error;
    const auto banks = parseRamBanks(m_ram->toPlainText(), &error);
    if (!banks)
        return error;
    if (banks->isEmpty())
        return tr("Host RAM: give at least one ADDR:SIZE bank, or use the host DTB's /memory.");
    return QString();
}

Platform PlatformDialog::platform() const
{
    Platform p = m_platform;
    p.xen = xen::releaseFromName(m_release->currentData().toString()).value_or(m_platform.xen);
    p.ram = m_fromDtb->isChecked() ? QVector<MemoryRange>()
                                   : parseRamBanks(m_ram->toPlainText(), nullptr).value_or(QVector<MemoryRange>());
    return p;
}

std::optional<QVector<MemoryRange>> PlatformDialog::parseRamBanks(const QString &text, QString *error)
{
    QVector<MemoryRange> banks;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const std::optional<MemoryRange> bank = parseMemoryRange(line);
        if (!bank || bank->size == 0) {
            if (error)
                *error = tr("Host RAM, line %1: \"%2\" is not ADDR:SIZE with a size above 0 (e.g. 0x40000000:4G)")
                             .arg(i + 1)
                             .arg(format::oneLine(line));
            return std::nullopt;
        }
        banks.append(*bank);
    }
    Platform p;
    p.ram = banks;
    if (const QString problem = platformProblem(p); !problem.isEmpty()) {
        if (error)
            *error = tr("Host RAM: %1").arg(problem);
        return std::nullopt;
    }
    return banks;
}

QString PlatformDialog::ramBanksText(const QVector<MemoryRange> &banks)
{
    QStringList lines;
    for (const MemoryRange &b : banks)
        lines << format::hex(b.address) + QLatin1Char(':')
                     + (b.size != 0 && b.size % 1024 == 0 ? format::memoryText(b.size / 1024) : format::hex(b.size));
    return lines.join(QLatin1Char('\n'));
}

} // namespace devassign
