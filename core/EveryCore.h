// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace mb {

// Calls work(i) for every i in [0, count) on up to 8 threads, this one among them: for many
// independent pieces of work such as parsing JSON texts (the Compare page's runs, a project's
// evaluations). Each i is done once, by one thread, so `work` may write its own slot of a vector
// sized beforehand. Below `minimumToShare` items this thread does all: a thread would cost more
// than it saves. Without a thread to be had (std::system_error) this thread does the rest.
template <typename Work>
void forEachOnEveryCore(std::size_t count, std::size_t minimumToShare, const Work &work)
{
    const int threads = count < minimumToShare ? 1 : std::clamp(int(std::thread::hardware_concurrency()), 1, 8);
    const auto part = [count, threads, &work](int first) {
        for (std::size_t i = std::size_t(first); i < count; i += std::size_t(threads))
            work(i);
    };
    std::vector<std::thread> helpers;
    int started = 1;
    try {
        for (; started < threads; ++started)
            helpers.emplace_back(part, started);
    } catch (const std::system_error &) {
    }
    for (int first = started; first < threads; ++first)
        part(first);
    part(0);
    for (std::thread &helper : helpers)
        helper.join();
}

} // namespace mb
