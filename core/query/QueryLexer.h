// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <vector>

namespace mb::query {

// The words of a run query (docs/QUERY.md). Operators need no spaces around them, so the old
// filters "test/roc_auc>0.9" and "status:failed" read as three tokens each.
enum class TokenKind {
    Word,     // a bare word: a field, a value or text to search for
    Quoted,   // "..." or '...', with \" and \\ escapes: a value or text, never a keyword
    Operator, // = != < <= > >= ~ and ':' (the old key:text)
    Open,     // (
    Close,    // )
    And,
    Or,
    Not,
    End,
};

struct Token {
    TokenKind kind = TokenKind::End;
    QString text;   // the word, the unquoted string, or the operator
    int column = 1; // 1-based position of its first character in the query
};

// The tokens of `text`, ending with an End token at the column after the last character.
// Errors: a quote left open ("col 7: the quote opened here is not closed").
Result<std::vector<Token>> lexQuery(const QString &text);

// How a token is named in messages: "'>'", "')'", "the end".
QString describeToken(const Token &token);

} // namespace mb::query
