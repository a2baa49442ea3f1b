// SPDX-License-Identifier: GPL-3.0-or-later
// The Compare page reads its runs on a reader thread of its own: the window's event loop keeps
// turning while a large project loads (and the page shows how far it got), the page then shows the
// numbers the store gives, a load the user has moved on from (another workspace) never shows its
// rows, and a cancelled load leaves the table as it was.
#include "app/services/RunMetrics.h"
#include "core/DemoFraming.h"
#include "core/evaluation/MetricDirection.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/SyntheticRuns.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/plots/RunScatterPlot.h"

#include <QAbstractItemModel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

using namespace mb;

class tst_CompareReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theWindowKeepsTurningWhileALargeProjectLoads();
    void anotherWorkspaceChosenMidLoadNeverShowsTheFirstOnesRows();
    void aCancelledLoadLeavesTheTableAsItWas();
    void theTableTheReaderBuildsShowsTheStoresFigures();
    void runsOfAProjectNotFramedYetCompareByTheirMlMetrics();

private:
    // Enough runs that reading their predictions takes many turns of the event loop.
    static constexpr int kLargeRuns = 120;
    static constexpr int kSmallRuns = 3;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_large, m_small;
    std::int64_t m_largeProject = 0, m_smallProject = 0;
};

void tst_CompareReader::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_large = mbbench::openSyntheticWorkspace(m_dir->filePath(QStringLiteral("large.mbw")), kLargeRuns);
    m_small = mbbench::openSyntheticWorkspace(m_dir->filePath(QStringLiteral("small.mbw")), kSmallRuns);
    m_largeProject = db::ProjectRepository(m_large->database()).find(demoProjectName())->id;
    m_smallProject = db::ProjectRepository(m_small->database()).find(demoProjectName())->id;
}

