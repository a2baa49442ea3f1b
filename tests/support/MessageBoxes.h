// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>

namespace mbtest {

// Answers the next modal question the code under test asks (QMessageBox::question, which runs its
// own event loop) by clicking `button`, after checking that its text contains `text`. Call it just
// before the click that asks; the answer is posted, so it runs inside the box's event loop.
inline void answerNextQuestion(QObject *context, QMessageBox::StandardButton button, const QString &text = {})
{
    QTimer::singleShot(0, context, [button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        QVERIFY2(box->text().contains(text), qPrintable(box->text()));
        box->button(button)->click();
    });
}

} // namespace mbtest
