// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/query/QueryBinding.h"
#include "core/query/RunFields.h"

#include <QString>

#include <optional>

namespace mb::query {

// A run query ready to run (docs/QUERY.md): `status = finished and test/roc_auc > 0.9 and
// (config.lr < 0.01 or tag = baseline) and not name ~ "tmp"`. Compiled once (lexer, parser,
// binding against the fields the runs have), then matched against each run.
// Thread contract: none; a compiled Query is immutable and may be shared.
class Query {
public:
    // An empty query: every run matches.
    Query() = default;

    // Errors say where and what: "col 23: expected a value after '>'",
    // "col 1: unknown field 'acc' — fields: id, name, ...". Nothing is partially applied.
    static Result<Query> compile(const QString &text, const FieldCatalog &catalog);

    bool isEmpty() const { return !m_root.has_value(); }
    bool matches(const RunFields &run) const;

private:
    std::optional<Condition> m_root;
};

} // namespace mb::query
