// SPDX-License-Identifier: GPL-3.0-or-later
// Field-by-field differences between two framing versions, as the history view lists them.

#include "core/DemoFraming.h"
#include "core/FramingDiff.h"
#include "core/FramingJson.h"

#include <QTest>

#include <algorithm>

using namespace mb;

namespace {

using Kind = FramingChange::Kind;

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Changed:
        return QStringLiteral("changed");
    }
    return {};
}

// "changed business_goal: a -> b", one line per change, to compare whole lists readably.
QStringList lines(const QList<FramingChange> &changes)
{
    QStringList out;
    for (const FramingChange &c : changes)
        out << QStringLiteral("%1 %2: %3 -> %4").arg(kindName(c.kind), c.field, c.before, c.after);
    return out;
}

QStringList fields(const QList<FramingChange> &changes)
{
    QStringList out;
    for (const FramingChange &c : changes)
        out << c.field;
    return out;
}

} // namespace

Q_DECLARE_METATYPE(mb::Framing)

class tst_FramingDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void identicalFramingsHaveNoChanges_data();
    void identicalFramingsHaveNoChanges();
    void changedGoal();
    void changedNumberAndEnum();
    void addedMetric();
    void removedStakeholder();
    void addedListItem();
    void changesAreOrderedByField();
    void diffIsSymmetric();
    void tinyNumericChangeIsShown();
    void insertedMetricIsOneAddition();
    void removedMiddleStakeholderIsOneRemoval();
    void renamedMetricIsRemovedAndAdded();
    void stakeholderWithARepeatedRoleIsOneAddition();
};

void tst_FramingDiff::identicalFramingsHaveNoChanges_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::newRow("demo") << demoNewsfeedFraming();
    QTest::newRow("defaults") << Framing{};
}

void tst_FramingDiff::identicalFramingsHaveNoChanges()
{
    QFETCH(Framing, framing);
    QCOMPARE(lines(diffFramings(framing, framing)), QStringList());
    // A copy that went through the file format is still identical.
    const Result<Framing> copy = framingFromBytes(framingToBytes(framing));
    QVERIFY(copy.ok());
    QCOMPARE(lines(diffFramings(framing, *copy)), QStringList());
}

void tst_FramingDiff::changedGoal()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.businessGoal = QStringLiteral("Grow engagement, whatever it takes.");
    const QList<FramingChange> changes = diffFramings(before, after);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().kind, Kind::Changed);
    QCOMPARE(changes.first().field, QStringLiteral("business_goal"));
    QCOMPARE(changes.first().before, before.businessGoal);
    QCOMPARE(changes.first().after, QStringLiteral("Grow engagement, whatever it takes."));
}

void tst_FramingDiff::changedNumberAndEnum()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.alpha = 0.7;
    after.approach = Approach::CombinedLoss;
    after.businessMetrics[1].selectionParameter = 250;
    after.stakeholders[0].comparator = Comparator::Greater;
    QCOMPARE(
        lines(diffFramings(before, after)),
        (QStringList{QStringLiteral("changed alpha: 0.5 -> 0.7"),
                     QStringLiteral("changed approach: model_per_objective -> combined_loss"),
                     QStringLiteral("changed business_metrics[\"low_quality_share\"].selection.parameter: 100 -> 250"),
                     QStringLiteral("changed stakeholders[\"growth\"].requirement.comparator: >= -> >")}));
}

void tst_FramingDiff::addedMetric()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    BusinessMetric dwell;
    dwell.name = QStringLiteral("dwell_minutes");
    dwell.unit = QStringLiteral("min");
    dwell.description = QStringLiteral("Time spent on the first 100 posts.");
    dwell.selection = Selection::TopK;
    dwell.selectionParameter = 100;
    dwell.aggregates = {{QStringLiteral("dwell"), QStringLiteral("engagement * 0.5"), Aggregate::Mean}};
    after.businessMetrics << dwell;

    QCOMPARE(
        lines(diffFramings(before, after)),
        (QStringList{
            QStringLiteral("added business_metrics[\"dwell_minutes\"].aggregates[\"dwell\"].aggregate:  -> mean"),
            QStringLiteral(
                "added business_metrics[\"dwell_minutes\"].aggregates[\"dwell\"].expression:  -> engagement * 0.5"),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].aggregates[\"dwell\"].name:  -> dwell"),
            QStringLiteral(
                "added business_metrics[\"dwell_minutes\"].description:  -> Time spent on the first 100 posts."),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].direction:  -> maximize"),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].name:  -> dwell_minutes"),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].outer_expression:  -> "),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].selection.kind:  -> top_k"),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].selection.parameter:  -> 100"),
            QStringLiteral("added business_metrics[\"dwell_minutes\"].unit:  -> min"),
        }));
    for (const FramingChange &c : diffFramings(before, after))
        QVERIFY(c.before.isEmpty());
}

