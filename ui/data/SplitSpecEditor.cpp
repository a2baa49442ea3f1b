// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/SplitSpecEditor.h"

#include "ui/widgets/ColumnListField.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <limits>

namespace mb::ui {

SplitSpecEditor::SplitSpecEditor(bool allowNone, QWidget *parent) : QWidget(parent)
{
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("importSplitKind"));
    if (allowNone)
        m_kind->addItem(tr("Default: stratified by the target, or random"), QString());
    m_kind->addItem(tr("Random"), QStringLiteral("random"));
    m_kind->addItem(tr("Stratified by a label"), QStringLiteral("stratified"));
    m_kind->addItem(tr("Ordered by a column: test on the most recent"), QStringLiteral("ordered"));
    m_kind->addItem(tr("From a column of train/validation/test"), QStringLiteral("column"));
    m_kind->setToolTip(tr("How rows are shared out: training rows fit the model, validation rows choose "
                          "(epochs, thresholds), test rows only report."));
    m_column = new ColumnListField;
    m_column->setObjectName(QStringLiteral("importSplitColumnField"));
    m_column->lineEdit()->setObjectName(QStringLiteral("importSplitColumn"));
    m_column->lineEdit()->setPlaceholderText(tr("the column to stratify, order or split by"));
    m_validation = new QDoubleSpinBox;
    m_validation->setObjectName(QStringLiteral("splitValidationFraction"));
    m_test = new QDoubleSpinBox;
    m_test->setObjectName(QStringLiteral("splitTestFraction"));
    for (QDoubleSpinBox *spin : {m_validation, m_test}) {
        spin->setRange(0, 0.9);
        spin->setSingleStep(0.05);
        spin->setDecimals(2);
        connect(spin, &QDoubleSpinBox::valueChanged, this, &SplitSpecEditor::changed);
    }
    m_validation->setValue(0.1);
    m_test->setValue(0.2);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("splitSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(42);
    m_seed->setToolTip(tr("The same seed gives the same rows in each part, every time."));
    connect(m_seed, &QSpinBox::valueChanged, this, &SplitSpecEditor::changed);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &SplitSpecEditor::updateFields);
    connect(m_column, &ColumnListField::textChanged, this, &SplitSpecEditor::changed);

    auto *fractions = new QHBoxLayout;
    fractions->addWidget(new QLabel(tr("validation")));
    fractions->addWidget(m_validation);
    fractions->addWidget(new QLabel(tr("test")));
    fractions->addWidget(m_test);
    fractions->addWidget(new QLabel(tr("seed")));
    fractions->addWidget(m_seed);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Split:"), m_kind);
    form->addRow(tr("Split column:"), m_column);
    form->addRow(tr("Fractions:"), fractions);
    updateFields();
}

void SplitSpecEditor::setColumns(const QStringList &columns)
{
    m_columns = columns;
    m_column->setChoices(columns);
    Q_EMIT changed();
}

void SplitSpecEditor::updateFields()
{
    const QString kind = m_kind->currentData().toString();
    m_column->setEnabled(kind == QLatin1String("stratified") || kind == QLatin1String("ordered") ||
                         kind == QLatin1String("column"));
    const bool fractions = !kind.isEmpty() && kind != QLatin1String("column");
    m_validation->setEnabled(fractions);
    m_test->setEnabled(fractions);
    m_seed->setEnabled(fractions);
    Q_EMIT changed();
}

Result<std::optional<data::SplitSpec>> SplitSpecEditor::spec() const
{
    const QString kind = m_kind->currentData().toString();
    if (kind.isEmpty())
        return std::optional<data::SplitSpec>{};
    QString text = kind;
    if (m_column->isEnabled()) {
        const QString column = m_column->text().trimmed();
        if (column.isEmpty())
            return Error{tr("Split column: name the column to split by.")};
        if (!m_columns.isEmpty() && !m_columns.contains(column))
            return Error{tr("Split column: there is no column '%1'. The columns: %2.")
                             .arg(column, m_columns.join(QStringLiteral(", ")))};
        text += QLatin1Char(':') + column;
    }
    if (m_validation->isEnabled())
        text += QStringLiteral(":%1,%2").arg(m_validation->value()).arg(m_test->value());
    Result<data::SplitSpec> spec = data::SplitSpec::parse(text, std::uint64_t(m_seed->value()));
    if (!spec)
        return Error{tr("Split: %1").arg(spec.error())};
    return std::optional<data::SplitSpec>{*spec};
}

} // namespace mb::ui
