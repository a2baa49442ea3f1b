// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Metrics over predicted classes: accuracy, the confusion matrix, and precision, recall and F1
// per class and averaged. Each matches scikit-learn 1.2.1 (docs/METRICS.md names the function
// and arguments). Classes are plain integers; `labels` gives the classes to report and their
// order, as scikit-learn's `labels=` argument does.
// Thread contract: pure functions, reentrant. Linear time in the number of items.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mb::evaluation {

// accuracy_score(y_true, y_pred): the fraction of items whose prediction equals the truth.
Result<double> accuracy(const std::vector<int> &yTrue, const std::vector<int> &yPred);

// confusion_matrix(y_true, y_pred, labels=labels). Rows are true classes, columns predicted
// classes, both in the order of `labels`. Items whose true or predicted class is not in `labels`
// are left out, as scikit-learn does. No items gives a matrix of zeros; labels none of which
// occurs in `yTrue` are an error (scikit-learn raises).
struct ConfusionMatrix {
    std::vector<int> labels;
    std::vector<std::int64_t> counts; // row-major, labels.size() x labels.size()

    std::int64_t at(std::size_t trueIndex, std::size_t predictedIndex) const
    {
        return counts[trueIndex * labels.size() + predictedIndex];
    }
};
Result<ConfusionMatrix> confusionMatrix(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                        const std::vector<int> &labels);

struct ClassScores {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
};

// precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0) with
// average=None (per class), "macro", "micro" and "weighted". A ratio whose denominator is zero
// is 0 (no warning); F1 is 2PR/(P+R), and 0 when P+R is 0. A class in `labels` that no item has
// and none is predicted as (an empty class) scores 0 and still counts in the macro mean. Items
// of classes outside `labels` count only as false positives of the class they were predicted
// as. "weighted" weighs by support; with no support at all it is 0.
struct PrecisionRecallF1 {
    std::vector<int> labels;
    std::vector<ClassScores> perClass;   // in the order of `labels`
    std::vector<std::int64_t> support;   // items whose true class is the label
    std::vector<std::int64_t> predicted; // items predicted as the label
    ClassScores macro;
    ClassScores micro;
    ClassScores weighted;
};
Result<PrecisionRecallF1> precisionRecallF1(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                            const std::vector<int> &labels);

} // namespace mb::evaluation