void tst_FramingDiff::removedStakeholder()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.stakeholders.removeLast(); // product: latency_p99_ms <= 20

    QCOMPARE(
        lines(diffFramings(before, after)),
        (QStringList{
            QStringLiteral("removed stakeholders[\"product\"].cares_about: feed latency -> "),
            QStringLiteral("removed stakeholders[\"product\"].note: The feed renders within one request budget. -> "),
            QStringLiteral("removed stakeholders[\"product\"].requirement.comparator: <= -> "),
            QStringLiteral("removed stakeholders[\"product\"].requirement.metric: latency_p99_ms -> "),
            QStringLiteral("removed stakeholders[\"product\"].requirement.value: 20 -> "),
            QStringLiteral("removed stakeholders[\"product\"].role: product -> "),
        }));
    for (const FramingChange &c : diffFramings(before, after))
        QVERIFY(c.after.isEmpty());
}

void tst_FramingDiff::addedListItem()
{
    Framing before = demoNewsfeedFraming();
    before.taskType = TaskType::Multiclass;
    before.reframing = Reframing::Buckets;
    before.bucketEdges = {0, 10};
    Framing after = before;
    after.bucketEdges << 20.5;
    after.constraints.removeFirst();

    QCOMPARE(lines(diffFramings(before, after)),
             (QStringList{
                 QStringLiteral("changed constraints[0]: %1 -> %2").arg(before.constraints[0], before.constraints[1]),
                 QStringLiteral("changed constraints[1]: %1 -> %2").arg(before.constraints[1], before.constraints[2]),
                 QStringLiteral("removed constraints[2]: %1 -> ").arg(before.constraints[2]),
                 QStringLiteral("added reframing.bucket_edges[2]:  -> 20.5"),
             }));
}

void tst_FramingDiff::changesAreOrderedByField()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    // Changed in an order unlike the field order.
    after.constraints[0] = QStringLiteral("At most 30 ms.");
    after.valueColumns << QStringLiteral("author_id");
    after.beta = 0.25;
    after.businessGoal = QStringLiteral("Engagement with quality.");
    after.stakeholders.removeLast();
    after.alpha = 0.75;

    const QList<FramingChange> changes = diffFramings(before, after);
    QStringList sorted = fields(changes);
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(fields(changes), sorted);
    QCOMPARE(changes.first().field, QStringLiteral("alpha"));
    QCOMPARE(changes.at(1).field, QStringLiteral("beta"));
    QCOMPARE(changes.at(2).field, QStringLiteral("business_goal"));
    QCOMPARE(changes.at(3).field, QStringLiteral("constraints[0]"));
    QCOMPARE(changes.at(4).field, QStringLiteral("stakeholders[\"product\"].cares_about"));
    QCOMPARE(changes.last().field, QStringLiteral("value_columns[1]"));
    QCOMPARE(changes.last().kind, Kind::Added);
    QCOMPARE(changes.size(), 4 + 6 + 1);
}

void tst_FramingDiff::diffIsSymmetric()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.businessGoal = QStringLiteral("x");
    after.stakeholders.removeLast();
    const QList<FramingChange> forward = diffFramings(before, after);
    const QList<FramingChange> backward = diffFramings(after, before);
    QCOMPARE(forward.size(), backward.size());
    for (qsizetype i = 0; i < forward.size(); ++i) {
        QCOMPARE(backward.at(i).field, forward.at(i).field);
        QCOMPARE(backward.at(i).before, forward.at(i).after);
        QCOMPARE(backward.at(i).after, forward.at(i).before);
        const Kind expected = forward.at(i).kind == Kind::Added     ? Kind::Removed
                              : forward.at(i).kind == Kind::Removed ? Kind::Added
                                                                    : Kind::Changed;
        QCOMPARE(backward.at(i).kind, expected);
    }
}

