// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/ImportDatasetDialog.h"

#include "core/TextList.h"
#include "core/data/CsvReader.h"
#include "ui/data/SplitSpecEditor.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/ColumnListField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

ColumnListField *columnField(const char *name, const QString &placeholder)
{
    auto *field = new ColumnListField;
    field->setObjectName(QLatin1String(name) + QStringLiteral("Field"));
    field->lineEdit()->setObjectName(QLatin1String(name));
    field->lineEdit()->setPlaceholderText(placeholder);
    return field;
}

} // namespace

ImportDatasetDialog::ImportDatasetDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Import a dataset"));
    setObjectName(QStringLiteral("importDatasetDialog"));
    m_file = new QLineEdit;
    m_file->setObjectName(QStringLiteral("importFile"));
    m_file->setPlaceholderText(tr("a CSV file, or the images of an IDX pair"));
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, &ImportDatasetDialog::browse);
    connect(m_file, &QLineEdit::editingFinished, this, &ImportDatasetDialog::readHeader);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    m_labels = new QLineEdit;
    m_labels->setObjectName(QStringLiteral("importLabels"));
    m_labels->setPlaceholderText(tr("IDX only: the labels file"));
    m_testFile = new QLineEdit;
    m_testFile->setObjectName(QStringLiteral("importTestFile"));
    m_testFile->setPlaceholderText(tr("optional: a separate test file (CSV, or IDX test images), the test part"));
    m_testLabels = new QLineEdit;
    m_testLabels->setObjectName(QStringLiteral("importTestLabels"));
    m_testLabels->setPlaceholderText(tr("IDX only: the test labels file"));
    m_columns = new QLabel;
    m_columns->setWordWrap(true);
    m_columns->setForegroundRole(QPalette::PlaceholderText);
    m_columnTable = new QTableWidget(0, 3);
    m_columnTable->setObjectName(QStringLiteral("importColumnTable"));
    m_columnTable->setHorizontalHeaderLabels({tr("Column"), tr("Type"), tr("Missing values")});
    m_columnTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_columnTable->verticalHeader()->hide();
    m_columnTable->setMinimumHeight(150);
    m_columnTable->setToolTip(tr("Types are inferred from every value; choose one here to override it. "
                                 "A value that does not fit a chosen type stops the import with its line."));
    m_columnTable->hide();

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("importName"));
    m_targets = columnField("importTargets", tr("the label column(s), comma-separated"));
    m_targets->setToolTip(tr("The columns the models learn to predict. Prefilled from the project's framing."));
    m_values = columnField("importValues", tr("numeric columns the business metrics read, e.g. order_value"));
    m_values->setToolTip(tr("Numeric columns kept with each prediction so business metrics can read them "
                            "(order value, cost). Prefilled from the project's framing."));
    m_ignore = columnField("importIgnore", tr("columns that are not features, e.g. an id"));
    m_ignore->setToolTip(tr("Columns the models must not learn from: ids, free text, anything known only "
                            "after the outcome (a leak)."));
    m_positive = new QLineEdit;
    m_positive->setPlaceholderText(tr("binary text target: the class that counts as positive"));
    m_missing = new QComboBox;
    m_missing->setObjectName(QStringLiteral("importMissing"));
    const QStringList policyLabels{tr("Keep as missing"),
                                   tr("Drop the row"),
                                   tr("Impute the mean (fitted on train)"),
                                   tr("Impute the median (fitted on train)"),
                                   tr("Impute the mode (fitted on train)"),
                                   tr("Add an indicator column")};
    const QStringList policyKeys = data::missingPolicyKeys();
    for (qsizetype i = 0; i < policyKeys.size(); ++i)
        m_missing->addItem(policyLabels.value(i, policyKeys.at(i)), policyKeys.at(i));

    m_split = new SplitSpecEditor(/*allowNone=*/true);
    connect(m_split, &SplitSpecEditor::changed, this, &ImportDatasetDialog::validate);

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("importProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_framingNote = new QLabel;
    m_framingNote->setObjectName(QStringLiteral("importFramingNote"));
    m_framingNote->setWordWrap(true);
    m_framingNote->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    // Import does not close the dialog: it closes when the import succeeds, and a failure is shown
    // here with every entry kept (importFinished).
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ImportDatasetDialog::onImportClicked);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_file, m_labels, m_testFile, m_testLabels})
        connect(edit, &QLineEdit::textChanged, this, &ImportDatasetDialog::validate);
    for (ColumnListField *field : {m_targets, m_values, m_ignore})
        connect(field, &ColumnListField::textChanged, this, &ImportDatasetDialog::validate);

    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(QString(), m_columns);
    form->addRow(tr("Columns:"), m_columnTable);
    form->addRow(tr("Labels (IDX):"), m_labels);
    form->addRow(tr("Test file:"), m_testFile);
    form->addRow(tr("Test labels (IDX):"), m_testLabels);
    form->addRow(tr("Version name:"), m_name);
    form->addRow(tr("Target column(s):"), m_targets);
    form->addRow(tr("Value columns:"), m_values);
    form->addRow(tr("Not features:"), m_ignore);
    form->addRow(tr("Positive class:"), m_positive);
    form->addRow(tr("Missing values:"), m_missing);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_split);
    layout->addWidget(m_framingNote);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(620, 0);
    validate();
}