void tst_CompareReader::theWindowKeepsTurningWhileALargeProjectLoads()
{
    ui::ComparePage page;
    page.resize(1024, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // A timer on the GUI thread counts the event loop's turns while the page loads; with the store
    // read on the GUI thread it would not fire once before the load ended.
    int ticksWhileLoading = 0;
    QStringList progressSeen;
    QTimer ticker;
    ticker.setInterval(0);
    connect(&ticker, &QTimer::timeout, this, [&] {
        if (!page.isLoading())
            return;
        ++ticksWhileLoading;
        if (!page.loadingText().isEmpty() && !progressSeen.contains(page.loadingText()))
            progressSeen << page.loadingText();
    });
    ticker.start();
    page.setProject(&m_large->database(), m_largeProject);
    QVERIFY(page.isLoading());
    QVERIFY(page.waitForLoaded());
    ticker.stop();
    QVERIFY2(ticksWhileLoading >= 3, qPrintable(QString::number(ticksWhileLoading)));
    QVERIFY2(!progressSeen.isEmpty() && progressSeen.constFirst().startsWith(QStringLiteral("Loading runs")),
             qPrintable(progressSeen.join(QLatin1Char('|'))));
    QVERIFY(page.loadingText().isEmpty());

    // The right numbers: every run as computed here, on the test's own connection.
    QCOMPARE(page.model()->rowCount(), kLargeRuns);
    db::Database &database = m_large->database();
    const Framing framing = db::FramingRepository(database).current(m_largeProject)->value().framing;
    const QList<db::RunRecord> runs = *db::RunRepository(database).runs(m_largeProject);
    const QList<Result<services::RunMetrics>> expected =
        services::computeProjectRunMetrics(database, m_largeProject, runs, framing);
    for (const Result<services::RunMetrics> &run : expected) {
        QVERIFY(run);
        const int row = page.model()->rowOf(run->run.id);
        QVERIFY(row >= 0);
        const services::RunMetrics &shown = page.model()->runs().at(row);
        QCOMPARE(shown.businessMetrics.size(), framing.businessMetrics.size());
        for (const BusinessMetric &metric : framing.businessMetrics)
            QCOMPARE(shown.values.value(metric.name, std::nan("")), run->values.value(metric.name, std::nan("")));
    }
    QCOMPARE(page.scatter()->points().size(), kLargeRuns);
}

void tst_CompareReader::anotherWorkspaceChosenMidLoadNeverShowsTheFirstOnesRows()
{
    ui::ComparePage page;
    page.resize(1024, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QList<int> shownCounts;
    connect(page.model(), &QAbstractItemModel::modelReset, this,
            [&] { shownCounts << page.model()->rowCount(); });
    QSignalSpy loaded(&page, &ui::ComparePage::loaded);
    page.setProject(&m_large->database(), m_largeProject);
    page.setProject(&m_small->database(), m_smallProject); // the user opened another workspace at once
    QVERIFY(page.waitForLoaded());
    QCOMPARE(page.model()->rowCount(), kSmallRuns);
    QVERIFY2(!shownCounts.contains(kLargeRuns), qPrintable(QString::number(shownCounts.size())));
    // The first load's answer, had it arrived, would have been dropped: give it every chance.
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 2000);
    QCOMPARE(page.model()->rowCount(), kSmallRuns);
    QVERIFY(!shownCounts.contains(kLargeRuns));

    // Closing the workspace mid-load empties the page and keeps it empty.
    page.setProject(&m_large->database(), m_largeProject);
    page.setProject(nullptr, 0);
    QVERIFY(page.waitForLoaded());
    QCOMPARE(page.model()->rowCount(), 0);
    QVERIFY(!shownCounts.contains(kLargeRuns));
}

void tst_CompareReader::aCancelledLoadLeavesTheTableAsItWas()
{
    ui::ComparePage page;
    page.resize(1024, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setProject(&m_small->database(), m_smallProject);
    QVERIFY(page.waitForLoaded());
    QCOMPARE(page.model()->rowCount(), kSmallRuns);
    QSignalSpy loaded(&page, &ui::ComparePage::loaded);
    page.reload(); // the page shown again, say
    QVERIFY(page.isLoading());
    page.cancelLoading();
    QVERIFY(!page.isLoading());
    QVERIFY(page.loadingText().isEmpty());
    QVERIFY(page.waitForLoaded());
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(page.model()->rowCount(), kSmallRuns);
}

// The table is built whole on the reader's thread and swapped in: what the user reads in its cells,
// what its filter keeps and which runs the banner names are what the store's runs give, computed
// here on the test's own connection.
void tst_CompareReader::theTableTheReaderBuildsShowsTheStoresFigures()
{
    ui::ComparePage page;
    page.resize(1024, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setProject(&m_large->database(), m_largeProject);
    QVERIFY(page.waitForLoaded());

    db::Database &database = m_large->database();
    const Framing framing = db::FramingRepository(database).current(m_largeProject)->value().framing;
    const QList<db::RunRecord> runs = *db::RunRepository(database).runs(m_largeProject);
    QList<services::RunMetrics> expected;
    for (const Result<services::RunMetrics> &run :
         services::computeProjectRunMetrics(database, m_largeProject, runs, framing)) {
        QVERIFY(run);
        expected << *run;
    }

    // The cells of a few runs as the view shows them (sorted, through the filter).
    using Role = ui::CompareTableModel::Role;
    using Kind = ui::CompareTableModel::ColumnKind;
    const QAbstractItemModel *shown = page.view()->model();
    QCOMPARE(shown->rowCount(), kLargeRuns);
    QCOMPARE(shown->index(0, 0).data(int(Role::RunId)).toLongLong(), runs.constLast().id); // by run, ascending
    for (const int i : {0, kLargeRuns / 2, kLargeRuns - 1}) {
        const services::RunMetrics &run = expected.at(i);
        int row = -1;
        for (int r = 0; r < shown->rowCount() && row < 0; ++r)
            if (shown->index(r, 0).data(int(Role::RunId)).toLongLong() == run.run.id)
                row = r;
        QVERIFY(row >= 0);
        int checked = 0;
        for (int c = 0; c < shown->columnCount(); ++c) {
            const QString key = shown->headerData(c, Qt::Horizontal, int(Role::Key)).toString();
            const QString text = shown->index(row, c).data().toString();
            const Kind kind = page.model()->kindOf(c);
            if (kind == Kind::Ml || kind == Kind::Business || kind == Kind::Latency) {
                QCOMPARE(text, ui::CompareTableModel::metricText(run, key));
                // Every run has every business metric; an ML metric of another target may be blank.
                if (kind == Kind::Business)
                    QVERIFY2(!text.isEmpty(), qPrintable(key));
                ++checked;
            } else if (kind == Kind::Requirement) {
                for (const business::RequirementResult &r : run.requirements)
                    if (r.stakeholder.role == key)
                        QCOMPARE(text, ui::CompareTableModel::outcomeText(r.outcome));
                ++checked;
            }
        }
        QVERIFY(checked >= framing.businessMetrics.size() + framing.stakeholders.size() + 1);
    }

    // The filter reads the fields built with the table: the runs above the lowest value of a
    // business metric the runs differ on.
    QString metric;
    double lowest = 0;
    qsizetype above = 0;
    for (const BusinessMetric &m : framing.businessMetrics) {
        std::vector<double> values;
        for (const services::RunMetrics &run : std::as_const(expected))
            values.push_back(run.values.value(m.name));
        lowest = *std::min_element(values.begin(), values.end());
        above = std::count_if(values.begin(), values.end(), [lowest](double v) { return v > lowest; });
        metric = m.name;
        if (above > 0)
            break;
    }
    QVERIFY(above > 0 && above < kLargeRuns);
    page.setFilterText(QStringLiteral("%1 > %2").arg(metric).arg(lowest, 0, 'g', 17));
    QTRY_COMPARE(shown->rowCount(), int(above));
    page.setFilterText(QString());
    QTRY_COMPARE(shown->rowCount(), kLargeRuns);

    // These runs have no validation predictions: the banner names no run, since nothing is chosen
    // on the test rows the table reports.
    QVERIFY(page.businessMetric().size() > 0);
    if (page.bannerVisible())
        QVERIFY2(!page.bannerText().contains(QLatin1Char('#')), qPrintable(page.bannerText()));
}

void tst_CompareReader::runsOfAProjectNotFramedYetCompareByTheirMlMetrics()
{
    // A user who trains before framing the problem used to find the Compare page empty: its table
    // was filled only once a framing existed, though ML metrics need none.
    auto created = db::Workspace::create(m_dir->filePath(QStringLiteral("unframed.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    db::Database &database = (*created)->database();
    mbbench::seedSyntheticRuns(database, kSmallRuns, 0, /*framed=*/false);
    const std::int64_t project = db::ProjectRepository(database).find(demoProjectName())->id;
    QVERIFY(!db::FramingRepository(database).current(project)->has_value());

    ui::ComparePage page;
    page.resize(1024, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setProject(&database, project);
    QVERIFY(page.waitForLoaded());
    QCOMPARE(page.model()->rowCount(), kSmallRuns);
    // The ML metrics are there to choose, and every run shows its test figures in the table.
    QVERIFY(!page.mlMetric().isEmpty());
    QVERIFY(page.businessMetric().isEmpty());
    for (int row = 0; row < kSmallRuns; ++row) {
        QStringList figures;
        for (int c = 0; c < page.model()->columnCount(); ++c) {
            bool isNumber = false;
            const QString key = page.model()->headerData(c, Qt::Horizontal, int(ui::CompareTableModel::Role::Key)).toString();
            const QString text = page.model()->index(row, c).data().toString();
            text.toDouble(&isNumber);
            if (key.startsWith(QLatin1String("test/")) && isNumber)
                figures << key;
        }
        QVERIFY2(figures.size() >= 3,
                 qPrintable(QStringLiteral("row %1: %2").arg(row).arg(figures.join(QLatin1Char(',')))));
    }
}

QTEST_MAIN(tst_CompareReader)
#include "tst_comparereader.moc"
