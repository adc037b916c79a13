// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The settings dialogs' one way to show why their input cannot be accepted: the reason under the
// fields, and OK enabled only without one.

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>

namespace devassign {

inline void showValidation(QLabel *label, QDialogButtonBox *buttons, const QString &problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
    buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace devassign
