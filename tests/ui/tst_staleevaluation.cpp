// SPDX-License-Identifier: GPL-3.0-or-later
// The stale-model check in the window (issue #13, item 8), driven offscreen on a copy of the demo
// workspace, whose engagement model was really trained by `metricbridge demo`: from the
// Run-evaluation view's last tab the user evaluates the model on a newer dataset version whose
// engagement labels no longer follow the features (the world changed), in the real training
// worker, and sees the new column, the decayed metrics shaded and a verdict naming ROC AUC; then
// picks that evaluation in the chooser above the tabs and sees the gain and threshold tabs follow
// it, the threshold still the one chosen on validation. A version the model cannot read is not
// offered and says why; one the worker refuses shows the worker's reason and stores nothing; a
// cancel stores nothing (issue #12, item 3: every stored evaluation reachable).
// With MB_EVALVIEW_SHOTS=<folder>, renderForReview saves the view at 1024x700, one PNG per state,
// and a copy of the workspace (stale.mbw) to take the window's screenshots of.
#include "app/services/EvaluationProcess.h"
#include "core/DemoFraming.h"
#include "core/NumberText.h"
#include "core/data/NewsfeedGenerator.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"
#include "ui/compare/EvaluationsSideBySide.h"
#include "ui/compare/RunEvaluationView.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <random>

using namespace mb;
using mb::ui::RunEvaluationView;

namespace {

constexpr std::int64_t kEngagementRun = 2; // the demo's runs, in the order `metricbridge demo` queues them
constexpr int kDeadlineMs = 60000;         // the worker loads LibTorch and predicts: generous on 2 busy cores

// Newsfeed rows with one column rewritten per row by `change(row, fields)`, or dropped.
QByteArray rewrittenNewsfeed(int rows, std::uint64_t seed, const QByteArray &column,
                             const std::function<void(int, QList<QByteArray> &, qsizetype)> &change)
{
    const QList<QByteArray> lines = data::generateNewsfeedCsv(rows, seed).split('\n');
    const qsizetype at = lines.first().split(',').indexOf(column);
    QByteArray csv;
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).isEmpty())
            continue;
        QList<QByteArray> fields = lines.at(i).split(',');
        change(i, fields, at);
        csv += fields.join(',') + '\n';
    }
    return csv;
}

// Newer posts whose clicks no longer follow the features the model learnt them from: the
// engagement labels shuffled across rows (the same share of clicks, no signal left).
QByteArray driftedNewsfeed()
{
    const QList<QByteArray> lines = data::generateNewsfeedCsv(3000, 7).split('\n');
    const qsizetype at = lines.first().split(',').indexOf("engagement");
    QList<QByteArray> labels;
    for (int i = 1; i < lines.size(); ++i)
        if (!lines.at(i).isEmpty())
            labels << lines.at(i).split(',').at(at);
    std::mt19937 random(11);
    std::shuffle(labels.begin(), labels.end(), random);
    return rewrittenNewsfeed(3000, 7, "engagement", [&labels](int row, QList<QByteArray> &fields, qsizetype column) {
        if (row > 0)
            fields[column] = labels.at(row - 1);
    });
}

QStandardItem *comboItem(QComboBox *combo, qint64 data)
{
    auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    const int index = combo->findData(data);
    return model && index >= 0 ? model->item(index) : nullptr;
}

int rowLabelled(QTableWidget *table, const QString &label)
{
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->verticalHeaderItem(r)->text() == label)
            return r;
    return -1;
}

} // namespace

class tst_StaleEvaluation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    // In this order: the first stores the evaluation the second chooses.
    void aVersionTheModelCannotReadIsNotOfferedAndSaysWhy();
    void evaluatingOnANewerVersionShowsTheDecay();
    void choosingTheNewEvaluationRedrawsGainAndThreshold();
    void aVersionTheWorkerRefusesShowsItsReasonAndStoresNothing();
    void cancellingStoresNothing();
    void renderForReview();

private:
    db::Database &db() { return m_workspace->database(); }
    qint64 importVersion(const QString &name, const QByteArray &csv);
    int storedEvaluations();
    // Picks `version` in the tab's version list and clicks Evaluate, as a user would.
    void evaluateOn(qint64 version);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace;
    std::unique_ptr<RunEvaluationView> m_view;
    Framing m_framing;
    qint64 m_drifted = 0, m_narrow = 0, m_badLabels = 0, m_large = 0;
};

