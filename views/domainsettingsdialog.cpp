// SPDX-License-Identifier: GPL-2.0-or-later
#include "domainsettingsdialog.h"
#include "dialogvalidation.h"
#include "format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include "prompter.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace devassign {

using format::hex;

DomainSettingsDialog::DomainSettingsDialog(const DomainConfig &domain, const QString &projectFile,
                                           const Prompter *prompter, QWidget *parent)
    : QDialog(parent), m_domain(domain), m_projectFile(projectFile), m_prompter(prompter)
{
    setWindowTitle(tr("Settings of %1").arg(domain.name));

    m_memory = new QSpinBox(this);
    m_memory->setObjectName(QStringLiteral("memory"));
    m_memory->setRange(16, 1024 * 1024);
    m_memory->setSuffix(tr(" MiB"));
    m_memory->setValue(int(domain.memoryKiB / 1024));
    m_vcpus = new QSpinBox(this);
    m_vcpus->setObjectName(QStringLiteral("vcpus"));
    m_vcpus->setRange(1, 128);
    m_vcpus->setValue(domain.vcpus);
    m_kernel = pathField(domain.kernel, tr("Kernel image"));
    m_kernel->setObjectName(QStringLiteral("kernel"));
    m_ramdisk = pathField(domain.ramdisk, tr("Ramdisk"));
    m_ramdisk->setObjectName(QStringLiteral("ramdisk"));
    m_bootargs = new QLineEdit(domain.bootargs, this);
    m_bootargs->setObjectName(QStringLiteral("bootargs"));
    m_bootargs->setPlaceholderText(QStringLiteral("console=ttyAMA0"));

    m_directMap = new QCheckBox(tr("Direct-map (guest physical = host physical)"), this);
    m_directMap->setObjectName(QStringLiteral("directMap"));
    m_directMap->setChecked(domain.directMap);
    m_staticMemory = new QLineEdit(staticMemoryText(domain.staticMemory), this);
    m_staticMemory->setObjectName(QStringLiteral("staticMemory"));
    m_staticMemory->setPlaceholderText(QStringLiteral("0x80000000:256M, …"));
    m_staticMemory->setToolTip(tr("xen,static-mem banks: host ADDRESS:SIZE, comma separated (docs/misc/arm/device-tree/booting.txt)"));
    m_vpl011 = new QCheckBox(tr("Virtual PL011 console (vpl011)"), this);
    m_vpl011->setObjectName(QStringLiteral("vpl011"));
    m_vpl011->setChecked(domain.vpl011);
    m_enhanced = new QComboBox(this);
    m_enhanced->setObjectName(QStringLiteral("enhanced"));
    m_enhanced->addItem(tr("default"), QString());
    for (const char *v : { "enabled", "no-xenstore", "legacy", "disabled" })
        m_enhanced->addItem(QString::fromLatin1(v), QString::fromLatin1(v));
    m_enhanced->setCurrentIndex(qMax(0, m_enhanced->findData(domain.enhanced)));
    m_gic = new QComboBox(this);
    m_gic->setObjectName(QStringLiteral("gicVersion"));
    m_gic->addItem(tr("same as host"), QString());
    m_gic->addItem(QStringLiteral("GICv2"), QStringLiteral("v2"));
    m_gic->addItem(QStringLiteral("GICv3"), QStringLiteral("v3"));
    m_gic->setCurrentIndex(qMax(0, m_gic->findData(domain.gicVersion)));

    m_dom0less = new QCheckBox(tr("dom0less (/chosen node, booted by Xen)"), this);
    m_dom0less->setObjectName(QStringLiteral("dom0less"));
    m_dom0less->setChecked(domain.dom0less);
    m_xl = new QCheckBox(tr("xl dom.cfg (started from dom0)"), this);
    m_xl->setObjectName(QStringLiteral("xl"));
    m_xl->setChecked(domain.xl);
    m_xlDir = new QLineEdit(domain.xlDir, this);
    m_xlDir->setObjectName(QStringLiteral("xlDir"));
    m_xlDir->setPlaceholderText(QStringLiteral("/etc/xen/") + domain.name);

    m_problem = new QLabel(this);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Memory:"), m_memory);
    form->addRow(tr("vCPUs:"), m_vcpus);
    form->addRow(tr("Kernel:"), m_kernel->parentWidget() == this ? m_kernel : m_kernel->parentWidget());
    form->addRow(tr("Ramdisk:"), m_ramdisk->parentWidget() == this ? m_ramdisk : m_ramdisk->parentWidget());
    form->addRow(tr("Boot arguments:"), m_bootargs);
    form->addRow(QString(), m_directMap);
    form->addRow(tr("Static memory:"), m_staticMemory);
    form->addRow(QString(), m_vpl011);
    form->addRow(tr("Enhanced:"), m_enhanced);
    form->addRow(tr("Guest GIC:"), m_gic);
    form->addRow(tr("Targets:"), m_dom0less);
    form->addRow(QString(), m_xl);
    form->addRow(tr("xl directory:"), m_xlDir);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    for (QLineEdit *e : { m_staticMemory, m_kernel, m_xlDir })
        connect(e, &QLineEdit::textChanged, this, &DomainSettingsDialog::updateState);
    for (QCheckBox *c : { m_directMap, m_dom0less, m_xl })
        connect(c, &QCheckBox::toggled, this, &DomainSettingsDialog::updateState);
    updateState();
    resize(sizeHint().width() + 120, sizeHint().height());
}

