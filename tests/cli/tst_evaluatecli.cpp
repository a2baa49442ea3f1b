// SPDX-License-Identifier: GPL-3.0-or-later
// The evaluation commands end to end (`runs`, `evaluate`, `metrics define`, `export predictions`):
// runs the real `metricbridge` on a copy of the demo workspace (the suite's fixture, built by the
// real `metricbridge demo`) whose four runs were really trained, and checks what a script would
// read from their output.
#include "core/data/NewsfeedGenerator.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

namespace {

using Run = mbtest::CommandRun;
using mbtest::reasonLine;
using mbtest::reasonLines;

Run metricbridge(const QStringList &arguments, const QByteArray &input = {})
{
    return mbtest::runMetricbridge(arguments, input);
}

const QString kProject = QStringLiteral("Newsfeed ranking");
// The demo framing's business metrics (core/DemoFraming.cpp).
const QStringList kDemoMetrics{QStringLiteral("clicks_at_100"), QStringLiteral("low_quality_share"),
                               QStringLiteral("revenue_per_1000")};

// A cost matrix on the model's positive decisions at 0.5 (docs/BUSINESS-METRICS.md).
const QByteArray kCostMatrix = R"({
  "name": "feed_cost",
  "unit": "$",
  "direction": "maximize",
  "description": "A post rightly pushed earns 10, a wrong push costs 1, a missed one 5.",
  "selection": {"kind": "predicted_positive", "parameter": 0.5},
  "aggregates": [],
  "outer_expression": "10*tp - 1*fp - 5*fn"
})";

} // namespace

class tst_EvaluateCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpListsTheCommands();
    // In this order: the last ones add framing versions.
    void runsListsEveryRunWithMlBusinessAndLatency();
    void runsTextIsOneLinePerRun();
    void evaluateJudgesStakeholders();
    void exportPredictionsWritesEveryItem();
    void twoObjectiveRunRanksByTheFramingsCombination();
    void evaluateOnAnotherDatasetVersionStoresANewEvaluation();
    void evaluateRefusesAVersionWithoutAFeature();
    void evaluateRefusesAnotherProjectsVersion();
    void unknownRunIsRefused();
    void badMetricIsRefusedNamingItAndSavesNothing();
    void definedCostMatrixIsComputedForEveryRun();
    void definingTheSameMetricAgainAddsNoVersion();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("demo.mbw")); }
    QJsonArray runsJson();
    QJsonObject evaluateJson(int run);
    int framingVersions();
    qint64 importVersion(const QString &name, const QByteArray &csv);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_EvaluateCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    QVERIFY2(!mbtest::copyDemoFixture(m_dir->path(), &problem).isEmpty(), qPrintable(problem));
}

