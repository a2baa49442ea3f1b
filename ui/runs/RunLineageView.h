// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/RunLineage.h"

#include <QWidget>

#include <cstdint>

class QLabel;
class QTreeWidget;

namespace mb::ui {

// The current run's family as a tree (core/RunLineage): its first ancestor, then re-runs and forks
// under their parents; a re-run says whether its metrics came out identical, a fork what was
// edited in its config (in full below the tree). The current run is bold; a double click goes to a run.
// Thread contract: GUI thread.
class RunLineageView : public QWidget {
    Q_OBJECT
public:
    explicit RunLineageView(QWidget *parent = nullptr);

    void showFamily(const QList<LineageEntry> &family, std::int64_t currentRunId);
    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void runActivated(qint64 runId);

private:
    QLabel *m_empty = nullptr;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_relation = nullptr; // the current item's relation, wrapped
};

} // namespace mb::ui
