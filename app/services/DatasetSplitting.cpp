// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DatasetSplitting.h"

#include "core/data/DatasetProfile.h"
#include "core/data/FeatureEncoder.h"

namespace mb::services {

Result<db::PendingSplit> prepareSplit(const data::Dataset &dataset, const data::SplitSpec &spec)
{
    Result<std::vector<data::SplitPart>> assigned = data::assignSplit(dataset, spec);
    if (!assigned)
        return Error{assigned.error()};
    Result<data::FeatureEncoding> fitted = data::fitFeatureEncoding(dataset, *assigned);
    if (!fitted)
        return Error{fitted.error()};
    std::vector<data::DataWarning> warnings = data::splitWarnings(dataset, spec, *assigned);
    return db::PendingSplit{spec, std::move(assigned).value(), std::move(warnings), std::move(fitted).value()};
}

Result<db::DatasetSplitInfo> addSplit(db::Database &database, std::int64_t versionId, const data::SplitSpec &spec)
{
    db::DatasetRepository repository(database);
    const Result<data::Dataset> dataset = repository.load(versionId);
    if (!dataset)
        return Error{dataset.error()};
    Result<db::PendingSplit> split = prepareSplit(*dataset, spec);
    if (!split)
        return Error{split.error()};
    return repository.addSplit(versionId, split->spec, split->assignment, split->warnings, split->encoding);
}

} // namespace mb::services