void tst_EvaluateCli::helpListsTheCommands()
{
    const Run help = metricbridge({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *command : {"runs ", "evaluate ", "--dataset-version", "metrics define", "export predictions"})
        QVERIFY2(help.out.contains(command), command);
}

QJsonArray tst_EvaluateCli::runsJson()
{
    const Run runs = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--json"});
    if (runs.exitCode != 0)
        qWarning("%s", runs.err.constData());
    return QJsonDocument::fromJson(runs.out).array();
}

QJsonObject tst_EvaluateCli::evaluateJson(int run)
{
    const Run evaluated =
        metricbridge({"evaluate", "--workspace", workspace(), "--run", QString::number(run), "--json"});
    if (evaluated.exitCode != 0)
        qWarning("%s", evaluated.err.constData());
    return QJsonDocument::fromJson(evaluated.out).object();
}

int tst_EvaluateCli::framingVersions()
{
    const Run history =
        metricbridge({"framing", "history", "--workspace", workspace(), "--project", kProject, "--json"});
    return history.exitCode == 0 ? int(QJsonDocument::fromJson(history.out).array().size()) : -1;
}

void tst_EvaluateCli::runsListsEveryRunWithMlBusinessAndLatency()
{
    const QJsonArray runs = runsJson();
    QCOMPARE(runs.size(), 4);
    QMap<QString, QJsonObject> byName;
    for (const QJsonValue &value : runs) {
        const QJsonObject run = value.toObject();
        const QString name = run.value(QStringLiteral("name")).toString();
        byName.insert(name, run);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
        QVERIFY2(!run.value(QStringLiteral("config")).toString().isEmpty(), qPrintable(name));

        const QJsonObject metrics = run.value(QStringLiteral("metrics")).toObject();
        int testMetrics = 0;
        for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
            testMetrics += it.key().startsWith(QLatin1String("test/")) && it.value().isDouble() ? 1 : 0;
        QVERIFY2(testMetrics > 0, qPrintable(name));

        const QJsonObject latency = run.value(QStringLiteral("latency")).toObject();
        double previous = 0;
        for (const char *p : {"p50_ms", "p90_ms", "p95_ms", "p99_ms"}) {
            const double ms = latency.value(QLatin1String(p)).toDouble(-1);
            QVERIFY2(ms > 0 && ms >= previous, qPrintable(name + QLatin1Char(' ') + QLatin1String(p)));
            previous = ms;
        }

        // Every metric of the framing, with a value or the reason it has none.
        const QJsonObject business = run.value(QStringLiteral("business_metrics")).toObject();
        QCOMPARE(business.keys(), QStringList(kDemoMetrics));
        for (const QString &metric : kDemoMetrics) {
            const QJsonObject m = business.value(metric).toObject();
            QVERIFY2(m.value(QStringLiteral("value")).isDouble() ||
                         !m.value(QStringLiteral("error")).toString().isEmpty(),
                     qPrintable(name + QLatin1Char(' ') + metric));
        }
        QCOMPARE(run.value(QStringLiteral("stakeholders")).toArray().size(), 3);
    }

    // One-target runs are judged by their own target's scores; the other target comes with their
    // items, so every run is priced on the same metrics. The seeds' story: the engagement model
    // fills the feed's top 100 with low-quality posts that the quality model keeps out.
    const QJsonObject engagement =
        byName.value(QStringLiteral("engagement model")).value(QStringLiteral("business_metrics")).toObject();
    const double clicks =
        engagement.value(QStringLiteral("clicks_at_100")).toObject().value(QStringLiteral("value")).toDouble(-1);
    QVERIFY(clicks >= 0 && clicks <= 100);
    QCOMPARE(engagement.value(QStringLiteral("clicks_at_100")).toObject().value(QStringLiteral("unit")).toString(),
             QStringLiteral("clicks"));
    const QJsonObject quality =
        byName.value(QStringLiteral("quality model")).value(QStringLiteral("business_metrics")).toObject();
    const double share =
        quality.value(QStringLiteral("low_quality_share")).toObject().value(QStringLiteral("value")).toDouble(-1);
    QVERIFY(share >= 0 && share <= 100);
    const double engagementShare =
        engagement.value(QStringLiteral("low_quality_share")).toObject().value(QStringLiteral("value")).toDouble(-1);
    QVERIFY2(engagementShare > share, qPrintable(QStringLiteral("%1 vs %2").arg(engagementShare).arg(share)));
    // The combined model predicts both targets, so every metric has a value.
    const QJsonObject combined = byName.value(QStringLiteral("combined loss 0.5·quality + 0.5·engagement"))
                                     .value(QStringLiteral("business_metrics"))
                                     .toObject();
    for (const QString &metric : kDemoMetrics)
        QVERIFY2(combined.value(metric).toObject().value(QStringLiteral("value")).isDouble(), qPrintable(metric));
}

void tst_EvaluateCli::runsTextIsOneLinePerRun()
{
    const Run runs = metricbridge({"runs", "--workspace", workspace(), "--project", kProject});
    QCOMPARE(runs.exitCode, 0);
    const QList<QByteArray> lines = runs.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    for (const QByteArray &line : lines) {
        QVERIFY2(line.contains("\tfinished\t"), line.constData());
        QVERIFY2(line.contains("clicks_at_100"), line.constData());
        QVERIFY2(line.contains("p99 "), line.constData());
    }
}

void tst_EvaluateCli::evaluateJudgesStakeholders()
{
    const QJsonObject evaluation = evaluateJson(1);
    QCOMPARE(evaluation.value(QStringLiteral("run")).toInt(), 1);
    QCOMPARE(evaluation.value(QStringLiteral("part")).toString(), QStringLiteral("test"));
    QVERIFY(evaluation.value(QStringLiteral("items")).toInt() > 0);
    QVERIFY(evaluation.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("test/roc_auc")).isDouble());
    const double p99 = evaluation.value(QStringLiteral("latency"))
                           .toObject()
                           .value(QStringLiteral("batch_1"))
                           .toObject()
                           .value(QStringLiteral("p99_ms"))
                           .toDouble(-1);
    QVERIFY(p99 > 0);

    const QJsonArray stakeholders = evaluation.value(QStringLiteral("stakeholders")).toArray();
    QCOMPARE(stakeholders.size(), 3);
    QMap<QString, QJsonObject> byRole;
    for (const QJsonValue &s : stakeholders)
        byRole.insert(s.toObject().value(QStringLiteral("role")).toString(), s.toObject());
    // product: latency_p99_ms <= 20, judged on the measured p99.
    const QJsonObject product = byRole.value(QStringLiteral("product"));
    QCOMPARE(product.value(QStringLiteral("metric")).toString(), QStringLiteral("latency_p99_ms"));
    QCOMPARE(product.value(QStringLiteral("actual")).toDouble(), p99);
    QCOMPARE(product.value(QStringLiteral("outcome")).toString(),
             p99 <= 20 ? QStringLiteral("pass") : QStringLiteral("fail"));
    // trust & safety: low_quality_share <= 10, a business metric the quality model has.
    const QJsonObject trust = byRole.value(QStringLiteral("trust & safety"));
    const double share = evaluation.value(QStringLiteral("business_metrics"))
                             .toObject()
                             .value(QStringLiteral("low_quality_share"))
                             .toObject()
                             .value(QStringLiteral("value"))
                             .toDouble(-1);
    QCOMPARE(trust.value(QStringLiteral("actual")).toDouble(), share);
    QCOMPARE(trust.value(QStringLiteral("outcome")).toString(),
             share <= 10 ? QStringLiteral("pass") : QStringLiteral("fail"));
    // growth: clicks_at_100 over the quality model's top 100, read from the items' engagement.
    const double clicks = evaluation.value(QStringLiteral("business_metrics"))
                              .toObject()
                              .value(QStringLiteral("clicks_at_100"))
                              .toObject()
                              .value(QStringLiteral("value"))
                              .toDouble(-1);
    QVERIFY(clicks >= 0);
    QCOMPARE(byRole.value(QStringLiteral("growth")).value(QStringLiteral("outcome")).toString(),
             clicks >= 30 ? QStringLiteral("pass") : QStringLiteral("fail"));

    const Run text = metricbridge({"evaluate", "--workspace", workspace(), "--run", "1"});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("stakeholders:") && text.out.contains("latency_p99_ms"), text.out.constData());
}

