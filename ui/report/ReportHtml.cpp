// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/report/ReportHtml.h"

#include "core/NumberText.h"
#include "core/TrainingConfig.h"
#include "core/business/MetricWords.h"
#include "core/business/RunComparison.h"
#include "core/data/Split.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/shell/Theme.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>
#include <QObject>

#include <cmath>

namespace mb::ui {
namespace {

using services::ReportContent;
using services::RunMetrics;

// Columns per table: more do not fit a portrait A4 page at a readable size, so wide tables are
// cut into several, each repeating the run column.
constexpr int kColumnsPerTable = 5;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString paragraph(const QString &text)
{
    return QStringLiteral("<p>%1</p>\n").arg(esc(text));
}

QString count(std::int64_t n)
{
    return QLocale().toString(qlonglong(n));
}

QString runText(const RunMetrics &run)
{
    return QStringLiteral("#%1 %2").arg(run.run.id).arg(run.run.name);
}

// A table with a header row (repeated on every page it spans), `rows` already escaped HTML cells.
QString table(const QStringList &header, const QList<QStringList> &rows)
{
    QString html = QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                                  "width=\"100%\"><thead><tr>");
    for (const QString &h : header)
        html += QStringLiteral("<th bgcolor=\"#e8eaed\" align=\"left\">%1</th>").arg(esc(h));
    html += QStringLiteral("</tr></thead><tbody>\n");
    for (const QStringList &row : rows) {
        html += QStringLiteral("<tr>");
        for (const QString &cell : row)
            html += QStringLiteral("<td>%1</td>").arg(cell);
        html += QStringLiteral("</tr>\n");
    }
    return html + QStringLiteral("</tbody></table>\n");
}

QString coloured(const QString &text, const QColor &colour, bool bold = false)
{
    return QStringLiteral("<span style=\"color:%1;%2\">%3</span>")
        .arg(colour.name(), bold ? QStringLiteral("font-weight:bold;") : QString(), esc(text));
}

// A metric's columns cut into tables of kColumnsPerTable, each headed by the run.
QString chunkedRunTable(const QList<RunMetrics> &runs, const QStringList &columns, const QStringList &headers,
                        const std::function<QString(const RunMetrics &, int column)> &cell)
{
    QString html;
    for (int start = 0; start < columns.size(); start += kColumnsPerTable) {
        const int end = std::min<int>(int(columns.size()), start + kColumnsPerTable);
        QStringList header{QObject::tr("Run")};
        for (int c = start; c < end; ++c)
            header << headers.at(c);
        QList<QStringList> rows;
        for (const RunMetrics &run : runs) {
            QStringList row{esc(runText(run))};
            for (int c = start; c < end; ++c)
                row << cell(run, c);
            rows << row;
        }
        html += table(header, rows);
        html += QStringLiteral("<p></p>");
    }
    return html;
}

struct Section {
    QString title;
    QString html;
};

QString framingSection(const ReportContent &c)
{
    const services::ReportFraming &f = *c.framing;
    const Framing &framing = f.framing;
    QString html;
    if (!framing.businessGoal.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>\n").arg(esc(QObject::tr("Business goal.")), esc(framing.businessGoal));
    QList<QStringList> facts;
    facts << QStringList{esc(QObject::tr("Framing")),
                         esc(QObject::tr("%1, version %2, saved %3").arg(f.name).arg(f.version).arg(f.savedAt))};
    facts << QStringList{esc(QObject::tr("Task")), esc(toKey(framing.taskType))};
    facts << QStringList{esc(QObject::tr("Targets")), esc(framing.targetColumns.join(QStringLiteral(", ")))};
    if (!framing.valueColumns.isEmpty())
        facts << QStringList{esc(QObject::tr("Value columns")), esc(framing.valueColumns.join(QStringLiteral(", ")))};
    QStringList objectives;
    for (const Objective &o : framing.objectives)
        objectives << QStringLiteral("%1 (%2 loss)").arg(o.name, toKey(o.loss));
    if (!objectives.isEmpty()) {
        QString text = objectives.join(QStringLiteral(", "));
        if (framing.objectives.size() > 1)
            text += framing.approach == Approach::CombinedLoss
                        ? QObject::tr("; one model on α·L1 + β·L2 with α = %1, β = %2")
                              .arg(formatNumber(framing.alpha), formatNumber(framing.beta))
                        : QObject::tr("; one model per objective, scores combined at ranking time");
        facts << QStringList{esc(QObject::tr("Objectives")), esc(text)};
    }
    if (framing.reframing != Reframing::None)
        facts << QStringList{esc(QObject::tr("Reframing")), esc(toKey(framing.reframing))};
    html += table({QObject::tr("What"), QObject::tr("Framed as")}, facts);

    if (!framing.businessMetrics.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("Business metrics")));
        QList<QStringList> rows;
        for (const BusinessMetric &m : framing.businessMetrics)
            rows << QStringList{QStringLiteral("<b>%1</b>").arg(esc(m.name)), esc(m.unit),
                                esc(m.direction == Direction::Maximize ? QObject::tr("higher") : QObject::tr("lower")),
                                esc(m.description) + QStringLiteral("<br/><i>") + esc(business::formulaInWords(m)) +
                                    QStringLiteral("</i>")};
        html += table({QObject::tr("Metric"), QObject::tr("Unit"), QObject::tr("Better"), QObject::tr("Meaning and formula")},
                      rows);
    }
    if (!framing.stakeholders.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("Stakeholders and their requirements")));
        QList<QStringList> rows;
        for (const Stakeholder &s : framing.stakeholders)
            rows << QStringList{QStringLiteral("<b>%1</b>").arg(esc(s.role)), esc(s.caresAbout),
                                esc(QStringLiteral("%1 %2 %3")
                                        .arg(s.requirementMetric, toKey(s.comparator), formatNumber(s.requirementValue))),
                                esc(s.note)};
        html += table({QObject::tr("Stakeholder"), QObject::tr("Cares about"), QObject::tr("Requirement"),
                       QObject::tr("Note")},
                      rows);
    }
    if (!framing.constraints.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>\n<ul>").arg(esc(QObject::tr("Constraints")));
        for (const QString &constraint : framing.constraints)
            html += QStringLiteral("<li>%1</li>").arg(esc(constraint));
        html += QStringLiteral("</ul>\n");
    }
    return html;
}

