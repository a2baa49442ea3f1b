// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QDialog>

#include <cstdint>

class QLabel;
class QPushButton;

namespace mb::db {
class Database;
}

namespace mb::ui {

class BusinessMetricEditor;

// Adds or edits the project's business metrics from the Compare page. Saving validates the whole
// framing (every expression through muparser) and stores it as the framing's next version, so
// the Compare page recomputes every run from its stored predictions; a framing with problems is
// not saved and the problems are shown. Not modal for the event loop: open() it.
// Thread contract: GUI thread.
class MetricDefinitionDialog : public QDialog {
    Q_OBJECT
public:
    MetricDefinitionDialog(db::Database &database, std::int64_t framingId, const Framing &framing,
                           QWidget *parent = nullptr);

    BusinessMetricEditor *editor() const { return m_editor; }
    // Validates and stores; on success the dialog accepts. False with the problems shown otherwise.
    bool save();
    QString problems() const;

Q_SIGNALS:
    // The new version is stored (or the definitions were unchanged).
    void saved(int version);

private:
    db::Database &m_database;
    std::int64_t m_framingId;
    Framing m_framing;
    BusinessMetricEditor *m_editor = nullptr;
    QLabel *m_problems = nullptr;
};

} // namespace mb::ui