void tst_EvaluateCli::exportPredictionsWritesEveryItem()
{
    const QString csv = m_dir->filePath(QStringLiteral("predictions.csv"));
    const Run exported =
        metricbridge({"export", "predictions", "--workspace", workspace(), "--run", "2", "--out", csv});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const QList<QByteArray> lines = mbtest::fileBytes(csv).split('\n');
    QVERIFY(lines.size() > 2);
    QVERIFY(lines.last().isEmpty()); // the last line ends like every other
    const QList<QByteArray> header = lines.first().trimmed().split(',');
    QCOMPARE(header.mid(0, 7), (QList<QByteArray>{"row", "id", "value:ad_value", "value:quality", "label:engagement",
                                                  "score:engagement", "predicted:engagement"}));
    const int items = evaluateJson(2).value(QStringLiteral("items")).toInt();
    QCOMPARE(lines.size() - 2, items);
    // Rows, ids and classes are whole numbers, written as integers; scores keep their digits.
    const QList<QByteArray> first = lines.at(1).trimmed().split(',');
    QCOMPARE(first.size(), header.size());
    for (int c : {0, 1, 3, 4, 6})
        QVERIFY2(!first.at(c).contains('.') && !first.at(c).contains('e'), first.at(c).constData());
    // `row` counts the version's rows from 1, as the Data page does; the demo's post ids count
    // its rows from 1 too, so the two agree item by item.
    for (qsizetype line = 1; line + 1 < lines.size(); ++line) {
        const QList<QByteArray> fields = lines.at(line).trimmed().split(',');
        QVERIFY2(fields.at(0) == fields.at(1), lines.at(line).constData());
    }
    bool ok = false;
    const double score = first.at(5).toDouble(&ok);
    QVERIFY(ok && score >= 0 && score <= 1);

    const Run missing = metricbridge({"export", "predictions", "--workspace", workspace(), "--run", "2", "--out",
                                      m_dir->filePath(QStringLiteral("no/such/folder/p.csv"))});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(reasonLine(missing).contains("cannot write"), missing.err.constData());
}