qint64 tst_StaleEvaluation::importVersion(const QString &name, const QByteArray &csv)
{
    const QString file = m_dir->filePath(name);
    if (!mbtest::writeFile(file, csv))
        return -1;
    const mbtest::CommandRun imported = mbtest::runMetricbridge(
        {"dataset", "import", "--workspace", m_path, "--project", demoProjectName(), "--file", file, "--target",
         "quality,engagement", "--value-columns", "ad_value", "--ignore", "post_id", "--json"});
    if (imported.exitCode != 0)
        qWarning("%s", imported.err.constData());
    return QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("id")).toInteger(-1);
}

void tst_StaleEvaluation::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));

    m_drifted = importVersion(QStringLiteral("drifted.csv"), driftedNewsfeed());
    QVERIFY(m_drifted > 1);
    // Without a feature column of the model: the window can tell from the schema.
    m_narrow = importVersion(
        QStringLiteral("narrow.csv"),
        rewrittenNewsfeed(500, 8, "sensationalism", [](int, QList<QByteArray> &f, qsizetype at) { f.removeAt(at); }));
    QVERIFY(m_narrow > m_drifted);
    // An engagement label of 2 on one row: the schema fits, only the worker, reading the rows, refuses it.
    m_badLabels =
        importVersion(QStringLiteral("bad-labels.csv"),
                      rewrittenNewsfeed(500, 9, "engagement", [](int row, QList<QByteArray> &f, qsizetype at) {
                          if (row == 3)
                              f[at] = "2";
                      }));
    QVERIFY(m_badLabels > m_narrow);
    // Large enough that the worker is still predicting when Cancel is clicked.
    m_large = importVersion(QStringLiteral("large.csv"), data::generateNewsfeedCsv(60000, 12));
    QVERIFY(m_large > m_badLabels);

    auto opened = db::Workspace::open(m_path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error()));
    m_workspace = std::move(opened).value();
    const std::int64_t project = db::ProjectRepository(db()).find(demoProjectName())->id;
    db::FramingRepository framings(db());
    const Result<std::optional<db::FramingVersion>> current = framings.load(framings.framing(project)->id);
    QVERIFY(current && current->has_value());
    m_framing = (*current)->framing;
}

