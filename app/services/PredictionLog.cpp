// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PredictionLog.h"

#include "app/services/ExternalRuns.h"
#include "app/services/PredictionEvaluation.h"
#include "core/data/CsvReader.h"
#include "core/data/ItemColumns.h"
#include "core/data/Split.h"
#include "core/data/ValueParsing.h"
#include "core/JsonReader.h"
#include "core/evaluation/LatencyProfile.h"
#include "core/evaluation/ReportedMetrics.h"
#include "db/DatasetRepository.h"
#include "db/RunRepository.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace mb::services {
namespace {

constexpr double kProbabilitySumTolerance = 1e-6; // predict_proba's rows add up to 1 within rounding

// What one file column feeds: a target's score, predicted class or value, or class k's probability.
struct FileColumn {
    enum class Kind { Row, Score, Predicted, Probability } kind = Kind::Row;
    std::size_t target = 0;
    int classIndex = 0;
};

// The columns a run's predictions take, by name, and those it needs.
struct Layout {
    QHash<QString, FileColumn> accepted;
    QStringList names; // in a sensible order, for messages
};

Layout layoutOf(const std::vector<evaluation::PredictedTarget> &targets)
{
    Layout layout;
    layout.accepted.insert(QStringLiteral("row"), {});
    layout.names << QStringLiteral("row");
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const evaluation::PredictedTarget &target = targets[t];
        const auto add = [&](const QString &name, FileColumn::Kind kind, int k = 0) {
            layout.accepted.insert(name, FileColumn{kind, t, k});
            layout.names << name;
        };
        if (target.kind == evaluation::TargetKind::Multiclass)
            for (int k = 0; k < target.classes; ++k)
                add(QStringLiteral("prob:%1:%2").arg(target.name).arg(k), FileColumn::Kind::Probability, k);
        else
            add(QStringLiteral("score:") + target.name, FileColumn::Kind::Score);
        add(QStringLiteral("predicted:") + target.name, FileColumn::Kind::Predicted);
    }
    return layout;
}

// Per target, what the file gave, one value per dataset row (NaN where no row gave one).
struct Given {
    std::vector<double> score, predicted;
    std::vector<std::vector<double>> probabilities;
    bool hasScore = false, hasPredicted = false;
};

QString text(std::string_view field)
{
    return QString::fromUtf8(field.data(), qsizetype(field.size()));
}

// The header's columns, checked: `row` and every column the targets need, nothing unknown.
Result<std::vector<FileColumn>> headerColumns(const QStringList &header, const Layout &layout,
                                              const std::vector<evaluation::PredictedTarget> &targets,
                                              std::vector<Given> &given)
{
    if (!header.contains(QStringLiteral("row")))
        return Error{QStringLiteral("the file has no column 'row': each line names its dataset row, counted from 1, "
                                    "as `dataset export` writes it")};
    std::vector<FileColumn> columns;
    QSet<QString> seen;
    for (const QString &name : header) {
        if (seen.contains(name))
            return Error{QStringLiteral("the column '%1' is in the header twice").arg(name)};
        seen.insert(name);
        const auto found = layout.accepted.constFind(name);
        if (found == layout.accepted.constEnd())
            return Error{QStringLiteral("the column '%1' is not one this run's predictions have; they have %2")
                             .arg(name, layout.names.join(QStringLiteral(", ")))};
        columns.push_back(*found);
        Given &g = given[found->target];
        g.hasScore = g.hasScore || found->kind == FileColumn::Kind::Score;
        g.hasPredicted = g.hasPredicted || found->kind == FileColumn::Kind::Predicted;
    }
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const evaluation::PredictedTarget &target = targets[t];
        if (target.kind == evaluation::TargetKind::Multiclass) {
            for (int k = 0; k < target.classes; ++k)
                if (const QString name = QStringLiteral("prob:%1:%2").arg(target.name).arg(k); !seen.contains(name))
                    return Error{
                        QStringLiteral("the file has no column '%1': multiclass predictions give every class's "
                                       "probability (prob:%2:0 to prob:%2:%3)")
                            .arg(name, target.name)
                            .arg(target.classes - 1)};
        } else if (target.kind == evaluation::TargetKind::Binary && !given[t].hasScore) {
            return Error{
                QStringLiteral("the file has no column 'score:%1', the probability that '%1' is 1").arg(target.name)};
        } else if (!given[t].hasScore && !given[t].hasPredicted) {
            return Error{QStringLiteral("the file has no column 'score:%1' or 'predicted:%1', the predicted value")
                             .arg(target.name)};
        }
    }
    return columns;
}

