// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunDetailView.h"

#include "app/services/RunEncoding.h"
#include "app/services/RunQueryFields.h"
#include "core/ExternalRun.h"
#include "core/NumberText.h"
#include "core/data/EncodingSummary.h"
#include "core/evaluation/ReportedMetrics.h"
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/RunRepository.h"
#include "ui/runs/CheckpointExport.h"
#include "ui/runs/RunAnnotationsEditor.h"
#include "ui/runs/RunEvaluationsList.h"
#include "ui/runs/RunLineageView.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/shell/Theme.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

QString localTime(const QString &iso)
{
    if (iso.isEmpty())
        return {};
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : iso;
}

QString number(const QJsonValue &value)
{
    return value.isDouble() ? formatNumber(value.toDouble()) : QStringLiteral("–");
}

// The metrics whose names start with `prefix` ("test/"), as "accuracy 0.731 · roc_auc 0.726".
QString metricsLine(const QJsonObject &summary, const QString &prefix)
{
    QStringList parts;
    for (auto it = summary.constBegin(); it != summary.constEnd(); ++it)
        if (it.key().startsWith(prefix))
            parts << QStringLiteral("%1 %2").arg(it.key().mid(prefix.size()), number(it.value()));
    return parts.join(QStringLiteral(" · "));
}

// The run's summary grouped as a reader looks for it: how training went, then the validation
// and test metrics, then inference latency. Bookkeeping keys (the evaluation's id) stay out.
QString summaryText(const QJsonObject &summary)
{
    QStringList lines;
    if (summary.contains(QStringLiteral("epochs_done"))) {
        QString training = QObject::tr("%1 of %2 epochs")
                               .arg(summary.value(QStringLiteral("epochs_done")).toInt())
                               .arg(summary.value(QStringLiteral("epochs")).toInt());
        if (summary.contains(QStringLiteral("steps")))
            training += QObject::tr(", %1 steps").arg(summary.value(QStringLiteral("steps")).toInteger());
        if (summary.contains(QStringLiteral("best_epoch")))
            training += QObject::tr("; best epoch %1").arg(summary.value(QStringLiteral("best_epoch")).toInt());
        if (summary.contains(QStringLiteral("monitor")))
            training += QObject::tr(" by %1").arg(summary.value(QStringLiteral("monitor")).toString());
        if (summary.contains(QStringLiteral("samples_per_s")))
            training += QObject::tr("; %1 samples/s")
                            .arg(formatNumber(summary.value(QStringLiteral("samples_per_s")).toDouble()));
        lines << QObject::tr("Training: %1").arg(training);
    }
    for (const auto &[prefix, title] : {std::pair{QStringLiteral("epoch/"), QObject::tr("Last epoch")},
                                        std::pair{QStringLiteral("validation/"),
                                                  summary.contains(QStringLiteral("best"))
                                                      ? QObject::tr("Validation, kept model")
                                                      : QObject::tr("Validation")},
                                        std::pair{QStringLiteral("test/"), QObject::tr("Test")},
                                        std::pair{QStringLiteral("all/"), QObject::tr("Other data")}})
        if (const QString line = metricsLine(summary, prefix); !line.isEmpty())
            lines << QStringLiteral("%1: %2").arg(title, line);
    QStringList latency;
    for (const char *percentile : {"p50", "p99"})
        if (const QJsonValue ms = summary.value(QStringLiteral("latency_%1_ms").arg(QLatin1String(percentile)));
            ms.isDouble())
            latency << QStringLiteral("%1 %2").arg(QLatin1String(percentile), formatLatency(ms.toDouble()));
    if (!latency.isEmpty())
        lines << QObject::tr("Latency, one item: %1").arg(latency.join(QStringLiteral(" · ")));
    return lines.join(QLatin1Char('\n'));
}

