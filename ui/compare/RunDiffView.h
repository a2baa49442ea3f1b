// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"
#include "core/Framing.h"
#include "db/FramingRepository.h"

#include <QHash>
#include <QWidget>

#include <cstdint>

class QLabel;
class QTableWidget;

namespace mb::ui {

// Two runs side by side, as the Compare page's diff: what they were trained on (dataset version,
// split, framing version, seed, build), every config setting that differs, and every metric with
// the change from the first run to the second (green when better by the metric's direction, red
// when worse). Settings the runs share are not listed, only counted.
// Thread contract: GUI thread.
class RunDiffView : public QWidget {
    Q_OBJECT
public:
    explicit RunDiffView(QWidget *parent = nullptr);

    // `framingVersions` (db::FramingRepository::versionNames) names the runs' framing versions as the
    // user knows them ("main, version 4"), not by their row ids.
    void showRuns(const services::RunMetrics &first, const services::RunMetrics &second, const Framing &framing,
                  const QStringList &metrics, const QHash<std::int64_t, db::FramingVersionName> &framingVersions);
    void showMessage(const QString &message);

    QTableWidget *table() const { return m_table; }
    QString heading() const;

private:
    void addSection(const QString &title);
    void addRow(const QString &field, const QString &first, const QString &second, const QString &delta = {},
                int better = 0);

    QLabel *m_heading = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace mb::ui
