// SPDX-License-Identifier: GPL-3.0-or-later
// The run query language (docs/QUERY.md): which runs a query keeps, its precedence (not > and > or),
// three-valued comparisons (a run lacking a value matches neither a comparison nor its negation),
// the old filter's words and key:text / key>number still working, and each mistake named with
// its column and the choices there are.
#include "core/query/Query.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <vector>

using namespace mb;
using query::RunFields;

namespace {

QJsonObject config(const QString &optimizer, double lr, const QString &model, const QJsonArray &hidden)
{
    return {
        {QStringLiteral("optimizer"), QJsonObject{{QStringLiteral("kind"), optimizer}, {QStringLiteral("lr"), lr}}},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), model}, {QStringLiteral("hidden"), hidden}}}};
}

// 2026-12-01T00:00:00Z, and days around it.
constexpr double kDecember1 = 1796083200.0;
constexpr double kDay = 86400.0;

std::vector<RunFields> fixtureRuns()
{
    RunFields baseline;
    baseline.id = 1;
    baseline.name = QStringLiteral("baseline");
    baseline.status = QStringLiteral("finished");
    baseline.model = QStringLiteral("mlp");
    baseline.tags = {QStringLiteral("baseline")};
    baseline.starred = true;
    baseline.note = QStringLiteral("Good enough to ship");
    baseline.createdSeconds = kDecember1 - 11 * kDay;
    baseline.config = config(QStringLiteral("adam"), 0.001, QStringLiteral("mlp"), {64, 32});
    baseline.numbers = {{QStringLiteral("test/roc_auc"), 0.93},
                        {QStringLiteral("validation/loss"), 0.3},
                        {QStringLiteral("revenue"), 120}};
    baseline.texts = {{QStringLiteral("optimizer"), QStringLiteral("adam")}};
    baseline.searchText = QStringLiteral("#1 finished baseline mlp adam baseline good enough to ship");

    RunFields sweep;
    sweep.id = 2;
    sweep.name = QStringLiteral("tmp sweep");
    sweep.status = QStringLiteral("finished");
    sweep.model = QStringLiteral("mlp");
    sweep.createdSeconds = kDecember1 + 1 * kDay + 3600;
    sweep.config = config(QStringLiteral("sgd"), 0.05, QStringLiteral("mlp"), {128});
    sweep.numbers = {{QStringLiteral("test/roc_auc"), 0.95}, {QStringLiteral("revenue"), 80}};
    sweep.texts = {{QStringLiteral("optimizer"), QStringLiteral("sgd")}};
    sweep.searchText = QStringLiteral("#2 finished tmp sweep mlp sgd");

    RunFields linear;
    linear.id = 3;
    linear.name = QStringLiteral("linear");
    linear.status = QStringLiteral("failed");
    linear.model = QStringLiteral("linear");
    linear.tags = {QStringLiteral("Baseline"), QStringLiteral("exp")};
    linear.createdSeconds = kDecember1 + 4 * kDay;
    linear.config = config(QStringLiteral("sgd"), 0.1, QStringLiteral("linear"), {});
    linear.searchText = QStringLiteral("#3 failed linear linear sgd baseline exp");

    RunFields external;
    external.id = 4;
    external.name = QStringLiteral("ext");
    external.status = QStringLiteral("running");
    external.model = QStringLiteral("external");
    external.tags = {QStringLiteral("sklearn")};
    external.numbers = {{QStringLiteral("test/roc_auc"), 0.85}};
    external.searchText = QStringLiteral("#4 running ext external sklearn");
    return {baseline, sweep, linear, external};
}

QStringList statuses()
{
    return {QStringLiteral("queued"),     QStringLiteral("running"),   QStringLiteral("finished"),
            QStringLiteral("failed"),     QStringLiteral("cancelled"), QStringLiteral("diverged"),
            QStringLiteral("interrupted")};
}

} // namespace

class tst_Query : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsTheMatchingRuns_data();
    void keepsTheMatchingRuns();
    void namesTheMistakeAndItsColumn_data();
    void namesTheMistakeAndItsColumn();
    void aBlankQueryKeepsEveryRun();
};

