// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/EvaluationRepository.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace mb::services {

// Evaluations' prediction columns kept in memory by (workspace, evaluation, column), so the views
// that read one evaluation several ways (its business metrics, curves, calibration, the evaluation
// side by side) read each column from the store once. Stored predictions never change (a trigger
// refuses updates), so a kept column is never stale; the evaluation's creation time is part of the
// key in case a deleted evaluation's id is given to a new one.
//
// Bounded: at most kBoundBytes of values (256 MiB: every column of a million-item evaluation about
// five times over); the least recently used columns go first. A column larger than the bound is
// read and returned, not kept.
// Thread contract: any thread; one mutex guards the cache (reads from the store happen outside it).
class PredictionCache {
public:
    static constexpr std::size_t kBoundBytes = std::size_t(256) << 20;

    static PredictionCache &instance(); // the process's

    explicit PredictionCache(std::size_t boundBytes = kBoundBytes) : m_boundBytes(boundBytes) {}

    // The columns `choose` picks from the evaluation's stored names, in stored order, as
    // db::PredictionColumnReader::columns gives them: from memory where kept, else from `reader`
    // (whose connection is to the workspace at `workspacePath`).
    Result<std::vector<db::PredictionColumn>> columns(db::PredictionColumnReader &reader, const QString &workspacePath,
                                                      const db::EvaluationRecord &evaluation,
                                                      const db::PredictionColumnReader::Choice &choose);

    std::size_t bytes() const;
    void clear();

private:
    using EvaluationKey = std::tuple<QString, std::int64_t, QString>; // workspace, evaluation id, created at
    using ColumnKey = std::tuple<QString, std::int64_t, QString, QString>;
    struct Kept {
        std::vector<double> values;
        std::list<ColumnKey>::iterator use; // its place in m_uses
    };
    void keep(const ColumnKey &key, const std::vector<double> &values); // under m_mutex

    const std::size_t m_boundBytes;
    mutable std::mutex m_mutex;
    std::map<EvaluationKey, QStringList> m_names; // each evaluation's stored names, in stored order
    std::map<ColumnKey, Kept> m_columns;
    std::list<ColumnKey> m_uses; // most recently used first
    std::size_t m_bytes = 0;
};

} // namespace mb::services
