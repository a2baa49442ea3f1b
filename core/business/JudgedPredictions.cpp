// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/JudgedPredictions.h"

#include <utility>

namespace mb::business {

QStringList judgedTargets(const Framing &framing, const QStringList &storedColumnNames)
{
    QStringList targets;
    for (const QString &target : framing.targetColumns)
        if (storedColumnNames.contains(QStringLiteral("label:") + target))
            targets << target;
    return targets;
}

Result<PredictionTable> judgedPredictionTable(std::vector<NamedColumn> columns, const Framing &framing)
{
    QStringList names;
    for (const NamedColumn &c : columns)
        names << c.first;
    const QStringList targets = judgedTargets(framing, names);
    // The second objective's score is kept before the table takes the first one's.
    std::vector<double> secondScore;
    const bool combine = hasTwoObjectives(framing.taskType) && targets.size() >= 2;
    if (combine)
        for (const NamedColumn &c : columns)
            if (c.first == QStringLiteral("score:") + targets.at(1))
                secondScore = c.second;
    Result<PredictionTable> table = predictionTableFromColumns(std::move(columns), targets);
    if (!table || !combine || secondScore.size() != table->size())
        return table;
    PredictionTable combined = std::move(table).value();
    for (std::size_t i = 0; i < combined.score.size(); ++i)
        combined.score[i] = framing.alpha * combined.score[i] + framing.beta * secondScore[i];
    return combined;
}

} // namespace mb::business
