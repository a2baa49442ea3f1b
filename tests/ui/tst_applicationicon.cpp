// SPDX-License-Identifier: GPL-3.0-or-later
// The window's icon comes from the binary, so a window started from the build tree (no icon theme
// installed) shows MetricBridge's icon, at the small and large sizes a desktop asks for.

#include "ui/shell/ApplicationIcon.h"

#include <QImage>
#include <QPixmap>
#include <QTest>

class TestApplicationIcon : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theIconDrawsAtEverySizeWithoutAnInstalledTheme_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("task bar") << 16;
        QTest::newRow("title bar") << 32;
        QTest::newRow("switcher") << 128;
    }
    void theIconDrawsAtEverySizeWithoutAnInstalledTheme()
    {
        QFETCH(int, size);
        const QIcon icon = mb::ui::applicationIcon();
        QVERIFY(!icon.isNull());
        const QImage image = icon.pixmap(QSize(size, size)).toImage();
        QCOMPARE(image.size(), QSize(size, size));
        int opaque = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                opaque += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        // Drawn, not a blank square: most of the icon's area is painted.
        QVERIFY2(opaque > size * size / 4, qPrintable(QStringLiteral("%1 painted pixels").arg(opaque)));
    }
};

QTEST_MAIN(TestApplicationIcon)
#include "tst_applicationicon.moc"
