// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/FramingCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/FramingReferences.h"
#include "core/FramingDiff.h"
#include "core/FramingJson.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace mb::cli {
namespace {

QJsonObject versionJson(const db::FramingVersionInfo &v)
{
    return {{QStringLiteral("version"), v.version},
            {QStringLiteral("note"), v.note},
            {QStringLiteral("sha256"), v.contentSha256},
            {QStringLiteral("app_version"), v.appVersion},
            {QStringLiteral("created_at"), v.createdAt}};
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

} // namespace

int framingShowCommand(const QStringList &args)
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

int framingSetCommand(const QStringList &args)
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
    // Saved all the same: the data or the runs a name waits for may come later.
    const QStringList warnings =
        unwrap(services::unresolvedFramingReferences(target.workspace->database(), target.framing.projectId, *framing));
    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject result = versionJson(saved.version);
        result.insert(QStringLiteral("unchanged"), saved.unchanged);
        result.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
        printJson(result);
        return 0;
    }
    if (saved.unchanged)
        out() << QStringLiteral("unchanged: the framing equals version %1\n").arg(saved.version.version);
    else
        out() << QStringLiteral("saved framing version %1\n").arg(saved.version.version);
    for (const QString &warning : warnings)
        out() << QStringLiteral("  warning: %1\n").arg(warning);
    return 0;
}

int framingHistoryCommand(const QStringList &args)
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

int framingDiffCommand(const QStringList &args)
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

} // namespace mb::cli