QString classList(const data::DatasetColumn &column, int classes)
{
    QStringList names;
    for (int k = 0; k < classes; ++k)
        names << (k < column.categories.size() ? QStringLiteral("%1 (%2)").arg(k).arg(column.categories.at(k))
                                               : QString::number(k));
    return names.join(QStringLiteral(", "));
}

// Milliseconds, one per line; empty lines skipped.
Result<std::vector<double>> readLatencySamples(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read the latency samples '%1': %2").arg(path, file.errorString())};
    std::vector<double> samples;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        const std::optional<double> ms =
            data::parseNumber(std::string_view(line.constData(), std::size_t(line.size())));
        if (!ms || *ms < 0)
            return Error{QStringLiteral("%1, line %2: '%3' is not a latency in milliseconds (a number >= 0)")
                             .arg(path)
                             .arg(lineNumber)
                             .arg(QString::fromUtf8(line))};
        samples.push_back(*ms);
    }
    if (samples.empty())
        return Error{QStringLiteral("%1 has no latency samples: one number of milliseconds per line").arg(path)};
    return samples;
}

// The tool's own metrics for the part, keyed as the app keys them; empty when no file is given.
Result<QJsonObject> readReportedFile(const QString &path, const QString &part)
{
    if (path.isEmpty())
        return QJsonObject{};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read the reported metrics '%1': %2").arg(path, file.errorString())};
    Result<QJsonObject> given = parseJsonObject(file.readAll());
    if (!given)
        return Error{QStringLiteral("%1: %2").arg(path, given.error())};
    Result<QJsonObject> keyed = evaluation::readReportedMetrics(*given, part);
    if (!keyed)
        return Error{QStringLiteral("%1: %2").arg(path, keyed.error())};
    return keyed;
}

// The run's config, as `log start` stored it.
struct RunSetup {
    std::int64_t datasetVersion = 0;
    std::int64_t split = 0;
    TaskType task = TaskType::Binary;
    QStringList targets;
};

Result<RunSetup> setupOf(const db::RunRecord &run)
{
    RunSetup setup;
    setup.datasetVersion = run.config.value(QStringLiteral("dataset_version")).toInteger();
    setup.split = run.config.value(QStringLiteral("split")).toInteger();
    for (const QJsonValue &t : run.config.value(QStringLiteral("targets")).toArray())
        setup.targets << t.toString();
    const std::optional<TaskType> task = taskTypeFromKey(run.config.value(QStringLiteral("task")).toString());
    if (!task || setup.targets.isEmpty())
        return Error{QStringLiteral("run %1's config has no task or targets").arg(run.id)};
    setup.task = *task;
    return setup;
}

} // namespace

