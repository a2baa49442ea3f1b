// SPDX-License-Identifier: GPL-3.0-or-later
// forEachOnEveryCore, which parses the Compare page's runs' JSON and a project's evaluations' JSON
// on every core: each item is done exactly once whatever the count, on several threads once there
// are enough items, and on the calling thread alone below the minimum.

#include "core/EveryCore.h"

#include <QTest>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

class tst_EveryCore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyItemIsDoneExactlyOnce_data();
    void everyItemIsDoneExactlyOnce();
    void fewItemsStayOnTheCallingThread();
};

void tst_EveryCore::everyItemIsDoneExactlyOnce_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("minimumToShare");
    QTest::newRow("none") << 0 << 0;
    QTest::newRow("one, shared") << 1 << 0;
    QTest::newRow("fewer than the threads") << 3 << 0;
    QTest::newRow("below the minimum") << 100 << 256;
    QTest::newRow("many, shared") << 10007 << 256;
}

void tst_EveryCore::everyItemIsDoneExactlyOnce()
{
    QFETCH(int, count);
    QFETCH(int, minimumToShare);
    std::vector<std::atomic<int>> visits(static_cast<std::size_t>(count));
    for (std::atomic<int> &v : visits)
        v.store(0);
    std::vector<double> squares(static_cast<std::size_t>(count), -1.0);
    mb::forEachOnEveryCore(std::size_t(count), std::size_t(minimumToShare), [&](std::size_t i) {
        ++visits[i];
        squares[i] = double(i) * double(i); // each slot written by the one thread that has it
    });
    for (int i = 0; i < count; ++i) {
        QCOMPARE(visits[std::size_t(i)].load(), 1);
        QCOMPARE(squares[std::size_t(i)], double(i) * double(i));
    }
}

void tst_EveryCore::fewItemsStayOnTheCallingThread()
{
    std::mutex mutex;
    std::set<std::thread::id> threads;
    mb::forEachOnEveryCore(100, 256, [&](std::size_t) {
        const std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
    });
    QCOMPARE(threads.size(), std::size_t(1));
    QVERIFY(threads.count(std::this_thread::get_id()) == 1);
}

QTEST_GUILESS_MAIN(tst_EveryCore)
#include "tst_everycore.moc"
