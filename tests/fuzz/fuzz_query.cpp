// SPDX-License-Identifier: GPL-3.0-or-later
// A runs query (docs/QUERY.md) from arbitrary bytes: what the Runs and Compare filters and
// `runs --where` read from a user. A query that cannot be read must say where ("col N: ..."); one
// that can must obey the three-valued logic the docs promise on runs with and without each value.

#include "core/query/Query.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QJsonObject>

#include <cstdio>

namespace {

using mb::query::FieldCatalog;
using mb::query::Query;
using mb::query::RunFields;

const FieldCatalog &catalog()
{
    static const FieldCatalog fields{{QStringLiteral("test/roc_auc"), QStringLiteral("validation/loss"),
                                      QStringLiteral("profit"), QStringLiteral("lr")},
                                     {QStringLiteral("optimizer")},
                                     {QStringLiteral("queued"), QStringLiteral("running"),
                                      QStringLiteral("finished"), QStringLiteral("failed")}};
    return fields;
}

// Runs that differ in every way a query can look: values present, missing, NaN, negative, tags.
const QList<RunFields> &runs()
{
    static const QList<RunFields> rows = [] {
        RunFields full;
        full.id = 3;
        full.name = QStringLiteral("mlp baseline");
        full.status = QStringLiteral("finished");
        full.model = QStringLiteral("mlp");
        full.tags = {QStringLiteral("baseline"), QStringLiteral("Prod")};
        full.starred = true;
        full.note = QStringLiteral("the one to beat");
        full.createdSeconds = 1796000000;
        full.startedSeconds = 1796000010;
        full.finishedSeconds = 1796000300;
        full.config = QJsonObject{{QStringLiteral("optimizer"), QJsonObject{{QStringLiteral("lr"), 0.01}}},
                                  {QStringLiteral("model"), QJsonObject{{QStringLiteral("hidden"), 64}}}};
        full.numbers = {{QStringLiteral("test/roc_auc"), 0.91}, {QStringLiteral("profit"), -120.5},
                        {QStringLiteral("lr"), 0.01}};
        full.texts = {{QStringLiteral("optimizer"), QStringLiteral("adam")}};
        full.searchText = QStringLiteral("#3 finished mlp baseline mlp baseline prod the one to beat");

        RunFields bare;
        bare.id = 4;
        bare.status = QStringLiteral("queued");
        bare.numbers = {{QStringLiteral("test/roc_auc"), RunFields::kMissing}};
        bare.searchText = QStringLiteral("#4 queued");
        return QList<RunFields>{full, bare};
    }();
    return rows;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const QString text = QString::fromUtf8(mbfuzz::bytesOf(data, size));
    const auto query = Query::compile(text, catalog());
    if (!query) {
        if (!query.error().startsWith(QStringLiteral("col "))) {
            fprintf(stderr, "a refusal does not say where: %s\n", qPrintable(query.error()));
            std::abort();
        }
        return 0;
    }
    if (query->isEmpty())
        return 0;
    // Wrapped in parentheses the query must still read, and mean what it meant.
    const QString inner = QStringLiteral("(") + text + QStringLiteral(")");
    const auto negated = Query::compile(QStringLiteral("not ") + inner, catalog());
    const auto doubled = Query::compile(inner + QStringLiteral(" and ") + inner, catalog());
    if (!negated || !doubled) {
        // A comment-like tail or an unclosed quote can swallow the closing parenthesis; only a
        // refusal that says where is acceptable then.
        const QString error = !negated ? negated.error() : doubled.error();
        if (!error.startsWith(QStringLiteral("col "))) {
            fprintf(stderr, "a wrapped query's refusal does not say where: %s\n", qPrintable(error));
            std::abort();
        }
        return 0;
    }
    for (const RunFields &run : runs()) {
        const bool kept = query->matches(run);
        if (kept && negated->matches(run)) {
            fprintf(stderr, "run #%lld is kept by a query and by its negation\n", static_cast<long long>(run.id));
            std::abort();
        }
        if (doubled->matches(run) != kept) {
            fprintf(stderr, "run #%lld: 'q and q' differs from 'q'\n", static_cast<long long>(run.id));
            std::abort();
        }
    }
    return 0;
}
