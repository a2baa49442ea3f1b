// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunsTableModel.h"

#include "app/services/RunFamily.h"
#include "app/services/RunQueryFields.h"
#include "core/ExternalRun.h"
#include "core/NumberText.h"
#include "ui/shell/Theme.h"

#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QSet>

#include <cmath>
#include <limits>

namespace mb::ui {
namespace {

const QString kEpochsDone = QStringLiteral("epochs_done");

// Metric columns in the order a reader looks for them; keys not listed follow alphabetically.
int metricPriority(const QString &key)
{
    static const QStringList first{QStringLiteral("validation/loss"), QStringLiteral("validation/weighted_loss"),
                                   QStringLiteral("validation/accuracy"), QStringLiteral("validation/rmse"),
                                   QStringLiteral("validation/mae")};
    static const QStringList last{QStringLiteral("best_epoch"), QStringLiteral("samples_per_s")};
    if (const qsizetype i = first.indexOf(key); i >= 0)
        return int(i);
    if (const qsizetype i = last.indexOf(key); i >= 0)
        return 1000 + int(i);
    // The held-out test metrics next: they are what a run is judged by once it ends.
    if (key.startsWith(QLatin1String("test/")))
        return 50;
    return key.startsWith(QLatin1String("validation/")) ? 100 : key.startsWith(QLatin1String("train/")) ? 200 : 300;
}

// Two short lines, the group over the name ("val" over "accuracy"), so a dozen metric columns
// stay narrow; the tooltip has the series name.
QString metricHeader(const QString &key)
{
    if (key == QLatin1String("samples_per_s"))
        return QObject::tr("samples/s");
    if (key == QLatin1String("best_epoch"))
        return QObject::tr("best\nepoch");
    if (key == QLatin1String("epoch/train_loss"))
        return QObject::tr("train\nloss");
    // validation/engagement/accuracy: "val engagement" over "accuracy".
    const qsizetype slash = key.lastIndexOf(QLatin1Char('/'));
    QString group = key.left(slash);
    if (group.startsWith(QLatin1String("validation")))
        group.replace(0, 10, QObject::tr("val"));
    QString name = key.mid(slash + 1);
    return group.replace(QLatin1Char('/'), QLatin1Char(' ')) + QLatin1Char('\n') +
           name.replace(QLatin1Char('_'), QLatin1Char(' '));
}

// The store's own format (utcTimestamp: 2026-01-31T12:34:56.789Z) read by hand: QDateTime's
// parser made up a fifth of opening 10 000 runs. Anything else goes through QDateTime.
double secondsSinceEpoch(const QString &iso)
{
    if (iso.isEmpty())
        return std::numeric_limits<double>::quiet_NaN();
    const auto digits = [&iso](int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; ++i) {
            const int d = iso.at(i).unicode() - '0';
            if (d < 0 || d > 9)
                return -1;
            value = value * 10 + d;
        }
        return value;
    };
    if (iso.size() == 24 && iso.at(10) == QLatin1Char('T') && iso.at(23) == QLatin1Char('Z')) {
        const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
        const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2), ms = digits(20, 3);
        const QDate date(year, month, day);
        if (date.isValid() && std::min({hour, minute, second, ms}) >= 0) {
            constexpr qint64 kUnixEpochJulianDay = 2440588;
            return double(date.toJulianDay() - kUnixEpochJulianDay) * 86400.0 + hour * 3600 + minute * 60 + second +
                   ms / 1000.0;
        }
    }
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return time.isValid() ? double(time.toMSecsSinceEpoch()) / 1000.0 : std::numeric_limits<double>::quiet_NaN();
}

QString modelText(const QJsonObject &model)
{
    const QString kind = model.value(QStringLiteral("kind")).toString(QStringLiteral("mlp"));
    if (kind == QLatin1String("linear"))
        return kind;
    QStringList widths;
    const QJsonArray sizes =
        model.value(kind == QLatin1String("cnn") ? QStringLiteral("channels") : QStringLiteral("hidden")).toArray();
    for (const QJsonValue &v : sizes)
        widths << QString::number(v.toInt());
    return widths.isEmpty() ? kind : kind + QLatin1Char(' ') + widths.join(QLatin1Char('-'));
}

} // namespace

