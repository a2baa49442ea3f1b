// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real Compare page offscreen on a copy of the demo workspace trained by `metricbridge demo`
// (quality model, engagement model, combined loss, logistic baseline). What the user sees is
// checked against what the command line reports (`runs --json`) and against values counted here
// from the exported predictions:
//  - every run's business metrics and stakeholder verdicts;
//  - a cost-matrix metric defined on the page (through the dialog's widgets) appears for every
//    run, equal to 4*tp - fp - fn counted from the run's exported items;
//  - the banner appears exactly when, on the validation rows runs are chosen on, the best run by
//    the ML metric is not the best by the business metric, and names both runs, which rows every
//    number comes from, and the same runs' test figures;
//  - the diff names framing versions as the user knows them ("main, version 1");
//  - an empty workspace opened after the demo shows none of the demo's plot ranges;
//  - a bad definition is refused with the unknown symbol named, and nothing is stored;
//  - metric filters, the Pareto front, the diff of two runs, and the exports;
//  - the business values a load computes are kept per framing version and shown again as kept,
//    equal to freshly computed ones; a new framing version is computed afresh.
#include "core/DemoFraming.h"
#include "core/NumberText.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/TestSupport.h"
#include "app/services/RunMetrics.h"
#include "db/BusinessValueRepository.h"
#include "db/FramingRepository.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/compare/MetricDefinitionDialog.h"
#include "ui/compare/RunDiffView.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/RunScatterPlot.h"
#include "ui/runs/RunsFilterModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace mb;
using mb::ui::ComparePage;
using mb::ui::CompareTableModel;

namespace {

const QString kEngagementAuc = QStringLiteral("test/engagement/roc_auc");

// Per run: business metric values and stakeholder outcomes as `runs --json` prints them.
struct CliRun {
    QString name;
    QMap<QString, double> business;
    QMap<QString, QString> outcomes; // role -> pass/fail/unknown
};

} // namespace

class tst_ComparePage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void everyRunShowsTheCommandLinesBusinessMetricsAndVerdicts();
    void aCostMatrixDefinedOnThePageAppearsForEveryRun();
    void theBannerChoosesOnTheValidationRowsNeverOnTest();
    void theDiffNamesFramingVersionsAsTheUserKnowsThemNotByRowId();
    void anEmptyWorkspaceOpenedAfterTheDemoKeepsNoneOfItsPlotRanges();
    void aBadDefinitionIsRefusedAndNothingIsStored();
    void metricComparisonsFilterTheTable();
    void paretoFrontHoldsExactlyTheUndominatedRuns();
    void diffOfTwoRunsShowsConfigAndMetricDeltas();
    void tableExportsAsCsvAndJson();
    void keptBusinessValuesEqualFreshOnesAndANewFramingIsComputedAfresh();

private:
    db::Database &db() { return m_workspace->database(); }
    // Chooses the engagement ROC AUC and `business` and checks the banner against each run's
    // figures on its validation predictions, computed here run by run: the best ROC AUC among runs
    // with the business value, the best business value of all.
    void expectBanner(const QString &business, Direction direction, bool *differ);
    // Each run's metrics on the validation evaluation its choices are made on, by run id.
    QMap<qint64, services::RunMetrics> validationFigures();
    QMap<qint64, CliRun> cliRuns();
    double cell(std::int64_t runId, const QString &metric) const; // from the page's table, NaN when empty
    int framingVersions();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    std::unique_ptr<ComparePage> m_page;
};

void tst_ComparePage::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem, &m_path);
    QVERIFY2(m_workspace, qPrintable(problem));
    m_projectId = db::ProjectRepository(db()).find(demoProjectName())->id;
}

void tst_ComparePage::init()
{
    m_page = std::make_unique<ComparePage>();
    m_page->resize(1280, 800);
    m_page->setProject(&db(), m_projectId);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QVERIFY(m_page->waitForLoaded()); // the runs are read on the page's reader thread
}

void tst_ComparePage::cleanup()
{
    m_page.reset();
}

void tst_ComparePage::cleanupTestCase()
{
    m_workspace.reset();
    m_dir.reset();
}

