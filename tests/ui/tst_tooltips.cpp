// SPDX-License-Identifier: GPL-3.0-or-later
// Every choice and field a user can see on the six pages, with the demo open at 1024x700, says
// what it is for when hovered: each visible list, number box, slider and text field has a tooltip.
// Buttons are left out: their text says what they do ("Add metric", "Export…").
#include "tests/support/DemoFixture.h"
#include "ui/shell/MainWindow.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

class tst_Tooltips : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFieldOnEveryPageSaysWhatItIsFor();
};

void tst_Tooltips::everyFieldOnEveryPageSaysWhatItIsFor()
{
    QTemporaryDir dir;
    QString problem;
    const QString path = mbtest::copyDemoFixture(dir.path(), &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    ui::MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openWorkspace(path));
    QStringList silent;
    for (const char *page : {"framing", "data", "runs", "compare", "tradeoffs", "report"}) {
        QVERIFY(window.showPage(QString::fromLatin1(page)));
        QCoreApplication::processEvents();
        for (QWidget *widget : window.findChildren<QWidget *>()) {
            if (!widget->isVisible() || !widget->toolTip().isEmpty())
                continue;
            // A spin box's or an editable list's own line edit is part of it, not a field of its own.
            const bool part = qobject_cast<QAbstractSpinBox *>(widget->parentWidget()) ||
                              qobject_cast<QComboBox *>(widget->parentWidget());
            const bool field = qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSpinBox *>(widget) ||
                               qobject_cast<QSlider *>(widget) || (qobject_cast<QLineEdit *>(widget) && !part);
            if (field)
                silent << QStringLiteral("%1: %2 '%3'")
                              .arg(QString::fromLatin1(page), QString::fromLatin1(widget->metaObject()->className()),
                                   widget->objectName());
        }
    }
    silent.removeDuplicates();
    QVERIFY2(silent.isEmpty(), qPrintable(silent.join(QStringLiteral("; "))));
}

QTEST_MAIN(tst_Tooltips)
#include "tst_tooltips.moc"
