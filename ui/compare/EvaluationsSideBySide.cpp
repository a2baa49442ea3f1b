// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/EvaluationsSideBySide.h"

#include "app/services/EvaluationProcess.h"
#include "app/services/RunMetrics.h"
#include "core/NumberText.h"
#include "core/evaluation/MetricDecay.h"
#include "core/evaluation/MetricDirection.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "ui/shell/Theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <utility>

namespace mb::ui {
namespace {

// The headline ML metric the verdict names, by the last part of its name, in order of preference
// (the task's usual headline: ranking quality for yes/no, F1 for classes, fit for regression).
const std::pair<const char *, const char *> kHeadlineMetrics[] = {{"roc_auc", "ROC AUC"},
                                                                  {"f1_macro", "macro F1"},
                                                                  {"macro_f1", "macro F1"}, // before f1_macro
                                                                  {"average_precision", "average precision"},
                                                                  {"accuracy", "accuracy"},
                                                                  {"r2", "R²"},
                                                                  {"rmse", "RMSE"}};

QString localDate(const QString &iso, const QString &format)
{
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return time.isValid() ? time.toLocalTime().toString(format) : iso;
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment alignment = Qt::AlignRight | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment);
    return item;
}

QString leafOf(const QString &metric)
{
    return metric.section(QLatin1Char('/'), -1);
}

} // namespace

QString evaluationRowsText(const db::EvaluationRecord &evaluation, const QString &versionName)
{
    const QString version = versionName.isEmpty()
                                ? QObject::tr("version %1").arg(evaluation.datasetVersionId)
                                : QObject::tr("version %1 “%2”").arg(evaluation.datasetVersionId).arg(versionName);
    if (evaluation.part == QLatin1String("test"))
        return QObject::tr("held-out test rows of %1").arg(version);
    if (evaluation.part == QLatin1String("validation"))
        return QObject::tr("validation rows of %1").arg(version);
    return QObject::tr("all rows of %1").arg(version);
}