QMap<qint64, CliRun> tst_ComparePage::cliRuns()
{
    const mbtest::CommandRun runs =
        mbtest::runMetricbridge({QStringLiteral("runs"), QStringLiteral("--workspace"), m_path,
                                 QStringLiteral("--project"), demoProjectName(), QStringLiteral("--json")});
    if (runs.exitCode != 0)
        qWarning("runs --json failed: %s", runs.err.constData());
    QMap<qint64, CliRun> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(runs.out).array()) {
        const QJsonObject run = v.toObject();
        CliRun r;
        r.name = run.value(QStringLiteral("name")).toString();
        const QJsonObject business = run.value(QStringLiteral("business_metrics")).toObject();
        for (auto it = business.constBegin(); it != business.constEnd(); ++it)
            if (it.value().toObject().value(QStringLiteral("value")).isDouble())
                r.business.insert(it.key(), it.value().toObject().value(QStringLiteral("value")).toDouble());
        for (const QJsonValue &s : run.value(QStringLiteral("stakeholders")).toArray())
            r.outcomes.insert(s.toObject().value(QStringLiteral("role")).toString(),
                              s.toObject().value(QStringLiteral("outcome")).toString());
        out.insert(run.value(QStringLiteral("id")).toInteger(), r);
    }
    return out;
}

double tst_ComparePage::cell(std::int64_t runId, const QString &metric) const
{
    const CompareTableModel *model = m_page->model();
    const int row = model->rowOf(runId), column = model->columnOf(metric);
    if (row < 0 || column < 0)
        return std::nan("");
    // What the cell shows, at full precision: empty cells are NaN.
    if (model->index(row, column).data().toString().isEmpty())
        return std::nan("");
    return model->index(row, column).data(int(CompareTableModel::Role::Sort)).toDouble();
}

int tst_ComparePage::framingVersions()
{
    db::FramingRepository framings(db());
    return int(framings.versions(framings.framing(m_projectId)->id)->size());
}

void tst_ComparePage::everyRunShowsTheCommandLinesBusinessMetricsAndVerdicts()
{
    const QMap<qint64, CliRun> expected = cliRuns();
    QCOMPARE(expected.size(), 4);
    const CompareTableModel *model = m_page->model();
    QCOMPARE(model->rowCount(), 4);
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
        const int row = model->rowOf(it.key());
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, 0).data().toString(), QStringLiteral("#%1 %2").arg(it.key()).arg(it->name));
        for (auto m = it->business.constBegin(); m != it->business.constEnd(); ++m) {
            const int column = model->columnOf(m.key());
            QVERIFY2(column >= 0, qPrintable(m.key()));
            QCOMPARE(model->index(row, column).data().toString(), formatNumber(m.value()));
        }
        // One verdict column per stakeholder, headed by the requirement.
        for (int c = 0; c < model->columnCount(); ++c) {
            if (model->kindOf(c) != CompareTableModel::ColumnKind::Requirement)
                continue;
            const QString role = model->headerData(c, Qt::Horizontal, int(CompareTableModel::Role::Key)).toString();
            QVERIFY(it->outcomes.contains(role));
            QCOMPARE(model->index(row, c).data().toString().toLower(), it->outcomes.value(role));
        }
    }
    // The page names metrics by target, so the engagement column never holds the quality model.
    QVERIFY(model->mlMetrics().contains(kEngagementAuc));
    QVERIFY(!model->mlMetrics().contains(QStringLiteral("test/roc_auc")));
    QVERIFY(std::isnan(cell(1, kEngagementAuc)));
}

