// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/query/QuerySyntax.h"
#include "core/query/RunFields.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace mb::query {

// A query whose fields are known and whose values are read: what QueryEvaluator runs per row.
// Binding is where "unknown field 'acc'" and "'name' is text" are found, once, not per row.
enum class FieldKind { Id, Name, Status, Model, Tag, Star, Note, Created, Started, Finished, Number, Text, Config };

struct Condition {
    enum class Kind { And, Or, Not, Compare, Search };
    Kind kind = Kind::Search;
    std::vector<Condition> children;

    FieldKind field = FieldKind::Name;
    QString key;                               // Number, Text: the catalog's name
    QStringList configPath;                    // Config: "optimizer", "lr"
    Comparator comparator = Comparator::Equal; // KeyText is resolved to Contains or Equal here
    QString text;                              // the value as written
    QString lowered;                           // the value lowercased, for text comparisons and searches
    bool isNumber = false;                     // the value reads as a number
    double number = 0.0;
    bool isBoolean = false; // yes/no/true/false/on/off
    bool boolean = false;
    double from = 0.0, to = 0.0; // a date value: the instants [from, to), seconds since the epoch (UTC)
};

// Checks `syntax` against the fields every run has and those of `catalog`. Errors name the column:
// "col 1: unknown field 'acc' — fields: id, name, ...", "col 6: 'name' is text: compare it with =, != or ~".
Result<Condition> bindQuery(const SyntaxNode &syntax, const FieldCatalog &catalog);

} // namespace mb::query