// The combined model predicts both objectives: the feed ranks by 0.5 * quality + 0.5 * engagement
// (the demo framing's alpha and beta), and clicks_at_100 sums engagement over that top 100,
// recomputed here from the exported predictions (ties: the earlier row first).
void tst_EvaluateCli::twoObjectiveRunRanksByTheFramingsCombination()
{
    const QString csv = m_dir->filePath(QStringLiteral("combined.csv"));
    QCOMPARE(metricbridge({"export", "predictions", "--workspace", workspace(), "--run", "3", "--out", csv}).exitCode,
             0);
    const QList<QByteArray> rows = mbtest::fileBytes(csv).trimmed().split('\n');
    const QList<QByteArray> header = rows.first().trimmed().split(',');
    const qsizetype quality = header.indexOf("score:quality");
    const qsizetype engagement = header.indexOf("score:engagement");
    const qsizetype clicked = header.indexOf("label:engagement");
    QVERIFY(quality >= 0 && engagement >= 0 && clicked >= 0);
    std::vector<std::pair<double, double>> items; // (combined score, engagement label), in row order
    for (const QByteArray &row : rows.mid(1)) {
        const QList<QByteArray> fields = row.trimmed().split(',');
        items.emplace_back(0.5 * fields.at(quality).toDouble() + 0.5 * fields.at(engagement).toDouble(),
                           fields.at(clicked).toDouble());
    }
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return items[a].first > items[b].first; });
    double clicks = 0;
    for (std::size_t i = 0; i < 100; ++i)
        clicks += items[order[i]].second;

    const QJsonObject evaluation = evaluateJson(3);
    QCOMPARE(evaluation.value(QStringLiteral("business_metrics"))
                 .toObject()
                 .value(QStringLiteral("clicks_at_100"))
                 .toObject()
                 .value(QStringLiteral("value"))
                 .toDouble(-1),
             clicks);
}

qint64 tst_EvaluateCli::importVersion(const QString &name, const QByteArray &csv)
{
    const QString file = m_dir->filePath(name);
    if (!mbtest::writeFile(file, csv))
        return -1;
    const Run imported = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject, "--file",
                                       file, "--target", "quality,engagement", "--value-columns", "ad_value",
                                       "--ignore", "post_id", "--json"});
    if (imported.exitCode != 0)
        qWarning("%s", imported.err.constData());
    return QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("id")).toInteger(-1);
}

// Newer posts, generated with another seed: "it did well on old data, how about yesterday's?"
void tst_EvaluateCli::evaluateOnAnotherDatasetVersionStoresANewEvaluation()
{
    constexpr int kRows = 3000;
    const qint64 version = importVersion(QStringLiteral("later.csv"), mb::data::generateNewsfeedCsv(kRows, 7));
    QVERIFY(version > 1);
    const Run evaluated = metricbridge({"evaluate", "--workspace", workspace(), "--run", "4", "--dataset-version",
                                        QString::number(version), "--json"});
    QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
    const QJsonObject evaluation = QJsonDocument::fromJson(evaluated.out).object();
    QCOMPARE(evaluation.value(QStringLiteral("run")).toInt(), 4);
    QCOMPARE(evaluation.value(QStringLiteral("dataset_version")).toInteger(), version);
    QCOMPARE(evaluation.value(QStringLiteral("part")).toString(), QStringLiteral("all"));
    QCOMPARE(evaluation.value(QStringLiteral("items")).toInt(), kRows);
    const double auc =
        evaluation.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("all/roc_auc")).toDouble(-1);
    QVERIFY2(auc > 0.5 && auc <= 1, qPrintable(QString::number(auc)));
    QVERIFY(evaluation.value(QStringLiteral("business_metrics"))
                .toObject()
                .value(QStringLiteral("clicks_at_100"))
                .toObject()
                .value(QStringLiteral("value"))
                .isDouble());
    QCOMPARE(evaluation.value(QStringLiteral("stakeholders")).toArray().size(), 3);
    // The run is still judged by its held-out test rows: `evaluate` without the option and the
    // runs table keep showing the test evaluation, not the one on other data.
    const QJsonObject judged = evaluateJson(4);
    QVERIFY(judged.value(QStringLiteral("evaluation")) != evaluation.value(QStringLiteral("evaluation")));
    QCOMPARE(judged.value(QStringLiteral("part")).toString(), QStringLiteral("test"));
    for (const QJsonValue &value : runsJson()) {
        const QJsonObject run = value.toObject();
        if (run.value(QStringLiteral("id")).toInt() == 4)
            QVERIFY2(run.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("test/roc_auc")),
                     QJsonDocument(run).toJson().constData());
    }
    // Found by a user: every call stored a duplicate. The same model on the same version is found.
    const Run again = metricbridge({"evaluate", "--workspace", workspace(), "--run", "4", "--dataset-version",
                                    QString::number(version), "--json"});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("evaluation")),
             evaluation.value(QStringLiteral("evaluation")));
}