RunsTableModel::RunsTableModel(QObject *parent) : QAbstractTableModel(parent) {}

QString RunsTableModel::statusText(db::RunStatus status)
{
    return db::toKey(status);
}

RunsTableModel::Row RunsTableModel::rowFrom(const db::RunRecord &run) const
{
    Row row;
    row.id = run.id;
    row.parentRunId = run.parentRunId;
    row.configSha256 = run.configSha256;
    row.status = run.status;
    row.name = run.name;
    // An external run shows the tool that trained it: "external: scikit-learn 1.2.1".
    row.model = isExternalRun(run.config) ? externalRunSummary(run.config)
                                          : modelText(run.config.value(QStringLiteral("model")).toObject());
    const QJsonObject optimizer = run.config.value(QStringLiteral("optimizer")).toObject();
    row.optimizer = optimizer.value(QStringLiteral("kind")).toString();
    row.learningRate = optimizer.value(QStringLiteral("lr")).toDouble(std::numeric_limits<double>::quiet_NaN());
    row.batch = run.config.value(QStringLiteral("batch_size")).toInt();
    row.epochs = run.config.value(QStringLiteral("epochs")).toInt();
    row.summary = services::summaryOfKeptModel(run.summary);
    row.errorTail = run.errorTail;
    row.startedAt = run.startedAt;
    // Parsed once: sorting by duration compares them many times.
    row.startedSeconds = secondsSinceEpoch(run.startedAt);
    row.finishedSeconds = secondsSinceEpoch(run.finishedAt);
    row.cancelRequested = run.cancelRequested;
    row.record = run;
    annotate(row, m_annotations.value(run.id));
    return row;
}

// The query fields, built once per row rather than per keystroke.
void RunsTableModel::annotate(Row &row, const db::RunAnnotations &annotations)
{
    row.annotations = annotations;
    row.fields = services::runQueryFields(row.record, annotations);
    // What the table shows of a run's duration, for `duration > 600` (seconds).
    if (!std::isnan(row.startedSeconds) && !std::isnan(row.finishedSeconds))
        row.fields.numbers.insert(QStringLiteral("duration"), row.finishedSeconds - row.startedSeconds);
}

void RunsTableModel::setAnnotations(const QHash<std::int64_t, db::RunAnnotations> &annotations)
{
    m_annotations = annotations;
    for (int r = 0; r < m_rows.size(); ++r) {
        Row &row = m_rows[r];
        const db::RunAnnotations now = annotations.value(row.id);
        if (now == row.annotations)
            continue;
        annotate(row, now);
        Q_EMIT dataChanged(index(r, 0), index(r, columnCount() - 1));
    }
}

void RunsTableModel::setRunAnnotations(std::int64_t runId, const db::RunAnnotations &annotations)
{
    if (annotations == db::RunAnnotations{})
        m_annotations.remove(runId);
    else
        m_annotations.insert(runId, annotations);
    const int r = rowOf(runId);
    if (r < 0)
        return;
    annotate(m_rows[r], annotations);
    Q_EMIT dataChanged(index(r, 0), index(r, columnCount() - 1));
}

QList<LineageRun> RunsTableModel::lineageRuns() const
{
    QList<LineageRun> runs;
    runs.reserve(m_rows.size());
    for (const Row &row : m_rows) {
        // The row's status and summary follow the worker's lines; its record is as last read.
        db::RunRecord live = row.record;
        live.status = row.status;
        live.summary = row.summary;
        runs << services::lineageRun(live);
    }
    return runs;
}

