// SPDX-License-Identifier: GPL-3.0-or-later
// The IDX reader: exact round trips of raw and gzip files, and refusals that name the file and
// the problem (wrong magic, wrong type, sizes that do not add up, damaged gzip), without
// trusting a header's dimensions with an allocation. And a training pair with its test pair
// imported as one dataset.

#include "core/data/IdxImporter.h"
#include "core/data/IdxReader.h"
#include "tests/support/Gzip.h"
#include "tests/support/IdxBytes.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <cstdint>
#include <vector>

using namespace mb::data;

namespace {

// A deterministic, not too compressible pattern, so gzip output has several deflate blocks' worth
// of structure without being trivially tiny.
QByteArray patternBytes(qint64 count, std::uint32_t salt = 0)
{
    QByteArray bytes(count, Qt::Uninitialized);
    std::uint32_t x = 2463534242u ^ salt;
    for (qint64 i = 0; i < count; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes[i] = char(x & 0xff);
    }
    return bytes;
}

QByteArray idxFile(const std::vector<std::uint32_t> &dims, const QByteArray &data)
{
    return mbtest::idxHeader(0x08, dims) + data;
}

std::vector<std::uint8_t> toVector(const QByteArray &bytes)
{
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

IdxArray makeArray(const std::vector<std::uint32_t> &dims)
{
    IdxArray a;
    a.dims = dims;
    std::uint64_t n = 1;
    for (const std::uint32_t d : dims)
        n *= d;
    a.values.assign(n, 0);
    return a;
}

// The error text for QVERIFY2, which evaluates its message even when the check passes.
template<typename T>
QByteArray why(const mb::Result<T> &result)
{
    return result.ok() ? QByteArray() : result.error().toUtf8();
}

const QString kFashionDir = QStringLiteral("/usr/share/datasets/fashion-mnist");

} // namespace

class TestIdxReader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        if (!mbtest::writeFile(path, bytes))
            qFatal("cannot write a test file");
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsImagesExactly_data()
    {
        QTest::addColumn<bool>("compressed");
        QTest::newRow("raw") << false;
        QTest::newRow("gzip") << true;
    }
    void readsImagesExactly()
    {
        QFETCH(bool, compressed);
        const QByteArray data = patternBytes(7 * 28 * 28);
        QByteArray file = idxFile({7, 28, 28}, data);
        if (compressed)
            file = mbtest::gzip(file);
        const auto result = readIdxFile(write(QStringLiteral("images-%1.idx3").arg(compressed), file));
        QVERIFY2(result.ok(), why(result).constData());
        QCOMPARE(result->dims, (std::vector<std::uint32_t>{7, 28, 28}));
        QCOMPARE(result->count(), 7);
        QCOMPARE(result->itemSize(), 28 * 28);
        QCOMPARE(result->values, toVector(data));
    }

    void readsLabelsExactly_data() { readsImagesExactly_data(); }
    void readsLabelsExactly()
    {
        QFETCH(bool, compressed);
        QByteArray data;
        for (int i = 0; i < 1000; ++i)
            data.append(char(i * 7 % 10));
        QByteArray file = idxFile({1000}, data);
        if (compressed)
            file = mbtest::gzip(file);
        const auto result = readIdxFile(write(QStringLiteral("labels-%1.idx1").arg(compressed), file));
        QVERIFY2(result.ok(), why(result).constData());
        QCOMPARE(result->dims, std::vector<std::uint32_t>{1000});
        QCOMPARE(result->count(), 1000);
        QCOMPARE(result->itemSize(), 1);
        QCOMPARE(result->values, toVector(data));
    }

    void gzipAndRawGiveTheSameArray()
    {
        // Larger than the reader's chunk, so the streaming inflate crosses several buffers.
        const QByteArray raw = idxFile({500, 28, 28}, patternBytes(500 * 28 * 28, 7));
        const auto fromRaw = readIdxFile(write(QStringLiteral("same.idx3"), raw));
        const auto fromGzip = readIdxFile(write(QStringLiteral("same.idx3.gz"), mbtest::gzip(raw)));
        QVERIFY2(fromRaw.ok(), why(fromRaw).constData());
        QVERIFY2(fromGzip.ok(), why(fromGzip).constData());
        QCOMPARE(fromGzip->dims, fromRaw->dims);
        QVERIFY(fromGzip->values == fromRaw->values);
    }

