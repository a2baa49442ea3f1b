// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/EvaluationCurves.h"

#include "core/business/ItemSelection.h"

#include <algorithm>
#include <cmath>
#include <future>

namespace mb::services {

const BusinessMetric *shownBusinessMetric(const Framing &framing, const QString &name)
{
    for (const BusinessMetric &metric : framing.businessMetrics)
        if (metric.name == name)
            return &metric;
    return framing.businessMetrics.isEmpty() ? nullptr : &framing.businessMetrics.constFirst();
}

std::optional<std::size_t> budgetOf(const BusinessMetric &metric, std::size_t items)
{
    if (metric.selection == Selection::TopK)
        return std::size_t(std::max<long long>(1, std::llround(metric.selectionParameter)));
    if (metric.selection == Selection::TopFraction)
        return business::itemsForFraction(metric.selectionParameter, items);
    return std::nullopt;
}

MetricCurves computeMetricCurves(std::int64_t evaluationId, const BusinessMetric *metric, const Framing &framing,
                                 const business::PredictionTable &shown, const business::PredictionTable *validation,
                                 const business::PredictionTable *judged, std::size_t gainSteps,
                                 const std::atomic<bool> *cancel)
{
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    MetricCurves curves;
    curves.evaluationId = evaluationId;
    curves.metricName = metric ? metric->name : QString();
    const QStringList declared = business::declaredItemColumns(framing);
    curves.gainExpression = business::gainValueExpression(metric);

    // The validation choice ranks the validation rows; the gain and threshold curves walk one
    // ranking of the shown rows, made once. The three need nothing else of each other and run side
    // by side (pure functions of shared const tables). The choice is made whatever the threshold
    // curve gives, and kept only when the tab shows it.
    if (metric)
        curves.notYesNo = business::notAYesNoDecision(shown);
    const bool yesNo = metric && curves.notYesNo.isEmpty();
    std::optional<Result<business::ValidatedThreshold>> chosen;
    std::future<void> choice;
    if (yesNo && validation)
        choice = std::async(std::launch::async, [&] {
            if (!cancelled())
                chosen = business::chooseThresholdOnValidation(*metric, *validation, shown, declared);
        });
    // A table that cannot be ranked leaves each curve to rank it and say why.
    const Result<business::ScoreRanking> ranking = business::rankByScore(shown);
    const business::ScoreRanking *ranked = ranking ? &ranking.value() : nullptr;
    std::future<void> gain = std::async(std::launch::async, [&] {
        curves.gain = business::gainCurve(shown, curves.gainExpression, gainSteps, declared, ranked);
        if (*curves.gain && metric)
            if (const std::optional<std::size_t> k = budgetOf(*metric, shown.size()))
                curves.atBudget = business::gainAtBudget(shown, curves.gainExpression, *k, declared);
    });
    if (yesNo && !cancelled()) {
        curves.threshold = business::thresholdCurve(*metric, shown, declared, business::kPlottedThresholds, ranked);
        if (*curves.threshold && !cancelled())
            curves.own = business::evaluateBusinessMetric(*metric, shown, declared);
    }
    if (choice.valid())
        choice.get();
    // The judged rows report the same choice, when another evaluation is shown.
    if (curves.threshold && *curves.threshold && chosen && judged && !cancelled()) {
        if (*chosen)
            curves.judgedChosen = business::reportedOn(chosen->value(), *metric, *judged, declared);
        else
            curves.judgedChosen = Error{chosen->error()};
    }
    gain.get();
    if (curves.threshold && *curves.threshold && curves.own)
        curves.chosen = std::move(chosen);
    return curves;
}

CalibrationCurves calibrationCurves(std::int64_t evaluationId, const std::vector<db::PredictionColumn> &labelsAndScores,
                                    const QStringList &framingTargets, int bins)
{
    CalibrationCurves result;
    QStringList names;
    for (const db::PredictionColumn &column : labelsAndScores)
        names << column.first;
    const auto column = [&](const QString &name) -> const std::vector<double> * {
        for (const db::PredictionColumn &c : labelsAndScores)
            if (c.first == name)
                return &c.second;
        result.error = QStringLiteral("evaluation %1 has no column '%2'").arg(evaluationId).arg(name);
        return nullptr;
    };
    // The framing's targets first (the judged one leads), then any other the run predicted.
    for (const QString &target : framingTargets)
        if (names.contains(QStringLiteral("label:") + target))
            result.targets << target;
    for (const QString &name : std::as_const(names))
        if (name.startsWith(QLatin1String("label:")) && !result.targets.contains(name.mid(6)))
            result.targets << name.mid(6);

    for (const QString &target : std::as_const(result.targets)) {
        const std::vector<double> *labels = column(QStringLiteral("label:") + target);
        const std::vector<double> *scores = labels ? column(QStringLiteral("score:") + target) : nullptr;
        if (!labels || !scores)
            return result;
        std::vector<int> yTrue;
        std::vector<double> probabilities;
        yTrue.reserve(labels->size());
        probabilities.reserve(labels->size());
        bool binary = labels->size() == scores->size();
        for (std::size_t i = 0; binary && i < labels->size(); ++i) {
            const double label = (*labels)[i], score = (*scores)[i];
            if (std::isnan(label) || std::isnan(score))
                continue; // a missing label has nothing to say about calibration
            binary = (label == 0.0 || label == 1.0) && score >= 0.0 && score <= 1.0;
            yTrue.push_back(int(label));
            probabilities.push_back(score);
        }
        if (!binary || yTrue.empty()) {
            result.skipped << target;
            continue;
        }
        Result<evaluation::CalibrationCurve> curve =
            evaluation::calibrationCurve(yTrue, probabilities, bins, evaluation::CalibrationStrategy::Uniform);
        if (!curve) {
            result.error = QStringLiteral("The calibration of %1 cannot be computed: %2").arg(target, curve.error());
            return result;
        }
        result.curves.push_back({target, std::move(curve).value(), yTrue.size()});
    }
    return result;
}

} // namespace mb::services