void tst_ComparePage::aCostMatrixDefinedOnThePageAppearsForEveryRun()
{
    const int versionsBefore = framingVersions();
    auto *button = m_page->findChild<QPushButton *>(QStringLiteral("defineMetricsButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    auto *dialog = m_page->findChild<ui::MetricDefinitionDialog *>();
    QVERIFY(dialog && dialog->isVisible());

    // Add a metric and fill it in as a user would: act on the posts predicted to be clicked; a
    // click earns 4, a shown post that is not clicked costs 1, a missed click costs 1.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("addMetricButton")), Qt::LeftButton);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("metricName"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("feed_value"));
    auto *unit = dialog->findChild<QLineEdit *>(QStringLiteral("metricUnit"));
    unit->selectAll();
    QTest::keyClicks(unit, QStringLiteral("$"));
    auto *selection = dialog->findChild<QComboBox *>(QStringLiteral("metricSelection"));
    const int predictedPositive = selection->findData(toKey(Selection::PredictedPositive));
    QVERIFY(predictedPositive >= 0);
    selection->setCurrentIndex(predictedPositive);
    auto *threshold = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("metricParameter"));
    threshold->setValue(0.5);
    auto *outer = dialog->findChild<QLineEdit *>(QStringLiteral("outerExpression"));
    QTest::keyClicks(outer, QStringLiteral("4*tp - 1*fp - 1*fn"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveMetricsButton")), Qt::LeftButton);
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems()));
    QCOMPARE(framingVersions(), versionsBefore + 1);
    QVERIFY(m_page->waitForLoaded());

    // A column for it, with a value for every run, recomputed without retraining.
    const CompareTableModel *model = m_page->model();
    QVERIFY(model->businessMetrics().contains(QStringLiteral("feed_value")));
    QCOMPARE(model->headerData(model->columnOf(QStringLiteral("feed_value")), Qt::Horizontal).toString(),
             QStringLiteral("feed_value ($)"));
    for (qint64 run : {1, 2, 3, 4})
        QVERIFY2(std::isfinite(cell(run, QStringLiteral("feed_value"))), qPrintable(QString::number(run)));

    // The engagement model's value, counted here from its exported items.
    const QString csv = m_dir->filePath(QStringLiteral("engagement.csv"));
    const mbtest::CommandRun exported =
        mbtest::runMetricbridge({QStringLiteral("export"), QStringLiteral("predictions"), QStringLiteral("--workspace"),
                                 m_path, QStringLiteral("--run"), QStringLiteral("2"), QStringLiteral("--out"), csv});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const QList<QByteArray> lines = mbtest::fileBytes(csv).trimmed().split('\n');
    const QList<QByteArray> header = lines.first().split(',');
    const qsizetype label = header.indexOf("label:engagement"), score = header.indexOf("score:engagement");
    QVERIFY(label >= 0 && score >= 0);
    double tp = 0, fp = 0, fn = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).split(',');
        const bool positive = f.at(label).toDouble() >= 0.5, chosen = f.at(score).toDouble() >= 0.5;
        tp += positive && chosen;
        fp += !positive && chosen;
        fn += positive && !chosen;
    }
    QCOMPARE(cell(2, QStringLiteral("feed_value")), 4 * tp - fp - fn);
}

QMap<qint64, services::RunMetrics> tst_ComparePage::validationFigures()
{
    const Framing framing = db::FramingRepository(db()).current(m_projectId)->value().framing;
    QMap<qint64, services::RunMetrics> figures;
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db()).runs(m_projectId);
    if (!runs)
        return figures;
    for (const db::RunRecord &run : *runs) {
        const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db()).evaluationsOf(run.id);
        const std::optional<db::EvaluationRecord> judged = services::judgedEvaluation(evaluations);
        if (!judged)
            continue;
        if (const std::optional<db::EvaluationRecord> choosing = services::choosingEvaluation(evaluations, *judged))
            figures.insert(run.id, *services::computeRunMetrics(db(), run, framing, choosing->id));
    }
    return figures;
}