// What an external run's tool reported about its judged predictions, each beside the app's own
// figure from the same predictions; empty when it reported nothing. `disagreements` counts the
// metrics evaluation::compareReported flags.
QString reportedText(db::Database &database, const QJsonObject &summary, qsizetype *disagreements)
{
    *disagreements = 0;
    if (!summary.value(QStringLiteral("evaluation")).isDouble())
        return {};
    const Result<db::EvaluationRecord> judged =
        db::EvaluationRepository(database).evaluation(summary.value(QStringLiteral("evaluation")).toInteger());
    if (!judged || judged->reportedMetrics.isEmpty())
        return {};
    const QList<evaluation::ReportedMetric> compared =
        evaluation::compareReported(judged->reportedMetrics, judged->metrics);
    *disagreements = evaluation::disagreeingKeys(compared).size();
    QStringList lines;
    if (*disagreements > 0)
        lines << QObject::tr("⚠ %1 of %2 differ from the app's own figures, which every page uses.")
                     .arg(*disagreements)
                     .arg(compared.size());
    for (const evaluation::ReportedMetric &metric : compared) {
        if (!metric.recomputed)
            lines << QObject::tr("%1: tool %2 (the app does not compute it)")
                         .arg(metric.key, formatNumber(metric.reported));
        else
            lines << QObject::tr("%1: tool %2, app %3 · %4")
                         .arg(metric.key, formatNumber(metric.reported), formatNumber(*metric.recomputed),
                              metric.disagrees ? QObject::tr("disagrees") : QObject::tr("agrees"));
    }
    return lines.join(QLatin1Char('\n'));
}

// The run's feature encoding, one line per column: its own, or the split's for a run stored
// before runs fitted their own (services::runFeatureEncoding decides which).
QString featuresText(db::Database &database, const db::RunRecord &run)
{
    if (isExternalRun(run.config))
        return QObject::tr("Made by the tool that trained it, from the exported rows (dataset export).");
    const bool started = !run.startedAt.isEmpty();
    if (run.featureEncoding.isEmpty() && !db::isFinal(run.status))
        return QObject::tr("Fitted on the split's training rows with the config's options when the run starts.");
    if (run.featureEncoding.isEmpty() && (run.status == db::RunStatus::Failed || !started))
        return QObject::tr("Not recorded: the run ended before it fitted one.");
    const Result<services::RunEncoding> encoding = services::runFeatureEncoding(database, run);
    if (!encoding)
        return encoding.error();
    QStringList lines = data::encodingSummaryLines(encoding->encoding);
    if (encoding->fromSplit)
        lines.prepend(QObject::tr("The split's encoding (this run was stored before runs fitted their own):"));
    return lines.join(QLatin1Char('\n'));
}

QPlainTextEdit *readOnlyText(const QString &objectName)
{
    auto *text = new QPlainTextEdit;
    text->setObjectName(objectName);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return text;
}

} // namespace

