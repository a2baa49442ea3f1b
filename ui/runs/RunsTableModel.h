// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/RunLineage.h"
#include "core/query/RunFields.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "ui/runs/QueryableRows.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>

#include <cstdint>
#include <vector>

namespace mb::ui {

// One row per run of a project, newest first: status, name, the config in brief, the key metrics
// of the run's summary, duration and start time. Metric columns follow the summary keys present
// (validation/loss, validation/accuracy, ...), so a regression project shows RMSE and MAE and a
// classification project accuracy. A star column and the run's tags follow the id and the name.
// A thin model: rows are built from RunRecords and their annotations and nothing else; each row
// also carries the run as the query language sees it (services::runQueryFields), for the filter.
// Thread contract: GUI thread.
class RunsTableModel : public QAbstractTableModel, public QueryableRows {
    Q_OBJECT
public:
    // Columns before the metric columns; Duration and Started follow them (see column()).
    enum Fixed { Id, Star, Status, Name, Tags, Model, Optimizer, LearningRate, Batch, Epochs, FixedCount };
    enum class Role {
        Sort = Qt::UserRole + 1, // numbers as doubles, so sorting by a metric is numeric
        RunId,                   // qint64
        Search,                  // the row's text, lowercased, for the filter
        Key,                     // headerData: the column's key for "key:text" filters
    };

    explicit RunsTableModel(QObject *parent = nullptr);

    void setRuns(const QList<db::RunRecord> &runs);
    // The project's tags, notes and stars by run id (runs absent have none); rows whose
    // annotations changed are updated. Kept for runs added later.
    void setAnnotations(const QHash<std::int64_t, db::RunAnnotations> &annotations);
    void setRunAnnotations(std::int64_t runId, const db::RunAnnotations &annotations);
    db::RunAnnotations annotationsOf(std::int64_t runId) const { return m_annotations.value(runId); }
    // Every run of the table as its lineage needs it (core/RunLineage).
    QList<LineageRun> lineageRuns() const;
    // Updates the run's row, or inserts it at the top when it is new.
    void updateRun(const db::RunRecord &run);
    // From a worker's progress lines, between the summary updates in the store.
    void setProgress(std::int64_t runId, int epoch, int epochs, double fraction);
    void clear();

    int rowOf(std::int64_t runId) const;
    std::int64_t runIdAt(int row) const;
    db::RunStatus statusAt(int row) const;
    std::int64_t newestRunId() const;
    // Runs still queued or running.
    QList<std::int64_t> activeRunIds() const;

    int durationColumn() const { return FixedCount + int(m_metricKeys.size()); }
    int startedColumn() const { return durationColumn() + 1; }
    // The column of a summary metric such as "validation/loss"; -1 when no run reports it.
    int metricColumn(const QString &key) const;
    QStringList metricKeys() const { return m_metricKeys; }

    const query::RunFields &queryFields(int row) const override { return m_rows.at(row).fields; }
    query::FieldCatalog queryCatalog() const override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Shared with the detail view and the plot legend.
    static QString statusText(db::RunStatus status);

private:
    struct Row {
        std::int64_t id = 0;
        std::optional<std::int64_t> parentRunId;
        QString configSha256; // a child with its parent's is a re-run, else a fork
        db::RunStatus status = db::RunStatus::Queued;
        QString name;
        QString model;     // "mlp 64-32"
        QString optimizer; // "adam"
        double learningRate = 0;
        int batch = 0;
        int epochs = 0;
        QJsonObject summary;
        QString errorTail;
        QString startedAt;                              // ISO 8601, UTC
        double startedSeconds = 0, finishedSeconds = 0; // since the epoch; NaN when not yet
        bool cancelRequested = false;
        double progress = -1; // fraction of the run, from the worker's lines
        int progressEpoch = 0;
        db::RunRecord record; // to build the query fields again when the annotations change
        db::RunAnnotations annotations;
        query::RunFields fields; // for the query; its searchText is the Search role
    };
    Row rowFrom(const db::RunRecord &run) const;
    static void annotate(Row &row, const db::RunAnnotations &annotations);
    static bool metricBefore(const QString &a, const QString &b);
    // The metric columns of these rows, for a reset.
    void adoptMetricKeys(const QList<Row> &rows);
    // Adds columns for summary keys not seen yet, telling the views.
    void insertMetricColumns(const QJsonObject &summary);
    QVariant display(const Row &row, int column) const;
    // The run's name, with "(re-run of #3)" or "(fork of #3)" for a child run.
    QString nameText(const Row &row) const;
    QVariant sortValue(const Row &row, int column) const;
    double durationSeconds(const Row &row) const;
    void reindex();

    QList<Row> m_rows;
    QHash<std::int64_t, db::RunAnnotations> m_annotations;
    QHash<std::int64_t, int> m_rowOfRun;
    QStringList m_metricKeys;
};

} // namespace mb::ui
