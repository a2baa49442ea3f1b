// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QMenu;
class QToolButton;

namespace mb::ui {

// A comma-separated list of column names: typed, or ticked in a menu of the file's columns that
// opens from the ▾ button beside it. It replaces a completer whose popup covered the next field
// and took the clicks meant for it; the menu opens only when asked for and closes on a choice.
// Thread contract: GUI thread.
class ColumnListField : public QWidget {
    Q_OBJECT
public:
    explicit ColumnListField(QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return m_edit; }
    QString text() const;
    void setText(const QString &text);
    // The names the menu offers; none disables the button.
    void setChoices(const QStringList &columns);
    QStringList choices() const { return m_choices; }
    // Opens the menu of columns below the field (what the ▾ button does).
    void showMenu();

Q_SIGNALS:
    void textChanged(const QString &text);

private:
    void toggle(const QString &column, bool on);

    QStringList m_choices;
    // Owned by the widget tree.
    QLineEdit *m_edit = nullptr;
    QToolButton *m_button = nullptr;
    QMenu *m_menu = nullptr;
};

} // namespace mb::ui
