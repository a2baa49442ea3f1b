// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QTableWidget;
class QTreeWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

// Lists every saved version of a framing and diffs any two of them, field by field.
// Thread contract: GUI thread; reads through the window's connection.
class FramingHistoryView : public QWidget {
    Q_OBJECT
public:
    explicit FramingHistoryView(QWidget *parent = nullptr);

    // Shows the versions of `framingId`; a null database clears the view.
    void setSource(db::Database *database, std::int64_t framingId);
    void refresh();
    void compare(int fromVersion, int toVersion);

Q_SIGNALS:
    // The user wants to edit from an older version; saving makes it the newest.
    void restoreRequested(const mb::Framing &framing, int version);
    void errorOccurred(const QString &message);

private:
    void updateDiff();

    db::Database *m_database = nullptr; // not owned
    std::int64_t m_framingId = 0;

    // Owned by the widget tree.
    QTreeWidget *m_versions = nullptr;
    QComboBox *m_from = nullptr;
    QComboBox *m_to = nullptr;
    QTableWidget *m_diff = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace mb::ui