void tst_ComparePage::expectBanner(const QString &business, Direction direction, bool *differ)
{
    m_page->setComparedMetrics(kEngagementAuc, business);
    QCOMPARE(m_page->mlMetric(), kEngagementAuc);
    QCOMPARE(m_page->businessMetric(), business);
    const QMap<qint64, services::RunMetrics> onValidation = validationFigures();
    QVERIFY(onValidation.size() >= 2); // the demo's runs keep their validation predictions
    const QString aucOnValidation = QStringLiteral("validation/engagement/roc_auc");
    const auto value = [&onValidation](qint64 run, const QString &metric) {
        return onValidation.value(run).values.value(metric, std::nan(""));
    };
    const bool maximise = direction == Direction::Maximize;
    qint64 byMl = 0, byBusiness = 0;
    for (qint64 run : {1, 2, 3, 4}) {
        const double auc = value(run, aucOnValidation), v = value(run, business);
        if (std::isfinite(auc) && std::isfinite(v) && (byMl == 0 || auc > value(byMl, aucOnValidation)))
            byMl = run;
        if (std::isfinite(v) &&
            (byBusiness == 0 || (maximise ? v > value(byBusiness, business) : v < value(byBusiness, business))))
            byBusiness = run;
    }
    *differ = byMl != byBusiness && value(byMl, business) != value(byBusiness, business);
    QCOMPARE(m_page->bannerVisible(), *differ);
    if (*differ) {
        const QString text = m_page->bannerText();
        QVERIFY2(text.contains(QStringLiteral("#%1 ").arg(byMl)) &&
                     text.contains(QStringLiteral("#%1 ").arg(byBusiness)),
                 qPrintable(text));
        // Every number says which rows it comes from: the choice on validation, then the test figures.
        QVERIFY2(text.contains(aucOnValidation) && text.contains(QStringLiteral("validation rows")) &&
                     text.contains(QStringLiteral("test rows")),
                 qPrintable(text));
        QVERIFY2(text.contains(formatNumber(std::abs(value(byBusiness, business) - value(byMl, business)))),
                 qPrintable(text));
        if (const double onTest = cell(byBusiness, kEngagementAuc); std::isfinite(onTest))
            QVERIFY2(text.contains(kEngagementAuc + QLatin1Char(' ') + formatNumber(onTest)), qPrintable(text));
    }
}

void tst_ComparePage::theBannerChoosesOnTheValidationRowsNeverOnTest()
{
    // The product's rule: no run is chosen on test predictions. The banner used to name the best
    // runs by the test rows' figures. The quality model keeps low-quality posts out of its top 100
    // and predicts no engagement at all: it is never the best by engagement ROC AUC, so the banner
    // must appear and name it.
    bool differ = false;
    expectBanner(QStringLiteral("low_quality_share"), Direction::Minimize, &differ);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(differ);
    QVERIFY(m_page->bannerText().contains(QStringLiteral("#1 quality model")));
    for (const char *business : {"clicks_at_100", "revenue_per_1000"}) {
        expectBanner(QString::fromLatin1(business), Direction::Maximize, &differ);
        if (QTest::currentTestFailed())
            return;
    }

    // The scatter shows every run that has both metrics, with Spearman's correlation.
    m_page->setComparedMetrics(kEngagementAuc, QStringLiteral("clicks_at_100"));
    QCOMPARE(m_page->scatter()->points().size(), 3);
    QVERIFY2(m_page->scatter()->caption().contains(QStringLiteral("ρ = ")), qPrintable(m_page->scatter()->caption()));
}

