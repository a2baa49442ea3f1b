// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/query/QuerySyntax.h"

#include <QString>

#include <optional>

namespace mb::query {

// Reads a run query by recursive descent (docs/QUERY.md for the grammar):
//   query      := or
//   or         := and ("or" and)*
//   and        := unary (["and"] unary)*      words side by side mean "and", as the old filter did
//   unary      := "not" unary | primary
//   primary    := "(" or ")" | comparison | text
//   comparison := (word | string) operator (word | string)
//   text       := word | string               looked for in the run's text
// nullopt for a blank query (every run matches). Errors name the column: "col 23: expected a value
// after '>'".
Result<std::optional<SyntaxNode>> parseQuery(const QString &text);

} // namespace mb::query
