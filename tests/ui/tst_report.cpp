// SPDX-License-Identifier: GPL-3.0-or-later
// The stakeholder report of the demo, as a PDF (read back with pdftotext from poppler-utils) and as
// one HTML file: it names every run, prints every business metric as the Compare page shows it,
// each stakeholder's verdict, and the policy's weights; the HTML names no external file or URL.
#include "app/services/ReportBuilder.h"
#include "app/services/RunMetrics.h"
#include "core/evaluation/MetricDirection.h"
#include "db/EvaluationRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/report/ReportDocument.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class tst_Report : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pdfSaysWhatTheComparePageShows();
    void htmlIsOneFileThatSaysTheSame();
    void letterPaperGivesLetterPages();
    void runsAndPolicyAreThoseAsked();
    void theRunIsChosenOnTheValidationRowsNeverOnTest();

private:
    QString pdfText(const QString &path);
    // One row of the Compare table as its cells' text, by run.
    struct ShownRun {
        qint64 id;
        QString name;
        QStringList business; // in the framing's order
        QStringList outcomes; // "pass", "FAIL", "unknown", per stakeholder
    };
    QList<ShownRun> comparePageRows();

    QTemporaryDir m_dir;
    QString m_workspace;
    std::unique_ptr<db::Workspace> m_open;
    services::ReportContent m_content;
};

void tst_Report::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString problem;
    m_open = mbtest::openDemoCopy(m_dir.path(), &problem, &m_workspace);
    QVERIFY2(m_open, qPrintable(problem));
    services::ReportRequest request;
    request.projectId = db::ProjectRepository(m_open->database()).find(QStringLiteral("1"))->id;
    request.workspacePath = m_workspace;
    auto content = services::buildReportContent(m_open->database(), request);
    QVERIFY2(content, qPrintable(content ? QString() : content.error()));
    m_content = std::move(content).value();
    QCOMPARE(m_content.runs.size(), 4);
}

QString tst_Report::pdfText(const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return QStringLiteral("pdftotext failed (install poppler-utils): %1")
            .arg(QString::fromLocal8Bit(process.readAllStandardError()));
    return QString::fromUtf8(process.readAllStandardOutput());
}

QList<tst_Report::ShownRun> tst_Report::comparePageRows()
{
    ui::ComparePage page;
    page.setProject(&m_open->database(), m_content.runs.constFirst().run.projectId);
    if (!page.waitForLoaded()) // the runs are read on the page's reader thread
        qWarning("the Compare page did not load");
    const ui::CompareTableModel *model = page.model();
    QList<ShownRun> rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        ShownRun row{model->runs().at(r).run.id, model->runs().at(r).run.name, {}, {}};
        for (int c = 0; c < model->columnCount(); ++c) {
            const QString text = model->index(r, c).data().toString();
            if (model->kindOf(c) == ui::CompareTableModel::ColumnKind::Business)
                row.business << text;
            else if (model->kindOf(c) == ui::CompareTableModel::ColumnKind::Requirement)
                row.outcomes << text;
        }
        rows << row;
    }
    return rows;
}

void tst_Report::pdfSaysWhatTheComparePageShows()
{
    const QString path = m_dir.filePath(QStringLiteral("demo.pdf"));
    const Status written = ui::writeReport(m_content, path, QPageSize::A4);
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));
    const QString text = pdfText(path);
    QVERIFY2(text.contains(QLatin1String("Newsfeed ranking")), qPrintable(text.left(300)));
    QVERIFY(text.contains(QLatin1String("page 2 of")));
    QVERIFY(text.contains(QLatin1String("Contents")));

    const QList<ShownRun> rows = comparePageRows();
    QCOMPARE(rows.size(), 4);
    int passes = 0, failures = 0;
    for (const ShownRun &run : rows) {
        QVERIFY2(text.contains(QStringLiteral("#%1 %2").arg(run.id).arg(run.name).left(16)), qPrintable(run.name));
        // The business table's row: the run, then its values as the Compare page prints them.
        QStringList values;
        for (const QString &v : run.business)
            values << QRegularExpression::escape(v);
        const QRegularExpression row(QStringLiteral("^\\s*#%1 [^\\n]*\\s%2\\s*$").arg(run.id).arg(values.join(QStringLiteral("\\s+"))),
                                     QRegularExpression::MultilineOption);
        QVERIFY2(row.match(text).hasMatch(), qPrintable(QStringLiteral("run %1: %2").arg(run.id).arg(values.join(' '))));
        // The stakeholders' verdicts: the same outcomes in the same order on the run's row.
        const QRegularExpression verdicts(
            QStringLiteral("^\\s*#%1 [^\\n]*\\s%2\\s*$").arg(run.id).arg(run.outcomes.join(QStringLiteral("\\s+"))),
            QRegularExpression::MultilineOption);
        QVERIFY2(verdicts.match(text).hasMatch(), qPrintable(run.outcomes.join(' ')));
        passes += int(run.outcomes.count(QStringLiteral("pass")));
        failures += int(run.outcomes.count(QStringLiteral("FAIL")));
    }
    QCOMPARE(int(text.count(QRegularExpression(QStringLiteral("\\bFAIL\\b")))), failures);
    QVERIFY(passes > 0 && failures > 0); // the demo's runs each miss one requirement

    // The policy, with its weights, and where its numbers come from.
    const services::ReportPolicy &policy = *m_content.policy;
    QVERIFY(text.contains(QStringLiteral("Policy \"%1\"").arg(policy.record.name)));
    QVERIFY(QRegularExpression(QStringLiteral("^\\s*0\\.71\\s+0\\.29\\s+zscore\\s+100\\s*$"),
                               QRegularExpression::MultilineOption)
                .match(text)
                .hasMatch());
    QVERIFY(text.contains(QLatin1String("chosen on the validation rows")));
    // The verdict names the disagreement, in the Compare banner's words.
    QVERIFY(text.contains(QLatin1String("is not the best for the business.")));
}