QString dataSection(const ReportContent &c)
{
    QString html;
    for (const services::ReportDataset &d : c.datasets) {
        QStringList runs;
        for (std::int64_t id : d.runIds)
            runs << QStringLiteral("#%1").arg(id);
        html += QStringLiteral("<h3>%1</h3>\n")
                    .arg(esc(QObject::tr("Dataset version #%1: %2").arg(d.version.id).arg(d.version.name)));
        html += paragraph(QObject::tr("%1 rows from %2 (%3), imported %4; SHA-256 %5. Used by %6.")
                              .arg(count(d.version.rowCount), d.version.sourceName, d.version.sourceKind,
                                   d.version.createdAt, d.version.sha256, runs.join(QStringLiteral(", "))));
        if (d.split) {
            const data::SplitCounts &n = d.split->counts;
            html += table({QObject::tr("Split #%1").arg(d.split->id), QObject::tr("Training rows"),
                           QObject::tr("Validation rows"), QObject::tr("Test rows")},
                          {{esc(d.split->spec.describe()), count(n.train), count(n.validation), count(n.test)}});
            html += paragraph(QObject::tr("Models and thresholds are chosen on the validation rows; every number "
                                          "marked \"test\" comes from the held-out test rows."));
        }
        for (const data::ClassBalance &balance : d.profile.classBalance) {
            std::int64_t total = 0;
            for (std::int64_t n : balance.counts)
                total += n;
            QList<QStringList> rows;
            for (std::size_t i = 0; i < balance.counts.size(); ++i)
                rows << QStringList{esc(balance.classes.value(qsizetype(i))), count(balance.counts[i]),
                                    esc(formatPercent(total > 0 ? double(balance.counts[i]) / double(total) : 0.0))};
            html += QStringLiteral("<p><b>%1</b></p>\n").arg(esc(QObject::tr("Class balance of %1 (all rows)").arg(balance.target)));
            html += table({QObject::tr("Class"), QObject::tr("Rows"), QObject::tr("Share")}, rows);
        }
        std::vector<data::DataWarning> warnings = d.profile.warnings;
        if (d.split)
            warnings.insert(warnings.end(), d.split->warnings.begin(), d.split->warnings.end());
        if (!warnings.empty()) {
            html += QStringLiteral("<p><b>%1</b></p>\n<ul>").arg(esc(QObject::tr("Data warnings")));
            for (const data::DataWarning &w : warnings)
                html += QStringLiteral("<li>%1</li>").arg(coloured(w.message, warningTextColor(false)));
            html += QStringLiteral("</ul>\n");
        }
    }
    return html;
}

