// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/CompareTableModel.h"

#include "app/services/RunQueryFields.h"
#include "core/NumberText.h"
#include "core/TrainingConfig.h"
#include "core/business/RunComparison.h"
#include "core/data/CsvWriter.h"
#include "ui/shell/Theme.h"

#include <QBrush>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace mb::ui {

namespace {

int passCount(const services::RunMetrics &run)
{
    int passed = 0;
    for (const business::RequirementResult &r : run.requirements)
        passed += r.outcome == business::RequirementOutcome::Pass;
    return passed;
}

} // namespace

CompareTableModel::CompareTableModel(QObject *parent) : QAbstractTableModel(parent) {}

QString CompareTableModel::outcomeText(business::RequirementOutcome outcome)
{
    switch (outcome) {
    case business::RequirementOutcome::Pass:
        return QStringLiteral("pass");
    case business::RequirementOutcome::Fail:
        return QStringLiteral("FAIL");
    case business::RequirementOutcome::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString CompareTableModel::metricText(const services::RunMetrics &run, const QString &metric)
{
    const double v = run.values.value(metric, std::nan(""));
    if (!std::isnan(v))
        return formatNumber(v);
    for (const services::BusinessMetricOutcome &b : run.businessMetrics)
        if (b.name == metric && !b.error.isEmpty())
            return tr("n/a");
    return {};
}

CompareTableModel::Content CompareTableModel::contentOf(QList<services::RunMetrics> runs, const Framing &framing,
                                                        QHash<std::int64_t, db::RunAnnotations> annotations)
{
    Content content;
    content.runs = std::move(runs);
    content.framing = framing;
    content.annotations = std::move(annotations);
    content.rowOf.reserve(content.runs.size());
    for (int r = 0; r < content.runs.size(); ++r)
        content.rowOf.insert(content.runs.at(r).run.id, r);
    content.compared.reserve(content.runs.size());
    for (const services::RunMetrics &run : std::as_const(content.runs))
        content.compared.append({run.run.id, run.run.name, run.values});
    content.metricColumns = business::MetricColumns(content.compared);
    business::ComparedMetricNames names = business::comparedMetricNames(content.compared, framing);
    content.ml = std::move(names.ml);
    content.latency = std::move(names.latency);

    // Business metrics and the stakeholders' verdict next to the run, then what explains them: ML
    // metrics, latency, each requirement, and the model.
    content.columns = {{ColumnKind::Run, QStringLiteral("run"), tr("Run")},
                       {ColumnKind::Status, QStringLiteral("status"), tr("Status")}};
    for (const BusinessMetric &m : framing.businessMetrics)
        content.columns.append({ColumnKind::Business, m.name, business::metricLabel(m.name, framing)});
    if (!framing.stakeholders.isEmpty())
        content.columns.append({ColumnKind::Stakeholders, QStringLiteral("pass"), tr("Requirements met")});
    for (const QString &m : std::as_const(content.ml))
        content.columns.append({ColumnKind::Ml, m, m});
    for (const QString &m : std::as_const(content.latency))
        content.columns.append({ColumnKind::Latency, m, m});
    for (int i = 0; i < framing.stakeholders.size(); ++i) {
        const Stakeholder &s = framing.stakeholders.at(i);
        content.columns.append({ColumnKind::Requirement, s.role,
                                QStringLiteral("%1: %2 %3 %4")
                                    .arg(s.role, s.requirementMetric, toKey(s.comparator),
                                         formatNumber(s.requirementValue)),
                                i});
    }
    content.columns.append({ColumnKind::Config, QStringLiteral("config"), tr("Model")});
    content.fields = queryFieldsOf(content.runs, content.columns, content.annotations);
    content.catalog = query::catalogOf(content.fields, services::runStatusKeys());
    content.sortKeys.resize(std::size_t(content.columns.size()));
    for (int c = 0; c < content.columns.size(); ++c) {
        const Column &column = content.columns.at(c);
        if (column.kind != ColumnKind::Run && column.kind != ColumnKind::Requirement &&
            column.kind != ColumnKind::Stakeholders)
            continue;
        std::vector<double> &keys = content.sortKeys[std::size_t(c)];
        keys.reserve(std::size_t(content.runs.size()));
        for (const services::RunMetrics &run : std::as_const(content.runs))
            keys.push_back(cellValue(run, column).toDouble());
    }
    return content;
}

const std::vector<double> *CompareTableModel::sortKeys(int column) const
{
    if (column < 0 || column >= m_content.columns.size())
        return nullptr;
    const Column &c = m_content.columns.at(column);
    switch (c.kind) {
    case ColumnKind::Ml:
    case ColumnKind::Business:
    case ColumnKind::Latency:
        return &m_content.metricColumns.values(c.key); // what cellValue gives, NaN where none
    case ColumnKind::Run:
    case ColumnKind::Requirement:
    case ColumnKind::Stakeholders:
        return &m_content.sortKeys.at(std::size_t(column));
    case ColumnKind::Status:
    case ColumnKind::Config:
        break;
    }
    return nullptr;
}

CompareTableModel::Content CompareTableModel::setContent(Content content)
{
    beginResetModel();
    std::swap(m_content, content);
    endResetModel();
    return content;
}

void CompareTableModel::setAnnotations(const QHash<std::int64_t, db::RunAnnotations> &annotations)
{
    if (annotations == m_content.annotations)
        return;
    m_content.annotations = annotations;
    m_content.fields = queryFieldsOf(m_content.runs, m_content.columns, m_content.annotations);
    m_content.catalog = query::catalogOf(m_content.fields, services::runStatusKeys());
    if (!m_content.runs.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1)); // the filter looks again
}

// The run as the query sees it (services::runQueryFields plus its judged values), and every column
// by its key: "config ~ linear", "pass >= 2", a requirement's role = FAIL.
std::vector<query::RunFields>
CompareTableModel::queryFieldsOf(const QList<services::RunMetrics> &runs, const QList<Column> &columns,
                                 const QHash<std::int64_t, db::RunAnnotations> &annotations)
{
    // The columns a query names beyond the run's own fields (ML, business and latency values are
    // those already), chosen once: asked per run, the choice cost 10 000 times the columns.
    static const QStringList fixed = query::fixedFieldNames();
    QList<Column> named;
    for (const Column &column : columns)
        if (!fixed.contains(column.key, Qt::CaseInsensitive) &&
            (column.kind == ColumnKind::Stakeholders || column.kind == ColumnKind::Requirement ||
             column.kind == ColumnKind::Config || column.kind == ColumnKind::Run))
            named << column;
    std::vector<query::RunFields> all;
    all.reserve(std::size_t(runs.size()));
    for (const services::RunMetrics &run : runs) {
        query::RunFields fields = services::runQueryFields(run.run, annotations.value(run.run.id));
        services::addJudgedValues(fields, run);
        for (const Column &column : std::as_const(named)) {
            if (column.kind == ColumnKind::Stakeholders)
                fields.numbers.insert(column.key, cellValue(run, column).toDouble()); // the passes, a number
            else
                fields.texts.insert(column.key, cellText(run, column));
        }
        all.push_back(std::move(fields));
    }
    return all;
}

query::FieldCatalog CompareTableModel::queryCatalog() const
{
    return m_content.catalog;
}

QStringList CompareTableModel::businessMetrics() const
{
    QStringList names;
    for (const BusinessMetric &m : m_content.framing.businessMetrics)
        names << m.name;
    return names;
}

int CompareTableModel::columnOf(const QString &metric) const
{
    for (int c = 0; c < m_content.columns.size(); ++c) {
        const ColumnKind kind = m_content.columns.at(c).kind;
        if ((kind == ColumnKind::Ml || kind == ColumnKind::Business || kind == ColumnKind::Latency) &&
            m_content.columns.at(c).key == metric)
            return c;
    }
    return -1;
}

CompareTableModel::ColumnKind CompareTableModel::kindOf(int column) const
{
    return m_content.columns.value(column, Column{ColumnKind::Run, {}, {}}).kind;
}

int CompareTableModel::rowOf(std::int64_t runId) const
{
    return m_content.rowOf.value(runId, -1);
}

QString CompareTableModel::metricLabel(const QString &metric) const
{
    return business::metricLabel(metric, m_content.framing);
}

int CompareTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_content.runs.size());
}

int CompareTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_content.columns.size());
}

QVariant CompareTableModel::cellValue(const services::RunMetrics &run, const Column &column)
{
    switch (column.kind) {
    case ColumnKind::Run:
        return double(run.run.id);
    case ColumnKind::Status:
        return db::toKey(run.run.status);
    case ColumnKind::Config:
        return trainingConfigSummary(run.run.config);
    case ColumnKind::Ml:
    case ColumnKind::Business:
    case ColumnKind::Latency:
        return run.values.value(column.key, std::nan(""));
    case ColumnKind::Requirement: {
        const business::RequirementResult &r = run.requirements.at(column.requirement);
        // Sorting puts passes first, then failures, then the unknown.
        return r.outcome == business::RequirementOutcome::Pass   ? 2.0
               : r.outcome == business::RequirementOutcome::Fail ? 1.0
                                                                 : std::nan("");
    }
    case ColumnKind::Stakeholders:
        return double(passCount(run));
    }
    return {};
}

QString CompareTableModel::cellText(const services::RunMetrics &run, const Column &column)
{
    switch (column.kind) {
    case ColumnKind::Run:
        return QStringLiteral("#%1 %2").arg(run.run.id).arg(run.run.name);
    case ColumnKind::Status:
        return RunsTableModel::statusText(run.run.status);
    case ColumnKind::Config:
        return trainingConfigSummary(run.run.config);
    case ColumnKind::Ml:
    case ColumnKind::Latency:
    case ColumnKind::Business:
        return metricText(run, column.key);
    case ColumnKind::Requirement:
        return outcomeText(run.requirements.at(column.requirement).outcome);
    case ColumnKind::Stakeholders:
        return QStringLiteral("%1/%2").arg(passCount(run)).arg(run.requirements.size());
    }
    return {};
}