ImportDatasetDialog::~ImportDatasetDialog()
{
    // Deleting the children moves the focus out of the file field, whose editingFinished would call
    // readHeader on a dialog half taken apart (seen when the window closed with the dialog open).
    m_file->disconnect(this);
}

void ImportDatasetDialog::setFile(const QString &path)
{
    m_file->setText(path);
    readHeader();
}

void ImportDatasetDialog::browse()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import a dataset"), QString(),
                                     tr("Data files (*.csv *.tsv *.txt *.gz *-ubyte *.idx);;All files (*)"));
    if (!path.isEmpty())
        setFile(path);
}

// Reads only the header, so the column names can be offered while typing.
void ImportDatasetDialog::readHeader()
{
    // The file field reports every focus change; reading the same file again would rebuild the
    // column table and drop the types and policies the user chose in it.
    if (m_file->text() == m_headerFile)
        return;
    m_headerFile = m_file->text();
    QFile file(m_file->text());
    m_columns->clear();
    m_header.clear();
    for (ColumnListField *field : {m_targets, m_values, m_ignore})
        field->setChoices({});
    m_split->setColumns({});
    if (m_name->text().isEmpty() && !m_file->text().isEmpty())
        m_name->setText(QFileInfo(m_file->text()).fileName());
    if (!file.open(QIODevice::ReadOnly))
        return;
    data::CsvReader reader(file, {});
    if (!reader.readHeader())
        return;
    const QStringList header = reader.header();
    m_columns->setText(tr("Columns: %1").arg(header.join(QStringLiteral(", "))));
    m_columnTable->setRowCount(int(header.size()));
    for (int row = 0; row < header.size(); ++row) {
        auto *name = new QTableWidgetItem(header.at(row).trimmed());
        name->setFlags(Qt::ItemIsEnabled);
        m_columnTable->setItem(row, 0, name);
        auto *type = new QComboBox;
        type->addItem(tr("inferred"), QString());
        for (const QString &key : data::columnTypeKeys())
            type->addItem(key, key);
        m_columnTable->setCellWidget(row, 1, type);
        auto *missing = new QComboBox;
        missing->addItem(tr("default (below)"), QString());
        for (const QString &key : data::missingPolicyKeys())
            missing->addItem(key, key);
        m_columnTable->setCellWidget(row, 2, missing);
    }
    m_columnTable->setVisible(!header.isEmpty());
    m_columns->setVisible(header.isEmpty()); // the table lists them
    m_header.clear();
    for (const QString &column : header)
        m_header << column.trimmed();
    for (ColumnListField *field : {m_targets, m_values, m_ignore})
        field->setChoices(m_header);
    m_split->setColumns(m_header);
    validate();
}