void tst_ComparePage::aBadDefinitionIsRefusedAndNothingIsStored()
{
    const int versionsBefore = framingVersions();
    ui::MetricDefinitionDialog *dialog = m_page->defineMetricsInteractively();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("addMetricButton")), Qt::LeftButton);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("metricName"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("typo_metric"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("outerExpression")), QStringLiteral("4*tp - fpp"));
    QVERIFY(!dialog->save());
    QVERIFY2(dialog->problems().contains(QLatin1String("fpp")), qPrintable(dialog->problems()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(framingVersions(), versionsBefore);
    QVERIFY(!m_page->model()->businessMetrics().contains(QStringLiteral("typo_metric")));
}

void tst_ComparePage::metricComparisonsFilterTheTable()
{
    m_page->setFilterText(kEngagementAuc + QStringLiteral(">0.75"));
    QList<qint64> expected;
    for (qint64 run : {1, 2, 3, 4})
        if (cell(run, kEngagementAuc) > 0.75)
            expected << run;
    QList<qint64> shown;
    for (int r = 0; r < m_page->filterModel()->rowCount(); ++r)
        shown << m_page->filterModel()->index(r, 0).data(int(CompareTableModel::Role::RunId)).toLongLong();
    std::sort(shown.begin(), shown.end());
    QCOMPARE(shown, expected);
    QVERIFY(!shown.contains(1)); // no engagement metric: a comparison never keeps a run without a value

    m_page->setFilterText(QStringLiteral("config:linear"));
    QCOMPARE(m_page->filterModel()->rowCount(), 1);
    QCOMPARE(m_page->filterModel()->index(0, 0).data(int(CompareTableModel::Role::RunId)).toLongLong(), 4);
}

void tst_ComparePage::paretoFrontHoldsExactlyTheUndominatedRuns()
{
    const QString clicks = QStringLiteral("clicks_at_100"), low = QStringLiteral("low_quality_share");
    m_page->setParetoMetrics(clicks, low);
    QList<qint64> expected; // more clicks is better, fewer low-quality posts is better
    for (qint64 a : {1, 2, 3, 4}) {
        bool dominated = false;
        for (qint64 b : {1, 2, 3, 4})
            if (b != a && cell(b, clicks) >= cell(a, clicks) && cell(b, low) <= cell(a, low) &&
                (cell(b, clicks) > cell(a, clicks) || cell(b, low) < cell(a, low)))
                dominated = true;
        if (!dominated)
            expected << a;
    }
    QList<qint64> front;
    for (std::size_t i : m_page->pareto()->front())
        front << m_page->pareto()->points().at(int(i)).runId;
    std::sort(front.begin(), front.end());
    QCOMPARE(front, expected);
    QVERIFY(front.contains(1)); // the fewest low-quality posts
    const QString png = m_dir->filePath(QStringLiteral("pareto.svg"));
    QVERIFY(m_page->pareto()->exportTo(png, 800, 500));
    QVERIFY(QFileInfo(png).size() > 1000);
}

void tst_ComparePage::diffOfTwoRunsShowsConfigAndMetricDeltas()
{
    m_page->showTab(QStringLiteral("diff"));
    m_page->selectRuns({1, 2});
    const QTableWidget *table = m_page->diff()->table();
    QMap<QString, QStringList> rows;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 1))
            rows.insert(table->item(r, 0)->text(), {table->item(r, 1)->text(), table->item(r, 2)->text(),
                                                    table->item(r, 3) ? table->item(r, 3)->text() : QString()});
    QCOMPARE(rows.value(QStringLiteral("targets[0]")),
             (QStringList{QStringLiteral("quality"), QStringLiteral("engagement"), {}}));
    QCOMPARE(rows.value(QStringLiteral("dataset version")).value(2), QStringLiteral("same"));
    const double delta = cell(2, QStringLiteral("clicks_at_100")) - cell(1, QStringLiteral("clicks_at_100"));
    QVERIFY2(rows.value(QStringLiteral("clicks_at_100")).value(2).startsWith(QLatin1Char('+') + formatNumber(delta)),
             qPrintable(rows.value(QStringLiteral("clicks_at_100")).join(QLatin1Char('|'))));
}

void tst_ComparePage::theDiffNamesFramingVersionsAsTheUserKnowsThemNotByRowId()
{
    // The diff showed a run's framing version as its row id ("#1"), a number the Framing page's
    // history never shows; `runs diff` names it "main, version 1".
    m_page->showTab(QStringLiteral("diff"));
    m_page->selectRuns({1, 2});
    const QHash<std::int64_t, db::FramingVersionName> names = *db::FramingRepository(db()).versionNames(m_projectId);
    db::RunRepository runs(db());
    const std::optional<std::int64_t> first = runs.run(1)->framingVersionId, second = runs.run(2)->framingVersionId;
    QVERIFY(first && second && names.contains(*first) && names.contains(*second));
    const QTableWidget *table = m_page->diff()->table();
    int row = -1;
    for (int r = 0; r < table->rowCount() && row < 0; ++r)
        if (table->item(r, 0) && table->item(r, 0)->text() == QLatin1String("framing version"))
            row = r;
    QVERIFY(row >= 0);
    QCOMPARE(table->item(row, 1)->text(), names.value(*first).label());
    QCOMPARE(table->item(row, 2)->text(), names.value(*second).label());
    QVERIFY(table->item(row, 1)->text().startsWith(QStringLiteral("main, version ")));
}