QVariant CompareTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_content.runs.size() || index.column() >= m_content.columns.size())
        return {};
    const services::RunMetrics &run = m_content.runs.at(index.row());
    const Column &column = m_content.columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return cellText(run, column);
    case Qt::TextAlignmentRole:
        return column.kind == ColumnKind::Run || column.kind == ColumnKind::Config || column.kind == ColumnKind::Status
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column.kind == ColumnKind::Requirement) {
            const auto outcome = run.requirements.at(column.requirement).outcome;
            if (outcome == business::RequirementOutcome::Pass)
                return QBrush(okTextColor());
            if (outcome == business::RequirementOutcome::Fail)
                return QBrush(errorTextColor());
        }
        return {};
    case Qt::ToolTipRole:
        if (column.kind == ColumnKind::Requirement)
            return run.requirements.at(column.requirement).message;
        if (column.kind == ColumnKind::Business)
            for (const services::BusinessMetricOutcome &b : run.businessMetrics)
                if (b.name == column.key)
                    return b.error.isEmpty() ? b.notes.join(QLatin1Char('\n')) : b.error;
        return {};
    case int(Role::Sort):
        return cellValue(run, column);
    case int(Role::RunId):
        return qint64(run.run.id);
    case int(Role::Search):
        return m_content.fields.at(std::size_t(index.row())).searchText;
    default:
        return {};
    }
}

