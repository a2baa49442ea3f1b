// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/DatasetCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/DatasetExport.h"
#include "app/services/DatasetImport.h"
#include "core/TextList.h"
#include "core/data/DatasetProfile.h"
#include "db/DatasetRepository.h"
#include "db/ProjectRepository.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mb::cli {
namespace {

QStringList listOption(const Arguments &a, const QString &name)
{
    return splitCommaList(a.value(name));
}

// NAME=VALUE pairs of a repeatable option, such as --column-type age=numeric.
QList<std::pair<QString, QString>> pairsOption(const Arguments &a, const QString &name)
{
    QList<std::pair<QString, QString>> pairs;
    for (const QString &item : a.values(name)) {
        const qsizetype eq = item.lastIndexOf(QLatin1Char('='));
        if (eq <= 0)
            throw CommandFailed{QStringLiteral("--%1 expects COLUMN=VALUE, got '%2'").arg(name, item)};
        pairs.append({item.left(eq), item.mid(eq + 1)});
    }
    return pairs;
}

QJsonObject datasetJson(const db::DatasetVersionInfo &v)
{
    QJsonArray columns;
    for (const data::ColumnSchema &c : v.schema)
        columns.append(QJsonObject{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("type"), data::toKey(c.type)},
                                   {QStringLiteral("role"), data::toKey(c.role)}});
    return {{QStringLiteral("id"), qint64(v.id)},          {QStringLiteral("name"), v.name},
            {QStringLiteral("sha256"), v.sha256},          {QStringLiteral("source"), v.sourceName},
            {QStringLiteral("source_kind"), v.sourceKind}, {QStringLiteral("source_bytes"), qint64(v.sourceSize)},
            {QStringLiteral("rows"), qint64(v.rowCount)},  {QStringLiteral("dropped_rows"), qint64(v.droppedRows)},
            {QStringLiteral("columns"), columns},          {QStringLiteral("options"), v.options},
            {QStringLiteral("created_at"), v.createdAt}};
}

QJsonObject splitJson(const db::DatasetSplitInfo &s)
{
    return {{QStringLiteral("id"), qint64(s.id)},
            {QStringLiteral("spec"), s.spec.toJson()},
            {QStringLiteral("description"), s.spec.describe()},
            {QStringLiteral("train_rows"), qint64(s.counts.train)},
            {QStringLiteral("validation_rows"), qint64(s.counts.validation)},
            {QStringLiteral("test_rows"), qint64(s.counts.test)},
            {QStringLiteral("warnings"), data::warningsToJson(s.warnings)},
            {QStringLiteral("features"), QJsonArray::fromStringList(s.encoding.featureNames())},
            {QStringLiteral("encoding"), s.encoding.toJson()}};
}

} // namespace