QString verdictSection(const ReportContent &c)
{
    const services::ReportVerdict &v = c.verdict;
    const Framing &framing = c.framing->framing;
    QString html;
    const auto valueOf = [&c, &framing](int run, const QString &metric) {
        return formatWithUnit(c.runs.at(run).values.value(metric), business::metricUnit(metric, framing));
    };
    if (v.chosenForBusiness)
        html += QStringLiteral("<p><b>%1</b></p>\n")
                    .arg(esc(QObject::tr("Chosen for the business on the validation rows: %1, with %2 = %3 there, "
                                         "and %4 on the test rows.")
                                 .arg(runText(c.runs.at(*v.chosenForBusiness)), v.businessMetric,
                                      formatWithUnit(v.chosenValidationValue,
                                                     business::metricUnit(v.businessMetric, framing)),
                                      valueOf(*v.chosenForBusiness, v.businessMetric))));
    else if (!v.businessMetric.isEmpty())
        html += paragraph(QObject::tr("No run is chosen for the business: no run has stored validation predictions, "
                                      "and a run chosen on the test rows would overstate what it does there. The "
                                      "test rows' figures below report; they do not choose."));
    if (v.bestByBusiness)
        html += paragraph(QObject::tr("Best by %1 on the test rows, which report and never choose: %2, with %3.")
                              .arg(v.businessMetric, runText(c.runs.at(*v.bestByBusiness)),
                                   valueOf(*v.bestByBusiness, v.businessMetric)));
    if (v.bestByMl)
        html += paragraph(QObject::tr("Best by the headline ML metric: %1, with %2 = %3 on the test rows.")
                              .arg(runText(c.runs.at(*v.bestByMl)), v.mlMetric, valueOf(*v.bestByMl, v.mlMetric)));
    if (!v.disagreementHeadline.isEmpty())
        html += QStringLiteral("<table border=\"0\" cellpadding=\"8\" width=\"100%\"><tr><td bgcolor=\"#fdecc8\">"
                               "<b>%1</b> %2</td></tr></table>\n")
                    .arg(esc(v.disagreementHeadline), esc(v.disagreementDetail));
    else if (v.bestByMl && v.bestByBusiness)
        html += paragraph(QObject::tr("The best run by %1 is also the best for the business by %2.")
                              .arg(v.mlMetric, v.businessMetric));
    if (v.bestByEachMetric.size() > 1) {
        QList<QStringList> rows;
        for (const auto &[metric, best] : v.bestByEachMetric)
            rows << QStringList{esc(business::metricLabel(metric, framing)),
                                best ? esc(runText(c.runs.at(*best))) : esc(QObject::tr("no run has a value")),
                                best ? esc(valueOf(*best, metric)) : QString()};
        html += QStringLiteral("<p><b>%1</b></p>\n").arg(esc(QObject::tr("The best run by each business metric (test rows)")));
        html += table({QObject::tr("Business metric"), QObject::tr("Best run"), QObject::tr("Value")}, rows);
    }
    if (!c.framing->framing.stakeholders.isEmpty()) {
        QList<QStringList> rows;
        for (const RunMetrics &run : c.runs) {
            int passed = 0;
            for (const business::RequirementResult &r : run.requirements)
                passed += r.outcome == business::RequirementOutcome::Pass;
            const bool all = passed == run.requirements.size() && passed > 0;
            rows << QStringList{esc(runText(run)),
                                coloured(QObject::tr("%1 of %2").arg(passed).arg(run.requirements.size()),
                                         all ? okTextColor(false) : errorTextColor(false), true)};
        }
        html += QStringLiteral("<p><b>%1</b></p>\n").arg(esc(QObject::tr("Stakeholder requirements met (test rows)")));
        html += table({QObject::tr("Run"), QObject::tr("Requirements met")}, rows);
    }
    return html;
}