void tst_Report::htmlIsOneFileThatSaysTheSame()
{
    const QString path = m_dir.filePath(QStringLiteral("demo.html"));
    const Status written = ui::writeReport(m_content, path, QPageSize::A4);
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(file.readAll());
    // Self-contained: no URL, no file beside it, plots inline.
    for (const char *outside : {"http:", "https:", "src=", "<link", "@import", "url("})
        QVERIFY2(!html.contains(QLatin1String(outside)), outside);
    QCOMPARE(int(html.count(QLatin1String("<svg"))), 5); // scatter, front, threshold, gain, sweep
    for (const ShownRun &run : comparePageRows()) {
        QString cells = QStringLiteral("<td>#%1 %2</td>").arg(run.id).arg(run.name.toHtmlEscaped());
        for (const QString &v : run.business)
            cells += QStringLiteral("<td>%1</td>").arg(v.toHtmlEscaped());
        QVERIFY2(html.contains(cells), qPrintable(cells));
    }
    QVERIFY(html.contains(QLatin1String("<td>0.71</td><td>0.29</td><td>zscore</td><td>100</td>")));
    QVERIFY(html.contains(QLatin1String("<a href=\"#section-3\">3 The verdict</a>")));
}

void tst_Report::letterPaperGivesLetterPages()
{
    const QString path = m_dir.filePath(QStringLiteral("letter.pdf"));
    QVERIFY(ui::writeReport(m_content, path, QPageSize::Letter));
    QProcess info;
    info.start(QStringLiteral("pdfinfo"), {path});
    QVERIFY(info.waitForFinished(60000));
    QVERIFY(QString::fromUtf8(info.readAllStandardOutput()).contains(QLatin1String("612 x 792 pts (letter)")));
}

void tst_Report::runsAndPolicyAreThoseAsked()
{
    services::ReportRequest request;
    request.projectId = m_content.runs.constFirst().run.projectId;
    request.runIds = {2, 1};
    request.withoutPolicy = true;
    const auto content = services::buildReportContent(m_open->database(), request);
    QVERIFY(content);
    QCOMPARE(content->runs.size(), 2);
    QCOMPARE(content->runs.at(0).run.id, 1); // by id, as the Compare table lists them
    QVERIFY(!content->policy);
    const ui::ReportDocument document(*content, QPageSize::A4);
    QVERIFY(!document.sectionTitles().join(' ').contains(QLatin1String("trade-off policy")));

    request.runIds = {99};
    const auto unknown = services::buildReportContent(m_open->database(), request);
    QVERIFY(!unknown);
    QVERIFY2(unknown.error().contains(QLatin1String("its runs: 1, 2, 3, 4")), qPrintable(unknown.error()));

    request.runIds = {};
    request.withoutPolicy = false;
    request.policyName = QStringLiteral("deleted policy");
    const auto policy = services::buildReportContent(m_open->database(), request);
    QVERIFY(!policy);
    QVERIFY2(policy.error().contains(QLatin1String("its policies: balanced feed")), qPrintable(policy.error()));
}

void tst_Report::theRunIsChosenOnTheValidationRowsNeverOnTest()
{
    const services::ReportVerdict &v = m_content.verdict;
    QVERIFY(v.chosenForBusiness);
    QVERIFY(m_content.curves);
    QCOMPARE(m_content.curves->runId, m_content.runs.at(*v.chosenForBusiness).run.id);
    // Each run's headline business value on its own validation predictions, as a user would
    // compute it: the chosen run has the best of them.
    db::Database &db = m_open->database();
    const bool maximise = evaluation::metricDirection(v.businessMetric, m_content.framing->framing) == Direction::Maximize;
    double best = maximise ? -qInf() : qInf();
    for (const services::RunMetrics &run : m_content.runs) {
        const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db).evaluationsOf(run.run.id);
        const std::optional<db::EvaluationRecord> validation = services::choosingEvaluation(evaluations, *run.evaluation);
        QVERIFY(validation);
        QCOMPARE(validation->part, QStringLiteral("validation"));
        const services::RunMetrics metrics =
            *services::computeRunMetrics(db, run.run, m_content.framing->framing, validation->id);
        for (const services::BusinessMetricOutcome &outcome : metrics.businessMetrics)
            if (outcome.name == v.businessMetric && outcome.value)
                best = maximise ? std::max(best, *outcome.value) : std::min(best, *outcome.value);
    }
    QCOMPARE(v.chosenValidationValue, best);
    const QString path = m_dir.filePath(QStringLiteral("chosen.html"));
    QVERIFY(ui::writeReport(m_content, path, QPageSize::A4));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(file.readAll());
    QVERIFY2(html.contains(QStringLiteral("Chosen for the business on the validation rows: #%1")
                               .arg(m_content.runs.at(*v.chosenForBusiness).run.id)),
             qPrintable(html.left(2000)));
}

QTEST_MAIN(tst_Report)
#include "tst_report.moc"
