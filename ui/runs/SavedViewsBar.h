// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/SavedViewRepository.h"

#include <QWidget>

#include <cstdint>
#include <functional>

class QComboBox;
class QPushButton;

namespace mb::db {
class Database;
}

namespace mb::ui {

// The Runs page's saved views (query, visible columns, sort) of the current project: a combo to
// choose one, "Save view…" to save the table as it is now under a name (the same name replaces
// it), and "Delete view". Thread contract: GUI thread; reads and writes through the window's
// connection.
class SavedViewsBar : public QWidget {
    Q_OBJECT
public:
    // `current` gives the table as it is now (query, columns, sort), for saving.
    explicit SavedViewsBar(std::function<db::SavedView()> current, QWidget *parent = nullptr);

    void setProject(db::Database *database, std::int64_t projectId);
    // Saves the table as it is now under `name`, and selects it. False (and errorOccurred) on failure.
    bool saveAs(const QString &name);
    // Chooses the view by name ("" for every run, nothing else applied); false when there is none.
    bool choose(const QString &name);
    QString currentName() const;
    QComboBox *combo() const { return m_combo; }

Q_SIGNALS:
    // A saved view was chosen: apply its query, columns and sort.
    void viewChosen(const mb::db::SavedView &view);
    void errorOccurred(const QString &message);

private:
    void reload(const QString &select);
    void saveInteractively();
    void deleteCurrent();

    std::function<db::SavedView()> m_current;
    db::Database *m_database = nullptr; // not owned
    std::int64_t m_projectId = 0;
    QList<db::SavedView> m_views;

    // Owned by the widget tree.
    QComboBox *m_combo = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace mb::ui