QString runsSection(const ReportContent &c)
{
    const Framing &framing = c.framing ? c.framing->framing : Framing{};
    QString html = paragraph(QObject::tr("Every number below is measured on each run's held-out test rows; latency is "
                                         "for one item at a time, in milliseconds."));
    QList<QStringList> statusRows;
    for (const RunMetrics &run : c.runs)
        statusRows << QStringList{esc(runText(run)), esc(RunsTableModel::statusText(run.run.status)),
                                  esc(trainingConfigSummary(run.run.config))};
    html += table({QObject::tr("Run"), QObject::tr("Status"), QObject::tr("Model")}, statusRows);
    html += QStringLiteral("<p></p>");

    QStringList business, businessHeaders;
    for (const BusinessMetric &m : framing.businessMetrics) {
        business << m.name;
        businessHeaders << business::metricLabel(m.name, framing) + QObject::tr(", test");
    }
    if (!business.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("Business metrics")));
        html += chunkedRunTable(c.runs, business, businessHeaders, [&business](const RunMetrics &run, int column) {
            return esc(CompareTableModel::metricText(run, business.at(column)));
        });
    }
    if (!framing.stakeholders.isEmpty()) {
        QStringList keys, headers;
        for (const Stakeholder &s : framing.stakeholders) {
            keys << s.role;
            headers << QStringLiteral("%1: %2 %3 %4")
                           .arg(s.role, s.requirementMetric, toKey(s.comparator), formatNumber(s.requirementValue));
        }
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("Stakeholders' verdicts")));
        html += chunkedRunTable(c.runs, keys, headers, [](const RunMetrics &run, int column) {
            if (column >= run.requirements.size())
                return QString();
            const business::RequirementOutcome outcome = run.requirements.at(column).outcome;
            const QString text = CompareTableModel::outcomeText(outcome);
            return outcome == business::RequirementOutcome::Pass   ? coloured(text, okTextColor(false), true)
                   : outcome == business::RequirementOutcome::Fail ? coloured(text, errorTextColor(false), true)
                                                                   : esc(text);
        });
    }
    const QStringList ml = c.mlMetrics + c.latencyMetrics;
    if (!ml.isEmpty()) {
        // The part is said once in the heading, so the columns fit: "engagement/roc_auc".
        QStringList headers;
        for (const QString &name : ml) {
            QString header = name.startsWith(QLatin1String("test/")) ? name.mid(5) : name;
            headers << header.replace(QLatin1Char('/'), QStringLiteral("/ "));
        }
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("ML metrics (test rows) and latency (ms)")));
        html += chunkedRunTable(c.runs, ml, headers, [&ml](const RunMetrics &run, int column) {
            return esc(CompareTableModel::metricText(run, ml.at(column)));
        });
    }
    return html;
}

QString plotsSection(const ReportContent &c, const ReportHtmlOptions &o)
{
    QString html;
    if (c.scatter) {
        html += QStringLiteral("<h3>%1</h3>\n")
                    .arg(esc(QObject::tr("%1 against %2, one point per run (test rows)")
                                 .arg(c.scatter->yLabel, c.scatter->xMetric)));
        html += QStringLiteral("<p align=\"center\">%1</p>\n").arg(o.figure({QStringLiteral("scatter"), 640, 360}));
        html += paragraph(c.scatter->caption);
    }
    if (c.pareto) {
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("The Pareto front of runs (test rows)")));
        html += QStringLiteral("<p align=\"center\">%1</p>\n").arg(o.figure({QStringLiteral("pareto"), 640, 360}));
        html += paragraph(c.pareto->caption);
    }
    return html;
}

