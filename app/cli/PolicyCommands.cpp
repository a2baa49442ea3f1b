// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/PolicyCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/TradeoffSession.h"
#include "core/NumberText.h"
#include "core/tradeoff/TradeoffPolicy.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <limits>
#include <optional>

namespace mb::cli {
namespace {

QCommandLineOption nameOption()
{
    return {QStringLiteral("name"), QStringLiteral("The policy's name."), QStringLiteral("N")};
}

QCommandLineOption versionOption()
{
    return {QStringLiteral("version"), QStringLiteral("Which version (default: the latest)."), QStringLiteral("V")};
}

// The workspace and project every policy command works in.
struct PolicyScope {
    std::unique_ptr<db::Workspace> workspace;
    db::Project project;
    db::PolicyRepository repository() const { return db::PolicyRepository(workspace->database()); }
};

PolicyScope openScope(const Arguments &a)
{
    PolicyScope scope;
    scope.workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    scope.project = unwrap(db::ProjectRepository(scope.workspace->database()).find(a.value(QStringLiteral("project"))));
    return scope;
}

double numberArgument(const Arguments &a, const QString &option)
{
    bool ok = false;
    const double value = a.value(option).toDouble(&ok);
    if (!ok)
        throw CommandFailed{QStringLiteral("--%1 '%2' is not a number").arg(option, a.value(option))};
    return value;
}

std::int64_t wholeArgument(const Arguments &a, const QString &option, const QString &what)
{
    bool ok = false;
    const qint64 value = a.value(option).toLongLong(&ok);
    if (!ok)
        throw CommandFailed{QStringLiteral("--%1 '%2' is not %3").arg(option, a.value(option), what)};
    return value;
}

// The named version (or the latest) of the --name policy.
db::PolicyRecord chosenVersion(const PolicyScope &scope, const Arguments &a)
{
    int version = 0;
    if (a.isSet(QStringLiteral("version"))) {
        bool ok = false;
        version = a.value(QStringLiteral("version")).toInt(&ok);
        if (!ok || version < 1)
            throw CommandFailed{QStringLiteral("--version expects a version number (1, 2, ...), got '%1'")
                                    .arg(a.value(QStringLiteral("version")))};
    }
    return unwrap(scope.repository().find(scope.project.id, a.value(QStringLiteral("name")), version));
}

QString runText(std::int64_t id, const QString &name)
{
    return name.isEmpty() ? QString::number(id) : QStringLiteral("%1 %2").arg(id).arg(name);
}

// A delta as the comparison prints it: signed and rounded like every number the commands print,
// so 0.7 - 0.5 reads +0.2, not +0.19999999999999996. Stored values are printed exactly.
QString deltaText(double delta)
{
    return (delta > 0 ? QStringLiteral("+") : QString()) + formatNumber(delta);
}

// The export form without the file's format tags, plus the stored version's id: what --json
// prints for a policy.
QJsonObject policyJson(const db::PolicyRecord &record, const PolicyDocument &document)
{
    QJsonObject json = policyToJson(document);
    json.remove(QStringLiteral("format"));
    json.remove(QStringLiteral("format_version"));
    json.insert(QStringLiteral("id"), qint64(record.id));
    return json;
}

QJsonArray changesJson(const QList<PolicyChange> &changes)
{
    QJsonArray array;
    for (const PolicyChange &c : changes) {
        QJsonObject change{{QStringLiteral("field"), c.field},
                           {QStringLiteral("before"), c.before},
                           {QStringLiteral("after"), c.after}};
        if (c.delta)
            change.insert(QStringLiteral("delta"), *c.delta);
        array.append(change);
    }
    return array;
}

// Columns padded to their widest cell, the last one left ragged.
void printTable(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths << 0;
            widths[i] = std::max(widths[i], row.at(i).size());
        }
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i) + 2) : row.at(i);
        while (line.endsWith(QLatin1Char(' '))) // an empty last cell
            line.chop(1);
        out() << line << '\n';
    }
}

} // namespace

int policyListCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), projectOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    const PolicyScope scope = openScope(a);
    db::PolicyRepository policies = scope.repository();
    const QList<db::PolicySummary> summaries = unwrap(policies.policies(scope.project.id));
    QList<std::pair<db::PolicySummary, PolicyDocument>> listed;
    for (const db::PolicySummary &s : summaries)
        listed.append({s, unwrap(policies.document(s.latest))});

    if (a.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const auto &[summary, document] : listed) {
            QJsonObject json = policyJson(summary.latest, document);
            json.remove(QStringLiteral("project"));
            json.insert(QStringLiteral("versions"), summary.versionCount);
            array.append(json);
        }
        printJson(array);
        return 0;
    }
    if (listed.isEmpty()) {
        out() << QStringLiteral("project '%1' has no policies yet: save one on the Trade-offs page or with "
                                "`policy save`\n")
                     .arg(scope.project.name);
        return 0;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("VERSION"), QStringLiteral("VERSIONS"),
                             QStringLiteral("ALPHA"), QStringLiteral("BETA"), QStringLiteral("NORMALISATION"),
                             QStringLiteral("K"), QStringLiteral("RUN A"), QStringLiteral("RUN B"),
                             QStringLiteral("CREATED"), QStringLiteral("NOTE")}};
    for (const auto &[summary, d] : listed)
        rows << QStringList{d.name,
                            QString::number(d.version),
                            QString::number(summary.versionCount),
                            policyNumber(d.settings.alpha),
                            policyNumber(d.settings.beta),
                            d.settings.normalisation,
                            QString::number(d.settings.k),
                            runText(d.settings.runA, d.runAName),
                            runText(d.settings.runB, d.runBName),
                            d.createdAt,
                            d.note};
    printTable(rows);
    return 0;
}

int policyShowCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), projectOption(), nameOption(), versionOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("name")});
    const PolicyScope scope = openScope(a);
    db::PolicyRepository policies = scope.repository();
    const db::PolicyRecord record = chosenVersion(scope, a);
    const PolicyDocument document = unwrap(policies.document(record));
    const int versionCount = unwrap(policies.latest(scope.project.id, record.name))->version;
    std::optional<PolicyDocument> previous;
    if (record.version > 1)
        previous = unwrap(policies.document(unwrap(policies.find(scope.project.id, record.name, record.version - 1))));
    const QList<PolicyChange> changes = previous ? diffPolicies(*previous, document) : QList<PolicyChange>{};

    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject json = policyJson(record, document);
        json.insert(QStringLiteral("versions"), versionCount);
        json.insert(QStringLiteral("previous_version"), previous ? QJsonValue(previous->version) : QJsonValue());
        json.insert(QStringLiteral("changes"), changesJson(changes));
        printJson(json);
        return 0;
    }
    const PolicySettings &s = document.settings;
    out() << QStringLiteral("policy '%1' version %2 of %3, project '%4', saved %5\n")
                 .arg(document.name)
                 .arg(document.version)
                 .arg(versionCount)
                 .arg(document.project, document.createdAt);
    QList<QStringList> settings{{QStringLiteral("  run_a"), runText(s.runA, document.runAName)},
                                {QStringLiteral("  run_b"), runText(s.runB, document.runBName)},
                                {QStringLiteral("  alpha"), policyNumber(s.alpha)},
                                {QStringLiteral("  beta"), policyNumber(s.beta)},
                                {QStringLiteral("  normalisation"), s.normalisation},
                                {QStringLiteral("  k"), QString::number(s.k)},
                                {QStringLiteral("  note"), document.note}};
    printTable(settings);
    if (document.metrics.isEmpty()) {
        out() << "metrics when saved: none recorded\n";
    } else {
        out() << "metrics when saved:\n";
        QList<QStringList> metrics;
        for (auto it = document.metrics.constBegin(); it != document.metrics.constEnd(); ++it)
            metrics << QStringList{QStringLiteral("  ") + it.key(), policyNumber(it.value())};
        printTable(metrics);
    }
    if (!previous) {
        out() << "the first version: nothing to compare with\n";
    } else if (changes.isEmpty()) {
        out() << QStringLiteral("no differences from version %1\n").arg(previous->version);
    } else {
        out() << QStringLiteral("changes from version %1:\n").arg(previous->version);
        for (const PolicyChange &c : changes) {
            const QChar mark = c.before.isEmpty() && c.field.startsWith(QLatin1String("metrics."))  ? QLatin1Char('+')
                               : c.after.isEmpty() && c.field.startsWith(QLatin1String("metrics.")) ? QLatin1Char('-')
                                                                                                    : QLatin1Char('~');
            out() << "  " << mark << ' ' << c.field << ": " << c.before << " -> " << c.after;
            if (c.delta)
                out() << " (" << deltaText(*c.delta) << ')';
            out() << '\n';
        }
    }
    return 0;
}