void tst_ComparePage::anEmptyWorkspaceOpenedAfterTheDemoKeepsNoneOfItsPlotRanges()
{
    // Opening an empty workspace after the demo left the empty scatter on the demo's y range
    // (40 to 90): numbers of another workspace, read as this one's scale. Its plots show their
    // message alone, on a fresh plot's ranges.
    const ui::RunScatterPlot fresh;
    m_page->setParetoMetrics(QStringLiteral("clicks_at_100"), QStringLiteral("revenue_per_1000"));
    for (const ui::RunScatterPlot *plot : {m_page->scatter(), m_page->pareto()}) {
        QVERIFY(!plot->points().isEmpty());
        QVERIFY(plot->plot()->yAxis->visible());
        QVERIFY(plot->plot()->yAxis->range() != fresh.plot()->yAxis->range());
    }
    auto empty = db::Workspace::create(m_dir->filePath(QStringLiteral("empty.mbw")));
    QVERIFY2(empty.ok(), qPrintable(empty.ok() ? QString() : empty.error()));
    const std::int64_t project = db::ProjectRepository((*empty)->database()).create(QStringLiteral("Empty"))->id;
    m_page->setProject(&(*empty)->database(), project);
    QVERIFY(m_page->waitForLoaded());
    for (const ui::RunScatterPlot *plot : {m_page->scatter(), m_page->pareto()}) {
        QVERIFY(plot->points().isEmpty());
        for (const QCPAxis *axis : {plot->plot()->xAxis, plot->plot()->yAxis}) {
            QVERIFY2(!axis->visible(), qPrintable(plot->objectName()));
            QVERIFY(!axis->grid()->visible());
        }
        QCOMPARE(plot->plot()->xAxis->range().lower, fresh.plot()->xAxis->range().lower);
        QCOMPARE(plot->plot()->xAxis->range().upper, fresh.plot()->xAxis->range().upper);
        QCOMPARE(plot->plot()->yAxis->range().lower, fresh.plot()->yAxis->range().lower);
        QCOMPARE(plot->plot()->yAxis->range().upper, fresh.plot()->yAxis->range().upper);
        // The message says why there is nothing to draw.
        QVERIFY(plot->plot()->itemCount() == 1);
        QVERIFY(!qobject_cast<QCPItemText *>(plot->plot()->item(0))->text().isEmpty());
    }
    m_page->setProject(nullptr, 0); // before the empty workspace closes
}

void tst_ComparePage::tableExportsAsCsvAndJson()
{
    const QString csv = m_dir->filePath(QStringLiteral("comparison.csv"));
    QVERIFY(m_page->exportTable(csv));
    const QList<QByteArray> lines = mbtest::fileBytes(csv).trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    const QList<QByteArray> header = lines.first().split(',');
    QCOMPARE(header.mid(0, 3), (QList<QByteArray>{"run", "name", "Status"}));
    const qsizetype clicks = header.indexOf("clicks_at_100 (clicks)");
    QVERIFY(clicks > 0);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).split(',');
        QCOMPARE(f.at(clicks).toDouble(), cell(f.at(0).toLongLong(), QStringLiteral("clicks_at_100")));
    }

    const QString json = m_dir->filePath(QStringLiteral("comparison.json"));
    QVERIFY(m_page->exportTable(json));
    const QJsonObject doc = QJsonDocument::fromJson(mbtest::fileBytes(json)).object();
    QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("metricbridge.comparison"));
    const QJsonArray runs = doc.value(QStringLiteral("runs")).toArray();
    QCOMPARE(runs.size(), 4);
    for (const QJsonValue &v : runs) {
        const QJsonObject run = v.toObject();
        QCOMPARE(run.value(QStringLiteral("business_metrics"))
                     .toObject()
                     .value(QStringLiteral("low_quality_share"))
                     .toDouble(),
                 cell(run.value(QStringLiteral("run")).toInteger(), QStringLiteral("low_quality_share")));
        QCOMPARE(run.value(QStringLiteral("stakeholders")).toArray().size(), 3);
    }
    QVERIFY(!m_page->exportTable(m_dir->filePath(QStringLiteral("comparison.xlsx"))));
}

