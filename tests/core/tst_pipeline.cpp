// SPDX-License-Identifier: GPL-3.0-or-later
// The bounded producer/consumer hand-off that CsvReader (hashing) and computeProjectRunMetrics
// (judging runs) share: items are consumed in the order pushed, no more than `capacity` wait, a
// cancel stops both sides, an exception in the consumer ends the producer's pushes and reaches
// drain(), and consumed items come back for reuse. Tests that need the consumer busy hold it on a
// gate the test opens; nothing waits for a fixed time.

#include "core/Pipeline.h"

#include <QTest>

#include <atomic>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

using mb::Pipeline;

namespace {

// Items the consumer saw, read by the test thread while the consumer may still be adding.
class Seen {
public:
    void add(int item)
    {
        const std::lock_guard lock(m_mutex);
        m_items.push_back(item);
    }
    std::vector<int> items() const
    {
        const std::lock_guard lock(m_mutex);
        return m_items;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<int> m_items;
};

std::vector<int> upTo(int count)
{
    std::vector<int> items;
    for (int i = 0; i < count; ++i)
        items.push_back(i);
    return items;
}

} // namespace

class tst_Pipeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void itemsAreConsumedInTheOrderPushed();
    void drainedPipelineTakesMoreItems();
    void aFullQueueHoldsTheProducerUntilCancelled();
    void cancelFromAnotherThreadStopsBothSides();
    void anExceptionInTheConsumerEndsTheProducerAndReachesDrain();
    void theConsumerMayCancelItself();
    void aFailingProducerEndsTheConsumer();
    void destroyingWithoutDrainKeepsTheOrder();
    void consumedItemsComeBackForReuse();
};

void tst_Pipeline::itemsAreConsumedInTheOrderPushed()
{
    std::vector<int> seen; // only the consumer writes; read after drain()
    Pipeline<int> pipeline(3, [&seen](int &item) { seen.push_back(item); });
    for (int i = 0; i < 10000; ++i)
        QVERIFY(pipeline.push(i));
    QVERIFY(pipeline.drain());
    QCOMPARE(seen, upTo(10000));
}

void tst_Pipeline::drainedPipelineTakesMoreItems()
{
    std::vector<int> seen;
    Pipeline<int> pipeline(2, [&seen](int &item) { seen.push_back(item); });
    QVERIFY(pipeline.push(0));
    QVERIFY(pipeline.push(1));
    QVERIFY(pipeline.drain());
    QCOMPARE(seen, upTo(2));
    QVERIFY(pipeline.push(2));
    QVERIFY(pipeline.drain());
    QCOMPARE(seen, upTo(3));
}

// The consumer holds item 0 until the gate opens; the queue then fills with `capacity` items and
// the producer's next push must wait: it returns (false) only when the test cancels.
void tst_Pipeline::aFullQueueHoldsTheProducerUntilCancelled()
{
    constexpr std::size_t kCapacity = 3;
    std::promise<void> gate;
    const std::shared_future<void> opened = gate.get_future().share();
    Seen seen;
    std::atomic<int> pushed{0};
    std::atomic<bool> refused{false};
    {
        Pipeline<int> pipeline(kCapacity, [&](int &item) {
            seen.add(item);
            opened.wait();
        });
        std::thread producer([&] {
            for (int i = 0; i < 100; ++i) {
                if (!pipeline.push(i)) {
                    refused = true;
                    return;
                }
                ++pushed;
            }
        });
        // Item 0 with the consumer, kCapacity waiting: the producer is held on its next push.
        QTRY_COMPARE(seen.items(), std::vector<int>{0});
        QTRY_COMPARE(pushed.load(), int(kCapacity) + 1);
        QVERIFY(!refused);
        pipeline.cancel();
        producer.join();
        QVERIFY(refused);
        QCOMPARE(pushed.load(), int(kCapacity) + 1); // the held push was refused, none after it
        gate.set_value();
        QVERIFY(!pipeline.drain()); // cancelled: the waiting items were dropped
    }
    QCOMPARE(seen.items(), std::vector<int>{0});
}