Result<PredictionLogOutcome> logPredictions(db::Database &db, const PredictionLogRequest &request)
{
    Result<db::RunRecord> run = runTakingLogs(db, request.runId);
    if (!run)
        return Error{run.error()};
    Result<RunSetup> setup = setupOf(*run);
    if (!setup)
        return Error{setup.error()};
    if (request.datasetVersion && *request.datasetVersion != setup->datasetVersion)
        return Error{QStringLiteral("--dataset-version %1: run %2 was started on dataset version %3")
                         .arg(*request.datasetVersion)
                         .arg(run->id)
                         .arg(setup->datasetVersion)};
    if (request.split && *request.split != setup->split)
        return Error{QStringLiteral("--split %1: run %2 was started on split %3")
                         .arg(*request.split)
                         .arg(run->id)
                         .arg(setup->split)};
    const std::optional<data::SplitPart> part = data::splitPartFromKey(request.part);
    if (!part || *part == data::SplitPart::Train)
        return Error{QStringLiteral("--part: expected test or validation, got '%1' (predictions on the training rows "
                                    "judge nothing)")
                         .arg(request.part)};
    Result<QJsonObject> reported = readReportedFile(request.reportedFile, request.part);
    if (!reported)
        return Error{reported.error()};

    db::DatasetRepository datasets(db);
    Result<data::Dataset> dataset = datasets.load(setup->datasetVersion);
    if (!dataset)
        return Error{dataset.error()};
    Result<std::vector<data::SplitPart>> assignment = datasets.splitAssignment(setup->split);
    if (!assignment)
        return Error{assignment.error()};
    Result<std::vector<evaluation::PredictedTarget>> targets = externalTargets(*dataset, setup->task, setup->targets);
    if (!targets)
        return Error{targets.error()};
    std::vector<const data::DatasetColumn *> labels;
    for (const evaluation::PredictedTarget &target : *targets)
        labels.push_back(dataset->column(target.name));

    // The rows the evaluation covers: the part's rows with every target known (as training does).
    const std::int64_t rowCount = dataset->rowCount();
    std::vector<std::int64_t> expected;
    PredictionLogOutcome outcome;
    std::vector<char> evaluated(std::size_t(rowCount), 0);
    for (std::int64_t row = 0; row < rowCount; ++row) {
        if ((*assignment)[std::size_t(row)] != *part)
            continue;
        const bool known = std::all_of(labels.cbegin(), labels.cend(), [row](const data::DatasetColumn *c) {
            return !std::isnan(c->values[std::size_t(row)]);
        });
        if (!known) {
            ++outcome.rowsWithoutTarget;
            continue;
        }
        evaluated[std::size_t(row)] = 1;
        expected.push_back(row);
    }
    if (expected.empty())
        return Error{QStringLiteral("split %1 has no %2 rows with a target value to evaluate")
                         .arg(setup->split)
                         .arg(request.part)};

    std::optional<std::vector<double>> latency;
    if (!request.latencyFile.isEmpty()) {
        Result<std::vector<double>> samples = readLatencySamples(request.latencyFile);
        if (!samples)
            return Error{samples.error()};
        latency = std::move(samples).value();
    }

    QFile file(request.file);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read '%1': %2").arg(request.file, file.errorString())};
    data::CsvReader reader(file, {});
    if (Status header = reader.readHeader(); !header)
        return Error{QStringLiteral("%1: %2").arg(request.file, header.error())};
    const Layout layout = layoutOf(*targets);
    std::vector<Given> given(targets->size());
    Result<std::vector<FileColumn>> columns = headerColumns(reader.header(), layout, *targets, given);
    if (!columns)
        return Error{QStringLiteral("%1: %2").arg(request.file, columns.error())};
    for (std::size_t t = 0; t < targets->size(); ++t) {
        Given &g = given[t];
        if (g.hasScore)
            g.score.assign(std::size_t(rowCount), std::nan(""));
        if (g.hasPredicted)
            g.predicted.assign(std::size_t(rowCount), std::nan(""));
        if ((*targets)[t].kind == evaluation::TargetKind::Multiclass)
            g.probabilities.assign(std::size_t((*targets)[t].classes), std::vector<double>(std::size_t(rowCount)));
    }

    std::vector<std::int64_t> lineOf(std::size_t(rowCount), 0); // the line that gave each row
    const QString partName = request.part;
    QString problem;
    const Status read = reader.forEachRecord([&](const data::CsvRecord &record) {
        const auto fail = [&](const QString &why) {
            problem = QStringLiteral("%1, line %2: %3").arg(request.file).arg(record.line).arg(why);
            return false;
        };
        // The row first: every other message names it.
        std::int64_t row = -1;
        for (std::size_t c = 0; c < columns->size(); ++c) {
            if ((*columns)[c].kind != FileColumn::Kind::Row)
                continue;
            const std::optional<double> shown = data::parseNumber(record.fields[c]);
            if (!shown || *shown != std::floor(*shown) || *shown < 1 || *shown > double(rowCount))
                return fail(QStringLiteral("row '%1' is not a row of dataset version %2, whose rows are 1 to %3")
                                .arg(text(record.fields[c]))
                                .arg(setup->datasetVersion)
                                .arg(rowCount));
            row = std::int64_t(*shown) - 1;
        }
        const std::int64_t shownRow = data::rowNumberShown(row);
        const data::SplitPart rowPart = (*assignment)[std::size_t(row)];
        if (rowPart != *part)
            return fail(QStringLiteral("row %1 is a %2 row of split %3, not a %4 row")
                            .arg(shownRow)
                            .arg(data::toKey(rowPart))
                            .arg(setup->split)
                            .arg(partName));
        if (lineOf[std::size_t(row)] != 0)
            return fail(QStringLiteral("row %1 is predicted twice (lines %2 and %3)")
                            .arg(shownRow)
                            .arg(lineOf[std::size_t(row)])
                            .arg(record.line));
        lineOf[std::size_t(row)] = record.line;
        for (std::size_t c = 0; c < columns->size(); ++c) {
            const FileColumn &column = (*columns)[c];
            if (column.kind == FileColumn::Kind::Row)
                continue;
            const std::optional<double> value = data::parseNumber(record.fields[c]);
            const QString &name = reader.header().at(qsizetype(c));
            if (!value)
                return fail(QStringLiteral("row %1: %2 is '%3', not a finite number")
                                .arg(shownRow)
                                .arg(name, text(record.fields[c])));
            const evaluation::PredictedTarget &target = (*targets)[column.target];
            Given &g = given[column.target];
            const bool classes = target.kind != evaluation::TargetKind::Regression;
            switch (column.kind) {
            case FileColumn::Kind::Score:
                if (target.kind == evaluation::TargetKind::Binary && (*value < 0 || *value > 1))
                    return fail(QStringLiteral("row %1: %2 is %3, but a binary score is the probability of 1, "
                                               "between 0 and 1")
                                    .arg(shownRow)
                                    .arg(name)
                                    .arg(*value));
                g.score[std::size_t(row)] = *value;
                break;
            case FileColumn::Kind::Predicted:
                if (classes && (*value != std::floor(*value) || *value < 0 || *value >= target.classes))
                    return fail(QStringLiteral("row %1: %2 is %3, not a class of '%4' (%5)")
                                    .arg(shownRow)
                                    .arg(name)
                                    .arg(*value)
                                    .arg(target.name, classList(*labels[column.target], target.classes)));
                g.predicted[std::size_t(row)] = *value;
                break;
            case FileColumn::Kind::Probability:
                if (*value < 0 || *value > 1)
                    return fail(QStringLiteral("row %1: %2 is %3, not a probability between 0 and 1")
                                    .arg(shownRow)
                                    .arg(name)
                                    .arg(*value));
                g.probabilities[std::size_t(column.classIndex)][std::size_t(row)] = *value;
                break;
            case FileColumn::Kind::Row:
                break;
            }
        }
        for (std::size_t t = 0; t < targets->size(); ++t) {
            if ((*targets)[t].kind != evaluation::TargetKind::Multiclass)
                continue;
            double sum = 0;
            for (const std::vector<double> &p : given[t].probabilities)
                sum += p[std::size_t(row)];
            if (std::abs(sum - 1) > kProbabilitySumTolerance)
                return fail(QStringLiteral("row %1: the class probabilities of '%2' add up to %3, not 1")
                                .arg(shownRow)
                                .arg((*targets)[t].name)
                                .arg(sum, 0, 'g', 12));
        }
        return true;
    });
    if (!read)
        return Error{QStringLiteral("%1: %2").arg(request.file, read.error())};
    if (!problem.isEmpty())
        return Error{problem};
    QStringList missing;
    std::int64_t missingCount = 0;
    for (std::int64_t row : expected)
        if (lineOf[std::size_t(row)] == 0 && ++missingCount <= 5)
            missing << QString::number(data::rowNumberShown(row));
    if (missingCount > 0)
        return Error{
            QStringLiteral("%1: %2 %3 row(s) of split %4 have no prediction, such as row %5; predict every row "
                           "`dataset export --part %3` writes")
                .arg(request.file)
                .arg(missingCount)
                .arg(partName)
                .arg(setup->split)
                .arg(missing.join(QStringLiteral(", ")))};

    // The stored columns, in the worker's order: row and item columns, then per target its label,
    // score, predicted class or value, and class probabilities.
    const auto atRows = [&expected](const std::vector<double> &values) {
        std::vector<double> selected;
        selected.reserve(expected.size());
        for (std::int64_t row : expected)
            selected.push_back(values[std::size_t(row)]);
        return selected;
    };
    std::vector<db::PredictionColumn> stored =
        data::rowAndItemColumns(data::itemColumns(*dataset, setup->targets), expected);
    std::vector<db::IntegerPredictionColumn> exactIds;
    if (const std::vector<std::int64_t> ids = data::exactItemIds(*dataset); !ids.empty())
        exactIds.push_back({QStringLiteral("id"), data::idsAtRows(ids, expected)});
    for (std::size_t t = 0; t < targets->size(); ++t) {
        const evaluation::PredictedTarget &target = (*targets)[t];
        Given &g = given[t];
        std::vector<double> score = g.hasScore ? atRows(g.score) : std::vector<double>();
        std::vector<double> predicted = g.hasPredicted ? atRows(g.predicted) : std::vector<double>();
        std::vector<std::vector<double>> probabilities;
        for (const std::vector<double> &p : g.probabilities)
            probabilities.push_back(atRows(p));
        if (target.kind == evaluation::TargetKind::Multiclass) {
            // As the worker stores them: the score is the highest probability, the prediction its class.
            score.assign(expected.size(), 0);
            std::vector<double> argmax(expected.size(), 0);
            for (std::size_t i = 0; i < expected.size(); ++i)
                for (int k = 0; k < target.classes; ++k)
                    if (probabilities[std::size_t(k)][i] > score[i]) {
                        score[i] = probabilities[std::size_t(k)][i];
                        argmax[i] = k;
                    }
            if (predicted.empty())
                predicted = std::move(argmax);
        } else if (target.kind == evaluation::TargetKind::Binary && predicted.empty()) {
            predicted.reserve(score.size());
            for (double s : score)
                predicted.push_back(s >= 0.5 ? 1 : 0); // the worker's threshold
        } else if (target.kind == evaluation::TargetKind::Regression) {
            if (score.empty())
                score = predicted;
            if (predicted.empty())
                predicted = score;
        }
        stored.emplace_back(QStringLiteral("label:") + target.name, atRows(labels[t]->values));
        stored.emplace_back(QStringLiteral("score:") + target.name, std::move(score));
        stored.emplace_back(QStringLiteral("predicted:") + target.name, std::move(predicted));
        for (int k = 0; k < int(probabilities.size()); ++k)
            stored.emplace_back(QStringLiteral("prob:%1:%2").arg(target.name).arg(k),
                                std::move(probabilities[std::size_t(k)]));
    }

    db::EvaluationRecord record;
    record.runId = run->id;
    record.checkpoint = QStringLiteral("external");
    record.datasetVersionId = setup->datasetVersion;
    record.splitId = setup->split;
    record.part = partName;
    record.items = std::int64_t(expected.size());
    record.reportedMetrics = std::move(reported).value();
    if (latency) {
        evaluation::LatencyProfile profile;
        profile.batch1Ms = std::move(*latency);
        record.latency = profile.toJson();
    }
    Result<db::EvaluationRecord> evaluation =
        storePredictionEvaluation(db, std::move(record), stored, *targets, setup->task == TaskType::Multilabel,
                                  exactIds);
    if (!evaluation)
        return Error{evaluation.error()};
    if (*part == data::SplitPart::Test)
        if (Status summary = db::RunRepository(db).updateSummary(run->id, evaluationSummary(*evaluation)); !summary)
            return Error{summary.error()};
    outcome.evaluation = std::move(evaluation).value();
    return outcome;
}

} // namespace mb::services
