// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/RunAnnotationRepository.h"

#include <QWidget>

#include <cstdint>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace mb::db {
class Database;
}

namespace mb::ui {

// What people add to the run shown in the detail: a star toggle, its tags as one line ("baseline,
// sweep-3", applied on Enter or leaving the line) and a note (saved with its button). Each edit is
// written at once through RunAnnotationRepository; a refused tag is reported and the line goes
// back to the stored tags. Thread contract: GUI thread; writes through the window's connection.
class RunAnnotationsEditor : public QWidget {
    Q_OBJECT
public:
    explicit RunAnnotationsEditor(QWidget *parent = nullptr);

    // 0 empties and disables the editor.
    void setRun(db::Database *database, std::int64_t runId);
    std::int64_t runId() const { return m_runId; }
    const db::RunAnnotations &annotations() const { return m_annotations; }

    void setStarred(bool starred);
    void setTagsText(const QString &text); // as if typed and applied
    void saveNote(const QString &note);

Q_SIGNALS:
    // The run's tags, note or star were stored.
    void annotationsChanged(qint64 runId, const mb::db::RunAnnotations &annotations);
    void errorOccurred(const QString &message);

private:
    void show(const db::RunAnnotations &annotations);
    void stored();

    db::Database *m_database = nullptr; // not owned
    std::int64_t m_runId = 0;
    db::RunAnnotations m_annotations;

    // Owned by the widget tree.
    QToolButton *m_star = nullptr;
    QLineEdit *m_tags = nullptr;
    QPlainTextEdit *m_note = nullptr;
    QPushButton *m_saveNote = nullptr;
};

} // namespace mb::ui
