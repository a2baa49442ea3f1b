// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/Database.h"

namespace mb::db {

// Runs a store operation and turns an SqlError into an Error value at the repository boundary.
template<typename F>
auto guarded(const QString &what, F &&operation) -> Result<decltype(operation())>
{
    try {
        return operation();
    } catch (const SqlError &e) {
        return Error{QStringLiteral("%1: %2").arg(what, e.message()), e.isBusy()};
    }
}

} // namespace mb::db