query::FieldCatalog RunsTableModel::queryCatalog() const
{
    query::FieldCatalog catalog;
    catalog.statuses = services::runStatusKeys();
    QSet<QString> numbers, texts;
    for (const Row &row : m_rows) {
        for (auto it = row.fields.numbers.constBegin(); it != row.fields.numbers.constEnd(); ++it)
            numbers.insert(it.key());
        for (auto it = row.fields.texts.constBegin(); it != row.fields.texts.constEnd(); ++it)
            texts.insert(it.key());
    }
    catalog.numbers = QStringList(numbers.cbegin(), numbers.cend());
    catalog.texts = QStringList(texts.cbegin(), texts.cend());
    catalog.numbers.sort();
    catalog.texts.sort();
    return catalog;
}

void RunsTableModel::setRuns(const QList<db::RunRecord> &runs)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(runs.size());
    for (const db::RunRecord &run : runs)
        m_rows << rowFrom(run);
    m_metricKeys.clear();
    adoptMetricKeys(m_rows);
    reindex();
    endResetModel();
}

void RunsTableModel::clear()
{
    setRuns({});
}

bool RunsTableModel::metricBefore(const QString &a, const QString &b)
{
    const int pa = metricPriority(a), pb = metricPriority(b);
    return pa != pb ? pa < pb : a < b;
}

void RunsTableModel::adoptMetricKeys(const QList<Row> &rows)
{
    for (const Row &row : rows)
        for (auto it = row.summary.constBegin(); it != row.summary.constEnd(); ++it)
            if (services::isSummaryMetric(it.key(), it.value()) && !m_metricKeys.contains(it.key()))
                m_metricKeys << it.key();
    std::stable_sort(m_metricKeys.begin(), m_metricKeys.end(), &RunsTableModel::metricBefore);
}

void RunsTableModel::insertMetricColumns(const QJsonObject &summary)
{
    // Inserted one by one in their place, so views keep their selection and column widths.
    for (auto it = summary.constBegin(); it != summary.constEnd(); ++it) {
        if (!services::isSummaryMetric(it.key(), it.value()) || m_metricKeys.contains(it.key()))
            continue;
        const auto at =
            std::lower_bound(m_metricKeys.begin(), m_metricKeys.end(), it.key(), &RunsTableModel::metricBefore);
        const int position = int(at - m_metricKeys.begin());
        beginInsertColumns({}, FixedCount + position, FixedCount + position);
        m_metricKeys.insert(position, it.key());
        endInsertColumns();
    }
}

void RunsTableModel::updateRun(const db::RunRecord &run)
{
    Row row = rowFrom(run);
    const int existing = rowOf(run.id);
    if (existing >= 0 && row.status == db::RunStatus::Running) {
        // A worker's progress line is newer than a summary that does not reach its epoch yet.
        row.progress = m_rows.at(existing).progress;
        row.progressEpoch = m_rows.at(existing).progressEpoch;
    }
    insertMetricColumns(row.summary);
    if (existing >= 0) {
        m_rows[existing] = row;
        Q_EMIT dataChanged(index(existing, 0), index(existing, columnCount() - 1));
        return;
    }
    // New runs have the highest ids and the table lists newest first.
    beginInsertRows({}, 0, 0);
    m_rows.prepend(row);
    reindex();
    endInsertRows();
}

void RunsTableModel::setProgress(std::int64_t runId, int epoch, int epochs, double fraction)
{
    const int r = rowOf(runId);
    if (r < 0)
        return;
    Row &row = m_rows[r];
    row.progress = fraction;
    row.progressEpoch = epoch;
    if (epochs > 0)
        row.epochs = epochs;
    if (row.status == db::RunStatus::Queued)
        row.status = db::RunStatus::Running; // the worker has started; the store says so at the next poll
    Q_EMIT dataChanged(index(r, Status), index(r, Epochs));
}

void RunsTableModel::reindex()
{
    m_rowOfRun.clear();
    m_rowOfRun.reserve(m_rows.size());
    for (int r = 0; r < m_rows.size(); ++r)
        m_rowOfRun.insert(m_rows.at(r).id, r);
}

int RunsTableModel::rowOf(std::int64_t runId) const
{
    return m_rowOfRun.value(runId, -1);
}

std::int64_t RunsTableModel::runIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

db::RunStatus RunsTableModel::statusAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).status : db::RunStatus::Failed;
}

