// SPDX-License-Identifier: GPL-3.0-or-later
// The files compiled into the binary: every file metricbridge.qrc lists is there, byte for byte the
// file in resources/ (the one packaging installs), and a path that was never bundled reads as nothing.

#include "resources/BundledResources.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QImage>
#include <QTest>
#include <QXmlStreamReader>

using namespace mb;

namespace {

QString resourcesFolder()
{
    return QDir(QStringLiteral(METRICBRIDGE_TEST_DATA)).absoluteFilePath(QStringLiteral("../../resources"));
}

// The <file> entries of resources/metricbridge.qrc.
QStringList listedFiles()
{
    QXmlStreamReader xml(mbtest::fileBytes(resourcesFolder() + QStringLiteral("/metricbridge.qrc")));
    QStringList files;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("file"))
            files.append(xml.readElementText());
    }
    return files;
}

} // namespace

class TestBundledResources : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyListedFileIsBundledAsItIsInTheSourceTree()
    {
        const QStringList files = listedFiles();
        QVERIFY2(files.size() >= 6, qPrintable(files.join(u' ')));
        QVERIFY(files.contains(QStringLiteral("icons/metricbridge.svg")));
        QVERIFY(files.contains(QStringLiteral("demo/newsfeed-generator.json")));
        for (const QString &file : files) {
            const std::optional<QByteArray> bundled = resources::readBundledFile(file);
            QVERIFY2(bundled.has_value(), qPrintable(file));
            QVERIFY2(!bundled->isEmpty(), qPrintable(file));
            QVERIFY2(*bundled == mbtest::fileBytes(resourcesFolder() + u'/' + file), qPrintable(file));
        }
    }

    void theIconPathsNameBundledImages()
    {
        const QImage png(resources::applicationIconPngPath());
        QCOMPARE(png.size(), QSize(256, 256));
        const std::optional<QByteArray> svg =
            resources::readBundledFile(resources::applicationIconSvgPath().mid(2)); // drop ":/"
        QVERIFY(svg.has_value());
        QVERIFY(svg->contains("<svg"));
    }

    void aPathThatWasNeverBundledReadsAsNothing()
    {
        QVERIFY(!resources::readBundledFile(QStringLiteral("demo/no-such-file.json")).has_value());
        QVERIFY(!resources::readBundledFile(QString()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestBundledResources)
#include "tst_bundledresources.moc"
