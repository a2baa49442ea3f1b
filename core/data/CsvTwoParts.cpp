// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvTwoParts.h"

#include <QFile>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace mb::data {
namespace {

constexpr qint64 kReadBytes = qint64(1) << 20;

// The first byte after a line feed at or after `from`: where a line starts (after a CRLF's LF,
// never between its two bytes); nullopt when no line feed follows.
std::optional<std::int64_t> lineStartFrom(QFile &file, std::int64_t from)
{
    if (!file.seek(from))
        return std::nullopt;
    std::vector<char> buffer(std::size_t(kReadBytes / 16));
    std::int64_t offset = from;
    for (;;) {
        const qint64 n = file.read(buffer.data(), qint64(buffer.size()));
        if (n <= 0)
            return std::nullopt;
        const auto end = buffer.begin() + std::ptrdiff_t(n);
        const auto lf = std::find(buffer.begin(), end, '\n');
        if (lf != end)
            return offset + (lf - buffer.begin()) + 1;
        offset += n;
    }
}

// The line feeds in [b, b + n), eight bytes per step: a byte of a word is 0x80 where that byte of
// `word ^ LFs` is zero (exactly, with no carry between bytes); those are summed per byte lane for
// up to 255 words before the lanes are added up.
std::int64_t countLineFeeds(const char *b, std::size_t n)
{
    constexpr std::uint64_t kLineFeeds = 0x0A0A0A0A0A0A0A0AULL;
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    std::int64_t count = 0;
    std::size_t i = 0;
    while (i + 8 <= n) {
        std::uint64_t lanes = 0;
        for (int step = 0; step < 255 && i + 8 <= n; ++step, i += 8) {
            std::uint64_t word;
            std::memcpy(&word, b + i, 8);
            const std::uint64_t x = word ^ kLineFeeds;
            lanes += (~(((x & kLow7) + kLow7) | x) & ~kLow7) >> 7;
        }
        // Pairs of byte lanes into 16-bit lanes (at most 510 each), then their sum (at most 2040).
        constexpr std::uint64_t kEvenBytes = 0x00FF00FF00FF00FFULL;
        const std::uint64_t pairs = (lanes & kEvenBytes) + ((lanes >> 8) & kEvenBytes);
        count += std::int64_t((pairs * 0x0001000100010001ULL) >> 48);
    }
    for (; i < n; ++i)
        count += b[i] == '\n';
    return count;
}

// The physical line of byte `offset`, counted as CsvReader counts them: 1 plus the line ends
// before it, a CR, an LF or a CRLF each ending one line (inside quoted fields too).
std::optional<std::int64_t> lineAt(QFile &file, std::int64_t offset)
{
    if (!file.seek(0))
        return std::nullopt;
    std::vector<char> buffer(static_cast<std::size_t>(kReadBytes));
    std::int64_t line = 1;
    std::int64_t left = offset;
    char previous = 0;
    while (left > 0) {
        const qint64 n = file.read(buffer.data(), std::min<qint64>(left, kReadBytes));
        if (n <= 0)
            return std::nullopt;
        const char *const b = buffer.data();
        // Mostly a count of LFs, eight bytes per step; CRs only where there are any.
        std::int64_t ends = countLineFeeds(b, std::size_t(n));
        if (previous == '\r' || std::memchr(b, '\r', std::size_t(n))) {
            // Every CR ends a line, and an LF only where no CR precedes it.
            ends = (b[0] == '\r') + (b[0] == '\n' && previous != '\r');
            for (qint64 i = 1; i < n; ++i)
                ends += (b[i] == '\r') + (b[i] == '\n' && b[i - 1] != '\r');
        }
        line += ends;
        previous = b[n - 1];
        left -= n;
    }
    return line;
}

// The second part's scan, on its own thread with its own handle on the file.
struct SecondPart {
    bool started = false; // the thread ran to its end with a reader (false: read on alone)
    Status status = success();
    std::optional<CsvColumnScanner> scanner;
};

void scanSecondPart(SecondPart &part, const QString &path, std::int64_t split, const QStringList &header,
                    char separator, std::int64_t fileBytes, const ImportOptions &options,
                    std::atomic<bool> *cancel, const std::atomic<bool> &abandoned,
                    std::atomic<std::int64_t> *bytesRead)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const std::optional<std::int64_t> line = lineAt(file, split);
    if (!line || !file.seek(split) || abandoned.load(std::memory_order_relaxed))
        return;
    CsvReader::Options readerOptions;
    readerOptions.separator = separator;
    readerOptions.cancel = cancel;
    readerOptions.hash = false; // the first part's reader hashes the whole file
    if (bytesRead)
        readerOptions.progress = [bytesRead](std::int64_t read) { bytesRead->store(read, std::memory_order_relaxed); };
    CsvReader reader(file, readerOptions);
    if (!reader.continueAt(split, *line, header))
        return;
    part.scanner.emplace(header, options, separator, fileBytes - split, false);
    CsvColumnScanner &scanner = *part.scanner;
    part.status = reader.forEachRecord([&](const CsvRecord &record) {
        return !abandoned.load(std::memory_order_relaxed) && scanner.scan(record);
    });
    part.started = true;
}

