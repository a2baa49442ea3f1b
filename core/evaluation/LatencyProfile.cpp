// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/LatencyProfile.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace mb::evaluation {
namespace {

QJsonObject percentiles(const std::vector<double> &samples)
{
    return {{QStringLiteral("p50_ms"), nearestRankPercentile(samples, 50)},
            {QStringLiteral("p90_ms"), nearestRankPercentile(samples, 90)},
            {QStringLiteral("p95_ms"), nearestRankPercentile(samples, 95)},
            {QStringLiteral("p99_ms"), nearestRankPercentile(samples, 99)},
            {QStringLiteral("calls"), int(samples.size())}};
}

} // namespace

double nearestRankPercentile(std::vector<double> values, double p)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

QJsonObject LatencyProfile::toJson() const
{
    QJsonArray samples;
    for (double ms : batch1Ms)
        samples.append(ms);
    QJsonObject json{{QStringLiteral("batch_1"), percentiles(batch1Ms)},
                     {QStringLiteral("model_bytes"), modelBytes},
                     {QStringLiteral("batch_1_samples_ms"), samples}};
    if (!batch256Ms.empty())
        json.insert(QStringLiteral("batch_256"), percentiles(batch256Ms));
    if (itemsPerSecond > 0)
        json.insert(QStringLiteral("items_per_s"), itemsPerSecond);
    return json;
}

} // namespace mb::evaluation
