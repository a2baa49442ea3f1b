// SPDX-License-Identifier: GPL-3.0-or-later
// The radix sort under every ranking (core/RadixSort) gives exactly what a plain stable sort by
// the same high bits gives: the same keys in the same order, ties (equal high bits) in input
// order. On one thread for small inputs, on two for large ones, whose halves must join as if one
// thread had sorted them: random keys, many ties, every key equal, digits shared by every key
// (the passes skipped), an odd count, and the edge cases of no key and one key.

#include "core/RadixSort.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <vector>

using namespace mb;

namespace {

SortKeys stableSortedByHighBits(SortKeys keys, int lowestBit)
{
    std::stable_sort(keys.begin(), keys.end(), [lowestBit](std::uint64_t a, std::uint64_t b) {
        return lowestBit >= 64 ? false : (a >> lowestBit) < (b >> lowestBit);
    });
    return keys;
}

// A key's shape: `sharedHigh` fixes the top 12 bits (sign and exponent of a probability),
// `distinctHigh` is how many values the sorted bits take (0: any), and the low 20 bits carry a
// payload that shows whether ties kept their input order.
SortKeys keysOf(std::size_t n, std::uint64_t distinctHigh, bool sharedHigh, std::uint64_t seed)
{
    SortKeys keys(n);
    std::uint64_t state = seed;
    for (std::size_t i = 0; i < n; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        std::uint64_t high = state >> 20;
        if (distinctHigh)
            high = (high % distinctHigh) * 0x9E3779B97F4AULL; // few values, spread over the digits
        if (sharedHigh)
            high = (high & 0xFFFFFFFFULL) | (0x3FEULL << 32);
        keys[i] = (high << 20) | (i & 0xFFFFF);
    }
    return keys;
}

} // namespace

class tst_RadixSort : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sortsAsAStableSortByTheSameBits_data();
    void sortsAsAStableSortByTheSameBits();
};

void tst_RadixSort::sortsAsAStableSortByTheSameBits_data()
{
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("distinct"); // values the sorted bits take; 0 for any
    QTest::addColumn<bool>("sharedHigh");
    QTest::addColumn<int>("lowestBit");
    QTest::newRow("no keys") << 0 << 0 << false << 20;
    QTest::newRow("one key") << 1 << 0 << false << 20;
    QTest::newRow("two keys, equal") << 2 << 1 << false << 20;
    QTest::newRow("small, random") << 1000 << 0 << false << 20;
    QTest::newRow("small, many ties") << 5000 << 7 << false << 20;
    QTest::newRow("two threads, random") << 300001 << 0 << false << 20;
    QTest::newRow("two threads, many ties") << 400000 << 13 << false << 20;
    QTest::newRow("two threads, every key equal") << 250000 << 1 << false << 20;
    QTest::newRow("two threads, shared top digits") << 300000 << 0 << true << 20;
    QTest::newRow("two threads, shared top digits and ties") << 300000 << 50 << true << 20;
    QTest::newRow("two threads, every bit sorted") << 200003 << 0 << false << 0;
    QTest::newRow("two threads, one pass") << 200000 << 0 << false << 54;
    QTest::newRow("nothing to sort by") << 1000 << 0 << false << 64;
}

void tst_RadixSort::sortsAsAStableSortByTheSameBits()
{
    QFETCH(int, items);
    QFETCH(int, distinct);
    QFETCH(bool, sharedHigh);
    QFETCH(int, lowestBit);
    const SortKeys keys = keysOf(std::size_t(items), std::uint64_t(distinct), sharedHigh, 7);
    SortKeys sorted = keys;
    radixSortByHighBits(sorted, lowestBit);
    const SortKeys expected = stableSortedByHighBits(keys, lowestBit);
    QCOMPARE(sorted.size(), expected.size());
    const auto firstDifference = std::mismatch(sorted.begin(), sorted.end(), expected.begin());
    QVERIFY2(firstDifference.first == sorted.end(),
             qPrintable(QStringLiteral("the orders part at position %1 of %2")
                            .arg(firstDifference.first - sorted.begin())
                            .arg(sorted.size())));
}

QTEST_APPLESS_MAIN(tst_RadixSort)
#include "tst_radixsort.moc"