std::int64_t RunsTableModel::newestRunId() const
{
    return m_rows.isEmpty() ? 0 : m_rows.constFirst().id;
}

QList<std::int64_t> RunsTableModel::activeRunIds() const
{
    QList<std::int64_t> ids;
    for (const Row &row : m_rows)
        if (!db::isFinal(row.status))
            ids << row.id;
    return ids;
}

int RunsTableModel::metricColumn(const QString &key) const
{
    const qsizetype i = m_metricKeys.indexOf(key);
    return i < 0 ? -1 : FixedCount + int(i);
}

int RunsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : startedColumn() + 1;
}

double RunsTableModel::durationSeconds(const Row &row) const
{
    if (std::isnan(row.startedSeconds))
        return row.startedSeconds;
    const double end =
        std::isnan(row.finishedSeconds) ? double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 : row.finishedSeconds;
    return end - row.startedSeconds;
}

QString RunsTableModel::nameText(const Row &row) const
{
    const QString name = row.name.isEmpty() ? tr("(unnamed)") : row.name;
    if (!row.parentRunId)
        return name;
    // A re-run carries its parent's name and config: without this the two read as one run twice.
    const int parent = m_rowOfRun.value(*row.parentRunId, -1);
    if (parent < 0)
        return tr("%1 (child of #%2)").arg(name).arg(*row.parentRunId);
    return m_rows.at(parent).configSha256 == row.configSha256 ? tr("%1 (re-run of #%2)").arg(name).arg(*row.parentRunId)
                                                              : tr("%1 (fork of #%2)").arg(name).arg(*row.parentRunId);
}

QVariant RunsTableModel::display(const Row &row, int column) const
{
    switch (column) {
    case Id:
        return QString::number(row.id);
    case Star:
        return row.annotations.starred ? QStringLiteral("★") : QString();
    case Tags:
        return row.annotations.tags.join(QStringLiteral(", "));
    case Status:
        if (row.status == db::RunStatus::Running && row.cancelRequested)
            return tr("cancelling…");
        if (row.status == db::RunStatus::Running && row.progress >= 0)
            return tr("running %1%").arg(int(row.progress * 100));
        return statusText(row.status);
    case Name:
        return nameText(row);
    case Model:
        return row.model;
    case Optimizer:
        return row.optimizer;
    case LearningRate:
        return std::isnan(row.learningRate) ? QString() : formatNumber(row.learningRate);
    case Batch:
        return row.batch > 0 ? QString::number(row.batch) : QString();
    case Epochs: {
        const int done = std::max(row.progressEpoch, row.summary.value(kEpochsDone).toInt());
        if (row.status == db::RunStatus::Queued || (done == 0 && row.status != db::RunStatus::Running))
            return row.epochs > 0 ? QString::number(row.epochs) : QString();
        return tr("%1 / %2").arg(done).arg(row.epochs);
    }
    default:
        break;
    }
    if (column == durationColumn())
        return formatDuration(durationSeconds(row));
    if (column == startedColumn()) {
        if (row.startedAt.isEmpty())
            return row.status == db::RunStatus::Queued ? tr("waiting") : QString();
        // Short within the year; the full date is in the tooltip.
        const QDateTime started = QDateTime::fromString(row.startedAt, Qt::ISODateWithMs).toLocalTime();
        return started.toString(started.date().year() == QDate::currentDate().year() ? QStringLiteral("MM-dd HH:mm")
                                                                                     : QStringLiteral("yyyy-MM-dd"));
    }
    const QJsonValue value = row.summary.value(m_metricKeys.value(column - FixedCount));
    if (value.isDouble()) {
        const QString &key = m_metricKeys.at(column - FixedCount);
        if (key == QLatin1String("best_epoch"))
            return QString::number(value.toInt());
        return formatNumber(value.toDouble());
    }
    return value.isString() ? value.toString() : QString();
}

