// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAbstractButton;
class QLabel;
class QToolButton;

namespace mb::ui {

// A line of text across the window, tinted, with buttons of its own and a ✕ that closes it: the
// error banner and the demo's sample note. Its parts are named after it (`name`, `nameText`,
// `nameClose`) so tests find them. Thread contract: GUI thread.
class NoticeBar : public QWidget {
    Q_OBJECT
public:
    NoticeBar(const QString &name, const QColor &tint, QWidget *parent = nullptr);

    QLabel *textLabel() const { return m_text; }
    // Adds a button between the text and the ✕; the bar owns it.
    void addButton(QAbstractButton *button);

Q_SIGNALS:
    // The ✕ was clicked; the bar hides itself after saying so.
    void closeClicked();

private:
    // Owned by the widget tree.
    QLabel *m_text = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace mb::ui
