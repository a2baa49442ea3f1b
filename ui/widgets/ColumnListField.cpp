// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/ColumnListField.h"

#include "core/TextList.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>

namespace mb::ui {

ColumnListField::ColumnListField(QWidget *parent) : QWidget(parent)
{
    m_edit = new QLineEdit;
    m_button = new QToolButton;
    m_button->setText(QStringLiteral("▾"));
    m_button->setToolTip(tr("Choose from the file's columns"));
    m_button->setEnabled(false);
    m_menu = new QMenu(this);
    connect(m_button, &QToolButton::clicked, this, &ColumnListField::showMenu);
    connect(m_edit, &QLineEdit::textChanged, this, &ColumnListField::textChanged);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_button);
    setFocusProxy(m_edit);
}

QString ColumnListField::text() const
{
    return m_edit->text();
}

void ColumnListField::setText(const QString &text)
{
    m_edit->setText(text);
}

void ColumnListField::setChoices(const QStringList &columns)
{
    m_choices = columns;
    m_button->setEnabled(!columns.isEmpty());
}

void ColumnListField::showMenu()
{
    // Rebuilt each time, so the ticks show what the text says now.
    m_menu->clear();
    const QStringList chosen = splitCommaList(m_edit->text());
    for (const QString &column : std::as_const(m_choices)) {
        QAction *action = m_menu->addAction(column);
        action->setCheckable(true);
        action->setChecked(chosen.contains(column));
        connect(action, &QAction::toggled, this, [this, column](bool on) { toggle(column, on); });
    }
    m_menu->popup(m_edit->mapToGlobal(QPoint(0, m_edit->height())));
}

void ColumnListField::toggle(const QString &column, bool on)
{
    QStringList chosen = splitCommaList(m_edit->text());
    chosen.removeAll(column);
    if (on)
        chosen << column;
    m_edit->setText(chosen.join(QStringLiteral(", ")));
}

} // namespace mb::ui