void tst_EvaluateCli::evaluateRefusesAVersionWithoutAFeature()
{
    const QList<QByteArray> lines = mb::data::generateNewsfeedCsv(500, 8).split('\n');
    const qsizetype dropped = lines.first().split(',').indexOf("sensationalism");
    QVERIFY(dropped > 0);
    QByteArray csv;
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        QList<QByteArray> fields = line.split(',');
        fields.removeAt(dropped);
        csv += fields.join(',') + '\n';
    }
    const qint64 version = importVersion(QStringLiteral("narrow.csv"), csv);
    QVERIFY(version > 1);
    const qint64 before = evaluateJson(4).value(QStringLiteral("evaluation")).toInteger();
    const Run refused = metricbridge(
        {"evaluate", "--workspace", workspace(), "--run", "4", "--dataset-version", QString::number(version)});
    QCOMPARE(refused.exitCode, 1);
    const QByteArray reason = reasonLine(refused);
    QVERIFY2(reason.contains("has no column 'sensationalism'"), refused.err.constData());
    QCOMPARE(evaluateJson(4).value(QStringLiteral("evaluation")).toInteger(), before); // nothing stored
}

void tst_EvaluateCli::evaluateRefusesAnotherProjectsVersion()
{
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Other"}).exitCode, 0);
    const QString file = m_dir->filePath(QStringLiteral("other.csv"));
    QVERIFY(mbtest::writeFile(file, mb::data::generateNewsfeedCsv(300, 9)));
    const Run imported = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", "Other", "--file",
                                       file, "--target", "quality,engagement", "--ignore", "post_id", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const qint64 version = QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("id")).toInteger();
    const Run refused = metricbridge(
        {"evaluate", "--workspace", workspace(), "--run", "4", "--dataset-version", QString::number(version)});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(reasonLine(refused).contains("belongs to another project"), refused.err.constData());
}

void tst_EvaluateCli::unknownRunIsRefused()
{
    const Run unknown = metricbridge({"evaluate", "--workspace", workspace(), "--run", "99"});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(reasonLine(unknown).contains("99"), unknown.err.constData());
    const Run notANumber =
        metricbridge({"export", "predictions", "--workspace", workspace(), "--run", "x", "--out", "p.csv"});
    QCOMPARE(notANumber.exitCode, 1);
    QVERIFY2(reasonLine(notANumber).contains("--run"), notANumber.err.constData());
}

void tst_EvaluateCli::badMetricIsRefusedNamingItAndSavesNothing()
{
    const int before = framingVersions();
    QVERIFY(before > 0);
    QByteArray bad = kCostMatrix;
    bad.replace(R"("aggregates": [])",
                R"("aggregates": [{"name": "c", "expression": "clickz * 2", "aggregate": "sum"}])");
    const QString file = m_dir->filePath(QStringLiteral("bad.json"));
    QVERIFY(mbtest::writeFile(file, bad));
    const Run refused =
        metricbridge({"metrics", "define", "--workspace", workspace(), "--project", kProject, "--file", file});
    QCOMPARE(refused.exitCode, 1);
    const QByteArray reason = reasonLine(refused);
    QVERIFY2(reason.contains("the metric was not saved") && reason.contains("aggregates[0].expression") &&
                 reason.contains("unknown symbol 'clickz'"),
             reason.constData());
    QCOMPARE(framingVersions(), before);

    QByteArray badKind = kCostMatrix;
    badKind.replace("predicted_positive", "top");
    QVERIFY(mbtest::writeFile(file, badKind));
    const Run wrongKind =
        metricbridge({"metrics", "define", "--workspace", workspace(), "--project", kProject, "--file", file});
    QCOMPARE(wrongKind.exitCode, 1);
    QVERIFY2(reasonLine(wrongKind).contains("selection.kind"), wrongKind.err.constData());
    QCOMPARE(framingVersions(), before);
}