void tst_Pipeline::cancelFromAnotherThreadStopsBothSides()
{
    std::promise<void> gate;
    const std::shared_future<void> opened = gate.get_future().share();
    Seen seen;
    Pipeline<int> pipeline(2, [&](int &item) {
        seen.add(item);
        opened.wait();
    });
    QVERIFY(pipeline.push(0));
    QVERIFY(pipeline.push(1));
    QTRY_COMPARE(seen.items(), std::vector<int>{0});
    std::thread canceller([&pipeline] { pipeline.cancel(); });
    canceller.join();
    QVERIFY(!pipeline.push(2)); // the producer's side: refused at once
    gate.set_value();
    QVERIFY(!pipeline.drain()); // the consumer's side: item 1 was never consumed
    QCOMPARE(seen.items(), std::vector<int>{0});
}

void tst_Pipeline::anExceptionInTheConsumerEndsTheProducerAndReachesDrain()
{
    Seen seen;
    Pipeline<int> pipeline(2, [&seen](int &item) {
        if (item == 5)
            throw std::runtime_error("item 5 is bad");
        seen.add(item);
    });
    int pushed = 0;
    while (pushed < 1000 && pipeline.push(pushed))
        ++pushed;
    QVERIFY2(pushed < 1000, "the producer kept pushing after the consumer failed");
    QVERIFY(pushed > 5);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, pipeline.drain());
    QCOMPARE(seen.items(), upTo(5)); // nothing after the failing item was consumed
    QVERIFY(!pipeline.push(1000));
}

void tst_Pipeline::theConsumerMayCancelItself()
{
    Seen seen;
    Pipeline<int> *self = nullptr;
    Pipeline<int> pipeline(2, [&](int &item) {
        seen.add(item);
        if (item == 3) // an error the consumer reports as a value elsewhere, then stops both sides
            self->cancel();
    });
    self = &pipeline;
    int pushed = 0;
    while (pushed < 1000 && pipeline.push(pushed))
        ++pushed;
    QVERIFY(pushed < 1000);
    QVERIFY(!pipeline.drain());
    QCOMPARE(seen.items(), upTo(4));
}

// A producer that fails cancels and lets the pipeline go: the consumer finishes the item it holds
// and never sees the ones waiting.
void tst_Pipeline::aFailingProducerEndsTheConsumer()
{
    std::promise<void> gate;
    const std::shared_future<void> opened = gate.get_future().share();
    Seen seen;
    {
        Pipeline<int> pipeline(4, [&](int &item) {
            seen.add(item);
            opened.wait();
        });
        for (int i = 0; i < 4; ++i)
            QVERIFY(pipeline.push(i));
        QTRY_COMPARE(seen.items(), std::vector<int>{0});
        pipeline.cancel(); // the producer's error
        gate.set_value();
    } // joins the helper
    QCOMPARE(seen.items(), std::vector<int>{0});
}

// Destroyed without drain(): no hang, and whatever was consumed came in order.
void tst_Pipeline::destroyingWithoutDrainKeepsTheOrder()
{
    Seen seen;
    {
        Pipeline<int> pipeline(8, [&seen](int &item) { seen.add(item); });
        for (int i = 0; i < 1000; ++i)
            QVERIFY(pipeline.push(i));
    }
    const std::vector<int> items = seen.items();
    QCOMPARE(items, upTo(int(items.size())));
}

void tst_Pipeline::consumedItemsComeBackForReuse()
{
    using Chunk = std::vector<char>;
    std::vector<std::size_t> sizes;
    Pipeline<Chunk> keeping(
        2, [&sizes](Chunk &chunk) { sizes.push_back(chunk.size()); }, Pipeline<Chunk>::Recycling::Keep);
    QVERIFY(!keeping.takeRecycled());
    QVERIFY(keeping.push(Chunk(1000, 'x')));
    QVERIFY(keeping.drain());
    std::optional<Chunk> reused = keeping.takeRecycled();
    QVERIFY(reused);
    QVERIFY(reused->capacity() >= 1000); // its allocation, ready to be refilled
    reused->assign(10, 'y');
    QVERIFY(keeping.push(std::move(*reused)));
    QVERIFY(keeping.drain());
    QCOMPARE(sizes, (std::vector<std::size_t>{1000, 10}));

    Pipeline<Chunk> dropping(2, [](Chunk &) {});
    QVERIFY(dropping.push(Chunk(1000, 'x')));
    QVERIFY(dropping.drain());
    QVERIFY(!dropping.takeRecycled());
}

QTEST_GUILESS_MAIN(tst_Pipeline)
#include "tst_pipeline.moc"
