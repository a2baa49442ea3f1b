// SPDX-License-Identifier: GPL-3.0-or-later
// Project export/import (db/ProjectCopy) against the live schema: every column of every table, as
// PRAGMA table_info lists it, is either written by the copy's INSERT statements or named below as a
// deliberate exclusion with its reason. A migration that adds a column (or a table) fails here until
// the copy carries it or the exclusion says why not, so export can never drop it silently. The
// statements are the ones the copy really runs: traced on the destination's connection while the
// demo's project (with tags, a note, a star and a saved view added) is copied into a fresh file.
// Every table must also declare a primary key: deletion's Undo (db/ChangeRecorder) records only
// tables that have one.
#include "db/Database.h"
#include "db/ProjectCopy.h"
#include "db/RunAnnotationRepository.h"
#include "db/SavedViewRepository.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"

#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace mb;
using namespace mb::db;

namespace {

// Columns the copy leaves out on purpose, by table, with the reason.
const QMap<QString, QMap<QString, QString>> &deliberateExclusions()
{
    static const QMap<QString, QMap<QString, QString>> exclusions{
        {QStringLiteral("workspace_info"),
         {{QStringLiteral("*"), QStringLiteral("the destination file's own identity and schema version")}}},
        {QStringLiteral("business_values"),
         {{QStringLiteral("*"), QStringLiteral("derived from stored predictions and a framing version, both copied: the "
                                               "destination computes its own on the Compare page's first load")}}},
        {QStringLiteral("staged_dataset_versions"),
         {{QStringLiteral("*"), QStringLiteral("imports still writing, or abandoned, in the source file: only whole "
                                               "versions are copied")}}},
        {QStringLiteral("metric_series"),
         {{QStringLiteral("points"), QStringLiteral("kept by the metric_chunks triggers as the copied chunks arrive")}}},
    };
    return exclusions;
}

// Ids the destination assigns (INTEGER PRIMARY KEY): remapped, never copied.
bool isOwnId(Database &db, const QString &table, const QString &column)
{
    Statement info = db.prepare("SELECT pk, type FROM pragma_table_info(?1) WHERE name = ?2");
    info.bind(1, table).bind(2, column);
    return info.step() && info.columnInt(0) == 1 &&
           info.columnText(1).compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0 &&
           column == QLatin1String("id");
}

int collectInserts(unsigned type, void *context, void *, void *sql)
{
    if (type == SQLITE_TRACE_STMT)
        static_cast<QStringList *>(context)->append(QString::fromUtf8(static_cast<const char *>(sql)));
    return 0;
}

} // namespace

class tst_ProjectCopyColumns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyColumnIsCopiedOrExcludedWithAReason();
    void everyTableHasAPrimaryKeyForUndo();
};

void tst_ProjectCopyColumns::everyColumnIsCopiedOrExcludedWithAReason()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString problem;
    QString source;
    std::int64_t projectId = 0;
    {
        const std::unique_ptr<Workspace> opened = mbtest::openDemoCopy(dir.path(), &problem, &source);
        QVERIFY2(opened, qPrintable(problem));
        Database &db = opened->database();
        projectId = db.queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
        const std::int64_t run = db.queryInt("SELECT id FROM runs WHERE status = 'finished' ORDER BY id LIMIT 1");
        RunAnnotationRepository annotations(db);
        QVERIFY(annotations.setTags(run, {QStringLiteral("baseline")}).ok());
        QVERIFY(annotations.setNote(run, QStringLiteral("kept for the report")).ok());
        QVERIFY(annotations.setStarred(run, true).ok());
        SavedView view;
        view.projectId = projectId;
        view.name = QStringLiteral("good ones");
        view.query = QStringLiteral("tag = baseline");
        QVERIFY(SavedViewRepository(db).save(view).ok());
    }

    auto created = Workspace::create(dir.filePath(QStringLiteral("copy.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    Database &destination = (*created)->database();
    QStringList statements;
    sqlite3_trace_v2(destination.handle(), SQLITE_TRACE_STMT, &collectInserts, &statements);
    const Result<ProjectCopyOutcome> copied = copyProject(destination, source, projectId);
    sqlite3_trace_v2(destination.handle(), 0, nullptr, nullptr);
    QVERIFY2(copied.ok(), qPrintable(copied.ok() ? QString() : copied.error()));
    QVERIFY(copied->runsCopied > 0);

    // "INSERT [OR IGNORE] INTO main.table(a, b, c) ..." -> table: {a, b, c}
    static const QRegularExpression insert(
        QStringLiteral(R"(INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?:main\.)?(\w+)\s*\(([^)]*)\))"),
        QRegularExpression::CaseInsensitiveOption);
    QMap<QString, QSet<QString>> written;
    for (const QString &sql : std::as_const(statements)) {
        const QRegularExpressionMatch match = insert.match(sql);
        if (!match.hasMatch())
            continue;
        for (const QString &column : match.captured(2).split(QLatin1Char(','), Qt::SkipEmptyParts))
            written[match.captured(1)].insert(column.trimmed());
    }

    QStringList tables;
    Statement list = destination.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (list.step())
        tables << list.columnText(0);
    QVERIFY(tables.contains(QStringLiteral("runs")));
    QStringList dropped;
    for (const QString &table : std::as_const(tables)) {
        const QMap<QString, QString> excluded = deliberateExclusions().value(table);
        if (excluded.contains(QStringLiteral("*")))
            continue;
        Statement info = destination.prepare("SELECT name FROM pragma_table_info(?1)");
        info.bind(1, table);
        while (info.step()) {
            const QString column = info.columnText(0);
            if (written.value(table).contains(column) || excluded.contains(column) ||
                isOwnId(destination, table, column))
                continue;
            dropped << QStringLiteral("%1.%2").arg(table, column);
        }
    }
    QVERIFY2(dropped.isEmpty(), qPrintable(QStringLiteral("project export would drop: %1 (copy them in db/ProjectCopy, "
                                                          "or list them in deliberateExclusions with the reason)")
                                               .arg(dropped.join(QStringLiteral(", ")))));
    // An exclusion that names a column the schema no longer has, or one the copy writes, is stale.
    for (auto it = deliberateExclusions().constBegin(); it != deliberateExclusions().constEnd(); ++it)
        for (const QString &column : it.value().keys()) {
            if (column == QLatin1String("*"))
                continue;
            Statement info = destination.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
            info.bind(1, it.key()).bind(2, column);
            QVERIFY2(info.step(), qPrintable(QStringLiteral("stale exclusion %1.%2").arg(it.key(), column)));
            QVERIFY2(!written.value(it.key()).contains(column),
                     qPrintable(QStringLiteral("%1.%2 is excluded but copied").arg(it.key(), column)));
        }
}

void tst_ProjectCopyColumns::everyTableHasAPrimaryKeyForUndo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto created = Workspace::create(dir.filePath(QStringLiteral("w.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    Database &db = (*created)->database();
    Statement keyless = db.prepare("SELECT name FROM sqlite_schema t WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                   "AND NOT EXISTS (SELECT 1 FROM pragma_table_info(t.name) WHERE pk > 0)");
    QStringList names;
    while (keyless.step())
        names << keyless.columnText(0);
    QVERIFY2(names.isEmpty(), qPrintable(QStringLiteral("tables without a primary key (deletion's Undo cannot see "
                                                        "them): %1")
                                             .arg(names.join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(tst_ProjectCopyColumns)
#include "tst_projectcopycolumns.moc"
