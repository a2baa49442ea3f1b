// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"

#include "app/cli/CommandSupport.h"
#include "app/cli/PolicyCommands.h"
#include "app/cli/RunCommands.h"
#include "app/services/DatasetImport.h"
#include "app/services/DemoWorkspace.h"
#include "app/services/TrainWorker.h"
#include "app/services/VersionText.h"
#include "core/BuildInfo.h"
#include "core/ExpressionChecker.h"
#include "core/FramingDiff.h"
#include "core/FramingJson.h"
#include "core/TextList.h"
#include "core/TorchInfo.h"
#include "core/data/DatasetProfile.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <map>

namespace mb::cli {
namespace {

QJsonObject projectJson(const db::Project &p)
{
    return {{QStringLiteral("id"), qint64(p.id)},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("description"), p.description},
            {QStringLiteral("created_at"), p.createdAt}};
}

QJsonObject versionJson(const db::FramingVersionInfo &v)
{
    return {{QStringLiteral("version"), v.version},
            {QStringLiteral("note"), v.note},
            {QStringLiteral("sha256"), v.contentSha256},
            {QStringLiteral("app_version"), v.appVersion},
            {QStringLiteral("created_at"), v.createdAt}};
}

int projectCreate(const QStringList &args)
{
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Project name."), QStringLiteral("NAME"));
    const QCommandLineOption description(QStringLiteral("description"), QStringLiteral("What it is about."),
                                         QStringLiteral("TEXT"));
    Arguments a(args, {workspaceOption(), name, description, jsonOption()}, {QStringLiteral("workspace")});
    QString projectName = a.value(QStringLiteral("name"));
    if (projectName.isEmpty() && !a.positional().isEmpty())
        projectName = a.positional().constFirst();
    if (projectName.isEmpty())
        throw CommandFailed{QStringLiteral("missing --name")};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")), true);
    const db::Project project = unwrap(
        db::ProjectRepository(workspace->database()).create(projectName, a.value(QStringLiteral("description"))));
    if (a.isSet(QStringLiteral("json")))
        printJson(projectJson(project));
    else
        out() << QStringLiteral("created project %1 '%2'\n").arg(project.id).arg(project.name);
    return 0;
}

int projectList(const QStringList &args)
{
    Arguments a(args, {workspaceOption(), jsonOption()}, {QStringLiteral("workspace")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const QList<db::Project> projects = unwrap(db::ProjectRepository(workspace->database()).list());
    printList(a.isSet(QStringLiteral("json")), projects, projectJson,
              [](const db::Project &p) { return QStringLiteral("%1\t%2").arg(p.id).arg(p.name); });
    return 0;
}

struct FramingTarget {
    std::unique_ptr<db::Workspace> workspace;
    db::FramingInfo framing;
};

const QCommandLineOption &framingNameOption()
{
    static const QCommandLineOption option(QStringLiteral("framing"),
                                           QStringLiteral("Which framing of the project (default: main)."),
                                           QStringLiteral("NAME"));
    return option;
}

FramingTarget openFraming(const Arguments &a)
{
    FramingTarget target;
    target.workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(target.workspace->database()).find(a.value(QStringLiteral("project"))));
    target.framing = unwrap(db::FramingRepository(target.workspace->database())
                                .framing(project.id, a.value(framingNameOption().names().constFirst())));
    return target;
}

int versionNumber(const QString &text, const QString &option)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 1)
        throw CommandFailed{QStringLiteral("--%1 expects a version number (1, 2, ...), got '%2'").arg(option, text)};
    return value;
}

db::FramingVersion loadVersion(FramingTarget &target, int version)
{
    std::optional<db::FramingVersion> loaded =
        unwrap(db::FramingRepository(target.workspace->database()).load(target.framing.id, version));
    if (!loaded)
        throw CommandFailed{QStringLiteral("framing '%1' has no saved version yet; save one with "
                                           "`framing set`")
                                .arg(target.framing.name)};
    return *loaded;
}