RunDetailView::RunDetailView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runDetail"));
    m_errorTitle = new QLabel(tr("<b>Error</b> (the end of the worker's output)"));
    m_errorTitle->setStyleSheet(QStringLiteral("color: %1").arg(errorTextCss()));
    m_errorTail = readOnlyText(QStringLiteral("runErrorTail"));
    m_errorTail->setMaximumHeight(140);
    m_placeholder = new QLabel(tr("Select a run in the table to see its record, config, log and artifacts."));
    m_placeholder->setWordWrap(true);
    m_record = new QWidget;
    m_record->setObjectName(QStringLiteral("runRecord"));
    m_recordForm = new QFormLayout(m_record);
    m_recordForm->setContentsMargins(0, 0, 0, 0);
    m_recordForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_recordForm->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    addField(QStringLiteral("run"), tr("Run"));
    addField(QStringLiteral("status"), tr("Status"));
    addField(QStringLiteral("parent"), tr("Parent run"));
    addField(QStringLiteral("task"), tr("Task"));
    addField(QStringLiteral("dataset"), tr("Dataset version"));
    addField(QStringLiteral("split"), tr("Split"));
    addField(QStringLiteral("framing"), tr("Framing"));
    addField(QStringLiteral("summary"), tr("Summary"));
    addField(QStringLiteral("reported"), tr("Tool reported"));
    addField(QStringLiteral("features"), tr("Features"));
    addField(QStringLiteral("seed"), tr("Seed, threads"));
    addField(QStringLiteral("queued"), tr("Queued"));
    addField(QStringLiteral("started"), tr("Started"));
    addField(QStringLiteral("finished"), tr("Finished"));
    addField(QStringLiteral("heartbeat"), tr("Last heartbeat"));
    addField(QStringLiteral("host"), tr("Host"));
    addField(QStringLiteral("build"), tr("MetricBridge"));
    addField(QStringLiteral("libtorch"), tr("LibTorch"));
    addField(QStringLiteral("sha"), tr("Config SHA-256"))->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *recordPage = new QWidget;
    auto *recordLayout = new QVBoxLayout(recordPage);
    recordLayout->addWidget(m_placeholder);
    m_annotations = new RunAnnotationsEditor;
    connect(m_annotations, &RunAnnotationsEditor::errorOccurred, this, &RunDetailView::errorOccurred);
    recordLayout->addWidget(m_annotations);
    recordLayout->addWidget(m_errorTitle);
    recordLayout->addWidget(m_errorTail);
    recordLayout->addWidget(m_record);
    recordLayout->addStretch();
    // The page follows the pane's width: an unbreakable value (the 64-digit SHA-256) is cut at the
    // edge rather than pushing the star, tags and note under the scroll bar.
    recordPage->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *recordScroll = new QScrollArea;
    recordScroll->setWidget(recordPage);
    recordScroll->setWidgetResizable(true);
    recordScroll->setFrameShape(QFrame::NoFrame);
    recordScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // values wrap instead

    m_config = readOnlyText(QStringLiteral("runConfig"));
    m_log = readOnlyText(QStringLiteral("runLog"));

    m_artifacts = new QTableWidget(0, 4);
    m_artifacts->setObjectName(QStringLiteral("runArtifacts"));
    m_artifacts->setHorizontalHeaderLabels({tr("Name"), tr("Epoch"), tr("Size"), tr("SHA-256")});
    m_artifacts->verticalHeader()->hide();
    m_artifacts->horizontalHeader()->setStretchLastSection(true);
    m_artifacts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_artifacts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_artifactsEmpty =
        new QLabel(tr("No artifacts yet: the worker stores the best and the last checkpoint as it trains."));
    m_artifactsEmpty->setWordWrap(true);
    auto *artifactsPage = new QWidget;
    auto *artifactsLayout = new QVBoxLayout(artifactsPage);
    artifactsLayout->addWidget(m_artifactsEmpty);
    artifactsLayout->addWidget(m_artifacts, 1);
    m_exportCheckpoint = new QPushButton(tr("Export checkpoint…"));
    m_exportCheckpoint->setObjectName(QStringLiteral("exportCheckpointButton"));
    m_exportCheckpoint->setToolTip(tr("Write the selected artifact (else the best checkpoint) to a file; the file's "
                                      "SHA-256 is the one shown"));
    connect(m_exportCheckpoint, &QPushButton::clicked, this, &RunDetailView::exportCheckpointInteractively);
    auto *exportRow = new QHBoxLayout;
    exportRow->addStretch();
    exportRow->addWidget(m_exportCheckpoint);
    artifactsLayout->addLayout(exportRow);
    m_checkpointExport = new CheckpointExport(this);
    connect(m_checkpointExport, &CheckpointExport::finished, this,
            [this](const QString &out, const QString &sha, qint64 bytes) {
                m_exportCheckpoint->setEnabled(m_artifacts->rowCount() > 0);
                Q_EMIT checkpointExported(out, sha, bytes);
            });
    connect(m_checkpointExport, &CheckpointExport::failed, this, [this](const QString &message) {
        m_exportCheckpoint->setEnabled(m_artifacts->rowCount() > 0);
        Q_EMIT errorOccurred(message);
    });

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("runDetailTabs"));
    m_tabs->addTab(recordScroll, tr("Record"));
    m_tabs->addTab(m_config, tr("Config"));
    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(artifactsPage, tr("Artifacts"));
    m_lineage = new RunLineageView;
    m_tabs->addTab(m_lineage, tr("Lineage"));
    m_evaluations = new RunEvaluationsList;
    m_tabs->addTab(m_evaluations, tr("Evaluations"));
    connect(m_evaluations, &RunEvaluationsList::errorOccurred, this, &RunDetailView::errorOccurred);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    setRun(nullptr, 0);
}

