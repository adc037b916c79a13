// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Shift+F10, the keyboard's context menu key on every desktop, for an item view whose menu is a
// customContextMenuRequested handler: the menu opens at the current item (Qt maps only the Menu key).

class QAbstractItemView;

namespace devassign {

void addContextMenuKey(QAbstractItemView *view);

} // namespace devassign
