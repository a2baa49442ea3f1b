// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"
#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/RunComparison.h"
#include "db/RunAnnotationRepository.h"
#include "ui/runs/QueryableRows.h"
#include "ui/runs/RunsTableModel.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QStringList>

#include <vector>

namespace mb::ui {

// The Compare page's table: one row per run, with its ML metrics, the framing's business metrics
// (recomputed from the stored predictions), latency percentiles, and one pass/fail column per
// stakeholder requirement, then how many requirements pass. The roles are RunsTableModel's, so
// RunsFilterModel sorts (numerically, missing values last) and filters this table too, by the same
// query as the Runs page (docs/QUERY.md); a column's key also names it there ("config ~ linear",
// "pass >= 2", a stakeholder's role = FAIL).
// Thread contract: GUI thread.
class CompareTableModel : public QAbstractTableModel, public QueryableRows {
    Q_OBJECT
public:
    using Role = RunsTableModel::Role;
    enum class ColumnKind { Run, Status, Config, Ml, Business, Latency, Requirement, Stakeholders };

    struct Column {
        ColumnKind kind;
        QString key;    // the metric name, or the column's filter key (run, status, config, role)
        QString header; // what the header shows
        int requirement = -1;
    };
    // Everything the table shows, built whole before it is shown. Building it for 10 000 runs
    // (columns, every row's query fields, the row index) takes far longer than a frame, so the
    // Compare page builds it on its reader's thread and the GUI thread only swaps it in (setContent).
    // Nothing in it refers to a model: any thread may build one, and hand it over by value.
    struct Content {
        QList<services::RunMetrics> runs;
        Framing framing;
        QHash<std::int64_t, db::RunAnnotations> annotations;
        QHash<std::int64_t, int> rowOf;       // run id -> row: selecting thousands of runs stays linear
        std::vector<query::RunFields> fields; // per row
        query::FieldCatalog catalog;          // what the fields hold, for the filter's query
        QStringList ml;
        QStringList latency;
        QList<Column> columns;
        QList<business::ComparedRun> compared; // the runs as business/RunComparison compares them
        business::MetricColumns metricColumns;  // the same by metric
        // Per column, every row's sort number (Role::Sort) for the run, requirement and
        // stakeholder columns; empty for the others (metric columns sort by metricColumns).
        std::vector<std::vector<double>> sortKeys;
    };
    static Content contentOf(QList<services::RunMetrics> runs, const Framing &framing,
                             QHash<std::int64_t, db::RunAnnotations> annotations);

    explicit CompareTableModel(QObject *parent = nullptr);

    // Shows `content` in one model reset; the content shown before is given back, so the caller may
    // free it where it costs the window nothing.
    Content setContent(Content content);
    // The runs' tags, notes and stars, for the query; kept for the next setRuns.
    void setAnnotations(const QHash<std::int64_t, db::RunAnnotations> &annotations);
    const QHash<std::int64_t, db::RunAnnotations> &annotations() const { return m_content.annotations; }

    const query::RunFields &queryFields(int row) const override { return m_content.fields.at(std::size_t(row)); }
    query::FieldCatalog queryCatalog() const override;
    const std::vector<double> *sortKeys(int column) const override;
    const QList<services::RunMetrics> &runs() const { return m_content.runs; }
    // The runs in the same order, as the scatter, the banner and the metric choices compare them.
    const QList<business::ComparedRun> &comparedRuns() const { return m_content.compared; }
    const business::MetricColumns &metricColumns() const { return m_content.metricColumns; }
    const Framing &framing() const { return m_content.framing; }

    // The metric names by kind, as the selectors offer them. ML metrics are every number the runs'
    // evaluations stored (test/roc_auc, test/quality/log_loss, ...), sorted.
    QStringList mlMetrics() const { return m_content.ml; }
    QStringList businessMetrics() const;
    QStringList latencyMetrics() const { return m_content.latency; }
    QStringList allMetrics() const { return m_content.ml + businessMetrics() + m_content.latency; }

    // The column of a metric, or -1.
    int columnOf(const QString &metric) const;
    ColumnKind kindOf(int column) const;
    int rowOf(std::int64_t runId) const;
    // "clicks_at_100 (clicks)", "test/roc_auc", "latency_p99_ms".
    QString metricLabel(const QString &metric) const;

    // The table as shown (this model's rows and columns, numbers in full precision): CSV with a
    // header row (data::CsvWriter: RFC 4180, CRLF), or JSON ({"runs": [{"run": 3, "name": ..., "metrics": {...},
    // "stakeholders": [...]}]}). The format follows the suffix (.csv, .json). Errors: an unknown suffix, an unwritable
    // file.
    Status exportTo(const QString &path) const;

    // A metric's cell as the table shows it (ML, business or latency): the number, "n/a" for a
    // business metric that cannot be evaluated for the run, empty when there is none. The report
    // prints the same text.
    static QString metricText(const services::RunMetrics &run, const QString &metric);
    // A requirement's cell: "pass", "FAIL" or "unknown".
    static QString outcomeText(business::RequirementOutcome outcome);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static QVariant cellValue(const services::RunMetrics &run, const Column &column); // a double, or text
    static QString cellText(const services::RunMetrics &run, const Column &column);
    static std::vector<query::RunFields> queryFieldsOf(const QList<services::RunMetrics> &runs,
                                                       const QList<Column> &columns,
                                                       const QHash<std::int64_t, db::RunAnnotations> &annotations);
    QByteArray csv() const;
    QByteArray json() const;

    Content m_content;
};

} // namespace mb::ui
