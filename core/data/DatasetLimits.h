// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How large a dataset the app takes in, checked before anything is allocated. A 12 MB CSV of a
// million columns took 7.1 GB and 82 s, ten million aborted with bad_alloc (in the window's own
// process), and 20 000 IDX images of 256x256 pixels took 11.3 GB and wrote a 10.5 GB workspace.
// Every column is profiled, encoded and stored on its own (about 8 KB each besides its values),
// and every value is held as a double. Thread contract: pure functions, reentrant.

#include "core/ModelSize.h"
#include "core/Result.h"

#include <cstdint>

namespace mb::data {

// The widest dataset: a tabular model of 20 000 inputs is already far past what one-hot MLPs and
// linear models here are for, and the images it allows (141x141 pixels) are past MNIST's 28x28.
inline constexpr std::int64_t kMaxDatasetColumns = 20000;

// The memory a dataset of `rows` x `columns` takes while it is imported: 8 bytes a value, twice
// (read, then encoded), and about 8 KB a column.
std::int64_t datasetMemoryBytes(std::int64_t rows, std::int64_t columns);

// Refuses, naming the figures, a dataset wider than kMaxDatasetColumns or whose
// datasetMemoryBytes exceed half of `memoryBytes` (the machine's; 0: no memory limit):
// "1,000,001 columns: MetricBridge takes at most 20,000" or "500,000,000 rows x 20 columns need
// about 149 GB of memory while they are imported; this machine has 24 GB".
Status checkDatasetSize(std::int64_t rows, std::int64_t columns, std::int64_t memoryBytes = physicalMemoryBytes());

} // namespace mb::data
