// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/BusinessValueWriter.h"

#include "db/Database.h"

namespace mb::services {

Status storeBusinessValues(const QString &workspacePath, std::int64_t framingVersionId,
                           const QList<db::StoredBusinessValue> &values)
{
    if (values.isEmpty())
        return success();
    try {
        db::Database database(workspacePath, db::Database::Mode::ReadWrite);
        database.exec("PRAGMA busy_timeout = 5000");
        database.exec("PRAGMA foreign_keys = ON");
        return db::BusinessValueRepository(database).store(framingVersionId, values);
    } catch (const db::SqlError &e) {
        return Error{QStringLiteral("cannot keep business-metric values in '%1': %2").arg(workspacePath, e.message())};
    }
}

} // namespace mb::services
