// SPDX-License-Identifier: GPL-3.0-or-later
// Which of a run's evaluations judges it (the test part, whatever was evaluated later) and which
// one operating choices are made on (the validation part of the same model and split, and only
// when the judged one is on test rows: a choice is never made on the rows it is reported on).

#include "app/services/RunMetrics.h"

#include <QTest>

using namespace mb;

namespace {

db::EvaluationRecord evaluation(std::int64_t id, const QString &part, std::int64_t version = 1,
                                std::optional<std::int64_t> split = 1)
{
    db::EvaluationRecord e;
    e.id = id;
    e.part = part;
    e.datasetVersionId = version;
    e.splitId = split;
    return e;
}

} // namespace

class TestJudgedEvaluation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theTestPartJudgesWhateverWasEvaluatedLater()
    {
        // Newest first: a later evaluation on every row of another version, then the finished run's.
        const QList<db::EvaluationRecord> newestFirst{evaluation(9, QStringLiteral("all"), 2, std::nullopt),
                                                      evaluation(8, QStringLiteral("test")),
                                                      evaluation(7, QStringLiteral("validation"))};
        QCOMPARE(services::judgedEvaluation(newestFirst)->id, 8);
        QCOMPARE(services::choosingEvaluation(newestFirst, newestFirst.at(1))->id, 7);
    }

    void aSplitWithoutTestRowsIsJudgedOnValidationAndNothingIsChosen()
    {
        const QList<db::EvaluationRecord> newestFirst{evaluation(5, QStringLiteral("validation"))};
        const std::optional<db::EvaluationRecord> judged = services::judgedEvaluation(newestFirst);
        QCOMPARE(judged->id, 5);
        QVERIFY(!services::choosingEvaluation(newestFirst, *judged));
    }

    void validationOfAnotherVersionOrSplitDoesNotChoose()
    {
        const QList<db::EvaluationRecord> newestFirst{evaluation(4, QStringLiteral("test"), 2, 3),
                                                      evaluation(3, QStringLiteral("validation"), 1, 3),
                                                      evaluation(2, QStringLiteral("validation"), 2, 1)};
        QVERIFY(!services::choosingEvaluation(newestFirst, newestFirst.at(0)));
    }

    // Runs stored before validation predictions were kept.
    void aRunWithOnlyItsTestEvaluationHasNothingToChooseOn()
    {
        const QList<db::EvaluationRecord> newestFirst{evaluation(1, QStringLiteral("test"))};
        QCOMPARE(services::judgedEvaluation(newestFirst)->id, 1);
        QVERIFY(!services::choosingEvaluation(newestFirst, newestFirst.at(0)));
        QVERIFY(!services::judgedEvaluation({}));
    }
};

QTEST_GUILESS_MAIN(TestJudgedEvaluation)
#include "tst_judgedevaluation.moc"
