// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Heap bytes in use and their peak, counted by this binary's own malloc family (heapmeter.cpp
// forwards to glibc's): Qt's containers and operator new all end there, so the figure is every
// heap byte of the process, exact and unaffected by other processes on the machine.

#include <cstddef>

namespace heapmeter {

size_t inUse();
size_t peak();
// Heap blocks in use (each malloc not yet freed).
size_t blocksInUse();
// Starts a new peak at the current use.
void resetPeak();

} // namespace heapmeter
