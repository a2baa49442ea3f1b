// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DemoFraming.h"

namespace mb {

QString demoProjectName()
{
    return QStringLiteral("Newsfeed ranking");
}

Framing demoNewsfeedFraming()
{
    Framing f;
    f.businessGoal =
        QStringLiteral("Keep users engaged with their newsfeed without spreading low-quality posts: extreme and "
                       "misleading posts get clicks, and they cost us trust. Rank posts so that engagement grows "
                       "while the share of low-quality posts in the feed stays small.");
    f.taskType = TaskType::TwoObjectiveRanking;
    f.targetColumns = {QStringLiteral("quality"), QStringLiteral("engagement")};
    f.valueColumns = {QStringLiteral("ad_value")};
    f.objectives = {Objective{QStringLiteral("quality"), Loss::Bce},
                    Objective{QStringLiteral("engagement"), Loss::Bce}};
    f.approach = Approach::ModelPerObjective;
    f.alpha = 0.5;
    f.beta = 0.5;

    BusinessMetric clicks;
    clicks.name = QStringLiteral("clicks_at_100");
    clicks.unit = QStringLiteral("clicks");
    clicks.direction = Direction::Maximize;
    clicks.description = QStringLiteral("Posts clicked among the 100 the feed shows first.");
    clicks.selection = Selection::TopK;
    clicks.selectionParameter = 100;
    clicks.aggregates = {{QStringLiteral("clicks"), QStringLiteral("engagement"), Aggregate::Sum}};

    BusinessMetric lowQuality;
    lowQuality.name = QStringLiteral("low_quality_share");
    lowQuality.unit = QStringLiteral("%");
    lowQuality.direction = Direction::Minimize;
    lowQuality.description = QStringLiteral("Share of low-quality posts among the first 100 shown.");
    lowQuality.selection = Selection::TopK;
    lowQuality.selectionParameter = 100;
    lowQuality.aggregates = {{QStringLiteral("low"), QStringLiteral("1 - quality"), Aggregate::Sum},
                             {QStringLiteral("shown"), QString(), Aggregate::Count}};
    lowQuality.outerExpression = QStringLiteral("100 * low / shown");

    BusinessMetric revenue;
    revenue.name = QStringLiteral("revenue_per_1000");
    revenue.unit = QStringLiteral("$");
    revenue.direction = Direction::Maximize;
    revenue.description = QStringLiteral("Ad revenue per 1000 posts shown: clicked posts earn their ad value.");
    revenue.selection = Selection::TopK;
    revenue.selectionParameter = 100;
    revenue.aggregates = {{QStringLiteral("revenue"), QStringLiteral("engagement * ad_value"), Aggregate::Sum},
                          {QStringLiteral("shown"), QString(), Aggregate::Count}};
    revenue.outerExpression = QStringLiteral("1000 * revenue / shown");

    f.businessMetrics = {clicks, lowQuality, revenue};

    f.stakeholders = {
        Stakeholder{QStringLiteral("growth"), QStringLiteral("engagement"), QStringLiteral("clicks_at_100"),
                    Comparator::GreaterEqual, 30, QStringLiteral("Owns daily active users.")},
        Stakeholder{QStringLiteral("trust & safety"), QStringLiteral("post quality"),
                    QStringLiteral("low_quality_share"), Comparator::LessEqual, 10,
                    QStringLiteral("Answers for misinformation reaching the feed.")},
        Stakeholder{QStringLiteral("product"), QStringLiteral("feed latency"), QStringLiteral("latency_p99_ms"),
                    Comparator::LessEqual, 20, QStringLiteral("The feed renders within one request budget.")},
    };
    f.constraints = {QStringLiteral("Ranking a feed must take at most 20 ms at p99 on one CPU core."),
                     QStringLiteral("No user identifiers among the features."),
                     QStringLiteral("Engagement drifts week to week: retrain on recent data.")};
    return f;
}

QList<DemoFramingStep> demoNewsfeedHistory()
{
    const Framing full = demoNewsfeedFraming();

    Framing engagementOnly;
    engagementOnly.businessGoal =
        QStringLiteral("Keep users engaged with their newsfeed: rank the posts they are most likely to click first.");
    engagementOnly.taskType = TaskType::Binary;
    engagementOnly.targetColumns = {QStringLiteral("engagement")};
    engagementOnly.valueColumns = full.valueColumns;
    engagementOnly.objectives = {Objective{QStringLiteral("engagement"), Loss::Bce}};
    engagementOnly.businessMetrics = {full.businessMetrics.at(0), full.businessMetrics.at(2)};
    engagementOnly.stakeholders = {full.stakeholders.at(0), full.stakeholders.at(2)};
    engagementOnly.constraints = full.constraints;

    return {
        {engagementOnly, QStringLiteral("Maximise engagement")},
        {full, QStringLiteral("Extreme posts won the clicks: add post quality as a second objective, "
                              "kept decoupled so the balance can be re-tuned without retraining")},
    };
}

} // namespace mb
