// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace mb {

// A bounded hand-off from one producing thread to one helper thread that consumes: the producer
// push()es items, the helper passes each to `consume` in the order pushed, so the two overlap on
// two cores. The one producer/consumer of the project: CsvReader hashes chunks while it parses the
// next, computeProjectRunMetrics judges runs while it reads the next ones from the store.
// - Bounded: push() waits while `capacity` items wait, so memory stays at a few items.
// - Cancel: cancel() ends both sides. A waiting or later push() returns false and drops its item;
//   the helper finishes the item it holds and drops the ones waiting.
// - Errors: an exception thrown by `consume` ends the pipeline as cancel() does, and drain()
//   rethrows it on the producer's thread. A producer that fails calls cancel(), or destroys the
//   pipeline, which cancels.
// - No thread to be had (std::system_error): push() consumes on the producer's thread, with the
//   same results and no overlap.
// Thread contract: push(), drain() and takeRecycled() on one thread, the producer's; cancel() on
// any, `consume` included. `consume` runs on the helper, one item at a time; once drain() returned,
// everything it wrote is visible to the producer. The destructor cancels and waits for the helper:
// call drain() first to have every item consumed.
template<typename T>
class Pipeline {
public:
    using Consume = std::function<void(T &item)>;

    // Keep: items `consume` is done with are kept for takeRecycled(), to reuse their allocations
    // (CsvReader's 1 MiB chunks). Drop: they are destroyed on the helper.
    enum class Recycling { Drop, Keep };

    Pipeline(std::size_t capacity, Consume consume, Recycling recycling = Recycling::Drop)
        : m_capacity(std::max<std::size_t>(capacity, 1)), m_consume(std::move(consume)), m_recycling(recycling)
    {
        try {
            m_thread = std::thread([this] { run(); });
        } catch (const std::system_error &) {
            // No thread: push() consumes itself.
        }
    }

    ~Pipeline()
    {
        cancel();
        if (m_thread.joinable())
            m_thread.join();
    }

    Pipeline(const Pipeline &) = delete;
    Pipeline &operator=(const Pipeline &) = delete;

    // Hands `item` to the helper, waiting while `capacity` items wait. False, and the item
    // dropped, once the pipeline was cancelled or `consume` threw.
    bool push(T item)
    {
        std::unique_lock lock(m_mutex);
        if (!m_thread.joinable()) {
            if (m_stopped)
                return false;
            lock.unlock();
            std::exception_ptr error;
            try {
                m_consume(item);
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            finishItem(std::move(item), error);
            return !error;
        }
        m_changed.wait(lock, [this] { return m_stopped || m_queue.size() < m_capacity; });
        if (m_stopped)
            return false;
        m_queue.push_back(std::move(item));
        lock.unlock();
        m_changed.notify_all();
        return true;
    }

    // Waits until every item pushed was consumed, or until the pipeline stopped and the helper
    // let go of its item. True when every item was consumed; false when it was cancelled and some
    // may have been dropped. Rethrows the exception `consume` threw.
    bool drain()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_busy && (m_stopped || m_queue.empty()); });
        if (m_error)
            std::rethrow_exception(m_error);
        return !m_stopped;
    }

    void cancel()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_changed.notify_all();
    }

    // An item `consume` is done with (Recycling::Keep), for the producer to refill; nullopt when
    // none is free yet.
    std::optional<T> takeRecycled()
    {
        const std::lock_guard lock(m_mutex);
        if (m_spare.empty())
            return std::nullopt;
        std::optional<T> item(std::move(m_spare.back()));
        m_spare.pop_back();
        return item;
    }

private:
    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this] { return m_stopped || !m_queue.empty(); });
            if (m_stopped) {
                m_queue.clear();
                lock.unlock();
                m_changed.notify_all();
                return;
            }
            T item = std::move(m_queue.front());
            m_queue.pop_front();
            m_busy = true;
            lock.unlock();
            m_changed.notify_all(); // room for the producer
            std::exception_ptr error;
            try {
                m_consume(item);
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            m_busy = false;
            finishItem(std::move(item), error);
            m_changed.notify_all();
        }
    }

    // Under the lock, after `consume` ran on `item`.
    void finishItem(T item, std::exception_ptr error)
    {
        if (error) {
            if (!m_error)
                m_error = error;
            m_stopped = true;
            return;
        }
        if (m_recycling == Recycling::Keep && m_spare.size() <= m_capacity)
            m_spare.push_back(std::move(item));
    }

    const std::size_t m_capacity;
    const Consume m_consume;
    const Recycling m_recycling;
    std::mutex m_mutex;
    std::condition_variable m_changed; // the queue, m_busy or m_stopped changed
    std::deque<T> m_queue;
    std::vector<T> m_spare;
    bool m_busy = false;    // the helper holds an item
    bool m_stopped = false; // cancelled, or `consume` threw
    std::exception_ptr m_error;
    std::thread m_thread; // started last, once the members it uses exist
};

} // namespace mb
