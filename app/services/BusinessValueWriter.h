// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/BusinessValueRepository.h"

#include <QList>
#include <QString>

#include <cstdint>

namespace mb::services {

// Keeps business-metric values a page computed from stored predictions (computeProjectRunMetrics'
// `computed`), so the next load reads them instead of the predictions. Opens a read-write
// connection of its own for the one transaction: the page's reader is read-only, and the window's
// connection belongs to the GUI thread. A workspace that cannot be written (read-only, busy past the
// timeout) keeps nothing, and the values are computed again next time.
// Thread contract: any thread; meant for a pool thread.
Status storeBusinessValues(const QString &workspacePath, std::int64_t framingVersionId,
                           const QList<db::StoredBusinessValue> &values);

} // namespace mb::services