EvaluationsSideBySide::EvaluationsSideBySide(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("evaluationsSideBySide"));
    m_process = new services::EvaluationProcess(this);
    connect(m_process, &services::EvaluationProcess::finished, this, &EvaluationsSideBySide::onEvaluated);
    connect(m_process, &services::EvaluationProcess::failed, this, &EvaluationsSideBySide::onFailed);
    connect(m_process, &services::EvaluationProcess::cancelled, this, &EvaluationsSideBySide::onCancelled);

    m_versionChoice = new QComboBox;
    m_versionChoice->setObjectName(QStringLiteral("evaluateVersion"));
    m_versionChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_versionChoice->setMinimumContentsLength(24);
    m_versionChoice->setToolTip(tr("A dataset version of this project to evaluate the run's model on: every row of "
                                   "it, encoded as on the run's own split. Versions the model cannot read are "
                                   "listed greyed out, with the reason."));
    connect(m_versionChoice, &QComboBox::currentIndexChanged, this, &EvaluationsSideBySide::onVersionChosen);
    m_evaluate = new QPushButton(tr("Evaluate"));
    m_evaluate->setObjectName(QStringLiteral("evaluateOnVersion"));
    m_evaluate->setToolTip(tr("Predict every row of the chosen version with the run's best model in a worker "
                              "process and store it as a new evaluation (the same as metricbridge evaluate "
                              "--dataset-version V). The run stays judged by its held-out test rows."));
    connect(m_evaluate, &QPushButton::clicked, this, &EvaluationsSideBySide::onEvaluate);
    m_busy = new QProgressBar;
    m_busy->setObjectName(QStringLiteral("evaluateBusy"));
    m_busy->setRange(0, 0); // the worker reports no progress until it is done: busy, not a percentage
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelEvaluation"));
    m_cancel->setToolTip(tr("Stop the worker: nothing is stored"));
    connect(m_cancel, &QPushButton::clicked, m_process, &services::EvaluationProcess::cancel);
    auto *actionBar = new QHBoxLayout;
    actionBar->setContentsMargins(0, 0, 0, 0);
    actionBar->addWidget(new QLabel(tr("Evaluate on another dataset version:")));
    actionBar->addWidget(m_versionChoice, 1);
    actionBar->addWidget(m_evaluate);
    actionBar->addWidget(m_busy);
    actionBar->addWidget(m_cancel);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("evaluateStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_notOffered = new QLabel;
    m_notOffered->setObjectName(QStringLiteral("evaluateNotOffered"));
    m_notOffered->setWordWrap(true);
    m_notOffered->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notOffered->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("evaluationsVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);

    m_table = new QTableWidget;
    m_table->setObjectName(QStringLiteral("evaluationsTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::ContiguousSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_info = new QLabel;
    m_info->setObjectName(QStringLiteral("evaluationsInfo"));
    m_info->setWordWrap(true);
    m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(actionBar);
    layout->addWidget(m_status);
    layout->addWidget(m_notOffered);
    layout->addWidget(m_verdict);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_info);
    clear();
}

EvaluationsSideBySide::~EvaluationsSideBySide() = default;

void EvaluationsSideBySide::clear()
{
    m_process->cancel();
    m_run.reset();
    m_workspacePath.clear();
    m_datasetVersions.clear();
    m_judgedByFraming.clear();
    m_columns.clear();
    m_rows.clear();
    m_versions = {};
    m_framing = Framing{};
    m_businessMetric.clear();
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_versionChoice->clear();
    m_verdict->clear();
    m_verdict->hide();
    m_info->clear();
    m_notOffered->clear();
    m_notOffered->hide();
    showStatus({}, false);
    setBusy(false);
}

bool EvaluationsSideBySide::isEvaluating() const
{
    return m_process->isRunning();
}

QString EvaluationsSideBySide::verdict() const
{
    return m_verdict->text();
}

void EvaluationsSideBySide::showRun(const QString &workspacePath, const services::RunEvaluationRead &read,
                                    const Framing &framing, const QString &businessMetric)
{
    const db::RunRecord &run = *read.run;
    const bool sameRun = m_run && m_run->id == run.id && m_workspacePath == workspacePath;
    if (!sameRun) {
        clear(); // a worker evaluating another run's model is cancelled
    }
    m_workspacePath = workspacePath;
    m_run = run;
    m_framing = framing;
    m_businessMetric = businessMetric;
    m_datasetVersions = read.versions;
    m_judgedByFraming = read.judgedByFraming;
    // The judged evaluation first (the reference for the deltas), then the others, newest first.
    m_columns = {*read.judged};
    for (const db::EvaluationRecord &e : read.evaluations)
        if (e.id != read.judged->id)
            m_columns << e;
    fillTable();
    updateVerdict();

    m_versions = read.evaluable;
    fillVersions();
    setBusy(m_process->isRunning() && m_process->runId() == run.id);
}

void EvaluationsSideBySide::setBusinessMetric(const QString &name)
{
    m_businessMetric = name;
    updateVerdict();
}

std::optional<db::DatasetVersionInfo> EvaluationsSideBySide::versionInfo(std::int64_t versionId) const
{
    for (const services::EvaluableVersion &v : m_versions.versions)
        if (v.version.id == versionId)
            return v.version;
    if (const auto version = m_datasetVersions.constFind(versionId); version != m_datasetVersions.constEnd())
        return *version;
    return std::nullopt;
}

QString EvaluationsSideBySide::versionText(std::int64_t versionId) const
{
    const std::optional<db::DatasetVersionInfo> version = versionInfo(versionId);
    return version ? version->name : QString();
}

void EvaluationsSideBySide::fillTable()
{
    const db::EvaluationRecord &judged = m_columns.constFirst();
    m_rows.clear();
    const auto sectionRow = [this](const QString &title) {
        Row row;
        row.label = title;
        row.section = true;
        m_rows << row;
    };
    const auto textRow = [](const QString &label) {
        Row row;
        row.label = label;
        return row;
    };

    Row dataset = textRow(tr("Dataset version")), part = textRow(tr("Rows")), items = textRow(tr("Items")),
        created = textRow(tr("Evaluated"));
    for (const db::EvaluationRecord &e : m_columns) {
        QString name = tr("#%1").arg(e.datasetVersionId);
        if (const std::optional<db::DatasetVersionInfo> version = versionInfo(e.datasetVersionId))
            name = tr("#%1 %2 (imported %3)")
                       .arg(version->id)
                       .arg(version->name, localDate(version->createdAt, QStringLiteral("yyyy-MM-dd")));
        dataset.texts << name;
        const QString rows = e.part == QLatin1String("test")         ? tr("held-out test rows")
                             : e.part == QLatin1String("validation") ? tr("validation rows")
                                                                     : tr("all rows of the version");
        part.texts << (e.splitId ? tr("%1 of split #%2").arg(rows).arg(*e.splitId) : rows);
        items.texts << QLocale().toString(qlonglong(e.items));
        created.texts << localDate(e.createdAt, QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    m_rows << dataset << part << items << created;

    // ML metrics by name without their part ("test/roc_auc" and "all/roc_auc" are one row).
    sectionRow(tr("ML metrics"));
    std::map<QString, QList<std::optional<double>>> ml;
    for (int c = 0; c < m_columns.size(); ++c) {
        const QJsonObject &metrics = m_columns.at(c).metrics;
        for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it) {
            if (!it.value().isDouble() && !it.value().isNull())
                continue; // notes
            QList<std::optional<double>> &values = ml[it.key().section(QLatin1Char('/'), 1)];
            while (values.size() < m_columns.size())
                values << std::nullopt;
            if (it.value().isDouble())
                values[c] = it.value().toDouble();
        }
    }
    for (const auto &[name, values] : ml) {
        Row row = textRow(name);
        row.metric = name;
        row.direction = evaluation::metricDirection(name);
        row.decayMatters = true;
        row.values = values;
        m_rows << row;
    }

    sectionRow(tr("Business metrics (this framing)"));
    std::map<QString, int> businessRow;
    for (const BusinessMetric &metric : m_framing.businessMetrics) {
        businessRow[metric.name] = int(m_rows.size());
        Row row = textRow(QStringLiteral("%1 (%2)").arg(metric.name, metric.unit));
        row.metric = metric.name;
        row.business = true;
        row.direction = evaluation::metricDirection(metric.name, m_framing);
        row.decayMatters = true;
        m_rows << row;
    }
    for (const db::EvaluationRecord &e : m_columns) {
        const auto judged = m_judgedByFraming.constFind(e.id);
        const services::RunMetrics *computed = judged == m_judgedByFraming.constEnd() ? nullptr : &*judged;
        for (const BusinessMetric &metric : m_framing.businessMetrics) {
            Row &row = m_rows[businessRow[metric.name]];
            std::optional<double> value;
            QString why = computed ? QString() : tr("not read");
            if (computed)
                for (const services::BusinessMetricOutcome &outcome : computed->businessMetrics)
                    if (outcome.name == metric.name) {
                        value = outcome.value;
                        why = outcome.error;
                    }
            row.values << value;
            row.tooltips << why;
        }
    }

    sectionRow(tr("Latency, one item at a time"));
    // In the unit of the latency tab: microseconds when the judged p99 is under a millisecond.
    const bool micro =
        judged.latency.value(QStringLiteral("batch_1")).toObject().value(QStringLiteral("p99_ms")).toDouble(1.0) < 1.0;
    for (const char *p : {"p50", "p99"}) {
        Row row = textRow(
            QStringLiteral("%1 (%2)").arg(QLatin1String(p), micro ? QStringLiteral("µs") : QStringLiteral("ms")));
        row.direction = evaluation::metricDirection(QStringLiteral("latency_%1_ms").arg(QLatin1String(p)));
        for (const db::EvaluationRecord &e : m_columns) {
            const QJsonValue ms =
                e.latency.value(QStringLiteral("batch_1")).toObject().value(QLatin1String(p) + QStringLiteral("_ms"));
            row.values << (ms.isDouble() ? std::optional(ms.toDouble() * (micro ? 1000.0 : 1.0)) : std::nullopt);
        }
        m_rows << row;
    }

    m_table->clear();
    m_table->setRowCount(int(m_rows.size()));
    m_table->setColumnCount(int(m_columns.size()));
    for (int c = 0; c < m_columns.size(); ++c) {
        const db::EvaluationRecord &e = m_columns.at(c);
        const QString rows = evaluationRowsText(e);
        const QString title =
            c == 0 ? tr("Evaluation #%1 (judged)\n%2").arg(e.id).arg(rows)
            : e.part == QLatin1String("validation")
                ? tr("Evaluation #%1 (validation: chooses)\n%2; Δ against #%3").arg(e.id).arg(rows).arg(judged.id)
                : tr("Evaluation #%1\n%2; Δ against #%3").arg(e.id).arg(rows).arg(judged.id);
        auto *header = new QTableWidgetItem(title);
        header->setToolTip(tr("Computed on the %1. Its per-item predictions: metricbridge export predictions "
                              "--workspace W --run %2 --evaluation %3 --out predictions.csv")
                               .arg(evaluationRowsText(e, versionText(e.datasetVersionId)))
                               .arg(m_run->id)
                               .arg(e.id));
        m_table->setHorizontalHeaderItem(c, header);
    }
    QStringList rowLabels;
    for (const Row &row : std::as_const(m_rows))
        rowLabels << row.label;
    m_table->setVerticalHeaderLabels(rowLabels);
    QFont bold = m_table->font();
    bold.setBold(true);
    QColor decayBackground = errorTextColor();
    decayBackground.setAlpha(40);
    bool anyDecay = false;
    for (int r = 0; r < m_rows.size(); ++r) {
        const Row &row = m_rows.at(r);
        if (row.section) {
            m_table->verticalHeaderItem(r)->setFont(bold);
            m_table->setItem(r, 0, cell(QString(), Qt::AlignLeft | Qt::AlignVCenter));
            if (m_columns.size() > 1)
                m_table->setSpan(r, 0, 1, int(m_columns.size()));
            continue;
        }
        for (int c = 0; c < m_columns.size(); ++c) {
            if (!row.texts.isEmpty()) {
                m_table->setItem(r, c, cell(row.texts.value(c), Qt::AlignLeft | Qt::AlignVCenter));
                continue;
            }
            const std::optional<double> value = row.values.value(c);
            QString text = value ? formatNumber(*value) : QStringLiteral("—");
            const std::optional<double> reference = row.values.value(0);
            QColor colour;
            bool decayed = false;
            if (c > 0 && value && reference) {
                text += QStringLiteral("  (%1)").arg(formatDelta(*value - *reference));
                if (row.direction) {
                    const evaluation::MetricChange change =
                        evaluation::compareToReference(*reference, *value, *row.direction);
                    if (change.delta != 0)
                        colour = change.worse ? errorTextColor() : okTextColor();
                    decayed =
                        row.decayMatters && change.meaningful && m_columns.at(c).part != QLatin1String("validation");
                }
            }
            QTableWidgetItem *item = cell(text);
            if (colour.isValid())
                item->setForeground(colour);
            QString tooltip = row.tooltips.value(c);
            if (decayed) {
                anyDecay = true;
                item->setBackground(decayBackground);
                item->setFont(bold);
                item->setData(Qt::UserRole, true); // "decayed", for whoever reads the table
                tooltip = tr("Worse than on the judged evaluation by a meaningful margin (≥ %1 of its value, or ≥ %2 "
                             "on a 0–1 score)")
                              .arg(formatPercent(evaluation::kDecayRelativeMargin),
                                   formatNumber(evaluation::kDecayUnitIntervalMargin));
            }
            if (!tooltip.isEmpty())
                item->setToolTip(tooltip);
            m_table->setItem(r, c, item);
        }
    }

    m_info->setToolTip({});
    m_table->setToolTip({});
    if (m_columns.size() == 1) {
        m_info->setText(tr("Only the held-out evaluation so far. To see how the model holds up on newer data, import "
                           "the newer data on the Data page and evaluate the model on it above."));
        return;
    }
    // One or two lines under the table, so the table keeps its height at 1024x700; the whole
    // explanation is on hover.
    QString text = tr("Δ against the judged evaluation #%1: green better, red worse").arg(judged.id);
    QString details = tr("One column per evaluation of the run's best checkpoint. Deltas are against the held-out "
                         "evaluation #%1 the run is judged by: green where the other data does better, red where it "
                         "does worse. A dash: not measured or not computable (hover it for the reason).")
                          .arg(judged.id);
    if (anyDecay) {
        text += tr(", shaded: worse by ≥ %1 of the value or ≥ %2 on a 0–1 score")
                    .arg(formatPercent(evaluation::kDecayRelativeMargin),
                         formatNumber(evaluation::kDecayUnitIntervalMargin));
        details += tr(" Shaded cells are worse by a meaningful margin: at least %1 of the judged value, or at least "
                      "%2 on a score between 0 and 1.")
                       .arg(formatPercent(evaluation::kDecayRelativeMargin),
                            formatNumber(evaluation::kDecayUnitIntervalMargin));
    }
    text += QLatin1Char('.');
    if (std::any_of(m_columns.cbegin(), m_columns.cend(),
                    [&](const db::EvaluationRecord &e) { return e.items != judged.items; })) {
        text += tr(" Item counts differ: compare rates and shares, not sums.");
        details += tr(" The evaluations have different numbers of items: a metric that sums over its selection grows "
                      "with them, so compare rates and shares rather than sums.");
    }
    m_info->setText(text);
    m_info->setToolTip(details);
    m_table->setToolTip(details);
}

void EvaluationsSideBySide::updateVerdict()
{
    m_verdict->clear();
    m_verdict->hide();
    // The newest evaluation on another dataset version (part "all"); validation rows choose, they
    // are no check of the model on other data.
    int column = -1;
    for (int c = 1; c < m_columns.size() && column < 0; ++c)
        if (m_columns.at(c).part == QLatin1String("all"))
            column = c;
    if (column < 0)
        return;
    const db::EvaluationRecord &other = m_columns.at(column);
    const db::EvaluationRecord &judged = m_columns.constFirst();

    const auto changeOf = [&](const Row &row) -> std::optional<evaluation::MetricChange> {
        const std::optional<double> reference = row.values.value(0), value = row.values.value(column);
        if (!reference || !value || !row.direction)
            return std::nullopt;
        return evaluation::compareToReference(*reference, *value, *row.direction);
    };
    // The headline ML metric the run has (the first target's for a run with several), then the
    // business metric the view is showing.
    const Row *headline = nullptr;
    const char *headlineName = nullptr;
    for (const auto &[leaf, label] : kHeadlineMetrics) {
        for (const Row &row : std::as_const(m_rows))
            if (!row.business && row.decayMatters && leafOf(row.metric) == QLatin1String(leaf) && changeOf(row)) {
                headline = &row;
                headlineName = label;
                break;
            }
        if (headline)
            break;
    }
    const Row *business = nullptr;
    for (const Row &row : std::as_const(m_rows))
        if (row.business && changeOf(row) && (row.metric == m_businessMetric || !business))
            business = &row;

    QStringList parts;
    if (headline) {
        const evaluation::MetricChange change = *changeOf(*headline);
        QString name = QString::fromUtf8(headlineName);
        if (headline->metric.contains(QLatin1Char('/')))
            name += QStringLiteral(" of %1").arg(headline->metric.section(QLatin1Char('/'), 0, -2));
        parts << (change.delta == 0
                      ? tr("%1 stayed at %2").arg(name, formatNumber(change.reference))
                      : tr("%1 %2 from %3 to %4 (%5)")
                            .arg(name, change.delta < 0 ? tr("fell") : tr("rose"), formatNumber(change.reference),
                                 formatNumber(change.other), formatDelta(change.delta)));
    }
    if (business) {
        const evaluation::MetricChange change = *changeOf(*business);
        const QString relative = formatRelativeChange(change.reference, change.other);
        if (change.delta == 0)
            parts << tr("%1 stayed at %2").arg(business->metric, formatNumber(change.reference));
        else if (relative.isEmpty())
            parts << tr("%1 %2 from %3 to %4")
                         .arg(business->metric, change.delta < 0 ? tr("fell") : tr("rose"),
                              formatNumber(change.reference), formatNumber(change.other));
        else
            parts << tr("%1 %2 %3 (%4 → %5)")
                         .arg(business->metric, change.delta < 0 ? tr("fell") : tr("rose"),
                              relative.mid(1), // the verb carries the sign
                              formatNumber(change.reference), formatNumber(change.other));
    }
    int decayed = 0, named = 0;
    for (const Row &row : std::as_const(m_rows))
        if (row.decayMatters)
            if (const std::optional<evaluation::MetricChange> change = changeOf(row); change && change->meaningful) {
                ++decayed;
                named += (&row == headline || &row == business) ? 1 : 0;
            }
    const std::optional<db::DatasetVersionInfo> version = versionInfo(other.datasetVersionId);
    QString sentence =
        tr("On dataset version %1%2 (%3all %4 rows) against the %5: ")
            .arg(other.datasetVersionId)
            .arg(version ? QStringLiteral(" “%1”").arg(version->name) : QString())
            .arg(version ? tr("imported %1, ").arg(localDate(version->createdAt, QStringLiteral("yyyy-MM-dd")))
                         : QString())
            .arg(QLocale().toString(qlonglong(other.items)))
            .arg(evaluationRowsText(judged));
    sentence += parts.isEmpty() ? tr("no metric was measured on both") : parts.join(QStringLiteral("; "));
    if (decayed == 0)
        sentence += tr(". No metric is worse by a meaningful margin.");
    else if (decayed > named)
        sentence += decayed == 1 ? tr(". 1 metric is worse by a meaningful margin, shaded below.")
                                 : tr(". %1 metrics are worse by a meaningful margin, shaded below.").arg(decayed);
    else
        sentence += QLatin1Char('.');
    m_verdict->setText(sentence);
    m_verdict->show();
}

void EvaluationsSideBySide::fillVersions()
{
    QSignalBlocker blocker(m_versionChoice);
    const std::int64_t previous = m_versionChoice->currentData().toLongLong();
    m_versionChoice->clear();
    auto *model = qobject_cast<QStandardItemModel *>(m_versionChoice->model());
    int firstEvaluable = -1;
    for (const services::EvaluableVersion &v : std::as_const(m_versions.versions)) {
        m_versionChoice->addItem(tr("#%1 %2 (%3 rows, imported %4)")
                                     .arg(v.version.id)
                                     .arg(v.version.name, QLocale().toString(qlonglong(v.version.rowCount)),
                                          localDate(v.version.createdAt, QStringLiteral("yyyy-MM-dd"))),
                                 qint64(v.version.id));
        const int index = m_versionChoice->count() - 1;
        if (!v.notEvaluable.isEmpty()) {
            if (QStandardItem *item = model ? model->item(index) : nullptr)
                item->setEnabled(false); // listed, so the reason is seen, but not offered
            m_versionChoice->setItemData(index, v.notEvaluable, Qt::ToolTipRole);
        } else if (firstEvaluable < 0 || v.version.id == previous) {
            firstEvaluable = index;
        }
    }
    if (m_versions.versions.isEmpty())
        m_versionChoice->addItem(tr("no dataset version"), qint64(0));
    m_versionChoice->setCurrentIndex(std::max(firstEvaluable, 0));
    onVersionChosen();
}

void EvaluationsSideBySide::onVersionChosen()
{
    if (m_process->isRunning())
        return; // the status line says what the worker is doing
    const std::int64_t id = m_versionChoice->currentData().toLongLong();
    QString problem;
    QStringList notOffered;
    bool anyEvaluable = false;
    for (const services::EvaluableVersion &v : std::as_const(m_versions.versions)) {
        if (v.version.id == id)
            problem = v.notEvaluable;
        if (v.notEvaluable.isEmpty())
            anyEvaluable = true;
        else
            notOffered << tr("#%1: %2").arg(v.version.id).arg(v.notEvaluable);
    }
    m_evaluate->setEnabled(id > 0 && problem.isEmpty() && m_run);
    QString text;
    if (!m_versions.runProblem.isEmpty())
        text = tr("Cannot evaluate on another version: %1.").arg(m_versions.runProblem);
    else if (!anyEvaluable && m_versions.versions.size() <= 1)
        text = tr("The project has no other dataset version yet: import newer data on the Data page to see how the "
                  "model holds up on it.");
    else if (!notOffered.isEmpty())
        text = tr("Not offered: %1.").arg(notOffered.join(QStringLiteral("; ")));
    m_notOffered->setText(text);
    m_notOffered->setVisible(!text.isEmpty());
}

void EvaluationsSideBySide::onEvaluate()
{
    const std::int64_t version = m_versionChoice->currentData().toLongLong();
    if (!m_run || m_workspacePath.isEmpty() || version <= 0)
        return;
    if (!m_process->start(m_workspacePath, m_run->id, version))
        return; // failed() said why
    setBusy(true);
    showStatus(tr("Evaluating run %1's model on every row of dataset version %2 in a worker process…")
                   .arg(m_run->id)
                   .arg(version),
               false);
}

void EvaluationsSideBySide::onEvaluated(qint64 runId, qint64 evaluationId)
{
    setBusy(false);
    showStatus(tr("Stored evaluation #%1 of run %2 on dataset version %3.")
                   .arg(evaluationId)
                   .arg(runId)
                   .arg(m_process->datasetVersion()),
               false);
    Q_EMIT evaluationStored(runId, evaluationId);
}

void EvaluationsSideBySide::onFailed(qint64 runId, const QString &message)
{
    setBusy(false);
    if (!m_run || m_run->id != runId)
        return;
    showStatus(tr("Not evaluated, nothing stored: %1").arg(message), true);
}

void EvaluationsSideBySide::onCancelled(qint64 runId)
{
    setBusy(false);
    if (m_run && m_run->id == runId)
        showStatus(tr("Cancelled: nothing was stored."), false);
}

void EvaluationsSideBySide::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    m_cancel->setVisible(busy);
    m_versionChoice->setEnabled(!busy && m_versionChoice->count() > 0);
    if (busy)
        m_evaluate->setEnabled(false);
    else if (m_run)
        onVersionChosen();
}

void EvaluationsSideBySide::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: %1").arg(errorTextCss()) : QString());
    m_status->setVisible(!text.isEmpty());
}

} // namespace mb::ui
