// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/ProjectRepository.h"

#include "core/NearestNames.h"
#include "db/Database.h"
#include "db/FramingRepository.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

namespace mb::db {
namespace {

Project readProject(const Statement &row)
{
    return Project{row.columnInt(0), row.columnText(1), row.columnText(2), row.columnText(3)};
}

} // namespace

Result<Project> ProjectRepository::create(const QString &name, const QString &description)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Error{QStringLiteral("a project needs a name")};
    QString existingName;
    Result<std::optional<Project>> created =
        guarded(QStringLiteral("cannot create project '%1'").arg(trimmed), [&]() -> std::optional<Project> {
            Transaction transaction(m_db);
            // By name only: find() also matches ids, and a project may well be called "1".
            Statement existing = m_db.prepare("SELECT name FROM projects WHERE name = ?1 COLLATE NOCASE");
            existing.bind(1, trimmed);
            if (existing.step()) {
                existingName = existing.columnText(0);
                return std::nullopt;
            }
            const QString createdAt = utcTimestamp();
            m_db.prepare("INSERT INTO projects(name, description, created_at) VALUES (?1, ?2, ?3)")
                .bind(1, trimmed)
                .bind(2, description)
                .bind(3, createdAt)
                .run();
            const Project project{m_db.lastInsertId(), trimmed, description, createdAt};
            FramingRepository::insertFraming(m_db, project.id, FramingRepository::defaultFramingName());
            transaction.commit();
            return std::optional(project);
        });
    if (!created)
        return Error{created.error()};
    if (!created->has_value())
        return Error{QStringLiteral("a project named '%1' already exists").arg(existingName)};
    return created->value();
}

Result<QList<Project>> ProjectRepository::list()
{
    return guarded(QStringLiteral("cannot list projects"), [&] {
        QList<Project> projects;
        Statement query =
            m_db.prepare("SELECT id, name, description, created_at FROM projects ORDER BY name COLLATE NOCASE");
        while (query.step())
            projects << readProject(query);
        return projects;
    });
}

Result<Project> ProjectRepository::find(const QString &nameOrId)
{
    Result<std::optional<Project>> found = guarded(QStringLiteral("cannot look up project '%1'").arg(nameOrId), [&] {
        Statement query = m_db.prepare("SELECT id, name, description, created_at FROM projects "
                                       "WHERE name = ?1 COLLATE NOCASE OR CAST(id AS TEXT) = ?1 "
                                       "ORDER BY name = ?1 COLLATE NOCASE DESC LIMIT 1");
        query.bind(1, nameOrId.trimmed());
        return query.step() ? std::optional<Project>(readProject(query)) : std::nullopt;
    });
    if (!found)
        return Error{found.error()};
    if (!found->has_value()) {
        // The choices, the nearest first, so that a typo's fix leads the message.
        const Result<QList<Project>> projects = list();
        QStringList names;
        if (projects)
            for (const Project &p : *projects)
                names << p.name;
        const QString choices = names.isEmpty()
                                    ? QStringLiteral("it has no projects yet")
                                    : QStringLiteral("its projects are: %1").arg(nearestFirstText(nameOrId, names));
        return Error{QStringLiteral("no project named '%1' in this workspace; %2").arg(nameOrId, choices)};
    }
    return found->value();
}

} // namespace mb::db
