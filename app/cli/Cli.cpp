// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"

#include "app/cli/CommandSupport.h"
#include "app/cli/DatasetCommands.h"
#include "app/cli/FramingCommands.h"
#include "app/cli/LifecycleCommands.h"
#include "app/cli/LogCommands.h"
#include "app/cli/PolicyCommands.h"
#include "app/cli/ProjectCommands.h"
#include "app/cli/RunAnnotationCommands.h"
#include "app/cli/RunCommands.h"
#include "app/cli/TransferCommands.h"
#include "app/cli/WorkspaceCommands.h"
#include "app/services/DemoWorkspace.h"
#include "app/services/TrainWorker.h"
#include "app/services/VersionText.h"

#include <cstdio>
#include <functional>
#include <map>

// Dispatch, usage and the two commands that hand over to a service (demo, train); each command
// group has its own file (ProjectCommands, FramingCommands, DatasetCommands, RunCommands,
// LogCommands, PolicyCommands).
namespace mb::cli {
namespace {

int demo(const QStringList &args)
{
    Arguments a(args, {workspaceOption()}, {QStringLiteral("workspace")});
    const QString path = a.value(QStringLiteral("workspace"));
    const Status built = services::buildDemoWorkspace(path, services::DemoTraining::Train);
    if (!built)
        throw CommandFailed{built.error()};
    out() << QStringLiteral("demo workspace ready: %1\n").arg(path);
    return 0;
}

// Becomes the training worker, which loads LibTorch; this process never does (see app/worker/).
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
        {QStringLiteral("project create"), projectCreateCommand},
        {QStringLiteral("project list"), projectListCommand},
        {QStringLiteral("framing show"), framingShowCommand},
        {QStringLiteral("framing set"), framingSetCommand},
        {QStringLiteral("framing history"), framingHistoryCommand},
        {QStringLiteral("framing diff"), framingDiffCommand},
        {QStringLiteral("dataset import"), datasetImportCommand},
        {QStringLiteral("dataset list"), datasetListCommand},
        {QStringLiteral("dataset show"), datasetShowCommand},
        {QStringLiteral("dataset export"), datasetExportCommand},
        {QStringLiteral("log start"), logStartCommand},
        {QStringLiteral("log metrics"), logMetricsCommand},
        {QStringLiteral("log predictions"), logPredictionsCommand},
        {QStringLiteral("log artifact"), logArtifactCommand},
        {QStringLiteral("log finish"), logFinishCommand},
        {QStringLiteral("demo"), demo},
        {QStringLiteral("train"), train},
        {QStringLiteral("runs"), runsCommand},
        {QStringLiteral("runs tag"), runsTagCommand},
        {QStringLiteral("runs note"), runsNoteCommand},
        {QStringLiteral("runs star"), runsStarCommand},
        {QStringLiteral("runs lineage"), runsLineageCommand},
        {QStringLiteral("runs diff"), runsDiffCommand},
        {QStringLiteral("view save"), viewSaveCommand},
        {QStringLiteral("view list"), viewListCommand},
        {QStringLiteral("view delete"), viewDeleteCommand},
        {QStringLiteral("evaluate"), evaluateCommand},
        {QStringLiteral("metrics define"), metricsDefineCommand},
        {QStringLiteral("metrics export"), metricsExportCommand},
        {QStringLiteral("export predictions"), exportPredictionsCommand},
        {QStringLiteral("policy list"), policyListCommand},
        {QStringLiteral("policy show"), policyShowCommand},
        {QStringLiteral("policy export"), policyExportCommand},
        {QStringLiteral("policy save"), policySaveCommand},
        {QStringLiteral("runs archive"), runsArchiveCommand},
        {QStringLiteral("runs unarchive"), runsUnarchiveCommand},
        {QStringLiteral("runs delete"), runsDeleteCommand},
        {QStringLiteral("runs artifact"), runsArtifactCommand},
        {QStringLiteral("evaluation delete"), evaluationDeleteCommand},
        {QStringLiteral("dataset delete"), datasetDeleteCommand},
        {QStringLiteral("project delete"), projectDeleteCommand},
        {QStringLiteral("project export"), projectExportCommand},
        {QStringLiteral("project import"), projectImportCommand},
        {QStringLiteral("runs export"), runsExportCommand},
        {QStringLiteral("workspace check"), workspaceCheckCommand},
        {QStringLiteral("workspace vacuum"), workspaceVacuumCommand},
        {QStringLiteral("workspace backup"), workspaceBackupCommand},
    };
    return table;
}