QVariant RunsTableModel::sortValue(const Row &row, int column) const
{
    switch (column) {
    case Id:
        return double(row.id);
    case Star:
        return row.annotations.starred ? 1.0 : 0.0;
    case Tags:
        return row.annotations.tags.join(QStringLiteral(", "));
    case Status:
        return statusText(row.status);
    case Name:
        return row.name;
    case Model:
        return row.model;
    case Optimizer:
        return row.optimizer;
    case LearningRate:
        return row.learningRate;
    case Batch:
        return double(row.batch);
    case Epochs:
        return double(row.epochs);
    default:
        break;
    }
    if (column == durationColumn())
        return durationSeconds(row);
    if (column == startedColumn())
        return row.startedSeconds;
    const QJsonValue value = row.summary.value(m_metricKeys.value(column - FixedCount));
    if (value.isDouble())
        return value.toDouble();
    return std::numeric_limits<double>::quiet_NaN(); // no value: the proxy sorts these last
}

QVariant RunsTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case int(Role::Sort):
        return sortValue(row, index.column());
    case int(Role::RunId):
        return qint64(row.id);
    case int(Role::Search):
        return row.fields.searchText;
    case Qt::TextAlignmentRole:
        if (index.column() == Star)
            return int(Qt::AlignCenter);
        if (index.column() == Id || index.column() == LearningRate || index.column() == Batch ||
            (index.column() >= FixedCount && index.column() < startedColumn()))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Status && (row.status == db::RunStatus::Failed || row.status == db::RunStatus::Diverged ||
                                         row.status == db::RunStatus::Interrupted))
            return errorTextColor();
        if (index.column() == Status && row.status == db::RunStatus::Finished)
            return okTextColor();
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Status && !row.errorTail.isEmpty())
            return row.errorTail.right(600);
        if (index.column() == Name && row.parentRunId)
            return tr("Child of run #%1").arg(*row.parentRunId);
        if (index.column() == Name && !row.annotations.note.isEmpty())
            return row.annotations.note;
        if (index.column() == Star)
            return row.annotations.starred ? tr("Starred: click to take the star away") : tr("Click to star the run");
        if (index.column() == Tags && !row.annotations.tags.isEmpty())
            return row.annotations.tags.join(QStringLiteral(", "));
        if (index.column() == startedColumn() && !row.startedAt.isEmpty())
            return QDateTime::fromString(row.startedAt, Qt::ISODateWithMs)
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        return {};
    default:
        return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const QStringList fixed{tr("#"),     QStringLiteral("★"), tr("Status"), tr("Name"),  tr("Tags"),
                                   tr("Model"), tr("Optimizer"),     tr("LR"),     tr("Batch"), tr("Epochs")};
    static const QStringList fixedKeys{QStringLiteral("id"),        QStringLiteral("star"), QStringLiteral("status"),
                                       QStringLiteral("name"),      QStringLiteral("tags"), QStringLiteral("model"),
                                       QStringLiteral("optimizer"), QStringLiteral("lr"),   QStringLiteral("batch"),
                                       QStringLiteral("epochs")};
    const bool metric = section >= FixedCount && section < durationColumn();
    if (role == Qt::DisplayRole) {
        if (section < FixedCount)
            return fixed.value(section);
        if (metric)
            return metricHeader(m_metricKeys.at(section - FixedCount));
        return section == durationColumn() ? tr("Duration") : tr("Started");
    }
    if (role == int(Role::Key)) {
        if (section < FixedCount)
            return fixedKeys.value(section);
        if (metric)
            return m_metricKeys.at(section - FixedCount);
        return section == durationColumn() ? QStringLiteral("duration") : QStringLiteral("started");
    }
    if (role == Qt::ToolTipRole) {
        if (metric)
            return tr("%1, from the run's summary: the kept model's (its best epoch) once the run has ended, the "
                      "latest epoch's while it trains")
                .arg(m_metricKeys.at(section - FixedCount));
        if (section == LearningRate)
            return tr("Learning rate");
        if (section == Star)
            return tr("Starred runs; click a cell to star or unstar its run");
        if (section == Epochs)
            return tr("Epochs done / epochs configured");
        if (section == startedColumn())
            return tr("Local time");
    }
    return {};
}

} // namespace mb::ui
