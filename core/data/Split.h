// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::data {

enum class SplitPart : std::uint8_t { Train = 0, Validation = 1, Test = 2 };
// "train", "validation", "test": a part's name in commands, files and evaluations.
QString toKey(SplitPart part);
std::optional<SplitPart> splitPartFromKey(const QString &key);

// How rows are assigned to train, validation and test. Seeded, so the same dataset, spec and
// seed always give the same assignment.
//   random       shuffle, then cut at the fractions;
//   stratified   the same, within each class of `column` (the label), so every part keeps the
//                class balance;
//   ordered      sort by `column` (a date, say) and put the most recent rows last: train on the
//                past, test on the most recent. With `lastRows` > 0, the last N rows of the file
//                are the test part instead, and the validation fraction of the rows just before
//                them the validation part (so the model is still chosen on the most recent past);
//   column       an explicit column whose values are train / validation / test;
//   test_file    the last `testRows` rows came from a separate test file and are the test part;
//                the validation fraction of the other rows is the validation part, stratified by
//                `column` when it is set, else at random.
struct SplitSpec {
    enum class Kind { Random, Stratified, Ordered, Column, TestFile };
    Kind kind = Kind::Random;
    double validationFraction = 0.1;
    double testFraction = 0.2;
    QString column;
    std::int64_t lastRows = 0;
    std::int64_t testRows = 0; // test_file: the test file's rows, the last of the dataset
    std::uint64_t seed = 42;

    QJsonObject toJson() const;
    static Result<SplitSpec> fromJson(const QJsonObject &json);
    // "random:0.1,0.2", "stratified:label:0.1,0.2", "ordered:posted_at:0.1,0.2", "last:1000",
    // "last:1000:0.1", "column:split". Fractions are of all rows, validation then test; last:N
    // takes the validation fraction alone (default 0.1).
    static Result<SplitSpec> parse(const QString &text, std::uint64_t seed);
    // --split for an import with a test file, which only says how the validation part is taken
    // from the other rows: random[:V[,0]] or stratified:COLUMN[:V[,0]] (V defaults to 0.1). Gives
    // a test_file spec whose testRows the import fills in; anything else is refused by
    // testFileSplit's rule.
    static Result<SplitSpec> parseForTestFile(const QString &text, std::uint64_t seed);
    QString describe() const;
};

QString toKey(SplitSpec::Kind kind);

// The split an import gets when the user names none: stratified by the target when there is one
// target with classes (a boolean, a category, or at most 20 whole numbers), else random; 10%
// validation, 20% test.
SplitSpec defaultSplit(const Dataset &dataset, const QStringList &targets, std::uint64_t seed);

// The split of a dataset whose last `testRows` rows came from a separate test file: those rows
// are the test part. `requested` says how validation is taken from the other rows: a test_file
// spec, or a random or stratified one whose test fraction is 0 (the test part is the file). None
// takes defaultSplit's choice (stratified by a target with classes, else random), 10% validation.
// Anything else is refused, naming what is allowed.
Result<SplitSpec> testFileSplit(const std::optional<SplitSpec> &requested, const Dataset &dataset,
                                const QStringList &targets, std::uint64_t seed, std::int64_t testRows);

struct SplitCounts {
    std::int64_t train = 0;
    std::int64_t validation = 0;
    std::int64_t test = 0;
};

// One SplitPart per row. Errors name the problem (an unknown column, fractions that leave no
// training rows, a split column with a value other than train/validation/test).
Result<std::vector<SplitPart>> assignSplit(const Dataset &dataset, const SplitSpec &spec);
SplitCounts countSplit(const std::vector<SplitPart> &assignment);

} // namespace mb::data
