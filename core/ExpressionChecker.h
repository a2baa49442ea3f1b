// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace mb {

// The outcome of checking one business-metric expression with muparser.
struct ExpressionCheck {
    bool ok = true;
    QString message;  // names the unknown symbol or the syntax problem, empty when ok
    int position = 0; // 1-based column of the problem in the expression, 0 when none
    QString symbol;   // the offending token, when there is one
};

// Checks an expression's syntax and that it uses only the given symbols, using muparser (the same
// library that evaluates business metrics), so that what passes here also evaluates later.
// Thread contract: reentrant; each call builds its own parser.
ExpressionCheck checkExpression(const QString &expression, const QStringList &knownSymbols);

// Whether `name` can be used as a symbol in an expression: a letter or underscore followed by
// letters, digits or underscores.
bool isValidSymbolName(const QString &name);

// The symbols an item expression may use besides the value columns.
QStringList itemSymbols();
// The confusion counts an outer expression may use besides the aggregate names.
QStringList confusionSymbols();

QString muparserVersion();

} // namespace mb