    void readsConcatenatedGzipMembers()
    {
        // `cat header.gz data.gz` is a valid gzip file; gunzip reads both members.
        const QByteArray data = patternBytes(2 * 3 * 4, 3);
        const QByteArray file = mbtest::gzip(mbtest::idxHeader(0x08, {2, 3, 4})) + mbtest::gzip(data);
        const auto result = readIdxFile(write(QStringLiteral("members.gz"), file));
        QVERIFY2(result.ok(), why(result).constData());
        QCOMPARE(result->values, toVector(data));
    }

    void refusesWrongMagic_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");
        const QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");
        QTest::newRow("png header") << png
                                    << QStringList{QStringLiteral("picture.idx: not an IDX file: wrong magic "
                                                                  "number 0x89504e47 (expected 0x00000801 "
                                                                  "for labels or 0x00000803 for images)")};
        QTest::newRow("two dimensions") << idxFile({2, 2}, QByteArray(4, 'x'))
                                        << QStringList{QStringLiteral("picture.idx: wrong magic number "
                                                                      "0x00000802: 2 dimensions"),
                                                       QStringLiteral("expected 0x00000801")};
        QTest::newRow("signed byte type") << mbtest::idxHeader(0x09, {2, 2, 2}) + QByteArray(8, 'x')
                                          << QStringList{QStringLiteral("picture.idx: unsupported IDX data "
                                                                        "type 0x09 (signed byte) in magic "
                                                                        "number 0x00000903")};
        QTest::newRow("float type") << mbtest::idxHeader(0x0D, {2}) + QByteArray(8, 'x')
                                    << QStringList{QStringLiteral("0x0d (32-bit float)"),
                                                   QStringLiteral("only unsigned byte (0x08)")};
        QTest::newRow("gzip of a png") << mbtest::gzip(png)
                                       << QStringList{QStringLiteral("wrong magic number 0x89504e47")};
        QTest::newRow("too short") << QByteArray(2, '\0')
                                   << QStringList{QStringLiteral("picture.idx: the file is too short to be "
                                                                 "an IDX file (2 bytes)")};
        QTest::newRow("empty") << QByteArray() << QStringList{QStringLiteral("picture.idx: the file is empty")};
        QTest::newRow("header cut short") << mbtest::idxHeader(0x08, {5, 28, 28}).left(9)
                                          << QStringList{QStringLiteral("picture.idx: the file ends inside "
                                                                        "the IDX header (9 of 16 header bytes)")};
    }
    void refusesWrongMagic()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        const auto result = readIdxFile(write(QStringLiteral("picture.idx"), bytes));
        QVERIFY(!result.ok());
        for (const QString &part : expected)
            QVERIFY2(result.error().contains(part), why(result).constData());
    }

    void refusesDimensionsThatDoNotMatchTheData_data()
    {
        QTest::addColumn<bool>("compressed");
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");
        const QByteArray tooLittle = idxFile({2, 3, 4}, patternBytes(20));
        const QByteArray tooMuch = idxFile({2, 3, 4}, patternBytes(30));
        const QByteArray labelsTooMuch = idxFile({10}, patternBytes(11));
        const QString short20 = QStringLiteral("sizes.idx: dimensions 2x3x4 need 24 bytes of data, the file has 20");
        const QString long30 = QStringLiteral("sizes.idx: dimensions 2x3x4 need 24 bytes of data, the file has 30");
        QTest::newRow("too little data, raw") << false << tooLittle << short20;
        QTest::newRow("too little data, gzip") << true << tooLittle << short20 + QStringLiteral(" after decompression");
        QTest::newRow("too much data, raw") << false << tooMuch << long30;
        QTest::newRow("too much data, gzip") << true << tooMuch << long30 + QStringLiteral(" after decompression");
        QTest::newRow("one label too many") << false << labelsTooMuch
                                            << QStringLiteral("sizes.idx: dimensions 10 need 10 bytes of data, "
                                                              "the file has 11");
        // The header's own example: the reader must compare with the data, not allocate 47 MB.
        QTest::newRow("mnist header on a small file")
            << false << idxFile({60000, 28, 28}, patternBytes(1000))
            << QStringLiteral("sizes.idx: dimensions 60000x28x28 need 47040000 bytes of data, the file has 1000");
        QTest::newRow("mnist header on a small gzip file")
            << true << idxFile({60000, 28, 28}, patternBytes(1000))
            << QStringLiteral("sizes.idx: dimensions 60000x28x28 need 47040000 bytes of data, the file "
                              "has 1000 after decompression");
        // About 2^46 bytes claimed: only an error, never an allocation of that size. Compressed,
        // the header alone is judged, before anything is decompressed.
        QTest::newRow("absurd dimensions, gzip")
            << true << idxFile({0xffffffffu, 0x3fff, 1}, patternBytes(64))
            << QStringLiteral("images of 16383x1 pixels are too large to import: 4,294,967,295 rows x 16,384 columns "
                              "need about");
        QTest::newRow("absurd dimensions, raw") << false << idxFile({0xffffffffu, 0x3fff, 1}, patternBytes(64))
                                                << QStringLiteral("need 70364449193985 bytes of data, the file has 64");
        // 2^96 does not fit in 64 bits: the product must not wrap around to something small.
        QTest::newRow("product overflows 64 bits")
            << false << idxFile({0xffffffffu, 0xffffffffu, 0xffffffffu}, patternBytes(64))
            << QStringLiteral("sizes.idx: dimensions 4294967295x4294967295x4294967295 are too large");
        QTest::newRow("product wraps to zero in 64 bits")
            << false << idxFile({0x80000000u, 0x80000000u, 4}, patternBytes(1))
            << QStringLiteral("dimensions 2147483648x2147483648x4 are too large");
        QTest::newRow("product beyond a signed 64-bit size")
            << true << idxFile({0x80000000u, 0x80000000u, 2}, patternBytes(1))
            << QStringLiteral("dimensions 2147483648x2147483648x2 are too large");
    }
    void refusesDimensionsThatDoNotMatchTheData()
    {
        QFETCH(bool, compressed);
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        const auto result = readIdxFile(write(QStringLiteral("sizes.idx"), compressed ? mbtest::gzip(file) : file));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().contains(expected), why(result).constData());
    }

    void refusesAZeroDimension_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero images") << idxFile({0, 28, 28}, {})
                                     << QStringLiteral("zero.idx: dimension 1 of 3 is zero (dimensions 0x28x28)");
        QTest::newRow("zero columns") << idxFile({5, 28, 0}, {})
                                      << QStringLiteral("zero.idx: dimension 3 of 3 is zero (dimensions 5x28x0)");
        QTest::newRow("no labels") << idxFile({0}, {})
                                   << QStringLiteral("zero.idx: dimension 1 of 1 is zero (dimensions 0)");
    }
    void refusesAZeroDimension()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        const auto result = readIdxFile(write(QStringLiteral("zero.idx"), file));
        QVERIFY(!result.ok());
        QCOMPARE(result.error(), expected);
    }

    void refusesDamagedGzip_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray good = mbtest::gzip(idxFile({20, 28, 28}, patternBytes(20 * 28 * 28, 11)));
        QVERIFY(good.size() > 1000);
        QTest::newRow("cut in the middle") << good.left(good.size() / 2)
                                           << QStringLiteral("damaged.gz: truncated gzip stream: the compressed "
                                                             "data ends early");
        QTest::newRow("trailer missing") << good.left(good.size() - 8)
                                         << QStringLiteral("damaged.gz: truncated gzip stream");
        QTest::newRow("only the gzip magic") << good.left(2) << QStringLiteral("damaged.gz: truncated gzip stream");
        QByteArray badCrc = good;
        badCrc[badCrc.size() - 8] = char(badCrc.at(badCrc.size() - 8) ^ 0x55);
        QTest::newRow("wrong checksum") << badCrc
                                        << QStringLiteral("damaged.gz: corrupt gzip stream: incorrect data check");
        QByteArray badBlock = good;
        badBlock[10] = char(0x07); // first deflate block: final, reserved block type 3
        QTest::newRow("invalid block") << badBlock
                                       << QStringLiteral("damaged.gz: corrupt gzip stream: invalid block type");
        QTest::newRow("garbage after the stream") << good + QByteArray("junk")
                                                  << QStringLiteral("damaged.gz: corrupt gzip stream: unexpected "
                                                                    "bytes after the end of the compressed data");
    }
    void refusesDamagedGzip()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const auto result = readIdxFile(write(QStringLiteral("damaged.gz"), bytes));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().startsWith(expected), why(result).constData());
    }

    void refusesAMissingFile()
    {
        const auto result = readIdxFile(m_dir.filePath(QStringLiteral("no-such-labels.idx1")));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().startsWith(QStringLiteral("no-such-labels.idx1: cannot open the file")),
                 why(result).constData());
    }

    void refusesADirectory()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("folder.idx")));
        const auto result = readIdxFile(m_dir.filePath(QStringLiteral("folder.idx")));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().startsWith(QStringLiteral("folder.idx: ")), why(result).constData());
    }

    void checksPairs_data()
    {
        QTest::addColumn<std::vector<std::uint32_t>>("imageDims");
        QTest::addColumn<std::vector<std::uint32_t>>("labelDims");
        QTest::addColumn<QString>("expected"); // empty: the pair is fine
        using Dims = std::vector<std::uint32_t>;
        QTest::newRow("matching") << Dims{6, 4, 4} << Dims{6} << QString();
        QTest::newRow("different counts")
            << Dims{6, 4, 4} << Dims{5}
            << QStringLiteral("the images and labels do not belong together: 6 images but 5 labels");
        QTest::newRow("swapped files") << Dims{6} << Dims{6, 4, 4}
                                       << QStringLiteral(
                                              "the images must have 3 dimensions (count x rows x columns), they have 1 "
                                              "(is this the labels file?)");
        QTest::newRow("labels with three dimensions")
            << Dims{6, 4, 4} << Dims{6, 4, 4}
            << QStringLiteral("the labels must have 1 dimension (count), they have 3 (is this the images file?)");
    }
    void checksPairs()
    {
        QFETCH(std::vector<std::uint32_t>, imageDims);
        QFETCH(std::vector<std::uint32_t>, labelDims);
        QFETCH(QString, expected);
        const mb::Status status = checkIdxPair(makeArray(imageDims), makeArray(labelDims));
        if (expected.isEmpty()) {
            QVERIFY2(status.ok(), why(status).constData());
        } else {
            QVERIFY(!status.ok());
            QCOMPARE(status.error(), expected);
        }
    }

    void checksPairsFromFiles()
    {
        const auto images =
            readIdxFile(write(QStringLiteral("pair-images.idx3"), mbtest::gzip(idxFile({4, 2, 2}, patternBytes(16)))));
        const auto labels = readIdxFile(write(QStringLiteral("pair-labels.idx1"), idxFile({3}, "\x01\x02\x03")));
        QVERIFY2(images.ok(), why(images).constData());
        QVERIFY2(labels.ok(), why(labels).constData());
        const mb::Status status = checkIdxPair(*images, *labels);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().contains(QStringLiteral("4 images but 3 labels")), why(status).constData());
    }

    // Labels 10 and 2 sort as numbers (2 before 10), over both pairs: the test pair's class 10,
    // which the training pair lacks, is one of the dataset's classes.
    void testPairFollowsTheTrainingPairWithOneClassList()
    {
        const QString images = write(QStringLiteral("train-images"), idxFile({3, 2, 2}, patternBytes(12)));
        const QString labels = write(QStringLiteral("train-labels"), idxFile({3}, "\x02\x01\x02"));
        const QString testImages =
            write(QStringLiteral("t10k-images"), mbtest::gzip(idxFile({2, 2, 2}, patternBytes(8, 5))));
        const QString testLabels = write(QStringLiteral("t10k-labels"), idxFile({2}, "\x0a\x01"));
        const auto imported = importIdxWithTestFiles(images, labels, testImages, testLabels, {});
        QVERIFY2(imported.ok(), why(imported).constData());
        QCOMPARE(imported->testFileRows, 2);
        const Dataset &dataset = imported->dataset;
        QCOMPARE(dataset.rowCount(), 5);
        const DatasetColumn *label = dataset.column(QStringLiteral("label"));
        QCOMPARE(label->categories, (QStringList{"1", "2", "10"}));
        QCOMPARE(label->values, (std::vector<double>{1, 0, 1, 2, 0}));
        // The test items' pixels follow the training items'.
        QCOMPARE(dataset.column(QStringLiteral("pixel_0"))->values.at(3),
                 double(std::uint8_t(patternBytes(8, 5).at(0))));
        QCOMPARE(imported->sourceName, QStringLiteral("train-images + train-labels + t10k-images + t10k-labels"));

        // The identity covers all four files: another test pair is another version.
        const QString otherLabels = write(QStringLiteral("t10k-labels-2"), idxFile({2}, "\x01\x01"));
        const auto other = importIdxWithTestFiles(images, labels, testImages, otherLabels, {});
        QVERIFY2(other.ok(), why(other).constData());
        QVERIFY(other->versionSha256 != imported->versionSha256);
        const auto alone = importIdx(images, labels, {});
        QVERIFY2(alone.ok(), why(alone).constData());
        QVERIFY(alone->versionSha256 != imported->versionSha256);
        QCOMPARE(alone->testFileRows, 0);
    }

    void testPairOfAnotherShapeIsRefused()
    {
        const QString images = write(QStringLiteral("train-images"), idxFile({3, 2, 2}, patternBytes(12)));
        const QString labels = write(QStringLiteral("train-labels"), idxFile({3}, "\x02\x01\x02"));
        const QString testImages = write(QStringLiteral("t10k-3x2"), idxFile({2, 3, 2}, patternBytes(12)));
        const QString testLabels = write(QStringLiteral("t10k-labels"), idxFile({2}, "\x0a\x01"));
        const auto imported = importIdxWithTestFiles(images, labels, testImages, testLabels, {});
        QVERIFY(!imported.ok());
        QCOMPARE(imported.error(),
                 QStringLiteral("the test images are 3x2 pixels ('t10k-3x2'), the training images 2x2 "
                                "('train-images'); a test file needs images of the training images' "
                                "shape"));
    }

    // Real data from Debian's dataset-fashion-mnist package, when it is installed.
    // 20 000 images of 256x256 pixels (a 1.27 MB gzip file) took 280 s, 11.3 GB and wrote a 10.5 GB
    // workspace; the header alone now says they cannot be taken, before a byte of data is read.
    void imagesTooLargeToImportAreRefusedFromTheirHeader()
    {
        const QString path = write(QStringLiteral("huge-images.idx.gz"),
                                   mbtest::gzip(idxFile({20000, 256, 256}, QByteArray(64, '\0'))));
        const mb::Result<IdxArray> read = readIdxFile(path);
        QVERIFY(!read);
        QCOMPARE(read.error(), QStringLiteral("huge-images.idx.gz: images of 256x256 pixels are too large to import: "
                                              "65,537 columns: MetricBridge takes at most 20,000"));
    }

    void readsFashionMnist_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("count");
        QTest::newRow("train") << QStringLiteral("train") << 60000;
        QTest::newRow("t10k") << QStringLiteral("t10k") << 10000;
    }
    void readsFashionMnist()
    {
        QFETCH(QString, prefix);
        QFETCH(int, count);
        const QString imagesPath = kFashionDir + QLatin1Char('/') + prefix + QStringLiteral("-images-idx3-ubyte.gz");
        const QString labelsPath = kFashionDir + QLatin1Char('/') + prefix + QStringLiteral("-labels-idx1-ubyte.gz");
        if (!QFile::exists(imagesPath) || !QFile::exists(labelsPath))
            QSKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        const auto images = readIdxFile(imagesPath);
        const auto labels = readIdxFile(labelsPath);
        QVERIFY2(images.ok(), why(images).constData());
        QVERIFY2(labels.ok(), why(labels).constData());
        QCOMPARE(images->dims, (std::vector<std::uint32_t>{std::uint32_t(count), 28, 28}));
        QCOMPARE(labels->dims, std::vector<std::uint32_t>{std::uint32_t(count)});
        QCOMPARE(images->values.size(), std::size_t(count) * 28 * 28);
        QVERIFY(checkIdxPair(*images, *labels).ok());
        // Fashion-MNIST is balanced: ten classes with exactly a tenth of the items each.
        std::array<int, 10> perClass{};
        for (const std::uint8_t label : labels->values) {
            QVERIFY(label < 10);
            ++perClass[label];
        }
        for (const int n : perClass)
            QCOMPARE(n, count / 10);
    }
};

QTEST_GUILESS_MAIN(TestIdxReader)
#include "tst_idxreader.moc"