int policyExportCommand(const QStringList &arguments)
{
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("The JSON file to write; '-' prints it."),
                                     QStringLiteral("F"));
    Arguments a(
        arguments, {workspaceOption(), projectOption(), nameOption(), versionOption(), outFile},
        {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("name"), QStringLiteral("out")});
    const PolicyScope scope = openScope(a);
    const db::PolicyRecord record = chosenVersion(scope, a);
    const QByteArray bytes = policyToBytes(unwrap(scope.repository().document(record)));
    const QString path = a.value(QStringLiteral("out"));
    if (path == QLatin1String("-")) {
        out() << bytes;
        return 0;
    }
    // Written to a temporary name and renamed, so a failure never leaves half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw CommandFailed{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    out() << QStringLiteral("wrote policy '%1' version %2 to %3\n").arg(record.name).arg(record.version).arg(path);
    return 0;
}

int policySaveCommand(const QStringList &arguments)
{
    const QCommandLineOption runA(QStringLiteral("run-a"), QStringLiteral("The run scoring the first objective."),
                                  QStringLiteral("R"));
    const QCommandLineOption runB(QStringLiteral("run-b"), QStringLiteral("The run scoring the second objective."),
                                  QStringLiteral("R"));
    const QCommandLineOption alpha(QStringLiteral("alpha"), QStringLiteral("Weight of run A's score."),
                                   QStringLiteral("A"));
    const QCommandLineOption beta(QStringLiteral("beta"), QStringLiteral("Weight of run B's score."),
                                  QStringLiteral("B"));
    const QCommandLineOption normalisation(QStringLiteral("normalisation"),
                                           QStringLiteral("Score normalisation: raw, zscore or rank."),
                                           QStringLiteral("N"));
    const QCommandLineOption k(QStringLiteral("k"), QStringLiteral("The top-k budget."), QStringLiteral("K"));
    const QCommandLineOption note(QStringLiteral("note"), QStringLiteral("Why this policy."), QStringLiteral("TEXT"));
    Arguments a(arguments,
                {workspaceOption(), projectOption(), nameOption(), runA, runB, alpha, beta, normalisation, k, note,
                 jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("name"),
                 QStringLiteral("run-a"), QStringLiteral("run-b"), QStringLiteral("alpha"), QStringLiteral("beta"),
                 QStringLiteral("normalisation"), QStringLiteral("k")});
    db::PolicyDraft draft;
    draft.name = a.value(QStringLiteral("name"));
    draft.settings.runA = wholeArgument(a, QStringLiteral("run-a"), QStringLiteral("a run id"));
    draft.settings.runB = wholeArgument(a, QStringLiteral("run-b"), QStringLiteral("a run id"));
    draft.settings.alpha = numberArgument(a, QStringLiteral("alpha"));
    draft.settings.beta = numberArgument(a, QStringLiteral("beta"));
    draft.settings.normalisation = a.value(QStringLiteral("normalisation"));
    const std::int64_t budget = wholeArgument(a, QStringLiteral("k"), QStringLiteral("a whole number"));
    draft.settings.k =
        int(std::clamp<std::int64_t>(budget, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
    draft.note = a.value(QStringLiteral("note"));

    const PolicyScope scope = openScope(a);
    // In a project framed with two objectives, the pair must be one the Trade-offs page accepts
    // (each run scores its objective, over the same items), and the policy records the metrics
    // its setting gives, as the window and the demo do. The engine refuses bad settings itself;
    // checkPolicy names them first, so only a valid draft is weighed.
    const Result<std::optional<db::FramingVersion>> framing =
        db::FramingRepository(scope.workspace->database()).current(scope.project.id);
    if (framing && framing->has_value() && hasTwoObjectives((*framing)->framing.taskType) &&
        checkPolicy(draft.name, draft.settings, draft.metrics).isEmpty()) {
        const services::TradeoffPair pair = unwrap(services::loadTradeoffPair(
            scope.workspace->database(), (*framing)->framing, draft.settings.runA, draft.settings.runB));
        draft.metrics = unwrap(policyMetricsAt(pair, draft.settings));
    }
    const db::PolicySaveOutcome saved = unwrap(scope.repository().save(scope.project.id, draft));
    const db::PolicyRecord &p = saved.policy;
    if (a.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("id"), qint64(p.id)},
                              {QStringLiteral("name"), p.name},
                              {QStringLiteral("version"), p.version},
                              {QStringLiteral("unchanged"), saved.unchanged}});
    } else if (saved.unchanged) {
        out() << QStringLiteral("unchanged: policy '%1' version %2 has these settings\n").arg(p.name).arg(p.version);
    } else {
        out() << QStringLiteral("saved policy '%1' version %2\n").arg(p.name).arg(p.version);
    }
    return 0;
}

} // namespace mb::cli
