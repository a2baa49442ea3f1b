// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/query/QueryLexer.h"

namespace mb::query {
namespace {

bool breaksWord(const QString &text, qsizetype i)
{
    const QChar c = text.at(i);
    if (c.isSpace())
        return true;
    switch (c.unicode()) {
    case '(':
    case ')':
    case '"':
    case '=':
    case '<':
    case '>':
    case '~':
    case ':':
        return true;
    case '!':
        return i + 1 < text.size() && text.at(i + 1) == QLatin1Char('=');
    default:
        return false;
    }
}

TokenKind wordKind(const QString &word)
{
    if (word.compare(QLatin1String("and"), Qt::CaseInsensitive) == 0)
        return TokenKind::And;
    if (word.compare(QLatin1String("or"), Qt::CaseInsensitive) == 0)
        return TokenKind::Or;
    if (word.compare(QLatin1String("not"), Qt::CaseInsensitive) == 0)
        return TokenKind::Not;
    return TokenKind::Word;
}

} // namespace

Result<std::vector<Token>> lexQuery(const QString &text)
{
    std::vector<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text.at(i);
        const int column = int(i) + 1;
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            tokens.push_back({c == QLatin1Char('(') ? TokenKind::Open : TokenKind::Close, QString(c), column});
            ++i;
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            QString value;
            qsizetype j = i + 1;
            bool closed = false;
            for (; j < n; ++j) {
                const QChar d = text.at(j);
                if (d == QLatin1Char('\\') && j + 1 < n &&
                    (text.at(j + 1) == c || text.at(j + 1) == QLatin1Char('\\'))) {
                    value += text.at(++j);
                } else if (d == c) {
                    closed = true;
                    break;
                } else {
                    value += d;
                }
            }
            if (!closed)
                return Error{QStringLiteral("col %1: the quote opened here is not closed").arg(column)};
            tokens.push_back({TokenKind::Quoted, value, column});
            i = j + 1;
            continue;
        }
        const auto next = [&](qsizetype k) { return k < n ? text.at(k) : QChar(); };
        if (c == QLatin1Char('<') || c == QLatin1Char('>') ||
            (c == QLatin1Char('!') && next(i + 1) == QLatin1Char('='))) {
            const bool withEquals = next(i + 1) == QLatin1Char('=');
            tokens.push_back({TokenKind::Operator, text.mid(i, withEquals ? 2 : 1), column});
            i += withEquals ? 2 : 1;
            continue;
        }
        if (c == QLatin1Char('=') || c == QLatin1Char('~') || c == QLatin1Char(':')) {
            // "==" is read as "=": people coming from code type it.
            const bool doubled = c == QLatin1Char('=') && next(i + 1) == QLatin1Char('=');
            tokens.push_back({TokenKind::Operator, QString(c), column});
            i += doubled ? 2 : 1;
            continue;
        }
        qsizetype j = i;
        while (j < n && !breaksWord(text, j))
            ++j;
        const QString word = text.mid(i, j - i);
        tokens.push_back({wordKind(word), word, column});
        i = j;
    }
    tokens.push_back({TokenKind::End, QString(), int(n) + 1});
    return tokens;
}

QString describeToken(const Token &token)
{
    switch (token.kind) {
    case TokenKind::End:
        return QStringLiteral("the end");
    case TokenKind::Quoted:
        return QStringLiteral("\"%1\"").arg(token.text);
    default:
        return QStringLiteral("'%1'").arg(token.text);
    }
}

} // namespace mb::query
