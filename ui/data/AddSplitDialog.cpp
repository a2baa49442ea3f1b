// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/AddSplitDialog.h"

#include "ui/data/SplitSpecEditor.h"
#include "ui/shell/Theme.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {

AddSplitDialog::AddSplitDialog(const QString &versionName, const QStringList &columns, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("addSplitDialog"));
    setWindowTitle(tr("Add a split"));
    auto *intro = new QLabel(tr("A new split of <b>%1</b>. Its rows are shared out by the seed; the version's data "
                                "is not changed, and its other splits stay as they are.")
                                 .arg(versionName.toHtmlEscaped()));
    intro->setWordWrap(true);
    m_editor = new SplitSpecEditor(/*allowNone=*/false);
    m_editor->setColumns(columns);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("addSplitProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add split"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddSplitDialog::onAdd);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_editor, &SplitSpecEditor::changed, this, &AddSplitDialog::validate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_editor);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(560, 0);
    validate();
}

void AddSplitDialog::validate()
{
    const auto spec = m_editor->spec();
    m_problem->setText(
        spec ? QString()
             : QStringLiteral("<span style='color:%1'>%2</span>").arg(errorTextCss(), spec.error().toHtmlEscaped()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(spec.ok());
}

void AddSplitDialog::onAdd()
{
    const auto spec = m_editor->spec();
    if (!spec || !spec->has_value())
        return;
    m_editor->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_problem->setText(tr("Adding the split…"));
    Q_EMIT splitRequested(**spec);
}

void AddSplitDialog::splitFinished(bool stored, const QString &message)
{
    if (stored) {
        accept();
        return;
    }
    m_editor->setEnabled(true);
    validate();
    m_problem->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                           .arg(errorTextCss(), tr("The split was not added: %1").arg(message).toHtmlEscaped()));
}

} // namespace mb::ui
