// SPDX-License-Identifier: GPL-3.0-or-later
// The Compare page reads its runs on a reader thread of its own: the window's event loop keeps
// turning while a large project loads (and the page shows how far it got), the page then shows the
// numbers the store gives, a load the user has moved on from (another workspace) never shows its
// rows, and a cancelled load leaves the table as it was.
#include "app/services/RunMetrics.h"
#include "core/DemoFraming.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/SyntheticRuns.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/plots/RunScatterPlot.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <memory>

using namespace mb;

class tst_CompareReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theWindowKeepsTurningWhileALargeProjectLoads();
    void anotherWorkspaceChosenMidLoadNeverShowsTheFirstOnesRows();
    void aCancelledLoadLeavesTheTableAsItWas();

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

QTEST_MAIN(tst_CompareReader)
#include "tst_comparereader.moc"
