// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/DatasetImport.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace mb::ui {

class ColumnListField;
class SplitSpecEditor;

// Asks how to import a file: which columns are targets and value columns, how to treat missing
// values, and how to split. The header is read as soon as a CSV is chosen, so columns are picked
// from the real names. Import does not close it: it says importRequested, and stays open, its
// entries kept, until importFinished says the import was stored; a failure is shown in it.
// Thread contract: GUI thread.
class ImportDatasetDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDatasetDialog(QWidget *parent = nullptr);
    ~ImportDatasetDialog() override;

    void setFile(const QString &path);
    // Fills empty target and value fields from the project's framing, and warns when the file
    // lacks a target the framing learns.
    void prefillFromFraming(const QStringList &targets, const QStringList &valueColumns);
    // The request as filled in; an Error names the field to fix.
    Result<services::DatasetImportRequest> request() const;
    // The outcome of the import importRequested started: stored closes the dialog (accepted);
    // otherwise `message` is shown and every entry stays for another try.
    void importFinished(bool stored, const QString &message);
    bool isImporting() const { return m_importing; }

Q_SIGNALS:
    void importRequested(const services::DatasetImportRequest &request);

private:
    void browse();
    void readHeader();
    void validate();
    void updateFramingNote();
    void onImportClicked();
    void setImporting(bool importing);

    QStringList m_header;         // the chosen CSV's columns; empty until it is read
    QString m_headerFile;         // the file m_header was read from
    QStringList m_framingTargets; // what the project's framing learns
    bool m_importing = false;

    QLineEdit *m_file = nullptr;
    QLineEdit *m_labels = nullptr;
    QLineEdit *m_testFile = nullptr;   // a separate test file: the version's test part
    QLineEdit *m_testLabels = nullptr; // its labels, for an IDX pair
    QLabel *m_columns = nullptr;
    QTableWidget *m_columnTable = nullptr; // per-column type and missing-value overrides
    QLineEdit *m_name = nullptr;
    ColumnListField *m_targets = nullptr;
    ColumnListField *m_values = nullptr;
    ColumnListField *m_ignore = nullptr;
    QLineEdit *m_positive = nullptr;
    QComboBox *m_missing = nullptr;
    SplitSpecEditor *m_split = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_framingNote = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace mb::ui