void tst_Query::keepsTheMatchingRuns_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<qint64>>("ids");
    using Ids = QList<qint64>;
    QTest::newRow("the issue's example")
        << QStringLiteral(
               R"(status = finished and test/roc_auc > 0.9 and (config.lr < 0.01 or tag = baseline) and not name ~ "tmp")")
        << Ids{1};
    QTest::newRow("status") << QStringLiteral("status = finished") << Ids{1, 2};
    QTest::newRow("not equal") << QStringLiteral("status != finished") << Ids{3, 4};
    QTest::newRow("or") << QStringLiteral("test/roc_auc > 0.9 or status = failed") << Ids{1, 2, 3};
    QTest::newRow("and binds tighter than or")
        << QStringLiteral("status = running or status = finished and star = yes") << Ids{1, 4};
    QTest::newRow("not binds tighter than and") << QStringLiteral("not status = finished and star = no") << Ids{3, 4};
    QTest::newRow("parentheses") << QStringLiteral("(status = finished or status = failed) and not tag = exp")
                                 << Ids{1, 2};
    QTest::newRow("a run lacking the value matches no comparison") << QStringLiteral("test/roc_auc <= 0.9") << Ids{4};
    QTest::newRow("nor its negation") << QStringLiteral("not test/roc_auc > 0.9") << Ids{4};
    QTest::newRow("unknown or true is true") << QStringLiteral("test/roc_auc > 0.9 or tag = exp") << Ids{1, 2, 3};
    QTest::newRow("tag ignores case") << QStringLiteral("tag = BASELINE") << Ids{1, 3};
    QTest::newRow("tag not equal: runs without it") << QStringLiteral("tag != baseline") << Ids{2, 4};
    QTest::newRow("tag contains") << QStringLiteral("tag ~ sk") << Ids{4};
    QTest::newRow("star") << QStringLiteral("star = yes") << Ids{1};
    QTest::newRow("created after a day") << QStringLiteral("created > 2026-12-01") << Ids{2, 3};
    QTest::newRow("created on a day") << QStringLiteral("created = 2026-12-02") << Ids{2};
    QTest::newRow("created before a day") << QStringLiteral("created < 2026-12-01") << Ids{1};
    QTest::newRow("created to the minute") << QStringLiteral(R"(created >= "2026-12-02 01:00")") << Ids{2, 3};
    QTest::newRow("config path") << QStringLiteral("config.optimizer.kind = adam") << Ids{1};
    QTest::newRow("config key found inside") << QStringLiteral("config.lr >= 0.05") << Ids{2, 3};
    QTest::newRow("config list holds a value") << QStringLiteral("config.model.hidden = 64") << Ids{1};
    QTest::newRow("business metric by name") << QStringLiteral("revenue >= 100") << Ids{1};
    QTest::newRow("field names ignore case") << QStringLiteral("Test/ROC_AUC > 0.94") << Ids{2};
    QTest::newRow("id with #") << QStringLiteral("id = #3") << Ids{3};
    QTest::newRow("id range") << QStringLiteral("id <= 2") << Ids{1, 2};
    QTest::newRow("note contains, any case") << QStringLiteral("note ~ SHIP") << Ids{1};
    QTest::newRow("model") << QStringLiteral("model = mlp") << Ids{1, 2};
    QTest::newRow("quoted value with a space") << QStringLiteral(R"(name = "tmp sweep")") << Ids{2};
    QTest::newRow("text column") << QStringLiteral("optimizer = sgd") << Ids{2};
    QTest::newRow("keywords in capitals") << QStringLiteral("status = failed OR star = yes") << Ids{1, 3};
    QTest::newRow("a keyword as a value") << QStringLiteral("tag = 'and'") << Ids{};
    // The old filter's forms keep working.
    QTest::newRow("bare word") << QStringLiteral("sweep") << Ids{2};
    QTest::newRow("bare words side by side mean and") << QStringLiteral("mlp sgd") << Ids{2};
    QTest::newRow("quoted phrase") << QStringLiteral(R"("tmp sweep")") << Ids{2};
    QTest::newRow("old key>number") << QStringLiteral("test/roc_auc>0.9") << Ids{1, 2};
    QTest::newRow("old key:text looks inside") << QStringLiteral("status:fail") << Ids{3};
    QTest::newRow("old key:number is equality") << QStringLiteral("id:4") << Ids{4};
    QTest::newRow("== reads as =") << QStringLiteral("id == 2") << Ids{2};
}