QLabel *RunDetailView::addField(const QString &key, const QString &label)
{
    auto *value = new QLabel;
    value->setObjectName(QStringLiteral("runRecord_") + key);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setTextFormat(Qt::PlainText);
    m_recordForm->addRow(label + QLatin1Char(':'), value);
    m_fields.insert(key, value);
    return value;
}

void RunDetailView::setField(const QString &key, const QString &text)
{
    QLabel *value = m_fields.value(key);
    value->setText(text.isEmpty() ? QStringLiteral("—") : text);
}

void RunDetailView::showTab(const QString &key)
{
    static const QStringList keys{QStringLiteral("record"), QStringLiteral("config"), QStringLiteral("log"),
                                  QStringLiteral("artifacts"), QStringLiteral("lineage"),
                                  QStringLiteral("evaluations")};
    m_tabs->setCurrentIndex(std::max<int>(0, int(keys.indexOf(key))));
}

void RunDetailView::setRun(db::Database *database, std::int64_t runId)
{
    m_database = database;
    m_runId = database ? runId : 0;
    // Read once per run, not on the live refresh: a refresh must not undo what is being typed.
    m_annotations->setRun(database, m_runId);
    m_annotations->setVisible(m_runId != 0);
    // Emptied with the rest (a closed workspace's runs must not linger); the page fills it again.
    m_lineage->showFamily({}, 0);
    refresh();
}