void tst_StaleEvaluation::init()
{
    m_view = std::make_unique<RunEvaluationView>();
    m_view->resize(1024, 700);
    m_view->setDatabase(&db());
    // The metricbridge under test; its worker sits beside it.
    m_view->sideBySide()->evaluationProcess()->setProgram(QStringLiteral(METRICBRIDGE_BINARY));
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
    m_view->showRun(kEngagementRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(m_view->waitForLoaded()); // read on the view's reader thread
    QVERIFY(m_view->message().isEmpty());
    m_view->showTab(QStringLiteral("evaluations"));
}

void tst_StaleEvaluation::cleanupTestCase()
{
    m_view.reset();
    m_workspace.reset();
    m_dir.reset();
}

int tst_StaleEvaluation::storedEvaluations()
{
    const Result<QList<db::EvaluationRecord>> evaluations =
        db::EvaluationRepository(db()).evaluationsOf(kEngagementRun);
    return evaluations ? int(evaluations->size()) : -1;
}

void tst_StaleEvaluation::evaluateOn(qint64 version)
{
    auto *versions = m_view->findChild<QComboBox *>(QStringLiteral("evaluateVersion"));
    auto *evaluate = m_view->findChild<QPushButton *>(QStringLiteral("evaluateOnVersion"));
    QVERIFY(versions && evaluate);
    const int index = versions->findData(version);
    QVERIFY2(index >= 0, qPrintable(QString::number(version)));
    versions->setCurrentIndex(index);
    QVERIFY2(evaluate->isEnabled(),
             qPrintable(m_view->findChild<QLabel *>(QStringLiteral("evaluateNotOffered"))->text()));
    QTest::mouseClick(evaluate, Qt::LeftButton);
}

void tst_StaleEvaluation::aVersionTheModelCannotReadIsNotOfferedAndSaysWhy()
{
    auto *versions = m_view->findChild<QComboBox *>(QStringLiteral("evaluateVersion"));
    QVERIFY(versions && versions->isVisible());
    // Listed, greyed out, the reason on hover and under the action.
    QStandardItem *narrow = comboItem(versions, m_narrow);
    QVERIFY(narrow);
    QVERIFY(!narrow->isEnabled());
    QVERIFY2(narrow->toolTip().contains(QStringLiteral("it has no column 'sensationalism', a feature of the model")),
             qPrintable(narrow->toolTip()));
    // The version the run was trained on is no check of it on new data.
    QStandardItem *own = comboItem(versions, 1);
    QVERIFY(own && !own->isEnabled());
    QVERIFY2(own->toolTip().contains(QStringLiteral("trained on it")), qPrintable(own->toolTip()));
    auto *notOffered = m_view->findChild<QLabel *>(QStringLiteral("evaluateNotOffered"));
    QVERIFY(notOffered->isVisible());
    QVERIFY2(notOffered->text().contains(QStringLiteral("#%1: it has no column 'sensationalism'").arg(m_narrow)),
             qPrintable(notOffered->text()));
    // The drifted version is offered.
    QStandardItem *drifted = comboItem(versions, m_drifted);
    QVERIFY(drifted && drifted->isEnabled());
    QVERIFY(m_view->findChild<QPushButton *>(QStringLiteral("evaluateOnVersion"))->isEnabled());
}

void tst_StaleEvaluation::evaluatingOnANewerVersionShowsTheDecay()
{
    auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("evaluationsTable"));
    QVERIFY(table);
    const int columnsBefore = table->columnCount(); // the judged test rows and the validation rows
    QCOMPARE(columnsBefore, 2);
    const int before = storedEvaluations();
    auto *verdict = m_view->findChild<QLabel *>(QStringLiteral("evaluationsVerdict"));
    QVERIFY(verdict && !verdict->isVisible()); // nothing on other data yet

    evaluateOn(m_drifted);
    // Busy while the worker runs, the window alive: Cancel is offered, Evaluate is not.
    QVERIFY(m_view->findChild<QProgressBar *>(QStringLiteral("evaluateBusy"))->isVisible());
    QVERIFY(m_view->findChild<QPushButton *>(QStringLiteral("cancelEvaluation"))->isVisible());
    QVERIFY(!m_view->findChild<QPushButton *>(QStringLiteral("evaluateOnVersion"))->isEnabled());

    QTRY_COMPARE_WITH_TIMEOUT(table->columnCount(), columnsBefore + 1, kDeadlineMs);
    QCOMPARE(storedEvaluations(), before + 1);
    QVERIFY(!m_view->findChild<QProgressBar *>(QStringLiteral("evaluateBusy"))->isVisible());
    auto *status = m_view->findChild<QLabel *>(QStringLiteral("evaluateStatus"));
    QVERIFY2(status->text().startsWith(QStringLiteral("Stored evaluation #")), qPrintable(status->text()));

    // The new column says which rows it was computed on; the judged one too.
    const QString header = table->horizontalHeaderItem(1)->text();
    QVERIFY2(header.contains(QStringLiteral("all rows of version %1").arg(m_drifted)), qPrintable(header));
    QVERIFY2(table->horizontalHeaderItem(0)->text().contains(QStringLiteral("held-out test rows of version 1")),
             qPrintable(table->horizontalHeaderItem(0)->text()));
    QVERIFY2(table->horizontalHeaderItem(1)->toolTip().contains(QStringLiteral("export predictions")),
             qPrintable(table->horizontalHeaderItem(1)->toolTip()));
    QCOMPARE(table->item(rowLabelled(table, QStringLiteral("Items")), 1)->text(), QLocale().toString(3000));

    // ROC AUC has fallen: shaded and bold, with a negative delta; the judged column is not shaded.
    const int auc = rowLabelled(table, QStringLiteral("roc_auc"));
    QVERIFY(auc >= 0);
    QTableWidgetItem *decayed = table->item(auc, 1);
    QVERIFY2(decayed->text().contains(QStringLiteral("(-")), qPrintable(decayed->text()));
    QVERIFY(decayed->font().bold());
    QVERIFY(decayed->background().style() != Qt::NoBrush);
    QVERIFY(table->item(auc, 0)->background().style() == Qt::NoBrush);
    // So have the clicks among the top 100: the model picks no better than chance now.
    const int clicks = rowLabelled(table, QStringLiteral("clicks_at_100 (clicks)"));
    QStringList labels;
    for (int r = 0; r < table->rowCount(); ++r)
        labels << table->verticalHeaderItem(r)->text();
    QVERIFY2(clicks >= 0, qPrintable(labels.join(QStringLiteral(" | "))));
    QVERIFY2(table->item(clicks, 1)->font().bold(), qPrintable(table->item(clicks, 1)->text()));

    // The verdict above the table names the version, the metric and both values.
    QVERIFY(verdict->isVisible());
    const QString sentence = verdict->text();
    QVERIFY2(sentence.startsWith(QStringLiteral("On dataset version %1 “drifted.csv”").arg(m_drifted)),
             qPrintable(sentence));
    QVERIFY2(sentence.contains(QRegularExpression(QStringLiteral("ROC AUC fell from [0-9.]+ to [0-9.]+ \\(-"))),
             qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("clicks_at_100 fell ")), qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("against the held-out test rows of version 1")), qPrintable(sentence));
    // The run is still judged by its held-out test rows.
    QCOMPARE(m_view->shownEvaluationId(), m_view->judgedEvaluationId());
}