Status scanInOnePart(CsvReader &reader, CsvColumnScanner &scanner)
{
    return reader.forEachRecord([&](const CsvRecord &record) { return scanner.scan(record); });
}

} // namespace

Status scanCsvRecords(CsvReader &reader, const QString &path, std::int64_t fileBytes, bool plainText,
                      const ImportOptions &options, CsvColumnScanner &scanner, std::atomic<bool> *cancel,
                      std::atomic<std::int64_t> *otherPartBytes)
{
    if (!plainText || fileBytes < kMinBytesForTwoParts)
        return scanInOnePart(reader, scanner);
    QFile rest(path); // the second handle: the split, then the hash of what follows the first part
    if (!rest.open(QIODevice::ReadOnly))
        return scanInOnePart(reader, scanner);
    const std::optional<std::int64_t> split = lineStartFrom(rest, fileBytes / 2);
    if (!split || *split >= fileBytes)
        return scanInOnePart(reader, scanner);

    SecondPart second;
    std::atomic<bool> abandoned{false};
    // Copies for the second thread, which must not touch `reader` while this one reads with it.
    const QStringList header = reader.header();
    const char separator = reader.separator();
    std::thread thread;
    try {
        thread = std::thread([&] {
            scanSecondPart(second, path, *split, header, separator, fileBytes, options, cancel, abandoned,
                           otherPartBytes);
        });
    } catch (const std::system_error &) {
        return scanInOnePart(reader, scanner); // no second thread to be had
    }
    // Joins the second thread however this ends; `abandon` first stops its scan at the next record.
    struct Joiner {
        std::thread &thread;
        std::atomic<bool> &abandoned;
        void finish(bool abandon)
        {
            if (abandon)
                abandoned = true;
            if (thread.joinable())
                thread.join();
        }
        ~Joiner() { finish(true); }
    } joiner{thread, abandoned};

    const Result<bool> atSplit =
        reader.forEachRecordBefore(*split, [&](const CsvRecord &record) { return scanner.scan(record); });
    if (!atSplit)
        return Error{atSplit.error()};
    if (!*atSplit) {
        // A record runs across the split, or the data or the scan ended before it.
        joiner.finish(true);
        if (!scanner.error().isEmpty())
            return success();
        return scanInOnePart(reader, scanner);
    }
    // The split is a record boundary. Hash the rest while the second part's scan ends.
    const Status hashed = reader.hashRest(rest);
    joiner.finish(false);
    if (hashed && second.started && scanner.append(*second.scanner))
        return second.status;
    return scanInOnePart(reader, scanner); // reads on from the split, hashing nothing twice
}

} // namespace mb::data
