// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QString>

namespace mb::business {

// A business metric's definition in words, for readers who do not read expressions (the report):
// which items it looks at, what it adds up, and how the result is formed. "Over the top 100 items
// by score: clicks = the sum of engagement. Value: clicks." Thread contract: pure, reentrant.
QString selectionInWords(const BusinessMetric &metric);
QString formulaInWords(const BusinessMetric &metric);

} // namespace mb::business
