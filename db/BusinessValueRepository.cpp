// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/BusinessValueRepository.h"

#include "db/Database.h"
#include "db/Guard.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace mb::db {

Result<QHash<std::int64_t, QList<StoredBusinessValue>>> BusinessValueRepository::valuesOf(
    std::int64_t framingVersionId)
{
    return guarded(QStringLiteral("cannot read stored business-metric values"), [&] {
        QHash<std::int64_t, QList<StoredBusinessValue>> values;
        Statement select = m_db.prepare("SELECT evaluation_id, metric, value, selected, error, notes "
                                        "FROM business_values WHERE framing_version_id = ?1");
        select.bind(1, framingVersionId);
        while (select.step()) {
            StoredBusinessValue v;
            v.evaluationId = select.columnInt(0);
            v.metric = select.columnText(1);
            if (!select.columnIsNull(2))
                v.value = select.columnDouble(2);
            v.selected = select.columnInt(3);
            v.error = select.columnText(4);
            const QString notes = select.columnText(5);
            if (notes != QLatin1String("[]"))
                for (const QJsonValue &note : QJsonDocument::fromJson(notes.toUtf8()).array())
                    v.notes << note.toString();
            values[v.evaluationId].append(std::move(v));
        }
        return values;
    });
}

Status BusinessValueRepository::store(std::int64_t framingVersionId, const QList<StoredBusinessValue> &values)
{
    if (values.isEmpty())
        return success();
    return guarded(QStringLiteral("cannot store business-metric values"), [&] {
        Transaction transaction(m_db);
        // The join skips a value whose evaluation was deleted after it was computed.
        Statement insert = m_db.prepare(
            "INSERT OR IGNORE INTO business_values(framing_version_id, evaluation_id, metric, value, selected, "
            "error, notes) SELECT ?1, id, ?3, ?4, ?5, ?6, ?7 FROM evaluations WHERE id = ?2");
        for (const StoredBusinessValue &v : values) {
            insert.bind(1, framingVersionId).bind(2, v.evaluationId).bind(3, v.metric);
            // NaN cannot be stored (SQLite reads it as NULL): NULL with no error says "not a number".
            if (v.value && !std::isnan(*v.value))
                insert.bind(4, *v.value);
            else
                insert.bindNull(4);
            insert.bind(5, v.selected).bind(6, v.error);
            insert.bind(7, v.notes.isEmpty() ? QStringLiteral("[]")
                                             : QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(v.notes))
                                                                     .toJson(QJsonDocument::Compact)));
            insert.run();
            insert.reset();
        }
        transaction.commit();
        return Done{};
    });
}

} // namespace mb::db
