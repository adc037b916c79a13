// SPDX-License-Identifier: GPL-2.0-or-later
#include "contextmenukey.h"

#include <QAbstractItemView>
#include <QShortcut>

namespace devassign {

void addContextMenuKey(QAbstractItemView *view)
{
    auto *key = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), view);
    key->setContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(key, &QShortcut::activated, view, [view] {
        const QModelIndex current = view->currentIndex();
        if (current.isValid())
            view->scrollTo(current);
        // In viewport coordinates, as a right-click gives them.
        const QPoint at = current.isValid() ? view->visualRect(current).center() : QPoint(4, 4);
        emit view->customContextMenuRequested(at);
    });
}

} // namespace devassign