QString curvesSection(const ReportContent &c, const ReportHtmlOptions &o)
{
    const services::ReportRunCurves &k = *c.curves;
    QString html = paragraph(QObject::tr("Run #%1 %2, chosen for the business by %3 on the validation rows.")
                                 .arg(k.runId)
                                 .arg(k.runName, k.metric.name));
    html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("%1 against the decision threshold").arg(k.metric.name)));
    if (k.testCurve) {
        html += QStringLiteral("<p align=\"center\">%1</p>\n").arg(o.figure({QStringLiteral("threshold"), 640, 340}));
        if (k.threshold && k.threshold->validation.hasBest) {
            const business::ValidatedThreshold &t = *k.threshold;
            QString text = QObject::tr("The threshold is chosen on the validation rows (%1 items), never on the test "
                                       "rows: %2 is best there at t = %3 (%4 on validation).")
                               .arg(count(qint64(k.validationItems)), k.metric.name, formatThreshold(t.threshold),
                                    formatWithUnit(t.validationValue, k.metric.unit));
            if (t.test)
                text += QObject::tr(" On the %1 test rows it acts on %2 items, for %3.")
                            .arg(count(qint64(k.testItems)), count(qint64(t.test->selected)),
                                 formatWithUnit(t.test->value, k.metric.unit));
            else
                text += QObject::tr(" On the %1 test rows %2 is undefined at that threshold (it selects no item).")
                            .arg(count(qint64(k.testItems)), k.metric.name);
            html += QStringLiteral("<p><b>%1</b></p>\n").arg(esc(text));
        }
        if (!k.thresholdNote.isEmpty())
            html += paragraph(k.thresholdNote);
    } else {
        html += paragraph(k.thresholdNote);
    }
    html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("Gain of a budget (test rows)")));
    if (k.gain) {
        html += QStringLiteral("<p align=\"center\">%1</p>\n").arg(o.figure({QStringLiteral("gain"), 640, 340}));
        QStringList lifts;
        for (double fraction : {0.01, 0.05, 0.1, 0.2, 0.5})
            for (const business::GainPoint &p : k.gain->points)
                if (p.fraction >= fraction - 1e-9) {
                    lifts << QObject::tr("top %1: %2 of Σ %3, lift %4×")
                                 .arg(formatPercent(fraction), formatPercent(p.gain), k.gainExpression,
                                      formatNumber(p.lift));
                    break;
                }
        html += paragraph(QObject::tr("Items ranked by the run's score, highest first; the curve adds up %1 over the "
                                      "items acted on. %2.")
                              .arg(k.gainExpression, lifts.join(QStringLiteral("; "))));
    } else {
        html += paragraph(k.gainNote);
    }
    return html;
}

QString policySection(const ReportContent &c, const ReportHtmlOptions &o)
{
    const services::ReportPolicy &p = *c.policy;
    const PolicySettings &s = p.record.settings;
    QString html = paragraph(QObject::tr("Policy \"%1\", version %2, saved %3. Items are ranked by α·a + β·b, where a is "
                                         "run #%4 %5's score and b is run #%6 %7's.")
                                 .arg(p.record.name)
                                 .arg(p.record.version)
                                 .arg(p.record.createdAt)
                                 .arg(s.runA)
                                 .arg(p.runAName)
                                 .arg(s.runB)
                                 .arg(p.runBName));
    html += table({QObject::tr("α (alpha)"), QObject::tr("β (beta)"), QObject::tr("Normalisation"), QObject::tr("k (budget)")},
                  {{esc(formatNumber(s.alpha)), esc(formatNumber(s.beta)), esc(s.normalisation), count(s.k)}});
    if (!p.record.metrics.isEmpty()) {
        const Framing framing = c.framing ? c.framing->framing : Framing{};
        QList<QStringList> rows;
        for (auto it = p.record.metrics.constBegin(); it != p.record.metrics.constEnd(); ++it)
            rows << QStringList{esc(business::metricLabel(it.key(), framing)), esc(formatNumber(it.value()))};
        html += QStringLiteral("<p><b>%1</b></p>\n")
                    .arg(esc(QObject::tr("Its business metrics on the test rows, top %1 (the weights were chosen on the "
                                         "validation rows)")
                                 .arg(count(s.k))));
        html += table({QObject::tr("Business metric"), QObject::tr("Value, test")}, rows);
    }
    if (!p.record.note.isEmpty())
        html += QStringLiteral("<p><i>%1</i></p>\n").arg(esc(p.record.note));
    if (p.sweep) {
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("The sweep of weightings (test rows)")));
        html += QStringLiteral("<p align=\"center\">%1</p>\n").arg(o.figure({QStringLiteral("sweep"), 640, 360}));
        QString text = QObject::tr("Each point ranks the test items by α·a + β·b for α = 0, 0.01, …, 1 (β = 1 − α), %1 "
                                   "scores, top %2; the front joins the weightings no other beats on both %3 and %4. The "
                                   "ring is the policy.")
                           .arg(s.normalisation, count(s.k), p.sweep->xMetric, p.sweep->yMetric);
        if (p.approachOneRun)
            text += QObject::tr(" The diamond is run #%1 %2, one model trained on α = %3, β = %4 (Approach 1): %5 = %6, "
                                "%7 = %8.")
                        .arg(*p.approachOneRun)
                        .arg(p.approachOneName, formatNumber(p.approachOneAlpha), formatNumber(p.approachOneBeta),
                             p.sweep->xMetric, formatNumber(p.approachOneX), p.sweep->yMetric,
                             formatNumber(p.approachOneY));
        html += paragraph(text);
    } else if (!p.sweepNote.isEmpty()) {
        html += paragraph(QObject::tr("No sweep: %1").arg(p.sweepNote));
    }
    return html;
}

