// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <vector>

namespace mb::query {

// The syntax tree of a run query as written, before its fields are known (QueryBinding checks
// them). Columns are 1-based positions in the query, for messages.
enum class Comparator {
    Equal,          // =
    NotEqual,       // !=
    Less,           // <
    LessOrEqual,    // <=
    Greater,        // >
    GreaterOrEqual, // >=
    Contains,       // ~   text contains, ignoring case
    KeyText,        // :   the old "key:text": contains for text, = for numbers
};

struct SyntaxNode {
    enum class Kind { And, Or, Not, Comparison, Text };
    Kind kind = Kind::Text;
    std::vector<SyntaxNode> children; // And, Or: two or more; Not: one

    // Comparison: field, operator, value. Text (a bare word or string): value only.
    QString field;
    int fieldColumn = 0;
    Comparator comparator = Comparator::Equal;
    QString operatorText;
    int operatorColumn = 0;
    QString value;
    bool valueQuoted = false;
    int valueColumn = 0;
};

} // namespace mb::query
