// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace mb {

// Memory for arrays a kernel reads or writes at random places (the radix sort's keys, a curve's
// item values gathered in rank order), from 4 MiB on asked for in 2 MiB pages: Linux's
// transparent huge pages, where the system grants them on request; elsewhere, or refused, the
// same memory in ordinary pages. A radix pass writes to 2 048 places at once spread over the
// whole array: in 4 KiB pages nearly every write missed the TLB, and a fresh array faulted in
// every 4 KiB, together about a fifth of a million-item ranking's time. Throws std::bad_alloc.
void *allocateLargePages(std::size_t bytes);
void freeLargePages(void *memory);

template<typename T>
struct LargePageAllocator {
    using value_type = T;
    LargePageAllocator() = default;
    template<typename U>
    LargePageAllocator(const LargePageAllocator<U> &) noexcept
    {
    }
    T *allocate(std::size_t n) { return static_cast<T *>(allocateLargePages(n * sizeof(T))); }
    void deallocate(T *memory, std::size_t) noexcept { freeLargePages(memory); }
    template<typename U>
    bool operator==(const LargePageAllocator<U> &) const noexcept
    {
        return true;
    }
    template<typename U>
    bool operator!=(const LargePageAllocator<U> &) const noexcept
    {
        return false;
    }
};

} // namespace mb
