// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// QCustomPlot's header uses Qt's keyword macros (signals, slots, emit, foreach), which the
// project turns off with QT_NO_KEYWORDS because they break LibTorch headers. ui/ never includes
// torch, so the keywords are defined for this one header and removed again after it.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
