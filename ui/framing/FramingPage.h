// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

class FramingEditor;
class FramingHistoryView;

// The Framing page: edit the project's framing, save it as a new version, browse and diff the
// history, and switch between alternative framings of the same problem.
// Thread contract: GUI thread; uses the window's connection.
class FramingPage : public QWidget {
    Q_OBJECT
public:
    explicit FramingPage(QWidget *parent = nullptr);

    // Shows the project's default framing; a null database clears the page.
    void setProject(db::Database *database, std::int64_t projectId);
    bool hasUnsavedChanges() const;
    // Asks Save / Discard / Cancel when there are unsaved edits; false when the user cancels or
    // the save fails. Used before anything replaces the framing shown.
    bool confirmLeave();
    // Validates and saves a new version; false, with the problems shown, when it cannot.
    bool save();
    void revert();
    void showEditorTab();
    void showHistoryTab();

    FramingEditor *editor() const { return m_editor; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void errorOccurred(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void clearFraming();
    void refreshMeasuredMetricNames();
    void loadFramingList(const QString &select = {});
    void loadFraming(std::int64_t framingId);
    void createAlternative();
    void onEdited();
    void updateHeader();

    db::Database *m_database = nullptr; // not owned
    std::int64_t m_projectId = 0;
    std::int64_t m_framingId = 0;
    Framing m_saved;        // what the latest version holds, to tell unsaved edits
    int m_savedVersion = 0; // 0: never saved
    QString m_savedAt;

    // Owned by the widget tree.
    QComboBox *m_framingChoice = nullptr;
    QLabel *m_versionLabel = nullptr;
    QLineEdit *m_note = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
    QLabel *m_problems = nullptr;
    QLabel *m_ready = nullptr; // shown instead of the problems when there are none
    QTabWidget *m_tabs = nullptr;
    FramingEditor *m_editor = nullptr;
    FramingHistoryView *m_history = nullptr;
};

} // namespace mb::ui