void tst_Query::keepsTheMatchingRuns()
{
    QFETCH(QString, query);
    QFETCH(QList<qint64>, ids);
    const std::vector<RunFields> runs = fixtureRuns();
    const Result<query::Query> compiled = query::Query::compile(query, query::catalogOf(runs, statuses()));
    QVERIFY2(compiled.ok(), qPrintable(compiled.ok() ? QString() : compiled.error()));
    QList<qint64> matched;
    for (const RunFields &run : runs)
        if (compiled->matches(run))
            matched << run.id;
    QCOMPARE(matched, ids);
}

void tst_Query::namesTheMistakeAndItsColumn_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("error");
    QTest::newRow("no value after the operator")
        << QStringLiteral("test/roc_auc >") << QStringLiteral("col 15: expected a value after '>'");
    QTest::newRow("an operator for a value")
        << QStringLiteral("status = = failed") << QStringLiteral("col 10: expected a value after '='");
    QTest::newRow("unknown field")
        << QStringLiteral("acc > 0.9")
        << QStringLiteral("col 1: unknown field 'acc' — fields: id, name, status, model, tag, star, note, created, "
                          "started, finished, config.<path>, revenue, test/roc_auc, validation/loss, optimizer");
    QTest::newRow("ordering text") << QStringLiteral("name < 3")
                                   << QStringLiteral("col 6: 'name' is text: compare it with =, != or ~");
    QTest::newRow("contains on a number")
        << QStringLiteral("revenue ~ 1")
        << QStringLiteral("col 9: 'revenue' is a number: compare it with =, !=, <, <=, > or >=");
    QTest::newRow("unknown status")
        << QStringLiteral("status = finishd")
        << QStringLiteral("col 10: unknown status 'finishd' — statuses: queued, running, finished, failed, cancelled, "
                          "diverged, interrupted");
    QTest::newRow("a word for a number")
        << QStringLiteral("test/roc_auc > high")
        << QStringLiteral("col 16: 'test/roc_auc' is a number: expected a number after '>', got 'high'");
    QTest::newRow("not a date") << QStringLiteral("created > yesterday")
                                << QStringLiteral("col 11: 'created' is a date: expected YYYY-MM-DD after '>', got "
                                                  "'yesterday'");
    QTest::newRow("not yes or no")
        << QStringLiteral("star = maybe")
        << QStringLiteral("col 8: 'star' is yes or no: expected yes, no, true or false after '=', got 'maybe'");
    QTest::newRow("open parenthesis") << QStringLiteral("(status = failed")
                                      << QStringLiteral("col 1: '(' is not closed");
    QTest::newRow("stray closing parenthesis")
        << QStringLiteral("status = failed)") << QStringLiteral("col 16: ')' closes nothing");
    QTest::newRow("empty parentheses") << QStringLiteral("()")
                                       << QStringLiteral("col 2: expected a condition inside '( )'");
    QTest::newRow("open quote") << QStringLiteral(R"(name ~ "tmp)")
                                << QStringLiteral("col 8: the quote opened here is not closed");
    QTest::newRow("and first") << QStringLiteral("and status = failed")
                               << QStringLiteral("col 1: expected a condition, got 'and'");
    QTest::newRow("and last") << QStringLiteral("status = failed and")
                              << QStringLiteral("col 20: expected a condition after 'and'");
    QTest::newRow("not last") << QStringLiteral("star = yes or not")
                              << QStringLiteral("col 18: expected a condition after 'not'");
    QTest::newRow("no field") << QStringLiteral("> 3") << QStringLiteral("col 1: '>' needs a field before it");
    QTest::newRow("config without a path")
        << QStringLiteral("config. = 1")
        << QStringLiteral("col 1: 'config.' is not a config path: name it like config.optimizer.lr");
    QTest::newRow("a comparison after a comparison")
        << QStringLiteral("id = 1 = 2") << QStringLiteral("col 8: unexpected '='");
}

void tst_Query::namesTheMistakeAndItsColumn()
{
    QFETCH(QString, query);
    QFETCH(QString, error);
    const Result<query::Query> compiled = query::Query::compile(query, query::catalogOf(fixtureRuns(), statuses()));
    QVERIFY(!compiled.ok());
    QCOMPARE(compiled.error(), error);
}

void tst_Query::aBlankQueryKeepsEveryRun()
{
    const Result<query::Query> compiled = query::Query::compile(QStringLiteral("   "), {});
    QVERIFY(compiled.ok());
    QVERIFY(compiled->isEmpty());
    for (const RunFields &run : fixtureRuns())
        QVERIFY(compiled->matches(run));
}

QTEST_GUILESS_MAIN(tst_Query)
#include "tst_query.moc"