void ImportDatasetDialog::validate()
{
    if (m_importing)
        return;
    const Result<services::DatasetImportRequest> r = request();
    m_problem->setText(
        r ? QString()
          : QStringLiteral("<span style='color:%1'>%2</span>").arg(errorTextCss(), r.error().toHtmlEscaped()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(r.ok());
    updateFramingNote();
}

void ImportDatasetDialog::prefillFromFraming(const QStringList &targets, const QStringList &valueColumns)
{
    m_framingTargets = targets;
    // What the user typed wins; an empty field takes what the framing says the project learns.
    if (m_targets->text().trimmed().isEmpty())
        m_targets->setText(targets.join(QStringLiteral(", ")));
    if (m_values->text().trimmed().isEmpty())
        m_values->setText(valueColumns.join(QStringLiteral(", ")));
    validate();
}

void ImportDatasetDialog::updateFramingNote()
{
    // A dataset without the framing's target can be imported (to look at it), but no run of this
    // project can train on it: say so before the import, not at launch time.
    QStringList missing;
    if (!m_header.isEmpty())
        for (const QString &target : std::as_const(m_framingTargets))
            if (!m_header.contains(target))
                missing << target;
    m_framingNote->setVisible(!missing.isEmpty());
    if (!missing.isEmpty())
        m_framingNote->setText(
            QStringLiteral("<span style='color:%1'>⚠ %2</span>")
                .arg(errorTextCss(),
                     tr("The framing learns %1, which this file does not have: runs of this project cannot train "
                        "on this version. Import it anyway to look at it, or choose another file.")
                         .arg(QStringLiteral("'%1'").arg(missing.join(QStringLiteral("', '"))))
                         .toHtmlEscaped()));
}

void ImportDatasetDialog::onImportClicked()
{
    const Result<services::DatasetImportRequest> r = request();
    if (!r)
        return;
    setImporting(true);
    Q_EMIT importRequested(*r);
}

void ImportDatasetDialog::setImporting(bool importing)
{
    m_importing = importing;
    for (QWidget *w : findChildren<QWidget *>())
        if (w != m_buttons && !m_buttons->isAncestorOf(w) && w != m_problem && w->parentWidget() == this)
            w->setEnabled(!importing);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!importing);
    if (importing)
        m_problem->setText(tr("Importing… (Cancel stops it; nothing is stored then)"));
    else
        validate();
}

void ImportDatasetDialog::importFinished(bool stored, const QString &message)
{
    if (stored) {
        m_importing = false;
        accept();
        return;
    }
    setImporting(false);
    // Every entry stays as it was, so the user fixes the one thing that was wrong and tries again.
    m_problem->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                           .arg(errorTextCss(), tr("Import failed: %1").arg(message).toHtmlEscaped()));
}

Result<services::DatasetImportRequest> ImportDatasetDialog::request() const
{
    services::DatasetImportRequest request;
    request.file = m_file->text().trimmed();
    if (request.file.isEmpty())
        return Error{tr("Choose the file to import.")};
    if (!QFileInfo::exists(request.file))
        return Error{tr("'%1' does not exist.").arg(request.file)};
    request.labelsFile = m_labels->text().trimmed();
    request.testFile = m_testFile->text().trimmed();
    request.testLabelsFile = m_testLabels->text().trimmed();
    request.name = m_name->text().trimmed();
    request.options.targets = splitCommaList(m_targets->text());
    request.options.valueColumns = splitCommaList(m_values->text());
    // Names checked against the header as typed, each message naming its field.
    if (!m_header.isEmpty()) {
        const std::pair<const ColumnListField *, QString> fields[] = {
            {m_targets, tr("Target column(s)")}, {m_values, tr("Value columns")}, {m_ignore, tr("Not features")}};
        for (const auto &[field, label] : fields)
            for (const QString &column : splitCommaList(field->text()))
                if (!m_header.contains(column))
                    return Error{tr("%1: this file has no column '%2'. Its columns: %3.")
                                     .arg(label, column, m_header.join(QStringLiteral(", ")))};
    }
    for (const QString &column : splitCommaList(m_ignore->text()))
        request.options.overrides[column].ignore = true;
    request.options.positiveClass = m_positive->text().trimmed();
    for (int row = 0; row < m_columnTable->rowCount(); ++row) {
        const QString column = m_columnTable->item(row, 0)->text();
        const auto *type = qobject_cast<QComboBox *>(m_columnTable->cellWidget(row, 1));
        const auto *missing = qobject_cast<QComboBox *>(m_columnTable->cellWidget(row, 2));
        if (type && !type->currentData().toString().isEmpty())
            request.options.overrides[column].type = data::columnTypeFromKey(type->currentData().toString());
        if (missing && !missing->currentData().toString().isEmpty())
            request.options.overrides[column].missingPolicy =
                data::missingPolicyFromKey(missing->currentData().toString());
    }
    request.options.defaultMissingPolicy =
        data::missingPolicyFromKey(m_missing->currentData().toString()).value_or(data::MissingPolicy::Keep);
    const Result<std::optional<data::SplitSpec>> split = m_split->spec();
    if (!split)
        return Error{split.error()};
    request.split = *split;
    return request;
}

} // namespace mb::ui
