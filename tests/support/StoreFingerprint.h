// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/Database.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QMap>
#include <QString>
#include <QStringList>

namespace mbtest {

// Every row of every table of the workspace, hashed per table with its row count: two equal
// fingerprints mean the store holds the same rows, ids, blobs and all (a deletion undone is
// identical). Rows are ordered by their whole text. Left out: business_values, values the window
// derives from stored predictions and keeps on its own thread as its pages load, so they can
// appear under a fingerprint taken while a window is open without the user doing anything.
inline QMap<QString, QByteArray> storeFingerprint(mb::db::Database &db)
{
    QMap<QString, QByteArray> tables;
    QStringList names;
    mb::db::Statement list = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                                        "'sqlite_%' AND name != 'business_values'");
    while (list.step())
        names << list.columnText(0);
    for (const QString &table : names) {
        QStringList columns;
        mb::db::Statement info = db.prepare("SELECT name FROM pragma_table_info(?1)");
        info.bind(1, table);
        while (info.step())
            columns << QStringLiteral("quote(\"%1\")").arg(info.columnText(0));
        const QByteArray sql = QStringLiteral("SELECT %1 FROM \"%2\" ORDER BY 1")
                                   .arg(columns.join(QStringLiteral(" || '|' || ")), table)
                                   .toUtf8();
        QCryptographicHash hash(QCryptographicHash::Sha256);
        mb::db::Statement rows = db.prepare(sql.constData());
        qint64 count = 0;
        while (rows.step()) {
            hash.addData(rows.columnText(0).toUtf8());
            hash.addData(QByteArrayView("\n"));
            ++count;
        }
        tables.insert(table, QByteArray::number(count) + ' ' + hash.result().toHex());
    }
    return tables;
}

} // namespace mbtest
