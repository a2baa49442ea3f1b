// SPDX-License-Identifier: GPL-3.0-or-later
// A run's family (core/RunLineage): re-runs are told from forks by their config's hash; a re-run
// says whether its metrics came out identical (timings aside) and which did not; a fork lists
// what was edited in its config; the family is its root and every descendant, parents first.
#include "core/RunLineage.h"

#include <QTest>

using namespace mb;

namespace {

LineageRun run(std::int64_t id, std::optional<std::int64_t> parent, const QString &sha, double lr, double loss,
               bool finished = true)
{
    LineageRun r;
    r.id = id;
    r.parentId = parent;
    r.name = QStringLiteral("run %1").arg(id);
    r.configSha256 = sha;
    r.config = {{QStringLiteral("name"), r.name},
                {QStringLiteral("optimizer"), QJsonObject{{QStringLiteral("lr"), lr}}}};
    r.summary = {{QStringLiteral("validation/loss"), loss},
                 {QStringLiteral("samples_per_s"), 1000.0 + double(id)},
                 {QStringLiteral("train_seconds"), double(id)}};
    r.finished = finished;
    return r;
}

} // namespace

class tst_RunLineage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aRerunWithTheSameMetricsIsIdentical();
    void aRerunWhoseMetricsMovedSaysWhich();
    void aForkListsItsConfigEdits();
    void theFamilyIsTheRootAndEveryDescendantParentsFirst();
    void aRunWithoutFamilyIsItsOwnRoot();
};

void tst_RunLineage::aRerunWithTheSameMetricsIsIdentical()
{
    const QList<LineageEntry> family = runFamily({run(1, {}, "a", 0.01, 0.3), run(2, 1, "a", 0.01, 0.3)}, 2);
    QCOMPARE(family.size(), 2);
    QCOMPARE(family.at(1).kind, LineageKind::Rerun);
    QVERIFY(family.at(1).comparable);
    QVERIFY(family.at(1).metricDifferences.isEmpty()); // throughput and time differ, by nature
    QCOMPARE(lineageText(family.at(1)), QStringLiteral("re-run of #1: metrics identical"));
}

void tst_RunLineage::aRerunWhoseMetricsMovedSaysWhich()
{
    QList<LineageEntry> family = runFamily({run(1, {}, "a", 0.01, 0.3), run(2, 1, "a", 0.01, 0.31)}, 1);
    QCOMPARE(lineageText(family.at(1)), QStringLiteral("re-run of #1: differs in validation/loss 0.3 → 0.31"));
    family = runFamily({run(1, {}, "a", 0.01, 0.3), run(2, 1, "a", 0.01, 0.3, false)}, 1);
    QCOMPARE(lineageText(family.at(1)), QStringLiteral("re-run of #1: not both finished yet"));
}

void tst_RunLineage::aForkListsItsConfigEdits()
{
    const QList<LineageEntry> family = runFamily({run(1, {}, "a", 0.01, 0.3), run(2, 1, "b", 0.1, 0.5)}, 2);
    QCOMPARE(family.at(1).kind, LineageKind::Fork);
    QCOMPARE(lineageText(family.at(1)), QStringLiteral("fork of #1: optimizer.lr 0.01 → 0.1"));
}

void tst_RunLineage::theFamilyIsTheRootAndEveryDescendantParentsFirst()
{
    const QList<LineageRun> runs{run(1, {}, "a", 0.01, 0.3), run(2, 1, "b", 0.1, 0.5), run(3, 1, "a", 0.01, 0.3),
                                 run(4, 2, "b", 0.1, 0.5), run(5, {}, "c", 0.2, 0.9)};
    const QList<LineageEntry> family = runFamily(runs, 4);
    QList<std::int64_t> ids;
    QList<int> depths;
    for (const LineageEntry &e : family) {
        ids << e.run.id;
        depths << e.depth;
    }
    QCOMPARE(ids, (QList<std::int64_t>{1, 2, 4, 3}));
    QCOMPARE(depths, (QList<int>{0, 1, 2, 1}));
    QCOMPARE(family.at(2).kind, LineageKind::Rerun); // 4 re-ran the fork 2
}

void tst_RunLineage::aRunWithoutFamilyIsItsOwnRoot()
{
    const QList<LineageEntry> family = runFamily({run(7, 3, "a", 0.01, 0.3)}, 7);
    QCOMPARE(family.size(), 1);
    QCOMPARE(family.at(0).kind, LineageKind::Orphan);
    QVERIFY(runFamily({run(7, {}, "a", 0.01, 0.3)}, 8).isEmpty());
}

QTEST_GUILESS_MAIN(tst_RunLineage)
#include "tst_runlineage.moc"
