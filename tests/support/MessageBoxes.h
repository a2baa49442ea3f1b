// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QApplication>
#include <QInputDialog>
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

// The same for a question asked later, after work on another thread (a deletion's preview): polls
// until a question box is up, then answers it. `asked` (when given) is set once it was answered.
// The timer belongs to `context`, so it stops with the test object.
inline void answerQuestionWhenAsked(QObject *context, QMessageBox::StandardButton button, const QString &text = {},
                                    bool *asked = nullptr)
{
    if (asked)
        *asked = false;
    auto *poll = new QTimer(context);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, context, [poll, button, text, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        poll->stop();
        poll->deleteLater();
        QVERIFY2(box->text().contains(text), qPrintable(box->text()));
        box->button(button)->click();
        if (asked)
            *asked = true;
    });
    poll->start();
}

// Fills in and accepts the next QInputDialog (QInputDialog::getText) once it is up.
inline void answerTextWhenAsked(QObject *context, const QString &answer)
{
    auto *poll = new QTimer(context);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, context, [poll, answer] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll->stop();
        poll->deleteLater();
        dialog->setTextValue(answer);
        dialog->accept();
    });
    poll->start();
}

} // namespace mbtest
