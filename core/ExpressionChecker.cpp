// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ExpressionChecker.h"

#include <QRegularExpression>

#include <muParser.h>

#include <algorithm>

#include <vector>

namespace mb {
namespace {

// Where a whole-word symbol first appears, 1-based, so the message can point at it.
int positionOfSymbol(const QString &expression, const QString &symbol)
{
    const QRegularExpression word(
        QStringLiteral("(?<![A-Za-z0-9_])%1(?![A-Za-z0-9_])").arg(QRegularExpression::escape(symbol)));
    const QRegularExpressionMatch match = word.match(expression);
    return match.hasMatch() ? int(match.capturedStart()) + 1 : 0;
}

ExpressionCheck failure(QString message, int position, QString symbol = {})
{
    return ExpressionCheck{false, std::move(message), position, std::move(symbol)};
}

// muparser reports an unexpected end one past the text. Point at something the user can see:
// the '(' left open, else the last character typed.
int visiblePosition(const QString &expression, int position, const QString &message)
{
    if (position >= 1 && position <= expression.size())
        return position;
    if (message.contains(QLatin1String("parenthes"), Qt::CaseInsensitive)) {
        QList<int> open;
        for (int i = 0; i < expression.size(); ++i) {
            if (expression.at(i) == QLatin1Char('('))
                open.append(i);
            else if (expression.at(i) == QLatin1Char(')') && !open.isEmpty())
                open.removeLast();
        }
        if (!open.isEmpty())
            return open.constLast() + 1;
    }
    int last = int(expression.size());
    while (last > 0 && expression.at(last - 1).isSpace())
        --last;
    return std::max(last, 1);
}

// muparser reads a lone '=' as assignment, so "label = 1" would be 1 for every item. The user
// meant a comparison.
int loneAssignment(const QString &expression)
{
    for (int i = 0; i < expression.size(); ++i) {
        if (expression.at(i) != QLatin1Char('='))
            continue;
        const QChar before = i > 0 ? expression.at(i - 1) : QChar();
        const QChar after = i + 1 < expression.size() ? expression.at(i + 1) : QChar();
        if (after == QLatin1Char('=')) {
            ++i;
            continue;
        }
        if (before != QLatin1Char('<') && before != QLatin1Char('>') && before != QLatin1Char('!'))
            return i + 1;
    }
    return 0;
}

// The 1-based position of the first ',' outside parentheses: muparser reads "tp, fp" as a list of
// two expressions and evaluates to the last, so a business metric would silently be fp. 0 when
// every comma separates a function's arguments, as in min(a, b).
int topLevelComma(const QString &expression)
{
    int depth = 0;
    for (int i = 0; i < expression.size(); ++i) {
        const QChar c = expression.at(i);
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            depth = std::max(0, depth - 1);
        else if (c == QLatin1Char(',') && depth == 0)
            return i + 1;
    }
    return 0;
}

} // namespace

ExpressionCheck checkExpression(const QString &expression, const QStringList &knownSymbols)
{
    if (expression.trimmed().isEmpty())
        return failure(QStringLiteral("the expression is empty"), 0);

    if (const int at = loneAssignment(expression))
        return failure(QStringLiteral("'=' assigns; to compare, write '==' (at position %1)").arg(at), at,
                       QStringLiteral("="));

    mu::Parser parser;
    try {
        parser.SetExpr(expression.toStdString());
        // GetUsedVar parses without failing on undefined variables, so every unknown name
        // is found before any value is needed.
        const mu::varmap_type used = parser.GetUsedVar();
        for (const auto &entry : used) {
            const QString name = QString::fromStdString(entry.first);
            if (!knownSymbols.contains(name)) {
                return failure(
                    QStringLiteral("unknown symbol '%1' at position %2; known symbols: %3")
                        .arg(name)
                        .arg(positionOfSymbol(expression, name))
                        .arg(knownSymbols.isEmpty() ? QStringLiteral("none") : knownSymbols.join(QStringLiteral(", "))),
                    positionOfSymbol(expression, name), name);
            }
        }
        // Only valid names can be defined; an invalid one elsewhere in the framing is reported
        // there, and must not make every expression fail here.
        std::vector<double> values(size_t(knownSymbols.size()), 1.0);
        for (qsizetype i = 0; i < knownSymbols.size(); ++i)
            if (isValidSymbolName(knownSymbols.at(i)))
                parser.DefineVar(knownSymbols.at(i).toStdString(), &values[size_t(i)]);
        parser.Eval();
        if (const int at = topLevelComma(expression); at > 0 && parser.GetNumResults() > 1)
            return failure(QStringLiteral("',' at position %1 starts a second expression; write one expression (a "
                                          "comma only separates a function's arguments, as in min(a, b))")
                               .arg(at),
                           at, QStringLiteral(","));
    } catch (const mu::Parser::exception_type &e) {
        QString rawMessage = QString::fromStdString(e.GetMsg());
        const int position = visiblePosition(expression, e.GetPos() >= 0 ? e.GetPos() + 1 : 0, rawMessage);
        const QString token = QString::fromStdString(e.GetToken());
        // muparser counts positions from 0; the UI and the CLI count columns from 1.
        static const QRegularExpression muPosition(QStringLiteral(" (found )?at position \\d+"));
        QString message = rawMessage.remove(muPosition);
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
    static const QRegularExpression identifier(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")));
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
