// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::db {

// How a stored column of numbers is laid out in its blob, little-endian whatever the machine so a
// workspace travels. The name is what prediction_columns.encoding holds.
enum class ColumnEncoding { UInt8, Int32, Int64, Float32, Float64 };

QString encodingName(ColumnEncoding encoding);
std::optional<ColumnEncoding> encodingFromName(const QString &name);
std::size_t bytesPerValue(ColumnEncoding encoding);

// The narrowest encoding that gives every value back exactly (bit for bit, but for NaN's payload):
// uint8 for labels and classes 0..255, int32 for larger class indices and row numbers, float32 for
// the scores and probabilities a float32 network computed, int64 for integer ids past 2^31, and
// float64 for anything else. Never lossy, so a metric recomputed from stored predictions equals
// the one computed from the model's values when they were stored: float32 rounding of a tool's
// float64 scores could merge two scores into a tie and move ROC AUC.
ColumnEncoding narrowestExactEncoding(const std::vector<double> &values);
ColumnEncoding narrowestExactEncoding(const double *values, std::size_t count);

// `values` in `encoding`, which must hold each of them exactly (narrowestExactEncoding's or wider).
QByteArray encodeColumn(const std::vector<double> &values, ColumnEncoding encoding);
QByteArray encodeColumn(const double *values, std::size_t count, ColumnEncoding encoding);
QByteArray encodeInt64Column(const std::vector<std::int64_t> &values);

// The values of a blob; nullopt when its length is not a whole number of values (damage).
std::optional<std::vector<double>> decodeColumn(const QByteArray &bytes, ColumnEncoding encoding);
// An integer column exactly, ids above 2^53 included; nullopt when the length is not a whole
// number of values or a float column holds a value that is no int64 (an older file stored ids as
// float64: those that are whole numbers are given back).
std::optional<std::vector<std::int64_t>> decodeIntegerColumn(const QByteArray &bytes, ColumnEncoding encoding);

} // namespace mb::db
