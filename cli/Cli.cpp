// SPDX-License-Identifier: GPL-3.0-or-later
#include "Cli.h"

#include "DemoWorkspace.h"

#include <BuildInfo.h>
#include <Database.h>
#include <ExpressionChecker.h>
#include <FramingDiff.h>
#include <FramingJson.h>
#include <FramingRepository.h>
#include <ProjectRepository.h>
#include <TorchInfo.h>
#include <Workspace.h>

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

// Raised inside a command and reported once, as the single line on stderr.
struct CommandFailed {
    QString reason;
};

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

template<typename T>
T unwrap(Result<T> result)
{
    if (!result)
        throw CommandFailed{result.error()};
    return std::move(result).value();
}

QCommandLineOption workspaceOption()
{
    return {QStringLiteral("workspace"), QStringLiteral("The workspace file (.mbw)."), QStringLiteral("W")};
}
QCommandLineOption projectOption()
{
    return {QStringLiteral("project"), QStringLiteral("The project, by name or id."), QStringLiteral("P")};
}
QCommandLineOption jsonOption()
{
    return {QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")};
}

// Parses `arguments` (the subcommand words first) and insists on the required options.
class Arguments {
public:
    Arguments(const QStringList &arguments, const QList<QCommandLineOption> &options,
              const QStringList &required)
    {
        m_parser.addOptions(options);
        // The parser treats its first argument as the program name.
        if (!m_parser.parse(QStringList{QStringLiteral("metricbridge")} + arguments))
            throw CommandFailed{m_parser.errorText()};
        for (const QString &name : required)
            if (!m_parser.isSet(name) || m_parser.value(name).isEmpty())
                throw CommandFailed{QStringLiteral("missing --%1").arg(name)};
    }
    QString value(const QString &name) const { return m_parser.value(name); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QStringList positional() const { return m_parser.positionalArguments(); }

private:
    QCommandLineParser m_parser;
};

std::unique_ptr<db::Workspace> openWorkspace(const QString &path, bool createIfMissing = false)
{
    return unwrap(createIfMissing ? db::Workspace::openOrCreate(path) : db::Workspace::open(path));
}

void printJson(const QJsonValue &value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray())
                                                   : QJsonDocument(value.toObject());
    out() << document.toJson(QJsonDocument::Indented);
}

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
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).create(projectName, a.value(QStringLiteral("description"))));
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
    if (a.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const db::Project &p : projects)
            array.append(projectJson(p));
        printJson(array);
    } else {
        for (const db::Project &p : projects)
            out() << p.id << '\t' << p.name << '\n';
    }
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
    if (a.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const auto &v : versions)
            array.append(versionJson(v));
        printJson(array);
    } else {
        for (const auto &v : versions)
            out() << v.version << '\t' << v.createdAt << '\t' << v.note << '\n';
    }
    return 0;
}

int framingDiff(const QStringList &args)
{
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Older version."), QStringLiteral("N"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Newer version."), QStringLiteral("N"));
    Arguments a(args, {workspaceOption(), projectOption(), framingNameOption(), from, to, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("from"),
                 QStringLiteral("to")});
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

int demo(const QStringList &args)
{
    Arguments a(args, {workspaceOption()}, {QStringLiteral("workspace")});
    const QString path = a.value(QStringLiteral("workspace"));
    const Status built = buildDemoWorkspace(path);
    if (!built)
        throw CommandFailed{built.error()};
    out() << QStringLiteral("demo workspace ready: %1\n").arg(path);
    return 0;
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
        {QStringLiteral("demo"), demo},
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

QString versionText()
{
    return QStringLiteral("%1 %2 (commit %3)\nQt %4, LibTorch %5, SQLite %6, muparser %7\n")
        .arg(applicationName(), applicationVersion(), buildCommit(), QString::fromLatin1(qVersion()),
             training::libtorchVersion(), db::Database::sqliteVersion(), muparserVersion());
}

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
    return first == QLatin1String("--help") || first == QLatin1String("-h")
           || first == QLatin1String("--version") || isCommandWord(first);
}

int runHeadless(const QStringList &arguments)
{
    const QString first = arguments.value(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        out() << usageText();
        return 0;
    }
    if (first == QLatin1String("--version")) {
        out() << versionText();
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
