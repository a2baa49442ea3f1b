// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/query/Query.h"

#include "core/query/QueryEvaluator.h"
#include "core/query/QueryParser.h"

namespace mb::query {

Result<Query> Query::compile(const QString &text, const FieldCatalog &catalog)
{
    Result<std::optional<SyntaxNode>> syntax = parseQuery(text);
    if (!syntax)
        return Error{syntax.error()};
    Query query;
    if (!syntax->has_value())
        return query;
    Result<Condition> bound = bindQuery(**syntax, catalog);
    if (!bound)
        return Error{bound.error()};
    query.m_root = std::move(bound).value();
    return query;
}

bool Query::matches(const RunFields &run) const
{
    return !m_root || evaluate(*m_root, run) == Truth::True;
}

} // namespace mb::query