int datasetImportCommand(const QStringList &args)
{
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("CSV file, or IDX images."),
                                  QStringLiteral("F"));
    const QCommandLineOption labels(QStringLiteral("labels"), QStringLiteral("IDX labels file."), QStringLiteral("F"));
    const QCommandLineOption testFile(QStringLiteral("test-file"),
                                      QStringLiteral("A separate test file (CSV, or IDX test images): the test part."),
                                      QStringLiteral("F"));
    const QCommandLineOption testLabels(QStringLiteral("test-labels"), QStringLiteral("IDX labels of the test images."),
                                        QStringLiteral("F"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Version name."), QStringLiteral("N"));
    const QCommandLineOption target(QStringLiteral("target"), QStringLiteral("Target column(s)."),
                                    QStringLiteral("COLS"));
    const QCommandLineOption values(QStringLiteral("value-columns"), QStringLiteral("Value columns."),
                                    QStringLiteral("COLS"));
    const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("Split, KIND:ARGS."),
                                   QStringLiteral("SPEC"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Split seed."), QStringLiteral("S"),
                                  QStringLiteral("42"));
    const QCommandLineOption separator(QStringLiteral("separator"), QStringLiteral("',', ';' or 'tab'."),
                                       QStringLiteral("C"));
    const QCommandLineOption positive(QStringLiteral("positive-class"),
                                      QStringLiteral("Binary target's positive class."), QStringLiteral("C"));
    const QCommandLineOption buckets(QStringLiteral("buckets"), QStringLiteral("Bucket edges for a numeric target."),
                                     QStringLiteral("E"));
    const QCommandLineOption multilabel(QStringLiteral("multilabel-delimiter"),
                                        QStringLiteral("Delimiter of a multilabel target."), QStringLiteral("D"));
    const QCommandLineOption missing(QStringLiteral("missing"), QStringLiteral("Default missing-value policy."),
                                     QStringLiteral("POLICY"));
    const QCommandLineOption columnType(QStringLiteral("column-type"), QStringLiteral("COLUMN=TYPE, repeatable."),
                                        QStringLiteral("C=T"));
    const QCommandLineOption columnMissing(QStringLiteral("column-missing"),
                                           QStringLiteral("COLUMN=POLICY, repeatable."), QStringLiteral("C=P"));
    const QCommandLineOption ignore(QStringLiteral("ignore"), QStringLiteral("Columns to leave out of the features."),
                                    QStringLiteral("COLS"));
    const QList<QCommandLineOption> options{workspaceOption(),
                                            projectOption(),
                                            file,
                                            labels,
                                            testFile,
                                            testLabels,
                                            name,
                                            target,
                                            values,
                                            split,
                                            seed,
                                            separator,
                                            positive,
                                            buckets,
                                            multilabel,
                                            missing,
                                            columnType,
                                            columnMissing,
                                            ignore,
                                            jsonOption()};
    Arguments a(args, options, {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("file")});

    services::DatasetImportRequest request;
    request.file = a.value(QStringLiteral("file"));
    request.labelsFile = a.value(QStringLiteral("labels"));
    request.testFile = a.value(QStringLiteral("test-file"));
    request.testLabelsFile = a.value(QStringLiteral("test-labels"));
    request.name = a.value(QStringLiteral("name"));
    data::ImportOptions &o = request.options;
    o.targets = listOption(a, QStringLiteral("target"));
    o.valueColumns = listOption(a, QStringLiteral("value-columns"));
    o.positiveClass = a.value(QStringLiteral("positive-class"));
    o.multilabelDelimiter = a.value(QStringLiteral("multilabel-delimiter"));
    const QString sep = a.value(QStringLiteral("separator"));
    if (!sep.isEmpty()) {
        if (sep == QLatin1String("tab") || sep == QLatin1String("\\t"))
            o.separator = '\t';
        else if (sep == QLatin1String(",") || sep == QLatin1String(";"))
            o.separator = sep.at(0).toLatin1();
        else
            throw CommandFailed{QStringLiteral("--separator expects ',', ';' or 'tab', got '%1'").arg(sep)};
    }
    for (const QString &edge : listOption(a, QStringLiteral("buckets"))) {
        bool ok = false;
        o.bucketEdges << edge.toDouble(&ok);
        if (!ok)
            throw CommandFailed{QStringLiteral("--buckets: '%1' is not a number").arg(edge)};
    }
    auto policy = [](const QString &key, const QString &where) {
        const std::optional<data::MissingPolicy> p = data::missingPolicyFromKey(key);
        if (!p)
            throw CommandFailed{QStringLiteral("%1: unknown missing-value policy '%2'; use %3")
                                    .arg(where, key, data::missingPolicyKeys().join(QStringLiteral(", ")))};
        return *p;
    };
    if (a.isSet(QStringLiteral("missing")))
        o.defaultMissingPolicy = policy(a.value(QStringLiteral("missing")), QStringLiteral("--missing"));
    for (const auto &[column, type] : pairsOption(a, QStringLiteral("column-type"))) {
        const std::optional<data::ColumnType> t = data::columnTypeFromKey(type);
        if (!t)
            throw CommandFailed{QStringLiteral("--column-type %1: unknown type '%2'; use %3")
                                    .arg(column, type, data::columnTypeKeys().join(QStringLiteral(", ")))};
        o.overrides[column].type = t;
    }
    for (const auto &[column, key] : pairsOption(a, QStringLiteral("column-missing")))
        o.overrides[column].missingPolicy = policy(key, QStringLiteral("--column-missing ") + column);
    for (const QString &column : listOption(a, QStringLiteral("ignore")))
        o.overrides[column].ignore = true;
    bool seedOk = false;
    request.defaultSplitSeed = a.value(QStringLiteral("seed")).toULongLong(&seedOk);
    if (!seedOk)
        throw CommandFailed{
            QStringLiteral("--seed expects a whole number, got '%1'").arg(a.value(QStringLiteral("seed")))};
    // With a test file, --split says only how validation is taken from the other rows.
    if (a.isSet(QStringLiteral("split")))
        request.split =
            unwrap(request.testFile.isEmpty()
                       ? data::SplitSpec::parse(a.value(QStringLiteral("split")), request.defaultSplitSeed)
                       : data::SplitSpec::parseForTestFile(a.value(QStringLiteral("split")), request.defaultSplitSeed));

    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    const services::DatasetImportOutcome outcome = unwrap(importDataset(workspace->database(), project.id, request));
    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject result = datasetJson(outcome.version);
        result.insert(QStringLiteral("existed"), outcome.existed);
        if (outcome.split) {
            QJsonObject split = splitJson(*outcome.split);
            split.insert(QStringLiteral("default"), outcome.splitIsDefault);
            result.insert(QStringLiteral("split"), split);
        } else {
            result.insert(QStringLiteral("no_split_reason"), outcome.noSplitReason);
        }
        printJson(result);
        return 0;
    }
    out() << (outcome.existed ? QStringLiteral("already imported as dataset version %1 '%2'\n")
                              : QStringLiteral("imported dataset version %1 '%2'\n"))
                 .arg(outcome.version.id)
                 .arg(outcome.version.name)
          << QStringLiteral("  %1 rows x %2 columns from %3 (%4 bytes), sha256 %5\n")
                 .arg(outcome.version.rowCount)
                 .arg(outcome.version.schema.size())
                 .arg(outcome.version.sourceName)
                 .arg(outcome.version.sourceSize)
                 .arg(outcome.version.sha256.left(16));
    if (outcome.version.droppedRows > 0)
        out() << QStringLiteral("  %1 rows dropped for missing values\n").arg(outcome.version.droppedRows);
    if (outcome.split)
        out() << QStringLiteral("  split %1%2: %3: %4 train, %5 validation, %6 test; %7 features after encoding\n")
                     .arg(outcome.split->id)
                     .arg(outcome.splitIsDefault ? QStringLiteral(" (the default; choose another with --split)")
                                                 : QString())
                     .arg(outcome.split->spec.describe())
                     .arg(outcome.split->counts.train)
                     .arg(outcome.split->counts.validation)
                     .arg(outcome.split->counts.test)
                     .arg(outcome.split->encoding.featureCount());
    const data::DatasetProfile profile =
        unwrap(db::DatasetRepository(workspace->database()).profile(outcome.version.id));
    std::vector<data::DataWarning> warnings = profile.warnings;
    if (outcome.split)
        warnings.insert(warnings.end(), outcome.split->warnings.begin(), outcome.split->warnings.end());
    for (const data::DataWarning &w : warnings)
        out() << "  warning: " << w.message << '\n';
    if (!outcome.split)
        out() << "  warning: no split was made (" << outcome.noSplitReason << "); add one with --split\n";
    return 0;
}