DomainSettingsDialog::~DomainSettingsDialog() = default;

QLineEdit *DomainSettingsDialog::pathField(const QString &value, const QString &title)
{
    auto *row = new QWidget(this);
    auto *edit = new QLineEdit(value, row);
    auto *browse = new QToolButton(row);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose the %1 file").arg(title.toLower()));
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this, edit] {
        const QString start = m_projectFile.isEmpty() ? QString() : QFileInfo(m_projectFile).absolutePath();
        const QString file = m_prompter ? m_prompter->chooseFile(FileRequest::ModuleImage, start) : QString();
        if (!file.isEmpty())
            edit->setText(m_projectFile.isEmpty() ? file : relativeProjectPath(m_projectFile, file));
    });
    return edit;
}

void DomainSettingsDialog::updateState()
{
    m_staticMemory->setEnabled(m_dom0less->isChecked());
    m_xlDir->setEnabled(m_xl->isChecked());
    showValidation(m_problem, m_buttons, validationError());
}

QString DomainSettingsDialog::validationError() const
{
    QString error;
    if (!parseStaticMemory(m_staticMemory->text(), &error))
        return error;
    if (!m_dom0less->isChecked() && !m_xl->isChecked())
        return tr("Choose at least one target: dom0less or xl.");
    return QString();
}

DomainConfig DomainSettingsDialog::settings() const
{
    DomainConfig d = m_domain;
    d.memoryKiB = quint64(m_memory->value()) * 1024;
    d.vcpus = m_vcpus->value();
    d.kernel = m_kernel->text().trimmed();
    d.ramdisk = m_ramdisk->text().trimmed();
    d.bootargs = m_bootargs->text().trimmed();
    d.directMap = m_directMap->isChecked();
    d.staticMemory = parseStaticMemory(m_staticMemory->text(), nullptr).value_or(QVector<MemoryRange>());
    d.vpl011 = m_vpl011->isChecked();
    d.enhanced = m_enhanced->currentData().toString();
    d.gicVersion = m_gic->currentData().toString();
    d.dom0less = m_dom0less->isChecked();
    d.xl = m_xl->isChecked();
    d.xlDir = m_xlDir->text().trimmed();
    return d;
}

std::optional<QVector<MemoryRange>> DomainSettingsDialog::parseStaticMemory(const QString &text, QString *error)
{
    QVector<MemoryRange> banks;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (part.trimmed().isEmpty())
            continue;
        // ADDRESS:SIZE as the CLI's --static-mem takes it (parseMemoryRange); ADDRESS+SIZE is accepted too.
        const std::optional<MemoryRange> bank = parseMemoryRange(part.trimmed().replace(QLatin1Char('+'), QLatin1Char(':')));
        if (!bank || bank->size == 0) {
            if (error)
                *error = tr("Static memory: \"%1\" is not ADDRESS:SIZE (e.g. 0x80000000:256M)").arg(part.trimmed());
            return std::nullopt;
        }
        banks.append(*bank);
    }
    return banks;
}

QString DomainSettingsDialog::staticMemoryText(const QVector<MemoryRange> &banks)
{
    QStringList parts;
    for (const MemoryRange &b : banks)
        parts << hex(b.address) + QLatin1Char(':') + hex(b.size);
    return parts.join(QStringLiteral(", "));
}

} // namespace devassign
