// SPDX-License-Identifier: GPL-3.0-or-later
// Storing an evaluation from its predictions (services::storePredictionEvaluation): the metrics
// stored with it are the metrics anyone recomputes from the stored predictions later, exactly,
// because the store never rounds a value: a float32 network's probabilities are kept in 4 bytes
// as they are, and a tool's float64 scores that float32 would merge into ties stay float64.
#include "app/services/PredictionEvaluation.h"
#include "core/evaluation/PredictionMetrics.h"
#include "db/Database.h"
#include "db/EvaluationRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace mb;

class tst_PredictionEvaluation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void metricsRecomputedFromAFloat32NetworksStoredScoresEqualTheStoredOnes();
    void aToolsScoresThatFloat32WouldTieAreKeptSoItsRocAucStaysExact();

private:
    db::Database &db() { return m_workspace->database(); }
    // Stores the columns as an evaluation and returns its id, after checking that the stored metrics
    // equal those recomputed from the columns read back, metric by metric, bit for bit.
    std::int64_t storeAndRecompute(const std::vector<db::PredictionColumn> &columns);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_runId = 0;
};

void tst_PredictionEvaluation::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_workspace = std::move(db::Workspace::create(m_dir->filePath(QStringLiteral("w.mbw")))).value();
    const std::int64_t project = db::ProjectRepository(db()).create(QStringLiteral("p"))->id;
    db().exec("INSERT INTO dataset_versions(id, project_id, name, sha256, file_sha256, source_kind, source_name, "
              "source_size, options, schema, profile, row_count, column_count, app_version, created_at) VALUES "
              "(1, 1, 'v', 'a', 'b', 'csv', 'd.csv', 1, '{}', '{}', '{}', 0, 0, '0', 'now')");
    db::RunRecord run;
    run.projectId = project;
    run.config = QJsonObject{{QStringLiteral("k"), 1}};
    m_runId = db::RunRepository(db()).create(run)->id;
}

void tst_PredictionEvaluation::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_PredictionEvaluation::storeAndRecompute(const std::vector<db::PredictionColumn> &columns)
{
    db::EvaluationRecord record;
    record.runId = m_runId;
    record.datasetVersionId = 1;
    record.items = std::int64_t(columns.front().second.size());
    evaluation::PredictedTarget target;
    target.name = QStringLiteral("y");
    const Result<db::EvaluationRecord> stored =
        services::storePredictionEvaluation(db(), record, columns, {target}, false);
    if (!stored) {
        qWarning("%s", qPrintable(stored.error()));
        return 0;
    }
    // Both as a later reader finds them: the metrics' JSON and the columns read back from the file.
    const Result<db::EvaluationRecord> reread = db::EvaluationRepository(db()).evaluation(stored->id);
    if (!reread)
        return 0;
    db::PredictionColumnReader reader(db());
    const Result<std::vector<db::PredictionColumn>> back =
        reader.columns(stored->id, [](const QStringList &names) { return names; });
    if (!back)
        return 0;
    const evaluation::NamedMetrics recomputed = evaluation::predictionMetrics(*back, {target}, QStringLiteral("test"));
    int compared = 0;
    for (const auto &[name, value] : recomputed.values) {
        if (!reread->metrics.contains(name) || reread->metrics.value(name).toDouble() != value) {
            qWarning("%s: stored %.17g, recomputed %.17g", qPrintable(name), reread->metrics.value(name).toDouble(),
                     value);
            return 0;
        }
        ++compared;
    }
    return compared >= 7 ? stored->id : 0; // accuracy, precision, recall, f1, roc_auc, average_precision, log_loss
}

void tst_PredictionEvaluation::metricsRecomputedFromAFloat32NetworksStoredScoresEqualTheStoredOnes()
{
    // 2000 items of a network's sigmoid in float32: near 0 and 1 many logits share one float, so
    // the scores hold ties, which the AUC counts as sklearn does.
    std::vector<double> label, score, predicted;
    std::uint64_t state = 7;
    for (int i = 0; i < 2000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const float logit = float(double(state >> 11) / double(1ULL << 53) * 40.0 - 20.0);
        const float p = 1.0f / (1.0f + std::exp(-logit));
        label.push_back((state >> 7) % 10 < (logit > 0 ? 8u : 2u) ? 1.0 : 0.0);
        score.push_back(double(p));
        predicted.push_back(p >= 0.5f ? 1.0 : 0.0);
    }
    const std::int64_t id = storeAndRecompute({{QStringLiteral("label:y"), label},
                                               {QStringLiteral("score:y"), score},
                                               {QStringLiteral("predicted:y"), predicted}});
    QVERIFY(id > 0);
    QCOMPARE(db().queryInt("SELECT length(data) FROM prediction_columns WHERE name = 'score:y'"),
             std::int64_t(4 * 2000));
}

void tst_PredictionEvaluation::aToolsScoresThatFloat32WouldTieAreKeptSoItsRocAucStaysExact()
{
    // Each positive outscores its own negative by 1e-12: ROC AUC 0.75 in float64 (3 of 4 pairs
    // ordered right); rounded to float32 those pairs tie, and the AUC would be 0.5.
    const std::vector<double> label{1, 0, 1, 0};
    const std::vector<double> score{0.5 + 1e-12, 0.5, 0.25 + 1e-12, 0.25};
    const std::vector<double> predicted{1, 1, 0, 0};
    std::vector<double> rounded;
    for (const double s : score)
        rounded.push_back(double(float(s)));
    evaluation::PredictedTarget target;
    target.name = QStringLiteral("y");
    const auto auc = [&](const std::vector<double> &scores) {
        for (const auto &[name, value] : evaluation::predictionMetrics({{QStringLiteral("label:y"), label},
                                                                        {QStringLiteral("score:y"), scores},
                                                                        {QStringLiteral("predicted:y"), predicted}},
                                                                       {target}, QStringLiteral("test"))
                                             .values)
            if (name == QStringLiteral("test/roc_auc"))
                return value;
        return std::nan("");
    };
    QCOMPARE(auc(score), 0.75);
    QCOMPARE(auc(rounded), 0.5); // what storing these scores as float32 would have done

    const std::int64_t id = storeAndRecompute({{QStringLiteral("label:y"), label},
                                               {QStringLiteral("score:y"), score},
                                               {QStringLiteral("predicted:y"), predicted}});
    QVERIFY(id > 0);
    const Result<db::EvaluationRecord> stored = db::EvaluationRepository(db()).evaluation(id);
    QCOMPARE(stored->metrics.value(QStringLiteral("test/roc_auc")).toDouble(), 0.75);
    db::Statement encoding = db().prepare("SELECT encoding FROM prediction_columns WHERE name = 'score:y'");
    QVERIFY(encoding.step());
    QCOMPARE(encoding.columnText(0), QStringLiteral("float64"));
}

QTEST_GUILESS_MAIN(tst_PredictionEvaluation)
#include "tst_predictionevaluation.moc"