void RunDetailView::refresh()
{
    if (!m_database || m_runId == 0) {
        // Emptied, not just hidden: the record may be another workspace's run.
        for (QLabel *field : std::as_const(m_fields))
            field->clear();
        m_placeholder->show();
        m_record->hide();
        m_errorTitle->hide();
        m_errorTail->hide();
        m_config->clear();
        m_log->clear();
        m_artifacts->setRowCount(0);
        m_artifactsEmpty->show();
        m_exportCheckpoint->setEnabled(false);
        m_evaluations->setRun(nullptr, 0);
        return;
    }
    m_placeholder->hide();
    m_evaluations->setRun(m_database, m_runId);
    m_record->show();
    Result<db::RunRecord> found = db::RunRepository(*m_database).run(m_runId);
    if (!found) {
        Q_EMIT errorOccurred(found.error());
        return;
    }
    const db::RunRecord &run = *found;

    db::DatasetRepository datasets(*m_database);
    QString dataset;
    if (run.datasetVersionId) {
        dataset = tr("#%1").arg(*run.datasetVersionId);
        if (Result<db::DatasetVersionInfo> version = datasets.version(*run.datasetVersionId))
            dataset = tr("#%1 %2 (%3 rows)")
                          .arg(version->id)
                          .arg(version->name, QLocale().toString(qlonglong(version->rowCount)));
    }
    QString split;
    if (run.splitId) {
        split = tr("#%1").arg(*run.splitId);
        if (run.datasetVersionId)
            if (Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(*run.datasetVersionId))
                for (const db::DatasetSplitInfo &s : *splits)
                    if (s.id == *run.splitId)
                        split = tr("#%1 %2 · %3 / %4 / %5 rows")
                                    .arg(s.id)
                                    .arg(s.spec.describe())
                                    .arg(QLocale().toString(qlonglong(s.counts.train)))
                                    .arg(QLocale().toString(qlonglong(s.counts.validation)))
                                    .arg(QLocale().toString(qlonglong(s.counts.test)));
    }
    QString framing;
    if (run.framingVersionId) {
        framing = tr("#%1").arg(*run.framingVersionId);
        if (const auto names = db::FramingRepository(*m_database).versionNames(run.projectId);
            names && names->contains(*run.framingVersionId))
            framing = names->value(*run.framingVersionId).label();
    }
    QString status = RunsTableModel::statusText(run.status);
    if (run.cancelRequested && !db::isFinal(run.status))
        status += tr(" (cancel requested)");
    const QColor statusColour = run.status == db::RunStatus::Finished ? okTextColor()
                                : (run.status == db::RunStatus::Failed || run.status == db::RunStatus::Diverged ||
                                   run.status == db::RunStatus::Interrupted)
                                    ? errorTextColor()
                                    : palette().color(QPalette::Text);
    m_fields.value(QStringLiteral("status"))->setStyleSheet(QStringLiteral("color: %1").arg(statusColour.name()));
    QStringList targets;
    for (const QJsonValue &t : run.config.value(QStringLiteral("targets")).toArray())
        targets << t.toString();
    const auto seconds = [](const QString &iso) {
        return QDateTime::fromString(iso, Qt::ISODateWithMs).toMSecsSinceEpoch() / 1000.0;
    };
    QString started = localTime(run.startedAt);
    if (!run.startedAt.isEmpty()) {
        const double end =
            run.finishedAt.isEmpty() ? QDateTime::currentMSecsSinceEpoch() / 1000.0 : seconds(run.finishedAt);
        started += tr(" (ran %1)").arg(formatDuration(end - seconds(run.startedAt)));
    }

    setField(QStringLiteral("run"), tr("#%1 %2").arg(run.id).arg(run.name.isEmpty() ? tr("(unnamed)") : run.name));
    setField(QStringLiteral("status"), status);
    setField(QStringLiteral("parent"),
             run.parentRunId ? tr("#%1 (this run is its re-run or fork)").arg(*run.parentRunId) : QString());
    m_recordForm->setRowVisible(m_fields.value(QStringLiteral("parent")), run.parentRunId.has_value());
    const bool external = isExternalRun(run.config);
    const QString task =
        tr("%1, targets %2")
            .arg(run.config.value(QStringLiteral("task")).toString(), targets.join(QStringLiteral(", ")));
    // An external run was trained by another tool and logged back (docs/EXTERNAL-RUNS.md): say so
    // where the task is read, since nothing here trained it.
    setField(QStringLiteral("task"),
             external ? tr("%1 (an external run, trained by %2)")
                            .arg(task, externalToolText(run.config).isEmpty() ? tr("another tool")
                                                                              : externalToolText(run.config))
                      : task);
    setField(QStringLiteral("dataset"), dataset);
    setField(QStringLiteral("split"), split);
    setField(QStringLiteral("framing"), framing);
    setField(QStringLiteral("summary"), summaryText(services::summaryOfKeptModel(run.summary)));
    qsizetype disagreements = 0;
    const QString reported = external ? reportedText(*m_database, run.summary, &disagreements) : QString();
    setField(QStringLiteral("reported"), reported);
    m_fields.value(QStringLiteral("reported"))
        ->setStyleSheet(disagreements > 0 ? QStringLiteral("color: %1").arg(errorTextCss()) : QString());
    m_recordForm->setRowVisible(m_fields.value(QStringLiteral("reported")), !reported.isEmpty());
    setField(QStringLiteral("features"), featuresText(*m_database, run));
    setField(QStringLiteral("seed"), tr("seed %1, %2 threads").arg(run.seed).arg(run.threads));
    setField(QStringLiteral("queued"), localTime(run.queuedAt));
    setField(QStringLiteral("started"), started);
    setField(QStringLiteral("finished"), localTime(run.finishedAt));
    setField(QStringLiteral("heartbeat"), localTime(run.heartbeatAt));
    setField(QStringLiteral("host"),
             run.workerPid ? tr("%1, worker pid %2").arg(run.host).arg(*run.workerPid) : run.host);
    setField(QStringLiteral("build"), tr("%1, commit %2").arg(run.appVersion, run.buildCommit));
    setField(QStringLiteral("libtorch"), external ? tr("none (an external run)") : run.libtorchVersion);
    // In four lines: a line without a break sets the pane's minimum width, and 32 fixed-width
    // characters already pushed the record past a 1024-pixel window's detail pane, clipping it.
    QStringList shaLines;
    for (qsizetype at = 0; at < run.configSha256.size(); at += 16)
        shaLines << run.configSha256.mid(at, 16);
    setField(QStringLiteral("sha"), shaLines.join(QLatin1Char('\n')));

    const bool error = !run.errorTail.isEmpty();
    m_errorTitle->setVisible(error);
    m_errorTail->setVisible(error);
    if (m_errorTail->toPlainText() != run.errorTail) {
        m_errorTail->setPlainText(run.errorTail);
        m_errorTail->verticalScrollBar()->setValue(m_errorTail->verticalScrollBar()->maximum());
    }

    const QString config = QString::fromUtf8(QJsonDocument(run.config).toJson(QJsonDocument::Indented));
    if (m_config->toPlainText() != config)
        m_config->setPlainText(config);

    if (Result<QStringList> log = db::RunRepository(*m_database).logTail(m_runId, kLogLines)) {
        const QString text = log->isEmpty() ? tr("(no log lines yet)") : log->join(QLatin1Char('\n'));
        if (m_log->toPlainText() != text) {
            m_log->setPlainText(text);
            m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum()); // follow the end
        }
    } else {
        Q_EMIT errorOccurred(log.error());
    }

    Result<QList<db::RunArtifact>> artifacts = db::ArtifactStore(*m_database).artifactsOf(m_runId);
    if (!artifacts) {
        Q_EMIT errorOccurred(artifacts.error());
        return;
    }
    m_artifacts->setRowCount(int(artifacts->size()));
    for (int r = 0; r < artifacts->size(); ++r) {
        const db::RunArtifact &a = artifacts->at(r);
        m_artifacts->setItem(r, 0, new QTableWidgetItem(a.name));
        // A checkpoint's metadata names the epoch it was taken at.
        const QJsonValue epoch = a.meta.value(QStringLiteral("epoch"));
        auto *epochItem = new QTableWidgetItem(epoch.isDouble() ? QString::number(epoch.toInt()) : QString());
        epochItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_artifacts->setItem(r, 1, epochItem);
        auto *size = new QTableWidgetItem(formatBytes(a.size));
        size->setData(Qt::ToolTipRole, tr("%1 bytes").arg(QLocale().toString(qlonglong(a.size))));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_artifacts->setItem(r, 2, size);
        auto *sha = new QTableWidgetItem(a.sha256);
        sha->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        sha->setToolTip(tr("SHA-256 %1: the checkpoint is verified against it before it is loaded").arg(a.sha256));
        m_artifacts->setItem(r, 3, sha);
    }
    for (int c = 0; c < 3; ++c)
        m_artifacts->resizeColumnToContents(c);
    m_artifactsEmpty->setVisible(artifacts->isEmpty());
    m_exportCheckpoint->setEnabled(!artifacts->isEmpty() && !m_checkpointExport->isRunning());
}