// The one line on stderr and exit status 1 for a command that failed.
int reportFailure(const CommandFailed &failure)
{
    out().flush();
    QString line = failure.reason;
    line.replace(QLatin1Char('\n'), QStringLiteral("; "));
    err() << "metricbridge: " << line << '\n';
    err().flush();
    return failure.exitStatus;
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
        "  dataset import --workspace W --project P --file F [--labels F] [--test-file F [--test-labels F]]\n"
        "                 [--name N] [--target COL[,COL]] [--value-columns A,B] [--split KIND:ARGS] [--seed S]\n"
        "                 [--separator C]\n"
        "                 [--positive-class C] [--buckets E1,E2] [--multilabel-delimiter D] [--missing POLICY]\n"
        "                 [--column-type COL=TYPE]... [--column-missing COL=POLICY]... [--ignore COLS] [--json]\n"
        "  dataset list   --workspace W --project P [--json]\n"
        "  dataset show   --workspace W --version ID\n"
        "  dataset export --workspace W --version V [--split S] --part train|validation|test --out F.csv [--json]\n"
        "  train      --workspace W (--run ID | --project P --config run.json)\n"
        "  runs       --workspace W --project P [--where QUERY | --view NAME] [--json]   (docs/QUERY.md)\n"
        "  runs tag   --workspace W --run R [--remove] TAG...\n"
        "  runs note  --workspace W --run R (--text T | --file F|-)\n"
        "  runs star  --workspace W --run R [--off]\n"
        "  runs lineage --workspace W RUN [--json]   (re-runs: metrics identical?; forks: config edits)\n"
        "  runs diff  --workspace W A B [--json]      (data, split, framing, build, config, metrics with deltas)\n"
        "  view save   --workspace W --project P --name N [--where QUERY] [--columns K,K] [--sort KEY[:desc]] "
        "[--json]\n"
        "  view list   --workspace W --project P [--json]\n"
        "  view delete --workspace W --project P --name N\n"
        "  evaluate   --workspace W --run R [--dataset-version V] [--json]\n"
        "  metrics define     --workspace W --project P --file metric.json|- [--json]\n"
        "  metrics export     --workspace W --run R [--series NAME] [--out F] [--json]\n"
        "  export predictions --workspace W --run R [--evaluation E | --dataset-version V] --out F.csv\n"
        "  log start       --workspace W --project P --name N --dataset-version V --split S --target T[,T]\n"
        "                  [--task K] [--tool NAME] [--tool-version V] [--config params.json] [--tags A,B] [--json]\n"
        "  log metrics     --workspace W --run R [--file F|-] [--json]\n"
        "  log predictions --workspace W --run R [--dataset-version V] [--split S] --part test|validation\n"
        "                  --file preds.csv [--latency-ms F] [--json]\n"
        "  log artifact    --workspace W --run R --file F [--name N] [--json]\n"
        "  log finish      --workspace W --run R [--status finished|failed] [--reason TEXT]\n"
        "  policy list   --workspace W --project P [--json]\n"
        "  policy show   --workspace W --project P --name N [--version V] [--json]\n"
        "  policy export --workspace W --project P --name N [--version V] --out F.json|-\n"
        "  policy save   --workspace W --project P --name N --run-a R --run-b R --alpha A --beta B\n"
        "                --normalisation raw|zscore|rank --k K [--note T] [--json]\n"
        "  report     --workspace W --project P --out F.pdf|F.html [--runs 1,2,...] [--policy NAME]\n"
        "             [--page-size a4|letter]\n"
        "  runs archive|unarchive|delete --workspace W --run R[,R...] [--json]\n"
        "  runs artifact export --workspace W --run R [--name best] --out F [--json]\n"
        "  evaluation delete --workspace W --evaluation E [--json]\n"
        "  dataset delete    --workspace W --version V [--force] [--json]\n"
        "  project delete    --workspace W --project P [--json]\n"
        "  project export    --workspace W --project P [--runs R1,R2] --out F.mbw [--json]\n"
        "  project import    --workspace W --file F.mbw [--json]\n"
        "  runs export       --workspace W --project P --format csv|json --out F\n"
        "  workspace check  --workspace W [--json]\n"
        "  workspace vacuum --workspace W [--json]\n"
        "  workspace backup --workspace W --out F.mbw [--json]\n"
        "  demo       --workspace W\n"
        "  screenshot --workspace W [--project P] --page NAME --out FILE.png [--size WxH]\n"
        "\n"
        "  --help     show this text\n"
        "  --version  show the version, build commit and library versions\n"
        "\n"
        "Exit status 0 on success; otherwise a one-line reason on stderr: 2 for a query that cannot be read,\n"
        "1 for any other failure. See docs/CLI.md.\n");
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
        return reportFailure(failure);
    }
}

bool isReport(const QStringList &arguments)
{
    return arguments.value(1) == QLatin1String("report");
}

int runReport(const QStringList &arguments, const ReportWriter &write)
{
    try {
        const int status = reportCommand(arguments.mid(2), write);
        out().flush();
        return status;
    } catch (const CommandFailed &failure) {
        return reportFailure(failure);
    }
}

} // namespace mb::cli