int datasetListCommand(const QStringList &args)
{
    Arguments a(args, {workspaceOption(), projectOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    const QList<db::DatasetVersionInfo> versions =
        unwrap(db::DatasetRepository(workspace->database()).versions(project.id));
    printList(a.isSet(QStringLiteral("json")), versions, datasetJson, [](const db::DatasetVersionInfo &v) {
        return QStringLiteral("%1\t%2\t%3 rows\t%4 columns\t%5")
            .arg(v.id)
            .arg(v.name)
            .arg(v.rowCount)
            .arg(v.schema.size())
            .arg(v.createdAt);
    });
    return 0;
}

int datasetShowCommand(const QStringList &args)
{
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Dataset version id."),
                                     QStringLiteral("ID"));
    Arguments a(args, {workspaceOption(), version, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("version")});
    bool ok = false;
    const qint64 id = a.value(QStringLiteral("version")).toLongLong(&ok);
    if (!ok)
        throw CommandFailed{
            QStringLiteral("--version expects a dataset version id, got '%1'").arg(a.value(QStringLiteral("version")))};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::DatasetRepository repository(workspace->database());
    const db::DatasetVersionInfo info = unwrap(repository.version(id));
    QJsonObject result = datasetJson(info);
    result.insert(QStringLiteral("statistics"), data::profileToJson(unwrap(repository.profile(id))));
    QJsonArray splits;
    for (const db::DatasetSplitInfo &s : unwrap(repository.splits(id)))
        splits.append(splitJson(s));
    result.insert(QStringLiteral("splits"), splits);
    printJson(result);
    return 0;
}

int datasetExportCommand(const QStringList &args)
{
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Dataset version id."),
                                     QStringLiteral("V"));
    const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("Split id; default: the version's only one."),
                                   QStringLiteral("S"));
    const QCommandLineOption part(QStringLiteral("part"), QStringLiteral("train, validation or test."),
                                  QStringLiteral("PART"));
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("The CSV file to write."),
                                     QStringLiteral("F"));
    Arguments a(args, {workspaceOption(), version, split, part, outFile, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("version"), QStringLiteral("part"), QStringLiteral("out")});
    const std::int64_t versionId = idOption(a, QStringLiteral("version"), QStringLiteral("a dataset version id"));
    std::optional<std::int64_t> splitId;
    if (a.isSet(QStringLiteral("split")))
        splitId = idOption(a, QStringLiteral("split"), QStringLiteral("a split id"));
    const std::optional<data::SplitPart> chosen = data::splitPartFromKey(a.value(QStringLiteral("part")));
    if (!chosen)
        throw CommandFailed{QStringLiteral("--part: expected train, validation or test, got '%1'")
                                .arg(a.value(QStringLiteral("part")))};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const QString path = a.value(QStringLiteral("out"));
    const services::DatasetExportOutcome written =
        unwrap(services::exportDatasetPart(workspace->database(), versionId, splitId, *chosen, path));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("dataset_version"), qint64(versionId)},
                              {QStringLiteral("split"), qint64(written.splitId)},
                              {QStringLiteral("part"), data::toKey(*chosen)},
                              {QStringLiteral("rows"), qint64(written.rows)},
                              {QStringLiteral("file"), path}});
    else
        out() << QStringLiteral("wrote %1 %2 rows of split %3 of dataset version %4 to %5\n")
                     .arg(written.rows)
                     .arg(data::toKey(*chosen))
                     .arg(written.splitId)
                     .arg(versionId)
                     .arg(path);
    return 0;
}

} // namespace mb::cli
