// SPDX-License-Identifier: GPL-3.0-or-later
// Stored evaluations: the per-item predictions come back bit for bit, every column must cover
// every item, stored predictions are never changed, and unknown names are clear errors.
#include "app/services/DatasetImport.h"
#include "db/EvaluationRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

using namespace mb;
using namespace mb::db;

class tst_EvaluationRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void predictionsComeBackBitForBit();
    void aColumnNotCoveringEveryItemIsRefusedAndNothingStored();
    void storedPredictionsAreNeverChanged();
    void unknownColumnsAndEvaluationsAreClearErrors();

private:
    Database &db() { return m_workspace->database(); }
    EvaluationRecord draft(std::int64_t items) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_runId = 0, m_versionId = 0, m_splitId = 0;
};

void tst_EvaluationRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_workspace = std::move(Workspace::create(m_dir->filePath(QStringLiteral("e.mbw")))).value();
    const std::int64_t project = ProjectRepository(db()).create(QStringLiteral("p"))->id;
    const QString csv = m_dir->filePath(QStringLiteral("d.csv"));
    QVERIFY(mbtest::writeFile(csv, "x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n"));
    services::DatasetImportRequest request;
    request.file = csv;
    request.options.targets = {QStringLiteral("y")};
    request.split = data::SplitSpec::parse(QStringLiteral("random:0.2,0.2"), 1).value();
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), project, request);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
    m_versionId = imported->version.id;
    m_splitId = imported->split->id;
    RunRecord run;
    run.projectId = project;
    run.config = QJsonObject{{QStringLiteral("k"), 1}};
    m_runId = RunRepository(db()).create(run)->id;
}

void tst_EvaluationRepository::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

EvaluationRecord tst_EvaluationRepository::draft(std::int64_t items) const
{
    EvaluationRecord record;
    record.runId = m_runId;
    record.datasetVersionId = m_versionId;
    record.splitId = m_splitId;
    record.items = items;
    record.metrics = QJsonObject{{QStringLiteral("test/accuracy"), 0.5}};
    return record;
}

void tst_EvaluationRepository::predictionsComeBackBitForBit()
{
    EvaluationRepository evaluations(db());
    const std::vector<double> scores{0.1, 1.0 / 3.0, std::numeric_limits<double>::denorm_min(), -0.0, 1e300};
    const std::vector<double> rows{4, 0, 3, 2, 1};
    const Result<EvaluationRecord> stored =
        evaluations.store(draft(5), {{QStringLiteral("row"), rows}, {QStringLiteral("score:y"), scores}});
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    const Result<std::vector<double>> back = evaluations.column(stored->id, QStringLiteral("score:y"));
    QVERIFY(back.ok());
    QCOMPARE(back->size(), scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        QVERIFY(std::memcmp(&(*back)[i], &scores[i], sizeof(double)) == 0);
    QCOMPARE(*evaluations.columnNames(stored->id), (QStringList{QStringLiteral("row"), QStringLiteral("score:y")}));
    const Result<QList<EvaluationRecord>> list = evaluations.evaluationsOf(m_runId);
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->constFirst().metrics.value(QStringLiteral("test/accuracy")).toDouble(), 0.5);
    QCOMPARE(list->constFirst().splitId, std::optional<std::int64_t>(m_splitId));
}

void tst_EvaluationRepository::aColumnNotCoveringEveryItemIsRefusedAndNothingStored()
{
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored =
        evaluations.store(draft(3), {{QStringLiteral("row"), {0, 1, 2}}, {QStringLiteral("score:y"), {0.5, 0.25}}});
    QVERIFY(!stored.ok());
    QVERIFY2(stored.error().contains(QStringLiteral("'score:y' has 2 values for 3 items")), qPrintable(stored.error()));
    QCOMPARE(db().queryInt("SELECT count(*) FROM evaluations"), std::int64_t(0));
    QCOMPARE(db().queryInt("SELECT count(*) FROM prediction_columns"), std::int64_t(0));
}

void tst_EvaluationRepository::storedPredictionsAreNeverChanged()
{
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored = evaluations.store(draft(2), {{QStringLiteral("score:y"), {0.5, 0.25}}});
    QVERIFY(stored.ok());
    bool refused = false;
    try {
        db().exec("UPDATE prediction_columns SET data = zeroblob(16)");
    } catch (const std::exception &) {
        refused = true;
    }
    QVERIFY(refused);
    QCOMPARE(*evaluations.column(stored->id, QStringLiteral("score:y")), (std::vector<double>{0.5, 0.25}));
}

void tst_EvaluationRepository::unknownColumnsAndEvaluationsAreClearErrors()
{
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored = evaluations.store(draft(1), {{QStringLiteral("row"), {0}}});
    QVERIFY(stored.ok());
    const Result<std::vector<double>> missing = evaluations.column(stored->id, QStringLiteral("score:nope"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(QStringLiteral("no prediction column 'score:nope'")),
             qPrintable(missing.error()));
    const Result<EvaluationRecord> unknown = evaluations.evaluation(stored->id + 100);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.error().contains(QStringLiteral("does not exist")), qPrintable(unknown.error()));
}

QTEST_GUILESS_MAIN(tst_EvaluationRepository)
#include "tst_evaluationrepository.moc"
