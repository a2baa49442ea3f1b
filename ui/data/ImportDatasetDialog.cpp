// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/ImportDatasetDialog.h"

#include "core/TextList.h"
#include "core/data/CsvReader.h"
#include "ui/shell/Theme.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

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
    m_targets = new QLineEdit;
    m_targets->setObjectName(QStringLiteral("importTargets"));
    m_targets->setPlaceholderText(tr("the label column(s), comma-separated"));
    m_values = new QLineEdit;
    m_values->setObjectName(QStringLiteral("importValues"));
    m_values->setPlaceholderText(tr("numeric columns the business metrics read, e.g. order_value"));
    m_ignore = new QLineEdit;
    m_ignore->setObjectName(QStringLiteral("importIgnore"));
    m_ignore->setPlaceholderText(tr("columns that are not features, e.g. an id"));
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

    m_splitKind = new QComboBox;
    m_splitKind->setObjectName(QStringLiteral("importSplitKind"));
    m_splitKind->addItem(tr("Default: stratified by the target, or random"), QString());
    m_splitKind->addItem(tr("Random"), QStringLiteral("random"));
    m_splitKind->addItem(tr("Stratified by a label"), QStringLiteral("stratified"));
    m_splitKind->addItem(tr("Ordered by a column: test on the most recent"), QStringLiteral("ordered"));
    m_splitKind->addItem(tr("From a column of train/validation/test"), QStringLiteral("column"));
    m_splitColumn = new QLineEdit;
    m_splitColumn->setObjectName(QStringLiteral("importSplitColumn"));
    m_validation = new QDoubleSpinBox;
    m_test = new QDoubleSpinBox;
    for (QDoubleSpinBox *spin : {m_validation, m_test}) {
        spin->setRange(0, 0.9);
        spin->setSingleStep(0.05);
        spin->setDecimals(2);
    }
    m_validation->setValue(0.1);
    m_test->setValue(0.2);
    m_seed = new QSpinBox;
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(42);
    auto *fractions = new QHBoxLayout;
    fractions->addWidget(new QLabel(tr("validation")));
    fractions->addWidget(m_validation);
    fractions->addWidget(new QLabel(tr("test")));
    fractions->addWidget(m_test);
    fractions->addWidget(new QLabel(tr("seed")));
    fractions->addWidget(m_seed);
    connect(m_splitKind, &QComboBox::currentIndexChanged, this, &ImportDatasetDialog::updateSplitFields);

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("importProblem"));
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_file, m_labels, m_testFile, m_testLabels, m_targets, m_values, m_ignore, m_splitColumn})
        connect(edit, &QLineEdit::textChanged, this, &ImportDatasetDialog::validate);

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
    form->addRow(tr("Split:"), m_splitKind);
    form->addRow(tr("Split column:"), m_splitColumn);
    form->addRow(tr("Fractions:"), fractions);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(620, 0);
    updateSplitFields();
    validate();
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
    QFile file(m_file->text());
    m_columns->clear();
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
    for (QLineEdit *edit : {m_targets, m_values, m_ignore, m_splitColumn}) {
        auto *completer = new QCompleter(header, edit);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        edit->setCompleter(completer);
    }
}

void ImportDatasetDialog::updateSplitFields()
{
    const QString kind = m_splitKind->currentData().toString();
    m_splitColumn->setEnabled(kind == QLatin1String("stratified") || kind == QLatin1String("ordered") ||
                              kind == QLatin1String("column"));
    const bool fractions = !kind.isEmpty() && kind != QLatin1String("column");
    m_validation->setEnabled(fractions);
    m_test->setEnabled(fractions);
    m_seed->setEnabled(fractions);
    validate();
}

void ImportDatasetDialog::validate()
{
    const Result<services::DatasetImportRequest> r = request();
    m_problem->setText(
        r ? QString()
          : QStringLiteral("<span style='color:%1'>%2</span>").arg(errorTextCss(), r.error().toHtmlEscaped()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(r.ok());
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
    const QString kind = m_splitKind->currentData().toString();
    if (!kind.isEmpty()) {
        QString text = kind;
        if (m_splitColumn->isEnabled()) {
            if (m_splitColumn->text().trimmed().isEmpty())
                return Error{tr("Name the column to split by.")};
            text += QLatin1Char(':') + m_splitColumn->text().trimmed();
        }
        if (m_validation->isEnabled())
            text += QStringLiteral(":%1,%2").arg(m_validation->value()).arg(m_test->value());
        // With a test file the split only says how validation is taken from the other rows.
        Result<data::SplitSpec> spec = request.testFile.isEmpty()
                                           ? data::SplitSpec::parse(text, std::uint64_t(m_seed->value()))
                                           : data::SplitSpec::parseForTestFile(text, std::uint64_t(m_seed->value()));
        if (!spec)
            return Error{spec.error()};
        request.split = *spec;
    }
    return request;
}

} // namespace mb::ui