void tst_StaleEvaluation::choosingTheNewEvaluationRedrawsGainAndThreshold()
{
    auto *chooser = m_view->findChild<QComboBox *>(QStringLiteral("evaluationChoice"));
    QVERIFY(chooser && chooser->isEnabled());
    QCOMPARE(chooser->count(), 3); // judged, the drifted version, validation
    QVERIFY2(chooser->itemText(0).contains(QStringLiteral("held-out test rows of version 1")) &&
                 chooser->itemText(0).endsWith(QStringLiteral("(judged)")),
             qPrintable(chooser->itemText(0)));
    QVERIFY2(chooser->itemText(1).contains(QStringLiteral("all rows of version %1").arg(m_drifted)),
             qPrintable(chooser->itemText(1)));
    QVERIFY2(chooser->itemData(1, Qt::ToolTipRole).toString().contains(QStringLiteral("--evaluation")),
             qPrintable(chooser->itemData(1, Qt::ToolTipRole).toString()));

    auto *gainInfo = m_view->findChild<QLabel *>(QStringLiteral("gainInfo"));
    auto *thresholdInfo = m_view->findChild<QLabel *>(QStringLiteral("thresholdInfo"));
    auto *useThreshold = m_view->findChild<QPushButton *>(QStringLiteral("useThreshold"));
    QVERIFY(gainInfo && thresholdInfo && useThreshold);
    const QString gainBefore = gainInfo->text(), thresholdBefore = thresholdInfo->text();
    const QString buttonBefore = useThreshold->text();
    const std::optional<RunEvaluationView::OperatingPoint> judgedBest = m_view->bestOperatingPoint();
    QVERIFY2(thresholdBefore.contains(QStringLiteral("On the test rows")), qPrintable(thresholdBefore));

    // The user picks the drifted version's evaluation with the keyboard.
    m_view->showTab(QStringLiteral("threshold"));
    chooser->setFocus();
    QTest::keyClick(chooser, Qt::Key_Down);
    QCOMPARE(chooser->currentIndex(), 1);
    QVERIFY(m_view->shownEvaluationId() != m_view->judgedEvaluationId());
    QVERIFY(m_view->waitForLoaded()); // its predictions are read on the view's reader thread

    // The gain curve is the other version's now: its lifts differ and it counts its 3000 items.
    QVERIFY2(gainInfo->text() != gainBefore, qPrintable(gainInfo->text()));
    QVERIFY2(m_view->plot(QStringLiteral("gain"))->xAxis->label().contains(QLocale().toString(3000)),
             qPrintable(m_view->plot(QStringLiteral("gain"))->xAxis->label()));
    // The threshold is the one chosen on validation, read on the other version, and says so.
    const QString threshold = thresholdInfo->text();
    QVERIFY2(threshold != thresholdBefore, qPrintable(threshold));
    QVERIFY2(threshold.startsWith(QStringLiteral("Threshold chosen on the validation rows")), qPrintable(threshold));
    QVERIFY2(threshold.contains(QStringLiteral("On all rows of version %1 it acts on").arg(m_drifted)),
             qPrintable(threshold));
    QVERIFY2(threshold.contains(QStringLiteral("The operating point stays tied to the judged evaluation")),
             qPrintable(threshold));
    // The operating point offered is still the judged one's.
    QCOMPARE(useThreshold->text(), buttonBefore);
    const std::optional<RunEvaluationView::OperatingPoint> best = m_view->bestOperatingPoint();
    QVERIFY(best && judgedBest);
    QCOMPARE(best->threshold, judgedBest->threshold);
    QCOMPARE(best->value, judgedBest->value);
    const QString header = m_view->findChild<QLabel *>(QStringLiteral("evaluationHeader"))->text();
    QVERIFY2(header.contains(QStringLiteral("not the evaluation the run is judged by")), qPrintable(header));

    // And back to the judged one.
    QTest::keyClick(chooser, Qt::Key_Up);
    QCOMPARE(m_view->shownEvaluationId(), m_view->judgedEvaluationId());
    QCOMPARE(gainInfo->text(), gainBefore);
    QCOMPARE(thresholdInfo->text(), thresholdBefore);
}

