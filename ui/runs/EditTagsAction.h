// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAction>
#include <QStringList>

#include <cstdint>

class QAbstractItemView;

namespace mb::db {
class Database;
}

namespace mb::ui {

// "Edit tags…" in a runs table's context menu (the Compare table): asks for the run's tags as one
// line, prefilled with the stored ones, and stores exactly those, by the Runs page's rules
// (core/RunTags splitTags, RunAnnotationRepository::setTags). A refused tag is reported and nothing
// is stored. The row's run is read from its RunsTableModel::Role::RunId, so any table with that role
// can carry it. Thread contract: GUI thread; writes through the window's connection.
class EditTagsAction : public QAction {
    Q_OBJECT
public:
    // Adds itself to `view` and gives the view an actions context menu.
    explicit EditTagsAction(QAbstractItemView *view);

    void setDatabase(db::Database *database);
    // The run of the view's current row, or 0.
    std::int64_t currentRun() const;
    // Stores `line` ("baseline, sweep-3") as the run's tags; false when refused (errorOccurred says why).
    bool storeTags(std::int64_t runId, const QString &line);

Q_SIGNALS:
    void tagsChanged(std::int64_t runId, const QStringList &tags);
    void errorOccurred(const QString &message);

private:
    void editInteractively();

    QAbstractItemView *m_view = nullptr; // not owned (the parent)
    db::Database *m_database = nullptr;  // not owned
};

} // namespace mb::ui
