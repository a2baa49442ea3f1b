// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/CsvImporter.h"

namespace mb::data {

// Imports an MNIST-style pair of IDX files (images and labels, gzip or raw) as a dataset:
// one numeric column per pixel (pixel_0 ... pixel_N, values 0-255) and a categorical target
// "label" whose classes are the label values. The version's identity hashes both files. The
// options record "image_shape": [rows, columns], so a CNN can restore the images.
Result<ImportedDataset> importIdx(const QString &imagesPath, const QString &labelsPath, ImportOptions options);

// A training pair and its separate test pair (Fashion-MNIST's train-* and t10k-*) as one dataset:
// the training items, then the test items (`testFileRows`). The test images must have the
// training images' shape; the label classes are numbered over both pairs. The identity hashes all
// four files; the options record each file's name, size and SHA-256 ("file", "labels",
// "test_file", "test_labels").
Result<ImportedDataset> importIdxWithTestFiles(const QString &imagesPath, const QString &labelsPath,
                                               const QString &testImagesPath, const QString &testLabelsPath,
                                               ImportOptions options);

} // namespace mb::data
