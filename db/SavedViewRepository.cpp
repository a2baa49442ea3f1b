// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/SavedViewRepository.h"

#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mb::db {
namespace {

SavedView readView(const Statement &row)
{
    SavedView view;
    view.id = row.columnInt(0);
    view.projectId = row.columnInt(1);
    view.name = row.columnText(2);
    view.query = row.columnText(3);
    for (const QJsonValue &column : QJsonDocument::fromJson(row.columnText(4).toUtf8()).array())
        view.columns << column.toString();
    view.sortColumn = row.columnText(5);
    view.sortDescending = row.columnInt(6) != 0;
    return view;
}

constexpr const char *kColumns =
    "SELECT id, project_id, name, query, columns, sort_column, sort_descending FROM saved_views ";

} // namespace

Result<SavedView> SavedViewRepository::save(SavedView view)
{
    view.name = view.name.trimmed();
    if (view.name.isEmpty())
        return Error{QStringLiteral("a view needs a name")};
    Result<std::int64_t> id = guarded(QStringLiteral("cannot save the view '%1'").arg(view.name), [&] {
        Transaction transaction(m_db);
        m_db.prepare("INSERT INTO saved_views(project_id, name, query, columns, sort_column, sort_descending, "
                     "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                     "ON CONFLICT(project_id, name) DO UPDATE SET query = excluded.query, columns = excluded.columns, "
                     "sort_column = excluded.sort_column, sort_descending = excluded.sort_descending, "
                     "updated_at = excluded.updated_at")
            .bind(1, view.projectId)
            .bind(2, view.name)
            .bind(3, view.query)
            .bind(4, QString::fromUtf8(
                         QJsonDocument(QJsonArray::fromStringList(view.columns)).toJson(QJsonDocument::Compact)))
            .bind(5, view.sortColumn)
            .bind(6, view.sortDescending ? 1 : 0)
            .bind(7, utcTimestamp())
            .run();
        Statement query = m_db.prepare("SELECT id FROM saved_views WHERE project_id = ?1 AND name = ?2");
        query.bind(1, view.projectId).bind(2, view.name);
        const std::int64_t saved = query.step() ? query.columnInt(0) : 0;
        transaction.commit();
        return saved;
    });
    if (!id)
        return Error{id.error()};
    view.id = *id;
    return view;
}

Result<QList<SavedView>> SavedViewRepository::views(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list the saved views"), [&] {
        QList<SavedView> result;
        Statement query =
            m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE project_id = ?1 ORDER BY name").constData());
        query.bind(1, projectId);
        while (query.step())
            result << readView(query);
        return result;
    });
}

Result<SavedView> SavedViewRepository::find(std::int64_t projectId, const QString &name)
{
    Result<QList<SavedView>> all = views(projectId);
    if (!all)
        return Error{all.error()};
    QStringList names;
    for (const SavedView &view : *all) {
        if (view.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return view;
        names << view.name;
    }
    return Error{
        names.isEmpty()
            ? QStringLiteral("no view is called '%1': the project has no saved views").arg(name)
            : QStringLiteral("no view is called '%1' — views: %2").arg(name, names.join(QStringLiteral(", ")))};
}

Status SavedViewRepository::remove(std::int64_t projectId, const QString &name)
{
    Result<SavedView> view = find(projectId, name);
    if (!view)
        return Error{view.error()};
    return guarded(QStringLiteral("cannot delete the view '%1'").arg(name), [&] {
        m_db.prepare("DELETE FROM saved_views WHERE id = ?1").bind(1, view->id).run();
        return Done{};
    });
}

} // namespace mb::db
