// SPDX-License-Identifier: GPL-3.0-or-later
// The Report page in the window, on the demo: Ctrl+6 opens it, the preview shows the document's
// first pages, ticking runs off rebuilds it without them, and Export writes the file.
#include "tests/support/DemoFixture.h"
#include "ui/report/ReportPage.h"
#include "ui/shell/MainWindow.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class tst_ReportPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void previewsPicksRunsAndExports();

private:
    QTemporaryDir m_dir;
};

void tst_ReportPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
}

void tst_ReportPage::previewsPicksRunsAndExports()
{
    QString problem;
    const QString workspace = mbtest::copyDemoFixture(m_dir.path(), &problem);
    QVERIFY2(!workspace.isEmpty(), qPrintable(problem));
    ui::MainWindow window;
    window.resize(1280, 860);
    QVERIFY(window.openWorkspace(workspace));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Ctrl+6, like the other pages' numbers.
    QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
    ui::ReportPage *page = window.reportPage();
    QTRY_VERIFY(page->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(page->previewedPages() == 3, 60000);
    QVERIFY(page->pageCount() > 8);
    const auto *first = page->findChild<QLabel *>(QStringLiteral("reportPage1"));
    QVERIFY(first && !first->pixmap().isNull());
    QCOMPARE(page->chosenRuns(), (QList<std::int64_t>{1, 2, 3, 4}));
    QCOMPARE(page->policy(), QStringLiteral("balanced feed"));

    // Ticking two runs off rebuilds the document for the other two, without the policy.
    auto *runs = page->findChild<QListWidget *>(QStringLiteral("reportRuns"));
    QSignalSpy ready(page, &ui::ReportPage::previewReady);
    runs->item(2)->setCheckState(Qt::Unchecked);
    runs->item(3)->setCheckState(Qt::Unchecked);
    page->setPolicy(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBuilding() && page->previewedPages() == 3, 60000);
    QCOMPARE(page->chosenRuns(), (QList<std::int64_t>{1, 2}));

    const QString pdf = m_dir.filePath(QStringLiteral("two-runs.pdf"));
    const Status written = page->exportTo(pdf);
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));
    QProcess text;
    text.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    QVERIFY(text.waitForFinished(60000));
    const QString shown = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY(shown.contains(QLatin1String("#2 engagement model")));
    QVERIFY(!shown.contains(QLatin1String("#4 engagement baseline")));
    QVERIFY(!shown.contains(QLatin1String("trade-off policy")));

    const Status refused = page->exportTo(m_dir.filePath(QStringLiteral("report.docx")));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QLatin1String("choose a .pdf or .html file")), qPrintable(refused.error()));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("report.docx"))));
}

QTEST_MAIN(tst_ReportPage)
#include "tst_reportpage.moc"