void tst_ComparePage::keptBusinessValuesEqualFreshOnesAndANewFramingIsComputedAfresh()
{
    // The load in init() kept every evaluated run's values under the current framing version, on
    // its judged evaluation and on the validation one the banner chooses on.
    const db::FramingVersion current = db::FramingRepository(db()).current(m_projectId)->value();
    int evaluated = 0;
    for (const services::RunMetrics &run : m_page->model()->runs())
        evaluated += run.evaluation.has_value();
    QVERIFY(evaluated >= 3);
    evaluated += int(validationFigures().size());
    const auto kept = *db::BusinessValueRepository(db()).valuesOf(current.info.id);
    QCOMPARE(kept.size(), evaluated);
    for (const QList<db::StoredBusinessValue> &values : kept)
        QCOMPARE(values.size(), current.framing.businessMetrics.size());

    // A page opened again shows the kept values: the same as computed from the predictions now.
    const auto expectFresh = [this](const ComparePage &page, const Framing &framing) {
        for (const services::RunMetrics &shown : page.model()->runs()) {
            const Result<services::RunMetrics> fresh = services::computeRunMetrics(db(), shown.run, framing);
            QVERIFY(fresh);
            QCOMPARE(shown.businessMetrics.size(), fresh->businessMetrics.size());
            for (qsizetype i = 0; i < fresh->businessMetrics.size(); ++i) {
                const services::BusinessMetricOutcome &a = shown.businessMetrics.at(i), &b = fresh->businessMetrics.at(i);
                QCOMPARE(a.name, b.name);
                QCOMPARE(a.value.has_value(), b.value.has_value());
                if (a.value && !(std::isnan(*a.value) && std::isnan(*b.value)))
                    QCOMPARE(*a.value, *b.value);
                QCOMPARE(a.selected, b.selected);
                QCOMPARE(a.error, b.error);
            }
            QCOMPARE(shown.requirements.size(), fresh->requirements.size());
        }
    };
    {
        ComparePage again;
        again.setProject(&db(), m_projectId);
        QVERIFY(again.waitForLoaded());
        QCOMPARE(again.model()->rowCount(), m_page->model()->rowCount());
        expectFresh(again, current.framing);
        if (QTest::currentTestFailed())
            return;
    }

    // A new framing version (the budget of clicks_at_100 halved) is computed from the predictions.
    Framing changed = current.framing;
    BusinessMetric *clicks = nullptr;
    for (BusinessMetric &m : changed.businessMetrics)
        if (m.name == QLatin1String("clicks_at_100"))
            clicks = &m;
    QVERIFY(clicks);
    clicks->selectionParameter = 50;
    const Result<db::SaveOutcome> saved =
        db::FramingRepository(db()).save(current.info.framingId, changed, QStringLiteral("budget 50"));
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error()));
    const QMap<qint64, double> before = [this] {
        QMap<qint64, double> values;
        for (const services::RunMetrics &run : m_page->model()->runs())
            values.insert(run.run.id, run.values.value(QStringLiteral("clicks_at_100"), std::nan("")));
        return values;
    }();
    m_page->reload();
    QVERIFY(m_page->waitForLoaded());
    expectFresh(*m_page, changed);
    if (QTest::currentTestFailed())
        return;
    int differ = 0;
    for (const services::RunMetrics &run : m_page->model()->runs())
        differ += run.values.contains(QStringLiteral("clicks_at_100")) &&
                  run.values.value(QStringLiteral("clicks_at_100")) != before.value(run.run.id);
    QVERIFY(differ > 0);
    QCOMPARE(db::BusinessValueRepository(db()).valuesOf(saved->version.id)->size(), evaluated);
    // The old version's values are kept as they were: going back to it needs no computing.
    QCOMPARE(db::BusinessValueRepository(db()).valuesOf(current.info.id)->size(), evaluated);
}

QTEST_MAIN(tst_ComparePage)
#include "tst_comparepage.moc"