void tst_FramingDiff::tinyNumericChangeIsShown()
{
    // Two framings that are saved as different versions must show at least one difference.
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.alpha = 0.5 + 1e-13;
    QVERIFY(framingToBytes(before) != framingToBytes(after));
    const QList<FramingChange> changes = diffFramings(before, after);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().field, QStringLiteral("alpha"));
    QVERIFY(changes.first().before != changes.first().after);
    QCOMPARE(changes.first().before.toDouble(), 0.5);
    QCOMPARE(changes.first().after.toDouble(), 0.5 + 1e-13);
}

void tst_FramingDiff::insertedMetricIsOneAddition()
{
    // Metrics are keyed by name: inserting one at the front does not shift the others.
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    BusinessMetric first;
    first.name = QStringLiteral("shares");
    first.unit = QStringLiteral("shares");
    first.aggregates = {{QStringLiteral("shared"), QStringLiteral("engagement"), Aggregate::Sum}};
    after.businessMetrics.prepend(first);

    const QList<FramingChange> changes = diffFramings(before, after);
    QCOMPARE(changes.size(), 10);
    for (const FramingChange &c : changes) {
        QCOMPARE(c.kind, Kind::Added);
        QVERIFY2(c.field.startsWith(QStringLiteral("business_metrics[\"shares\"].")), qPrintable(c.field));
    }
}

void tst_FramingDiff::removedMiddleStakeholderIsOneRemoval()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.stakeholders.removeAt(1); // trust & safety
    const QList<FramingChange> changes = diffFramings(before, after);
    QCOMPARE(changes.size(), 6);
    for (const FramingChange &c : changes) {
        QCOMPARE(c.kind, Kind::Removed);
        QVERIFY2(c.field.startsWith(QStringLiteral("stakeholders[\"trust & safety\"].")), qPrintable(c.field));
    }
    QCOMPARE(changes.last().field, QStringLiteral("stakeholders[\"trust & safety\"].role"));
    QCOMPARE(changes.last().before, QStringLiteral("trust & safety"));
}

void tst_FramingDiff::renamedMetricIsRemovedAndAdded()
{
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.businessMetrics[0].name = QStringLiteral("clicks_at_50");
    after.businessMetrics[0].selectionParameter = 50;
    const QList<FramingChange> changes = diffFramings(before, after);
    QCOMPARE(changes.size(), 20);
    QCOMPARE(changes.first().kind, Kind::Removed);
    QCOMPARE(changes.first().field,
             QStringLiteral("business_metrics[\"clicks_at_100\"].aggregates[\"clicks\"].aggregate"));
    QCOMPARE(changes.last().kind, Kind::Added);
    QCOMPARE(changes.last().field, QStringLiteral("business_metrics[\"clicks_at_50\"].unit"));
    for (const FramingChange &c : changes)
        QCOMPARE(c.kind, c.field.contains(QStringLiteral("clicks_at_100")) ? Kind::Removed : Kind::Added);
}

void tst_FramingDiff::stakeholderWithARepeatedRoleIsOneAddition()
{
    // Roles need not be unique (the validator allows two product stakeholders), and adding a
    // second one should still read as one added stakeholder.
    const Framing before = demoNewsfeedFraming();
    Framing after = before;
    after.stakeholders << Stakeholder{QStringLiteral("product"),
                                      QStringLiteral("memory"),
                                      QStringLiteral("memory_mb"),
                                      Comparator::LessEqual,
                                      512,
                                      QString()};
    const QList<FramingChange> changes = diffFramings(before, after);
    QStringList removed;
    for (const FramingChange &c : changes)
        if (c.kind != Kind::Added)
            removed << c.field;
    QCOMPARE(removed, QStringList());
    QCOMPARE(changes.size(), 6);
}

QTEST_GUILESS_MAIN(tst_FramingDiff)
#include "tst_framingdiff.moc"
