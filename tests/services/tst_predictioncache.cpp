// SPDX-License-Identifier: GPL-3.0-or-later
// The prediction cache: an evaluation's columns read once come back from memory, bit for bit and in
// stored order, whatever mix of kept and new columns is asked for; it never holds more than its
// bound, dropping the least recently used columns first; another workspace's evaluation with the
// same id is not confused with it.
#include "app/services/DatasetImport.h"
#include "app/services/PredictionCache.h"
#include "db/Database.h"
#include "db/EvaluationRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

namespace {

QStringList names(const std::vector<db::PredictionColumn> &columns)
{
    QStringList out;
    for (const db::PredictionColumn &c : columns)
        out << c.first;
    return out;
}

db::PredictionColumnReader::Choice only(const QStringList &wanted)
{
    return [wanted](const QStringList &) { return wanted; };
}

} // namespace

class tst_PredictionCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = std::move(db::Workspace::create(m_dir->filePath(QStringLiteral("c.mbw")))).value();
        m_evaluation = storeEvaluation(db(), 1.0);
    }

    void keptColumnsComeBackFromMemoryInStoredOrder()
    {
        services::PredictionCache cache;
        db::PredictionColumnReader reader(db());
        const auto first = cache.columns(reader, db().path(), m_evaluation, only({QStringLiteral("score:y")}));
        QVERIFY(first);
        QCOMPARE(names(*first), QStringList{QStringLiteral("score:y")});
        QCOMPARE(cache.bytes(), std::size_t(4 * sizeof(double)));
        // The rows are gone from the store: what comes back now comes from memory (the kept
        // column) or says the store has nothing more (a column not kept yet).
        db().exec("DELETE FROM evaluations");
        const auto again = cache.columns(reader, db().path(), m_evaluation, only({QStringLiteral("score:y")}));
        QVERIFY(again);
        QCOMPARE(again->at(0).second, (std::vector<double>{0.1, 0.9, 0.2, 0.8}));
        const auto mixed = cache.columns(reader, db().path(), m_evaluation,
                                         only({QStringLiteral("label:y"), QStringLiteral("score:y")}));
        QVERIFY(!mixed || names(*mixed) == QStringList{QStringLiteral("score:y")});
    }

    void aMixOfKeptAndNewColumnsIsInStoredOrder()
    {
        services::PredictionCache cache;
        db::PredictionColumnReader reader(db());
        QVERIFY(cache.columns(reader, db().path(), m_evaluation, only({QStringLiteral("score:y")})));
        const auto both = cache.columns(reader, db().path(), m_evaluation,
                                        only({QStringLiteral("score:y"), QStringLiteral("label:y")}));
        QVERIFY(both);
        QCOMPARE(names(*both), (QStringList{QStringLiteral("label:y"), QStringLiteral("score:y")}));
        QCOMPARE(both->at(0).second, (std::vector<double>{0, 1, 0, 1}));
        QCOMPARE(cache.bytes(), std::size_t(8 * sizeof(double)));
    }

    void theBoundHoldsAndTheLeastRecentlyUsedGoFirst()
    {
        services::PredictionCache cache(8 * sizeof(double)); // two columns of four items
        db::PredictionColumnReader reader(db());
        for (const char *name : {"label:y", "score:y", "row"})
            QVERIFY(cache.columns(reader, db().path(), m_evaluation, only({QLatin1String(name)})));
        QCOMPARE(cache.bytes(), std::size_t(8 * sizeof(double)));
        db().exec("DELETE FROM evaluations");
        // label:y went first; score:y and row are still in memory.
        QVERIFY(cache.columns(reader, db().path(), m_evaluation, only({QStringLiteral("score:y")})));
        QVERIFY(cache.columns(reader, db().path(), m_evaluation, only({QStringLiteral("row")})));
        const auto evicted = cache.columns(reader, db().path(), m_evaluation, only({QStringLiteral("label:y")}));
        QVERIFY(!evicted || evicted->empty());
    }

    void anotherWorkspacesEvaluationIsNotConfused()
    {
        services::PredictionCache cache;
        QTemporaryDir other;
        auto workspace = std::move(db::Workspace::create(other.filePath(QStringLiteral("o.mbw")))).value();
        const db::EvaluationRecord theirs = storeEvaluation(workspace->database(), 5.0);
        QCOMPARE(theirs.id, m_evaluation.id);
        db::PredictionColumnReader mine(db()), reader(workspace->database());
        QVERIFY(cache.columns(mine, db().path(), m_evaluation, only({QStringLiteral("row")})));
        const auto read =
            cache.columns(reader, workspace->database().path(), theirs, only({QStringLiteral("row")}));
        QVERIFY(read);
        QCOMPARE(read->at(0).second.at(0), 5.0);
    }

private:
    db::Database &db() { return m_workspace->database(); }

    // A run with one evaluation of four items whose rows start at `firstRow`.
    db::EvaluationRecord storeEvaluation(db::Database &database, double firstRow)
    {
        const std::int64_t project = db::ProjectRepository(database).create(QStringLiteral("p"))->id;
        const QString csv = QFileInfo(database.path()).dir().filePath(QStringLiteral("d.csv"));
        if (!mbtest::writeFile(csv, "x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n"))
            qFatal("cannot write %s", qPrintable(csv));
        services::DatasetImportRequest request;
        request.file = csv;
        request.options.targets = {QStringLiteral("y")};
        const Result<services::DatasetImportOutcome> imported = services::importDataset(database, project, request);
        if (!imported)
            qFatal("%s", qPrintable(imported.error()));
        db::RunRecord run;
        run.projectId = project;
        run.config = QJsonObject{{QStringLiteral("k"), 1}};
        db::EvaluationRecord record;
        record.runId = db::RunRepository(database).create(run)->id;
        record.datasetVersionId = imported->version.id;
        record.items = 4;
        const Result<db::EvaluationRecord> stored = db::EvaluationRepository(database).store(
            record, {{QStringLiteral("row"), {firstRow, firstRow + 1, firstRow + 2, firstRow + 3}},
                     {QStringLiteral("label:y"), {0, 1, 0, 1}},
                     {QStringLiteral("score:y"), {0.1, 0.9, 0.2, 0.8}}});
        if (!stored)
            qFatal("%s", qPrintable(stored.error()));
        return *stored;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    db::EvaluationRecord m_evaluation;
};

QTEST_GUILESS_MAIN(tst_PredictionCache)
#include "tst_predictioncache.moc"