QString RunDetailView::chosenArtifactName() const
{
    const int row = m_artifacts->currentRow();
    if (row >= 0 && m_artifacts->item(row, 0))
        return m_artifacts->item(row, 0)->text();
    for (int r = 0; r < m_artifacts->rowCount(); ++r)
        if (m_artifacts->item(r, 0) && m_artifacts->item(r, 0)->text() == QLatin1String("best"))
            return QStringLiteral("best");
    return m_artifacts->rowCount() > 0 && m_artifacts->item(0, 0) ? m_artifacts->item(0, 0)->text() : QString();
}

void RunDetailView::exportCheckpointInteractively()
{
    const QString name = chosenArtifactName();
    if (!m_database || name.isEmpty())
        return;
    const QString suggested = QDir::home().filePath(QStringLiteral("run-%1-%2.pt").arg(m_runId).arg(name));
    const QString out = QFileDialog::getSaveFileName(this, tr("Export checkpoint"), suggested);
    if (!out.isEmpty())
        exportCheckpoint(name, out);
}

bool RunDetailView::exportCheckpoint(const QString &name, const QString &out)
{
    if (!m_database || !m_checkpointExport->start(m_database->path(), m_runId, name, out))
        return false;
    m_exportCheckpoint->setEnabled(false);
    return true;
}

} // namespace mb::ui
