// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace mb::ui {

// Edits the list of business metric definitions: a list on the left, the selected definition on
// the right, and every expression checked with muparser as it is typed, the error position marked.
class BusinessMetricEditor : public QWidget {
    Q_OBJECT
public:
    explicit BusinessMetricEditor(QWidget *parent = nullptr);

    void setMetrics(const QList<BusinessMetric> &metrics);
    QList<BusinessMetric> metrics() const { return m_metrics; }
    // The symbols item expressions may use (label, score, predicted, targets, value columns).
    void setItemSymbols(const QStringList &symbols);

Q_SIGNALS:
    void changed();

private:
    void rebuildList();
    void showMetric(int row);
    void storeField();
    void onSelectionChosen();
    void storeAggregates();
    void addMetric();
    void removeMetric();
    void addAggregate();
    void removeAggregate();
    void recheck();
    void fillAggregateRow(int row, const MetricAggregate &aggregate);

    QList<BusinessMetric> m_metrics;
    QStringList m_itemSymbols;
    int m_current = -1;
    bool m_loading = false; // true while widgets are filled from m_metrics

    // Owned by the widget tree.
    QListWidget *m_list = nullptr;
    QWidget *m_basics = nullptr;
    QWidget *m_detail = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_unit = nullptr;
    QComboBox *m_direction = nullptr;
    QLineEdit *m_description = nullptr;
    QComboBox *m_selection = nullptr;
    QDoubleSpinBox *m_parameter = nullptr;
    QTableWidget *m_aggregates = nullptr;
    QLineEdit *m_outer = nullptr;
    QLabel *m_check = nullptr;
    QLabel *m_symbols = nullptr;
    QPushButton *m_remove = nullptr;
};

} // namespace mb::ui