QVariant CompareTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_content.columns.size())
        return {};
    const Column &column = m_content.columns.at(section);
    if (role == Qt::DisplayRole)
        return column.header;
    if (role == int(Role::Key))
        return column.key;
    if (role == Qt::ToolTipRole) {
        switch (column.kind) {
        case ColumnKind::Ml:
            return tr("ML metric from the run's held-out evaluation");
        case ColumnKind::Business: {
            for (const BusinessMetric &m : m_content.framing.businessMetrics)
                if (m.name == column.key)
                    return tr("Business metric (%1 is better): %2")
                        .arg(m.direction == Direction::Maximize ? tr("higher") : tr("lower"), m.description);
            return {};
        }
        case ColumnKind::Latency:
            return tr("Inference latency for one item, in milliseconds");
        case ColumnKind::Requirement:
            return m_content.framing.stakeholders.at(column.requirement).note;
        default:
            return {};
        }
    }
    return {};
}

QByteArray CompareTableModel::csv() const
{
    data::CsvWriter out;
    for (const Column &c : m_content.columns) {
        if (c.kind == ColumnKind::Run) {
            out.addField(QStringLiteral("run"));
            out.addField(QStringLiteral("name"));
        } else {
            out.addField(c.header);
        }
    }
    out.endRecord();
    for (const services::RunMetrics &run : m_content.runs) {
        for (const Column &c : m_content.columns) {
            if (c.kind == ColumnKind::Run) {
                out.addField(QString::number(run.run.id));
                out.addField(run.run.name);
                continue;
            }
            if (c.kind == ColumnKind::Ml || c.kind == ColumnKind::Business || c.kind == ColumnKind::Latency) {
                // Numbers that read back as the ones the page compared, for a spreadsheet.
                out.addNumber(cellValue(run, c).toDouble());
            } else if (c.kind == ColumnKind::Requirement) {
                out.addField(outcomeText(run.requirements.at(c.requirement).outcome).toLower());
            } else {
                out.addField(cellText(run, c));
            }
        }
        out.endRecord();
    }
    return out.bytes();
}

QByteArray CompareTableModel::json() const
{
    QJsonArray rows;
    for (const services::RunMetrics &run : m_content.runs) {
        QJsonObject ml, business, latency;
        for (const Column &c : m_content.columns) {
            const double v = run.values.value(c.key, std::nan(""));
            const QJsonValue value = std::isfinite(v) ? QJsonValue(v) : QJsonValue();
            if (c.kind == ColumnKind::Ml)
                ml.insert(c.key, value);
            else if (c.kind == ColumnKind::Business)
                business.insert(c.key, value);
            else if (c.kind == ColumnKind::Latency)
                latency.insert(c.key, value);
        }
        QJsonArray stakeholders;
        for (const business::RequirementResult &r : run.requirements)
            stakeholders.append(QJsonObject{{QStringLiteral("role"), r.stakeholder.role},
                                            {QStringLiteral("metric"), r.stakeholder.requirementMetric},
                                            {QStringLiteral("outcome"), outcomeText(r.outcome).toLower()},
                                            {QStringLiteral("message"), r.message}});
        rows.append(QJsonObject{{QStringLiteral("run"), qint64(run.run.id)},
                                {QStringLiteral("name"), run.run.name},
                                {QStringLiteral("status"), db::toKey(run.run.status)},
                                {QStringLiteral("config"), trainingConfigSummary(run.run.config)},
                                {QStringLiteral("ml_metrics"), ml},
                                {QStringLiteral("business_metrics"), business},
                                {QStringLiteral("latency"), latency},
                                {QStringLiteral("stakeholders"), stakeholders}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("metricbridge.comparison")},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("runs"), rows}})
        .toJson(QJsonDocument::Indented);
}

Status CompareTableModel::exportTo(const QString &path) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray bytes;
    if (suffix == QLatin1String("csv"))
        bytes = csv();
    else if (suffix == QLatin1String("json"))
        bytes = json();
    else
        return Error{
            tr("Cannot export the table to '%1': choose a .csv or .json file").arg(QFileInfo(path).fileName())};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return Error{tr("Cannot write %1: %2").arg(path, file.errorString())};
    return success();
}

} // namespace mb::ui
