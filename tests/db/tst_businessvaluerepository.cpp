// SPDX-License-Identifier: GPL-3.0-or-later
// Business-metric values kept per (framing version, evaluation, metric): read back as stored
// (a value, "not a number", an error with notes), never changed once stored, kept apart per framing
// version, and gone with their evaluation.
#include "app/services/DatasetImport.h"
#include "core/DemoFraming.h"
#include "db/BusinessValueRepository.h"
#include "db/Database.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace mb;
using namespace mb::db;

class tst_BusinessValueRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto created = Workspace::create(m_dir->filePath(QStringLiteral("w.mbw")));
        QVERIFY(created);
        m_workspace = std::move(created).value();
        const std::int64_t project = ProjectRepository(db()).create(QStringLiteral("p"))->id;
        FramingRepository framings(db());
        const std::int64_t framing = framings.framing(project)->id;
        m_version = framings.save(framing, demoNewsfeedFraming(), QStringLiteral("first"))->version.id;
        Framing changed = demoNewsfeedFraming();
        changed.businessGoal += QStringLiteral(" (revised)");
        m_otherVersion = framings.save(framing, changed, QStringLiteral("second"))->version.id;
        QVERIFY(m_otherVersion != m_version);
        const QString csv = m_dir->filePath(QStringLiteral("d.csv"));
        QVERIFY(mbtest::writeFile(csv, "x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n"));
        services::DatasetImportRequest request;
        request.file = csv;
        request.options.targets = {QStringLiteral("y")};
        const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), project, request);
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
        RunRecord run;
        run.projectId = project;
        run.config = QJsonObject{{QStringLiteral("k"), 1}};
        const std::int64_t runId = RunRepository(db()).create(run)->id;
        EvaluationRecord record;
        record.runId = runId;
        record.datasetVersionId = imported->version.id;
        record.items = 2;
        const Result<EvaluationRecord> stored =
            EvaluationRepository(db()).store(record, {{QStringLiteral("row"), {1.0, 2.0}}});
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error()));
        m_evaluation = stored->id;
    }

    void valuesReadBackAsStored()
    {
        StoredBusinessValue value{m_evaluation, QStringLiteral("clicks_at_100"), 31.0, 100, {}, {}};
        StoredBusinessValue notANumber{m_evaluation, QStringLiteral("take_rate"), std::nan(""), 0, {}, {}};
        StoredBusinessValue failed{m_evaluation, QStringLiteral("revenue"), std::nullopt, 0,
                                   QStringLiteral("unknown column 'ad_value'"), {QStringLiteral("a note")}};
        BusinessValueRepository values(db());
        QVERIFY(values.store(m_version, {value, notANumber, failed}));
        const QHash<std::int64_t, QList<StoredBusinessValue>> read = *values.valuesOf(m_version);
        QCOMPARE(read.size(), 1);
        const QList<StoredBusinessValue> &of = read.value(m_evaluation);
        QCOMPARE(of.size(), 3);
        for (const StoredBusinessValue &v : of) {
            if (v.metric == QLatin1String("clicks_at_100")) {
                QCOMPARE(v.value, std::optional<double>(31.0));
                QCOMPARE(v.selected, std::int64_t(100));
            } else if (v.metric == QLatin1String("take_rate")) {
                QVERIFY(!v.value && v.error.isEmpty()); // computed, and not a number
            } else {
                QVERIFY(!v.value);
                QCOMPARE(v.error, failed.error);
                QCOMPARE(v.notes, failed.notes);
            }
        }
        // Another framing version has values of its own.
        QVERIFY(values.valuesOf(m_otherVersion)->isEmpty());
    }

    void aStoredValueIsNeverChanged()
    {
        BusinessValueRepository values(db());
        QVERIFY(values.store(m_version, {{m_evaluation, QStringLiteral("m"), 1.0, 1, {}, {}}}));
        QVERIFY(values.store(m_version, {{m_evaluation, QStringLiteral("m"), 2.0, 1, {}, {}}}));
        QCOMPARE(values.valuesOf(m_version)->value(m_evaluation).constFirst().value, std::optional<double>(1.0));
        QVERIFY_THROWS_EXCEPTION(SqlError, db().exec("UPDATE business_values SET value = 5"));
    }

    void valuesGoWithTheirEvaluation()
    {
        BusinessValueRepository values(db());
        QVERIFY(values.store(m_version, {{m_evaluation, QStringLiteral("m"), 1.0, 1, {}, {}}}));
        db().exec("DELETE FROM evaluations");
        QVERIFY(values.valuesOf(m_version)->isEmpty());
        // A value computed before its evaluation was deleted is not kept.
        QVERIFY(values.store(m_version, {{m_evaluation, QStringLiteral("m"), 1.0, 1, {}, {}}}));
        QCOMPARE(db().queryInt("SELECT count(*) FROM business_values"), std::int64_t(0));
    }

private:
    Database &db() { return m_workspace->database(); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_version = 0, m_otherVersion = 0, m_evaluation = 0;
};

QTEST_GUILESS_MAIN(tst_BusinessValueRepository)
#include "tst_businessvaluerepository.moc"
