// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExpressionChecker.h"

#include <muParser.h>

#include <QRegularExpression>

#include <vector>

namespace mb {
namespace {

// Where a whole-word symbol first appears, 1-based, so the message can point at it.
int positionOfSymbol(const QString &expression, const QString &symbol)
{
    const QRegularExpression word(QStringLiteral("(?<![A-Za-z0-9_])%1(?![A-Za-z0-9_])")
                                      .arg(QRegularExpression::escape(symbol)));
    const QRegularExpressionMatch match = word.match(expression);
    return match.hasMatch() ? int(match.capturedStart()) + 1 : 0;
}

ExpressionCheck failure(QString message, int position, QString symbol = {})
{
    return ExpressionCheck{false, std::move(message), position, std::move(symbol)};
}

} // namespace

ExpressionCheck checkExpression(const QString &expression, const QStringList &knownSymbols)
{
    if (expression.trimmed().isEmpty())
        return failure(QStringLiteral("the expression is empty"), 0);

    mu::Parser parser;
    try {
        parser.SetExpr(expression.toStdString());
        // GetUsedVar parses without failing on undefined variables, so every unknown name
        // is found before any value is needed.
        const mu::varmap_type used = parser.GetUsedVar();
        for (const auto &entry : used) {
            const QString name = QString::fromStdString(entry.first);
            if (!knownSymbols.contains(name)) {
                return failure(QStringLiteral("unknown symbol '%1' at position %2; known symbols: %3")
                                   .arg(name)
                                   .arg(positionOfSymbol(expression, name))
                                   .arg(knownSymbols.isEmpty() ? QStringLiteral("none")
                                                               : knownSymbols.join(QStringLiteral(", "))),
                               positionOfSymbol(expression, name), name);
            }
        }
        std::vector<double> values(size_t(knownSymbols.size()), 1.0);
        for (qsizetype i = 0; i < knownSymbols.size(); ++i)
            parser.DefineVar(knownSymbols.at(i).toStdString(), &values[size_t(i)]);
        parser.Eval();
    } catch (const mu::Parser::exception_type &e) {
        const int position = e.GetPos() >= 0 ? e.GetPos() + 1 : 0;
        const QString token = QString::fromStdString(e.GetToken());
        // muparser counts positions from 0; the UI and the CLI count columns from 1.
        static const QRegularExpression muPosition(QStringLiteral(" (found )?at position \\d+"));
        QString message = QString::fromStdString(e.GetMsg()).remove(muPosition);
        if (message.endsWith(QLatin1Char('.')))
            message.chop(1);
        if (position > 0)
            message += QStringLiteral(" at position %1").arg(position);
        return failure(message, position, token);
    }
    return {};
}

bool isValidSymbolName(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return identifier.match(name).hasMatch();
}

QStringList itemSymbols()
{
    return {QStringLiteral("label"), QStringLiteral("score"), QStringLiteral("predicted")};
}

QStringList confusionSymbols()
{
    return {QStringLiteral("tp"), QStringLiteral("fp"), QStringLiteral("fn"), QStringLiteral("tn"),
            QStringLiteral("n")};
}

QString muparserVersion()
{
    return QString::fromStdString(mu::ParserVersion);
}

} // namespace mb