QString appendixSection(const ReportContent &c)
{
    QString html = paragraph(QObject::tr("What each run was trained on and with, so its numbers can be reproduced. Built "
                                         "by MetricBridge %1 (commit %2).")
                                 .arg(c.appVersion, c.buildCommit));
    for (int i = 0; i < c.runs.size(); ++i) {
        const RunMetrics &run = c.runs.at(i);
        const services::ReportProvenance &p = c.provenance.value(i);
        html += QStringLiteral("<h3>%1</h3>\n").arg(esc(runText(run)));
        QList<QStringList> rows;
        const auto add = [&rows](const QString &what, const QString &value) {
            if (!value.isEmpty())
                rows << QStringList{esc(what), esc(value)};
        };
        add(QObject::tr("Framing"), p.framingVersion);
        add(QObject::tr("Dataset version"), p.datasetVersion);
        add(QObject::tr("Split"), p.split);
        add(QObject::tr("Judged by"), p.evaluation);
        add(QObject::tr("Seed, threads"), QStringLiteral("%1, %2").arg(run.run.seed).arg(run.run.threads));
        add(QObject::tr("Build"), QObject::tr("MetricBridge %1, commit %2, LibTorch %3")
                                      .arg(run.run.appVersion, run.run.buildCommit, run.run.libtorchVersion));
        add(QObject::tr("Config SHA-256"), run.run.configSha256);
        add(QObject::tr("Trained"), QStringLiteral("%1 – %2 on %3").arg(run.run.startedAt, run.run.finishedAt, run.run.host));
        html += table({QObject::tr("What"), QObject::tr("Value")}, rows);
        html += QStringLiteral("<pre style=\"font-size:7pt\">%1</pre>\n")
                    .arg(esc(QString::fromUtf8(QJsonDocument(run.run.config).toJson(QJsonDocument::Indented))));
    }
    return html;
}

QList<Section> sections(const ReportContent &c, const ReportHtmlOptions &o)
{
    QList<Section> list;
    if (c.framing)
        list.append({QObject::tr("The problem and its framing"), framingSection(c)});
    if (!c.datasets.isEmpty())
        list.append({QObject::tr("The data"), dataSection(c)});
    if (c.framing && (c.verdict.bestByBusiness || c.verdict.bestByMl))
        list.append({QObject::tr("The verdict"), verdictSection(c)});
    list.append({QObject::tr("The runs"), runsSection(c)});
    if (c.scatter || c.pareto)
        list.append({QObject::tr("ML metrics against business metrics"), plotsSection(c, o)});
    if (c.curves)
        list.append({QObject::tr("The chosen run's operating point"), curvesSection(c, o)});
    if (c.policy)
        list.append({QObject::tr("The trade-off policy"), policySection(c, o)});
    list.append({QObject::tr("Appendix: how each run was made"), appendixSection(c)});
    for (int i = 0; i < list.size(); ++i)
        list[i].title = QStringLiteral("%1 %2").arg(i + 1).arg(list.at(i).title);
    return list;
}