void tst_EvaluateCli::definedCostMatrixIsComputedForEveryRun()
{
    const int before = framingVersions();
    const QString file = m_dir->filePath(QStringLiteral("cost.json"));
    QVERIFY(mbtest::writeFile(file, kCostMatrix));
    const Run defined =
        metricbridge({"metrics", "define", "--workspace", workspace(), "--project", kProject, "--file", file});
    QVERIFY2(defined.exitCode == 0, defined.err.constData());
    QCOMPARE(framingVersions(), before + 1);
    const QList<QByteArray> lines = defined.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    QVERIFY2(lines.first().contains("metric 'feed_cost' defined"), lines.first().constData());
    for (const QByteArray &line : lines.mid(1))
        QVERIFY2(line.startsWith("run ") && line.endsWith(" $"), line.constData());

    // Every run now has it, computed from its stored predictions: for the engagement model,
    // the same counts from the exported CSV give the same value.
    QMap<QString, double> values;
    for (const QJsonValue &run : runsJson()) {
        const QJsonObject metric = run.toObject()
                                       .value(QStringLiteral("business_metrics"))
                                       .toObject()
                                       .value(QStringLiteral("feed_cost"))
                                       .toObject();
        QVERIFY2(metric.value(QStringLiteral("value")).isDouble(),
                 qPrintable(run.toObject().value(QStringLiteral("name")).toString()));
        values.insert(run.toObject().value(QStringLiteral("name")).toString(),
                      metric.value(QStringLiteral("value")).toDouble());
    }
    QCOMPARE(values.size(), 4);

    const QString csv = m_dir->filePath(QStringLiteral("engagement.csv"));
    QCOMPARE(metricbridge({"export", "predictions", "--workspace", workspace(), "--run", "2", "--out", csv}).exitCode,
             0);
    const QList<QByteArray> rows = mbtest::fileBytes(csv).trimmed().split('\n');
    const QList<QByteArray> header = rows.first().trimmed().split(',');
    const qsizetype labelColumn = header.indexOf("label:engagement");
    const qsizetype scoreColumn = header.indexOf("score:engagement");
    QVERIFY(labelColumn >= 0 && scoreColumn >= 0);
    double tp = 0, fp = 0, fn = 0;
    for (const QByteArray &row : rows.mid(1)) {
        const QList<QByteArray> fields = row.trimmed().split(',');
        const bool positive = fields.at(labelColumn).toDouble() >= 0.5;
        const bool decided = fields.at(scoreColumn).toDouble() >= 0.5;
        tp += decided && positive;
        fp += decided && !positive;
        fn += !decided && positive;
    }
    QCOMPARE(values.value(QStringLiteral("engagement model")), 10 * tp - fp - 5 * fn);
}

void tst_EvaluateCli::definingTheSameMetricAgainAddsNoVersion()
{
    const int before = framingVersions();
    const QString file = m_dir->filePath(QStringLiteral("cost.json"));
    QVERIFY(mbtest::writeFile(file, kCostMatrix));
    const Run again = metricbridge(
        {"metrics", "define", "--workspace", workspace(), "--project", kProject, "--file", file, "--json"});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const QJsonObject result = QJsonDocument::fromJson(again.out).object();
    QCOMPARE(result.value(QStringLiteral("unchanged")).toBool(), true);
    QCOMPARE(result.value(QStringLiteral("runs")).toArray().size(), 4);
    QCOMPARE(framingVersions(), before);

    // Redefining by name replaces the metric: a new version, still one metric of that name.
    QByteArray changed = kCostMatrix;
    changed.replace("5*fn", "2*fn");
    QVERIFY(mbtest::writeFile(file, changed));
    const Run redefined =
        metricbridge({"metrics", "define", "--workspace", workspace(), "--project", kProject, "--file", file});
    QVERIFY2(redefined.exitCode == 0, redefined.err.constData());
    QVERIFY2(redefined.out.contains("metric 'feed_cost' redefined"), redefined.out.constData());
    QCOMPARE(framingVersions(), before + 1);
    const QJsonObject business = runsJson().at(0).toObject().value(QStringLiteral("business_metrics")).toObject();
    QCOMPARE(business.keys().count(QStringLiteral("feed_cost")), 1);
}

QTEST_GUILESS_MAIN(tst_EvaluateCli)
#include "tst_evaluatecli.moc"
