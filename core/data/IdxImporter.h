// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/CsvImporter.h"

namespace mb::data {

// Imports an MNIST-style pair of IDX files (images and labels, gzip or raw) as a dataset:
// one numeric column per pixel (pixel_0 ... pixel_N, values 0-255) and a categorical target
// "label" whose classes are the label values. The version's identity hashes both files. The
// options record "image_shape": [rows, columns], so a CNN can restore the images.
Result<ImportedDataset> importIdx(const QString &imagesPath, const QString &labelsPath, ImportOptions options);

} // namespace mb::data
