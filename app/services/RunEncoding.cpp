// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunEncoding.h"

#include "db/DatasetRepository.h"

namespace mb::services {

Result<RunEncoding> runFeatureEncoding(db::Database &db, const db::RunRecord &run)
{
    if (!run.featureEncoding.isEmpty()) {
        Result<data::FeatureEncoding> stored = data::FeatureEncoding::fromJson(run.featureEncoding);
        if (!stored)
            return Error{QStringLiteral("run %1: %2").arg(run.id).arg(stored.error())};
        return RunEncoding{std::move(stored).value(), false};
    }
    // A config with feature options was stored by a build that fits per run: its split's
    // encoding was never what it trained on.
    if (run.config.contains(QStringLiteral("features")))
        return Error{
            QStringLiteral("run %1 has no stored feature encoding: it ended before it fitted one").arg(run.id)};
    if (!run.datasetVersionId || !run.splitId)
        return Error{QStringLiteral("run %1 has no dataset version or split, so no feature encoding").arg(run.id)};
    Result<QList<db::DatasetSplitInfo>> splits = db::DatasetRepository(db).splits(*run.datasetVersionId);
    if (!splits)
        return Error{splits.error()};
    Result<db::DatasetSplitInfo> split = db::findSplitOfVersion(*splits, *run.splitId, *run.datasetVersionId);
    if (!split)
        return Error{split.error()};
    return RunEncoding{split->encoding, true};
}

} // namespace mb::services
