// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <limits>

namespace mb::query {

// One run as the query language sees it (docs/QUERY.md): plain values, filled by whoever lists
// runs (the Runs and Compare tables, `runs --where`), so the language knows no store and no table.
struct RunFields {
    static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

    std::int64_t id = 0;
    QString name;
    QString status;   // "finished", as the store keys it
    QString model;    // the model's kind: "mlp", "linear", "cnn", "external"
    QStringList tags; // as typed; compared ignoring case
    bool starred = false;
    QString note;
    double createdSeconds = kMissing; // since the Unix epoch, UTC; kMissing when unknown
    double startedSeconds = kMissing;
    double finishedSeconds = kMissing;
    QJsonObject config; // the stored run config, for config.x.y
    // Numbers by the name the tables show: test/roc_auc, validation/loss, a business metric's name,
    // latency_p99_ms, and the tables' own number columns (lr, batch, epochs). NaN counts as missing.
    QHash<QString, double> numbers;
    // Other text columns by key (optimizer).
    QHash<QString, QString> texts;
    // Lowercased text a bare word is looked for in: id as "#3", status, name, model, tags, note...
    QString searchText;
};

// The fields a query may name beyond the fixed ones (id, name, status, model, tag, star, note,
// created, started, finished, config.*): the numbers and texts the listed runs have, and the
// statuses there are. Built from the rows (catalogOf) plus what the lister knows.
struct FieldCatalog {
    QStringList numbers;
    QStringList texts;
    QStringList statuses; // "queued", "running", ...: a status compared to anything else is refused
};

// The numbers and texts that any of `rows` has, sorted, with `statuses`.
template<typename Rows>
FieldCatalog catalogOf(const Rows &rows, const QStringList &statuses)
{
    FieldCatalog catalog;
    catalog.statuses = statuses;
    QHash<QString, bool> seen;
    for (const RunFields &row : rows) {
        for (auto it = row.numbers.constBegin(); it != row.numbers.constEnd(); ++it)
            if (!seen.contains(it.key()))
                seen.insert(it.key(), true);
        for (auto it = row.texts.constBegin(); it != row.texts.constEnd(); ++it)
            if (!seen.contains(it.key()))
                seen.insert(it.key(), false);
    }
    for (auto it = seen.constBegin(); it != seen.constEnd(); ++it)
        (it.value() ? catalog.numbers : catalog.texts) << it.key();
    catalog.numbers.sort();
    catalog.texts.sort();
    return catalog;
}

// The fixed fields every run has, in the order error messages list them.
QStringList fixedFieldNames();

// The value at a dotted path of a config ("optimizer.lr"); a single name not found at the top
// ("lr") is looked for as a key anywhere inside, depth first, so config.lr reads optimizer.lr.
// Undefined when there is none.
QJsonValue configValue(const QJsonObject &config, const QStringList &path);

} // namespace mb::query