const char *kStyle = R"(body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #202124; }
h1 { font-size: 22pt; } h2 { font-size: 15pt; color: #1a4f8b; margin-top: 18px; } h3 { font-size: 11.5pt; margin-top: 12px; }
table.grid { border-collapse: collapse; border-color: #9aa0a6; } th, td { vertical-align: top; }
)";

const char *kFileStyle = R"(body { max-width: 60em; margin: 2em auto; padding: 0 1em; }
table.grid th, table.grid td { border: 1px solid #9aa0a6; padding: 4px 6px; }
section { break-before: page; } svg { max-width: 100%; height: auto; }
)";

} // namespace

QList<ReportFigureSlot> reportFigureSlots(const services::ReportContent &content)
{
    QList<ReportFigureSlot> slots;
    ReportHtmlOptions options;
    options.figure = [&slots](const ReportFigureSlot &slot) {
        slots << slot;
        return QString();
    };
    sections(content, options);
    return slots;
}

QStringList reportSectionTitles(const services::ReportContent &content)
{
    QStringList titles;
    ReportHtmlOptions options;
    options.figure = [](const ReportFigureSlot &) { return QString(); };
    for (const Section &s : sections(content, options))
        titles << s.title;
    return titles;
}

QString reportHtml(const services::ReportContent &c, const ReportHtmlOptions &options)
{
    const QString title = QObject::tr("%1: runs judged by the business").arg(c.projectName);
    QString html = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>%1</title>"
                                  "<style>%2%3</style></head><body>\n")
                       .arg(esc(title), QString::fromLatin1(kStyle),
                            options.forFile ? QString::fromLatin1(kFileStyle) : QString());
    // The title page.
    html += QStringLiteral("<p><br/><br/><br/></p><h1>%1</h1><p style=\"font-size:14pt\">%2</p>")
                .arg(esc(c.projectName), esc(QObject::tr("A report on the project's runs, judged by its business metrics")));
    if (!c.projectDescription.isEmpty())
        html += paragraph(c.projectDescription);
    html += table({QObject::tr("Project"), QObject::tr("Date"), QObject::tr("Workspace")},
                  {{esc(c.projectName), esc(QLocale().toString(c.generatedAt.toLocalTime(), QLocale::LongFormat)),
                    // The file's name, not its folder: a report travels, and the path may be private.
                    esc(QFileInfo(c.workspacePath).fileName())}});
    html += paragraph(QObject::tr("%n run(s) shown. Made by MetricBridge %1 from the workspace as it was on that date.",
                                  nullptr, int(c.runs.size()))
                          .arg(c.appVersion));

    const QList<Section> list = sections(c, options);
    // The table of contents: page numbers on paper, links in a browser.
    // Every section starts a page: Qt's HTML reader honours page-break-before on the heading.
    html += QStringLiteral("<h2 style=\"page-break-before: always\">%1</h2>\n")
                .arg(esc(QObject::tr("Contents")));
    QList<QStringList> rows;
    for (int i = 0; i < list.size(); ++i) {
        const QString entry = options.forFile
                                  ? QStringLiteral("<a href=\"#section-%1\">%2</a>").arg(i + 1).arg(esc(list.at(i).title))
                                  : esc(list.at(i).title);
        rows << QStringList{entry, options.sectionPages.contains(i) ? QString::number(options.sectionPages.value(i))
                                                                    : QString()};
    }
    html += QStringLiteral("<table border=\"0\" cellpadding=\"3\" width=\"100%\">");
    for (const QStringList &row : rows)
        html += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td></tr>").arg(row.at(0), row.at(1));
    html += QStringLiteral("</table>\n");

    for (int i = 0; i < list.size(); ++i)
        html += QStringLiteral("%1<h2 style=\"page-break-before: always\"><a name=\"section-%2\" id=\"section-%2\"></a>%3</h2>\n%4%5")
                    .arg(options.forFile ? QStringLiteral("<section>") : QString())
                    .arg(i + 1)
                    .arg(esc(list.at(i).title), list.at(i).html,
                         options.forFile ? QStringLiteral("</section>\n") : QString());
    return html + QStringLiteral("</body></html>\n");
}

} // namespace mb::ui
