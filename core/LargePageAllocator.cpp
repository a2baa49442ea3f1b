// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/LargePageAllocator.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#ifdef __linux__
#include <malloc.h>
#include <sys/mman.h>
#endif

namespace mb {

#ifdef __linux__
namespace {

constexpr std::size_t kLargePage = std::size_t(2) << 20;
constexpr std::size_t kLargeFrom = std::size_t(4) << 20; // below, the rounding would waste more
// Freed large blocks are kept, up to this much, for the next kernel to reuse: a fresh block costs
// a page fault and the kernel's zeroing of each page, and one curve of a million items asks for
// three blocks of 8 MB (the records, the sort's buffer, the item values), then the next curve
// asks for the same again.
constexpr std::size_t kKeptBytes = std::size_t(64) << 20;

struct KeptBlock {
    void *memory;
    std::size_t bytes; // usable
};

struct KeptBlocks {
    std::mutex mutex;
    std::vector<KeptBlock> blocks;
    std::size_t bytes = 0;
};

KeptBlocks &keptBlocks()
{
    // Never destroyed: a thread may free a block while the process exits. Reachable to the end,
    // so a leak checker sees the kept blocks as held, not lost.
    static KeptBlocks *const kept = new KeptBlocks;
    return *kept;
}

// A kept block of at least `bytes` and less than a large page more, or null.
void *takeKept(std::size_t bytes)
{
    KeptBlocks &kept = keptBlocks();
    const std::lock_guard<std::mutex> lock(kept.mutex);
    for (std::size_t i = 0; i < kept.blocks.size(); ++i) {
        const KeptBlock block = kept.blocks[i];
        if (block.bytes >= bytes && block.bytes < bytes + kLargePage) {
            kept.blocks.erase(kept.blocks.begin() + std::ptrdiff_t(i));
            kept.bytes -= block.bytes;
            return block.memory;
        }
    }
    return nullptr;
}

} // namespace
#endif

void *allocateLargePages(std::size_t bytes)
{
#ifdef __linux__
    if (bytes >= kLargeFrom) {
        const std::size_t rounded = (bytes + kLargePage - 1) / kLargePage * kLargePage;
        if (void *reused = takeKept(rounded))
            return reused;
        void *memory = nullptr;
        if (posix_memalign(&memory, kLargePage, rounded) != 0)
            throw std::bad_alloc();
        madvise(memory, rounded, MADV_HUGEPAGE); // a request: refused, the pages stay ordinary
        return memory;
    }
#endif
    if (void *memory = std::malloc(bytes ? bytes : 1))
        return memory;
    throw std::bad_alloc();
}

void freeLargePages(void *memory)
{
#ifdef __linux__
    if (memory) {
        const std::size_t usable = malloc_usable_size(memory);
        if (usable >= kLargeFrom) {
            KeptBlocks &kept = keptBlocks();
            const std::lock_guard<std::mutex> lock(kept.mutex);
            if (kept.bytes + usable <= kKeptBytes) {
                kept.blocks.push_back({memory, usable});
                kept.bytes += usable;
                return;
            }
        }
    }
#endif
    std::free(memory);
}

} // namespace mb
