// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/RunAnnotationCommands.h"

#include "app/cli/CommandSupport.h"
#include "core/query/QueryParser.h"
#include "db/ProjectRepository.h"
#include "db/RunAnnotationRepository.h"
#include "db/SavedViewRepository.h"

#include <QFile>

namespace mb::cli {
namespace {

QString tagsText(const QStringList &tags)
{
    return tags.isEmpty() ? QStringLiteral("(no tags)") : tags.join(QStringLiteral(", "));
}

QByteArray readNoteFile(const QString &path)
{
    QFile input;
    const bool opened = path == QLatin1String("-") ? input.open(stdin, QIODevice::ReadOnly)
                                                   : (input.setFileName(path), input.open(QIODevice::ReadOnly));
    if (!opened)
        throw CommandFailed{QStringLiteral("cannot read %1: %2").arg(path, input.errorString())};
    return input.readAll();
}

QJsonObject viewJson(const db::SavedView &view)
{
    return {{QStringLiteral("id"), qint64(view.id)},
            {QStringLiteral("name"), view.name},
            {QStringLiteral("query"), view.query},
            {QStringLiteral("columns"), QJsonArray::fromStringList(view.columns)},
            {QStringLiteral("sort"), view.sortColumn},
            {QStringLiteral("descending"), view.sortDescending}};
}

QString viewLine(const db::SavedView &view)
{
    QString sort = view.sortColumn.isEmpty()
                       ? QStringLiteral("-")
                       : view.sortColumn + (view.sortDescending ? QStringLiteral(":desc") : QString());
    return QStringList{view.name, view.query.isEmpty() ? QStringLiteral("(every run)") : view.query,
                       view.columns.isEmpty() ? QStringLiteral("all columns") : view.columns.join(QLatin1Char(',')),
                       sort}
        .join(QLatin1Char('\t'));
}

// A view's query must at least read: its grammar is checked here (exit status 2 when it does
// not). Its fields are checked where it runs, against the runs judged then, since a metric such
// as test/roc_auc or a business metric exists only once runs are judged.
void checkQuery(const QString &where)
{
    const Result<std::optional<query::SyntaxNode>> syntax = query::parseQuery(where);
    if (!syntax)
        throw CommandFailed{QStringLiteral("--where: %1").arg(syntax.error()), 2};
}

} // namespace

int runsTagCommand(const QStringList &arguments)
{
    const QCommandLineOption remove(QStringLiteral("remove"), QStringLiteral("Remove the tags instead."));
    Arguments a(arguments, {workspaceOption(), runOption(), remove},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    QStringList tags;
    for (const QString &word : a.positional())
        tags << word.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (tags.isEmpty())
        throw CommandFailed{QStringLiteral("name the tags: runs tag --workspace W --run R [--remove] TAG...")};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::RunAnnotationRepository annotations(workspace->database());
    const QStringList now =
        unwrap(a.isSet(QStringLiteral("remove")) ? annotations.removeTags(id, tags) : annotations.addTags(id, tags));
    out() << QStringLiteral("run %1 tags: %2\n").arg(id).arg(tagsText(now));
    return 0;
}

int runsNoteCommand(const QStringList &arguments)
{
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("The note; \"\" clears it."),
                                  QStringLiteral("T"));
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("Read the note from a file, or - for stdin."),
                                  QStringLiteral("F"));
    Arguments a(arguments, {workspaceOption(), runOption(), text, file},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    if (a.isSet(QStringLiteral("text")) == a.isSet(QStringLiteral("file")))
        throw CommandFailed{QStringLiteral("give the note with either --text T or --file F")};
    const QString note = a.isSet(QStringLiteral("text"))
                             ? a.value(QStringLiteral("text"))
                             : QString::fromUtf8(readNoteFile(a.value(QStringLiteral("file"))));
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    unwrap(db::RunAnnotationRepository(workspace->database()).setNote(id, note.trimmed()));
    out() << (note.trimmed().isEmpty() ? QStringLiteral("run %1: note cleared\n").arg(id)
                                       : QStringLiteral("run %1: note saved\n").arg(id));
    return 0;
}

int runsStarCommand(const QStringList &arguments)
{
    const QCommandLineOption off(QStringLiteral("off"), QStringLiteral("Take the star away."));
    Arguments a(arguments, {workspaceOption(), runOption(), off}, {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const bool starred = !a.isSet(QStringLiteral("off"));
    unwrap(db::RunAnnotationRepository(workspace->database()).setStarred(id, starred));
    out() << (starred ? QStringLiteral("run %1: starred\n") : QStringLiteral("run %1: not starred\n")).arg(id);
    return 0;
}

int viewSaveCommand(const QStringList &arguments)
{
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The view's name."), QStringLiteral("N"));
    const QCommandLineOption where(QStringLiteral("where"), QStringLiteral("The query (docs/QUERY.md)."),
                                   QStringLiteral("QUERY"));
    const QCommandLineOption columns(QStringLiteral("columns"), QStringLiteral("Column keys to show, comma separated."),
                                     QStringLiteral("K,K"));
    const QCommandLineOption sort(QStringLiteral("sort"),
                                  QStringLiteral("The column key to sort by, :desc to reverse."),
                                  QStringLiteral("KEY[:desc]"));
    Arguments a(arguments, {workspaceOption(), projectOption(), name, where, columns, sort, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("name")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::Project project = unwrap(db::ProjectRepository(database).find(a.value(QStringLiteral("project"))));
    db::SavedView view;
    view.projectId = project.id;
    view.name = a.value(QStringLiteral("name"));
    view.query = a.value(QStringLiteral("where")).trimmed();
    checkQuery(view.query);
    view.columns = a.value(QStringLiteral("columns")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString sortKey = a.value(QStringLiteral("sort"));
    if (sortKey.endsWith(QLatin1String(":desc"))) {
        view.sortDescending = true;
        sortKey.chop(5);
    }
    view.sortColumn = sortKey;
    const db::SavedView saved = unwrap(db::SavedViewRepository(database).save(view));
    if (a.isSet(QStringLiteral("json")))
        printJson(viewJson(saved));
    else
        out() << QStringLiteral("view '%1' saved\n").arg(saved.name);
    return 0;
}

int viewListCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), projectOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::Project project = unwrap(db::ProjectRepository(database).find(a.value(QStringLiteral("project"))));
    printList(a.isSet(QStringLiteral("json")), unwrap(db::SavedViewRepository(database).views(project.id)), viewJson,
              viewLine);
    return 0;
}

int viewDeleteCommand(const QStringList &arguments)
{
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The view's name."), QStringLiteral("N"));
    Arguments a(arguments, {workspaceOption(), projectOption(), name},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("name")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::Project project = unwrap(db::ProjectRepository(database).find(a.value(QStringLiteral("project"))));
    unwrap(db::SavedViewRepository(database).remove(project.id, a.value(QStringLiteral("name"))));
    out() << QStringLiteral("view '%1' deleted\n").arg(a.value(QStringLiteral("name")));
    return 0;
}

} // namespace mb::cli