int framingShow(const QStringList &args)
{
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Version to show (default: latest)."),
                                     QStringLiteral("N"));
    Arguments a(args, {workspaceOption(), projectOption(), framingNameOption(), version, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    FramingTarget target = openFraming(a);
    const int wanted = a.isSet(QStringLiteral("version"))
                           ? versionNumber(a.value(QStringLiteral("version")), QStringLiteral("version"))
                           : 0;
    out() << framingToBytes(loadVersion(target, wanted).framing);
    return 0;
}

int framingSet(const QStringList &args)
{
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("Framing JSON file; '-' reads stdin."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption note(QStringLiteral("note"), QStringLiteral("Why this version."), QStringLiteral("TEXT"));
    Arguments a(args, {workspaceOption(), projectOption(), framingNameOption(), file, note, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("file")});
    const QString path = a.value(QStringLiteral("file"));
    QFile input;
    const bool opened = path == QLatin1String("-") ? input.open(stdin, QIODevice::ReadOnly)
                                                   : (input.setFileName(path), input.open(QIODevice::ReadOnly));
    if (!opened)
        throw CommandFailed{QStringLiteral("cannot read %1: %2").arg(path, input.errorString())};
    Result<Framing> framing = framingFromBytes(input.readAll());
    if (!framing)
        throw CommandFailed{QStringLiteral("%1: %2").arg(path, framing.error())};

    FramingTarget target = openFraming(a);
    db::SaveOutcome saved = unwrap(db::FramingRepository(target.workspace->database())
                                       .save(target.framing.id, *framing, a.value(QStringLiteral("note"))));
    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject result = versionJson(saved.version);
        result.insert(QStringLiteral("unchanged"), saved.unchanged);
        printJson(result);
    } else if (saved.unchanged) {
        out() << QStringLiteral("unchanged: the framing equals version %1\n").arg(saved.version.version);
    } else {
        out() << QStringLiteral("saved framing version %1\n").arg(saved.version.version);
    }
    return 0;
}

int framingHistory(const QStringList &args)
{
    Arguments a(args, {workspaceOption(), projectOption(), framingNameOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    FramingTarget target = openFraming(a);
    const QList<db::FramingVersionInfo> versions =
        unwrap(db::FramingRepository(target.workspace->database()).versions(target.framing.id));
    printList(a.isSet(QStringLiteral("json")), versions, versionJson, [](const db::FramingVersionInfo &v) {
        return QStringLiteral("%1\t%2\t%3").arg(v.version).arg(v.createdAt, v.note);
    });
    return 0;
}

int framingDiff(const QStringList &args)
{
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Older version."), QStringLiteral("N"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Newer version."), QStringLiteral("N"));
    Arguments a(args, {workspaceOption(), projectOption(), framingNameOption(), from, to, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("from"), QStringLiteral("to")});
    FramingTarget target = openFraming(a);
    const Framing before =
        loadVersion(target, versionNumber(a.value(QStringLiteral("from")), QStringLiteral("from"))).framing;
    const Framing after =
        loadVersion(target, versionNumber(a.value(QStringLiteral("to")), QStringLiteral("to"))).framing;
    const QList<FramingChange> changes = diffFramings(before, after);
    if (a.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const FramingChange &c : changes)
            array.append(QJsonObject{{QStringLiteral("field"), c.field},
                                     {QStringLiteral("before"), c.before},
                                     {QStringLiteral("after"), c.after}});
        printJson(array);
    } else {
        for (const FramingChange &c : changes) {
            const QChar mark = c.kind == FramingChange::Kind::Added     ? QLatin1Char('+')
                               : c.kind == FramingChange::Kind::Removed ? QLatin1Char('-')
                                                                        : QLatin1Char('~');
            out() << mark << ' ' << c.field << ": " << c.before << " -> " << c.after << '\n';
        }
    }
    return 0;
}

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

int datasetImport(const QStringList &args)
{
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("CSV file, or IDX images."),
                                  QStringLiteral("F"));
    const QCommandLineOption labels(QStringLiteral("labels"), QStringLiteral("IDX labels file."), QStringLiteral("F"));
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
    if (a.isSet(QStringLiteral("split"))) {
        bool ok = false;
        const quint64 seedValue = a.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            throw CommandFailed{
                QStringLiteral("--seed expects a whole number, got '%1'").arg(a.value(QStringLiteral("seed")))};
        request.split = unwrap(data::SplitSpec::parse(a.value(QStringLiteral("split")), seedValue));
    }

    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    const services::DatasetImportOutcome outcome = unwrap(importDataset(workspace->database(), project.id, request));
    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject result = datasetJson(outcome.version);
        result.insert(QStringLiteral("existed"), outcome.existed);
        if (outcome.split)
            result.insert(QStringLiteral("split"), splitJson(*outcome.split));
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
        out() << QStringLiteral("  split %1: %2 train, %3 validation, %4 test; %5 features after encoding\n")
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
    return 0;
}

int datasetList(const QStringList &args)
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

int datasetShow(const QStringList &args)
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

int demo(const QStringList &args)
{
    Arguments a(args, {workspaceOption()}, {QStringLiteral("workspace")});
    const QString path = a.value(QStringLiteral("workspace"));
    const Status built = buildDemoWorkspace(path, services::DemoTraining::Train);
    if (!built)
        throw CommandFailed{built.error()};
    out() << QStringLiteral("demo workspace ready: %1\n").arg(path);
    return 0;
}

// Becomes the training worker, which loads LibTorch; this process never does (see worker/).
int train(const QStringList &args)
{
    std::fflush(stdout);
    const Status started = services::execTrainWorker(args);
    throw CommandFailed{started.error()};
}

using Command = std::function<int(const QStringList &)>;