void tst_StaleEvaluation::aVersionTheWorkerRefusesShowsItsReasonAndStoresNothing()
{
    auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("evaluationsTable"));
    const int columns = table->columnCount();
    const int before = storedEvaluations();
    auto *status = m_view->findChild<QLabel *>(QStringLiteral("evaluateStatus"));
    evaluateOn(m_badLabels);
    QTRY_VERIFY2_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Not evaluated, nothing stored")),
                              qPrintable(status->text()), kDeadlineMs);
    QVERIFY2(status->text().contains(QStringLiteral("target 'engagement'")), qPrintable(status->text()));
    QVERIFY(status->isVisible());
    QCOMPARE(storedEvaluations(), before);
    QCOMPARE(table->columnCount(), columns);
    // The action is offered again.
    QVERIFY(!m_view->findChild<QProgressBar *>(QStringLiteral("evaluateBusy"))->isVisible());
    QVERIFY(m_view->findChild<QPushButton *>(QStringLiteral("evaluateOnVersion"))->isEnabled());
}

void tst_StaleEvaluation::cancellingStoresNothing()
{
    const int before = storedEvaluations();
    auto *status = m_view->findChild<QLabel *>(QStringLiteral("evaluateStatus"));
    evaluateOn(m_large);
    auto *cancel = m_view->findChild<QPushButton *>(QStringLiteral("cancelEvaluation"));
    QVERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Cancelled: nothing was stored."), kDeadlineMs);
    QVERIFY(!m_view->sideBySide()->isEvaluating());
    QCOMPARE(storedEvaluations(), before);
}

void tst_StaleEvaluation::renderForReview()
{
    const QString folder = qEnvironmentVariable("MB_EVALVIEW_SHOTS");
    if (folder.isEmpty())
        QSKIP("set MB_EVALVIEW_SHOTS=<folder> to save the stale-model check as PNG files");
    QDir().mkpath(folder);
    QCoreApplication::processEvents();
    QVERIFY(m_view->grab().save(QDir(folder).filePath(QStringLiteral("stale-evaluations-1024x700.png"))));
    auto *chooser = m_view->findChild<QComboBox *>(QStringLiteral("evaluationChoice"));
    m_view->showEvaluation(chooser->itemData(1).toLongLong());
    QVERIFY(m_view->waitForLoaded());
    for (const QString &key : {QStringLiteral("threshold"), QStringLiteral("gain")}) {
        m_view->showTab(key);
        QCoreApplication::processEvents();
        QVERIFY(m_view->grab().save(QDir(folder).filePath(QStringLiteral("stale-%1-1024x700.png").arg(key))));
    }
    // The workspace as the tests left it, for `metricbridge screenshot --page compare-evaluations`.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile::remove(QDir(folder).filePath(QStringLiteral("stale.mbw") + suffix));
        QFile::copy(m_path + suffix, QDir(folder).filePath(QStringLiteral("stale.mbw") + suffix));
    }
}

QTEST_MAIN(tst_StaleEvaluation)
#include "tst_staleevaluation.moc"
