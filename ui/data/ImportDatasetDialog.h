// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/DatasetImport.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace mb::ui {

// Asks how to import a file: which columns are targets and value columns, how to treat missing
// values, and how to split. The header is read as soon as a CSV is chosen, so columns are picked
// from the real names.
class ImportDatasetDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDatasetDialog(QWidget *parent = nullptr);

    void setFile(const QString &path);
    // The request as filled in; an Error names the field to fix.
    Result<services::DatasetImportRequest> request() const;

private:
    void browse();
    void readHeader();
    void updateSplitFields();
    void validate();

    QLineEdit *m_file = nullptr;
    QLineEdit *m_labels = nullptr;
    QLineEdit *m_testFile = nullptr;   // a separate test file: the version's test part
    QLineEdit *m_testLabels = nullptr; // its labels, for an IDX pair
    QLabel *m_columns = nullptr;
    QTableWidget *m_columnTable = nullptr; // per-column type and missing-value overrides
    QLineEdit *m_name = nullptr;
    QLineEdit *m_targets = nullptr;
    QLineEdit *m_values = nullptr;
    QLineEdit *m_ignore = nullptr;
    QLineEdit *m_positive = nullptr;
    QComboBox *m_missing = nullptr;
    QComboBox *m_splitKind = nullptr;
    QLineEdit *m_splitColumn = nullptr;
    QDoubleSpinBox *m_validation = nullptr;
    QDoubleSpinBox *m_test = nullptr;
    QSpinBox *m_seed = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace mb::ui