// Keyed by "noun verb" or a single word.
const std::map<QString, Command> &commands()
{
    static const std::map<QString, Command> table{
        {QStringLiteral("project create"), projectCreate},
        {QStringLiteral("project list"), projectList},
        {QStringLiteral("framing show"), framingShow},
        {QStringLiteral("framing set"), framingSet},
        {QStringLiteral("framing history"), framingHistory},
        {QStringLiteral("framing diff"), framingDiff},
        {QStringLiteral("dataset import"), datasetImport},
        {QStringLiteral("dataset list"), datasetList},
        {QStringLiteral("dataset show"), datasetShow},
        {QStringLiteral("demo"), demo},
        {QStringLiteral("train"), train},
        {QStringLiteral("runs"), runsCommand},
        {QStringLiteral("evaluate"), evaluateCommand},
        {QStringLiteral("metrics define"), metricsDefineCommand},
        {QStringLiteral("export predictions"), exportPredictionsCommand},
        {QStringLiteral("policy list"), policyListCommand},
        {QStringLiteral("policy show"), policyShowCommand},
        {QStringLiteral("policy export"), policyExportCommand},
        {QStringLiteral("policy save"), policySaveCommand},
    };
    return table;
}

bool isCommandWord(const QString &word)
{
    for (const auto &entry : commands())
        if (entry.first.section(QLatin1Char(' '), 0, 0) == word)
            return true;
    return false;
}

} // namespace

QString usageText()
{
    return QStringLiteral(
        "Usage: metricbridge [WORKSPACE.mbw]          open the window\n"
        "       metricbridge COMMAND [OPTIONS]        run headless\n"
        "\n"
        "Commands:\n"
        "  project create --workspace W --name P [--description D] [--json]\n"
        "  project list   --workspace W [--json]\n"
        "  framing show    --workspace W --project P [--framing F] [--version N]\n"
        "  framing set     --workspace W --project P [--framing F] --file framing.json|- [--note T] [--json]\n"
        "  framing history --workspace W --project P [--framing F] [--json]\n"
        "  framing diff    --workspace W --project P [--framing F] --from N --to M [--json]\n"
        "  dataset import --workspace W --project P --file F [--labels F] [--name N] [--target COL[,COL]]\n"
        "                 [--value-columns A,B] [--split KIND:ARGS] [--seed S] [--separator C]\n"
        "                 [--positive-class C] [--buckets E1,E2] [--multilabel-delimiter D] [--missing POLICY]\n"
        "                 [--column-type COL=TYPE]... [--column-missing COL=POLICY]... [--ignore COLS] [--json]\n"
        "  dataset list   --workspace W --project P [--json]\n"
        "  dataset show   --workspace W --version ID\n"
        "  train      --workspace W (--run ID | --project P --config run.json)\n"
        "  runs       --workspace W --project P [--json]\n"
        "  evaluate   --workspace W --run R [--dataset-version V] [--json]\n"
        "  metrics define     --workspace W --project P --file metric.json|- [--json]\n"
        "  export predictions --workspace W --run R --out F.csv\n"
        "  policy list   --workspace W --project P [--json]\n"
        "  policy show   --workspace W --project P --name N [--version V] [--json]\n"
        "  policy export --workspace W --project P --name N [--version V] --out F.json|-\n"
        "  policy save   --workspace W --project P --name N --run-a R --run-b R --alpha A --beta B\n"
        "                --normalisation raw|zscore|rank --k K [--note T] [--json]\n"
        "  demo       --workspace W\n"
        "  screenshot --workspace W [--project P] --page NAME --out FILE.png [--size WxH]\n"
        "\n"
        "  --help     show this text\n"
        "  --version  show the version, build commit and library versions\n"
        "\n"
        "Exit status 0 on success; otherwise a one-line reason on stderr. See docs/CLI.md.\n");
}

bool isHeadless(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString &first = arguments.at(1);
    return first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("--version") ||
           isCommandWord(first);
}

int runHeadless(const QStringList &arguments)
{
    const QString first = arguments.value(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        out() << usageText();
        return 0;
    }
    if (first == QLatin1String("--version")) {
        out() << services::versionText();
        return 0;
    }
    try {
        const QString second = arguments.value(2);
        auto command = commands().find(first + QLatin1Char(' ') + second);
        int consumed = 2;
        if (command == commands().end()) {
            command = commands().find(first);
            consumed = 1;
        }
        if (command == commands().end())
            throw CommandFailed{second.isEmpty() || second.startsWith(QLatin1Char('-'))
                                    ? QStringLiteral("'%1' needs a subcommand; see --help").arg(first)
                                    : QStringLiteral("unknown command '%1 %2'; see --help").arg(first, second)};
        const int status = command->second(arguments.mid(1 + consumed));
        out().flush();
        return status;
    } catch (const CommandFailed &failure) {
        out().flush();
        QString line = failure.reason;
        line.replace(QLatin1Char('\n'), QStringLiteral("; "));
        err() << "metricbridge: " << line << '\n';
        err().flush();
        return 1;
    }
}

} // namespace mb::cli
