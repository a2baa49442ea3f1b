// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvReader.h"

#include "core/NumberText.h"
#include "core/Pipeline.h"
#include "core/Sha256.h"
#include "core/data/DatasetLimits.h"

#include <QIODevice>
#include <QtAlgorithms>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace mb::data {
namespace {

// Bytes asked of the device per read; also the unit of progress reports and cancel checks.
constexpr std::size_t kChunkSize = std::size_t(1) << 20;
// Chunks waiting for the hash thread before the reader waits for it (bounds memory to ~8 MiB).
constexpr std::size_t kMaxQueuedChunks = 8;

// Where the first byte that is not known to be valid UTF-8 is. `invalid` false with
// validEnd < end means the data ends inside a sequence that later bytes may complete.
struct Utf8Scan {
    std::size_t validEnd;
    bool invalid;
};

// Validates [begin, end) as UTF-8 (Unicode table 3-7: no overlongs, surrogates or values above
// U+10FFFF). An error points at the first byte of the ill-formed sequence, the byte a user finds
// with a hex editor.
Utf8Scan validateUtf8(const unsigned char *s, std::size_t begin, std::size_t end)
{
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    std::size_t i = begin;
    while (i < end) {
        // Numeric CSV is all ASCII: test 16 bytes per step.
        while (i + 16 <= end) {
            std::uint64_t a;
            std::uint64_t b;
            std::memcpy(&a, s + i, 8);
            std::memcpy(&b, s + i + 8, 8);
            if ((a | b) & kHighBits)
                break;
            i += 16;
        }
        // In text, jump straight to the next non-ASCII byte: read little-endian, the lowest set
        // high bit belongs to the first such byte.
        if (i + 8 <= end) {
            const std::uint64_t high = qFromLittleEndian<std::uint64_t>(s + i) & kHighBits;
            if (!high) {
                i += 8;
                continue;
            }
            i += std::size_t(qCountTrailingZeroBits(high) / 8);
        }
        if (i == end)
            break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t need = 0;
        unsigned char low = 0x80; // the allowed range of the second byte
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c == 0xE0) {
            need = 2;
            low = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            need = 2;
        } else if (c == 0xED) {
            need = 2;
            high = 0x9F;
        } else if (c == 0xF0) {
            need = 3;
            low = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            need = 3;
        } else if (c == 0xF4) {
            need = 3;
            high = 0x8F;
        } else {
            return {i, true};
        }
        const std::size_t available = std::min(need, end - i - 1);
        for (std::size_t k = 1; k <= available; ++k) {
            const unsigned char next = s[i + k];
            const bool ok = k == 1 ? next >= low && next <= high : (next & 0xC0) == 0x80;
            if (!ok)
                return {i, true};
        }
        if (available < need)
            return {i, false};
        i += need + 1;
    }
    return {end, false};
}

// Bytes that end a field inside quotes.
constexpr std::array<unsigned char, 256> makeQuotedClass()
{
    std::array<unsigned char, 256> table{};
    table['"'] = 1;
    table['\r'] = 1;
    table['\n'] = 1;
    return table;
}
constexpr std::array<unsigned char, 256> kQuotedClass = makeQuotedClass();

// Bit 7 of each byte of the result is set where `word` has the byte `c` (the lowest such bit
// is exact; higher ones may be false positives after a match, which are never used).
inline std::uint64_t bytesEqualTo(std::uint64_t word, char c)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(c));
    return (x - kOnes) & ~x & (kOnes * 0x80);
}

// The position of the next quote, CR or LF at or after p, eight bytes per step (quoted fields
// are mostly longer text); the '\n' sentinel at `limit` ends the byte loop.
inline std::size_t findQuotedSpecial(const char *b, std::size_t p, std::size_t limit)
{
    while (p + 8 <= limit) {
        const std::uint64_t word = qFromLittleEndian<std::uint64_t>(b + p);
        const std::uint64_t found = bytesEqualTo(word, '"') | bytesEqualTo(word, '\r') | bytesEqualTo(word, '\n');
        if (found)
            return p + std::size_t(qCountTrailingZeroBits(found) / 8);
        p += 8;
    }
    while (!kQuotedClass[static_cast<unsigned char>(b[p])])
        ++p;
    return p;
}

// SHA-256 on a helper thread (core/Pipeline.h). libcrypto's SHA-256 (core/Sha256) runs at about
// 1.5 GB/s with the CPU's SHA instructions, still a cost next to tokenizing, so it overlaps with
// parsing on the second core instead of adding to it. Chunks are copied (cheap next to hashing) so
// the reader may move its buffer at once; hashed chunks come back to be refilled, saving an
// allocation each. Input smaller than a chunk is hashed inline and never starts the thread.
class Sha256Pipeline {
public:
    void add(const char *data, std::size_t size)
    {
        if (!m_pipeline && m_inlineBytes < kChunkSize) {
            m_inlineBytes += size;
            m_hash.addData(QByteArrayView(data, qsizetype(size)));
            return;
        }
        if (!m_pipeline)
            m_pipeline.emplace(
                kMaxQueuedChunks,
                [this](std::vector<char> &chunk) {
                    m_hash.addData(QByteArrayView(chunk.data(), qsizetype(chunk.size())));
                },
                Pipeline<std::vector<char>>::Recycling::Keep);
        std::vector<char> chunk = m_pipeline->takeRecycled().value_or(std::vector<char>());
        chunk.assign(data, data + size);
        m_pipeline->push(std::move(chunk)); // never cancelled: the destructor drops what is left
    }

    // The hash of everything added so far; waits for the queued chunks.
    QByteArray result()
    {
        if (m_pipeline)
            m_pipeline->drain();
        return m_hash.result();
    }

private:
    Sha256 m_hash; // the helper's while it holds a chunk
    std::size_t m_inlineBytes = 0;
    std::optional<Pipeline<std::vector<char>>> m_pipeline; // declared after m_hash: stops before it goes
};

QString fieldCount(std::size_t count)
{
    return count == 1 ? QStringLiteral("1 field") : QStringLiteral("%1 fields").arg(count);
}

// For a ragged line: when another common separator splits the header into more columns than the
// one in use, the separator is the likelier mistake ("--separator ," on a ';' file), so say so.
QString separatorHint(const QStringList &header, char separator)
{
    const QString line = header.join(QLatin1Char(separator));
    const auto shown = [](char c) {
        return c == '\t' ? QStringLiteral("tab") : QStringLiteral("'%1'").arg(QLatin1Char(c));
    };
    char better = 0;
    qsizetype most = header.size();
    for (const char candidate : {',', ';', '\t', '|'}) {
        const qsizetype columns = line.count(QLatin1Char(candidate)) + 1;
        if (candidate != separator && columns > most) {
            better = candidate;
            most = columns;
        }
    }
    if (better == 0)
        return {};
    return QStringLiteral("; the separator %1 may be wrong: %2 splits the header into %3 columns")
        .arg(shown(separator), shown(better))
        .arg(most);
}

} // namespace

struct CsvReader::State {
    State(QIODevice &device, Options options) : device(device), options(std::move(options)) {}

    enum class Step { Record, NeedMore, End, Fail };

    QIODevice &device;
    Options options;

    // The buffer holds the unconsumed bytes: the record being tokenized and what follows it. Only
    // refill() moves them, and never while a record's views are out.
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
    std::size_t pos = 0;           // start of the next record: everything before it is consumed
    std::size_t limit = 0;         // end of the bytes known to be valid UTF-8; the tokenizer stops here
    std::size_t end = 0;           // end of the bytes read
    std::int64_t startOffset = 0;  // file offset of the device's first byte (continueAt)
    std::int64_t bufferOffset = 0; // file offset of buffer[0]
    std::int64_t bytesRead = 0;
    std::int64_t hashedUpTo = 0;   // file offset up to which every byte is hashed (hashRest hashes ahead)
    bool atEnd = false;       // the device had no more data
    bool invalidUtf8 = false; // buffer[limit] starts an ill-formed sequence
    char sentinel = 0;        // the byte that the '\n' sentinel at buffer[limit] replaced
    bool sentinelSet = false;

    std::int64_t line = 1; // physical line of buffer[pos]
    bool afterCr = false;  // the last line end was a CR at buffer[pos - 1]: an LF next belongs to it
    std::int64_t recordLine = 0;
    // File offsets of the record in `fields`: its first byte, and the byte after its line end.
    std::int64_t recordStart = 0;
    std::int64_t recordEnd = 0;
    std::int64_t previousEnd = 0; // where the record (or header) before it ended
    bool pending = false;         // `fields` holds a record read but not yet passed on (forEachRecordBefore)
    bool headerDone = false;
    std::optional<QString> error; // sticky: every later call returns it

    char separator = ',';
    std::array<unsigned char, 256> unquotedClass{}; // separator, CR and LF end an unquoted field

    std::vector<std::string_view> fields;
    // Fields are collected here by index and copied into `fields` once per record: cheaper than
    // a push_back per field, which the compiler does not inline into the tokenizer loop.
    std::vector<std::string_view> store = std::vector<std::string_view>(64);
    // Fields with doubled quotes are unescaped into `scratch`; their views are set at the end of
    // the record, when `scratch` no longer grows.
    std::vector<char> scratch;
    struct Unescaped {
        std::size_t field;
        std::size_t offset;
        std::size_t size;
    };
    std::vector<Unescaped> unescaped;

    Sha256Pipeline hash;

    bool fail(const QString &message)
    {
        if (!error)
            error = message;
        return false;
    }

    bool cancelled() const { return options.cancel && options.cancel->load(std::memory_order_relaxed); }

    // Every byte has been read and validated: nothing can follow the limit.
    bool atDataEnd() const { return atEnd && limit == end; }

    void ensureCapacity(std::size_t needed)
    {
        if (needed <= capacity)
            return;
        const std::size_t newCapacity = std::max({needed, capacity * 2, 2 * kChunkSize + 1});
        std::unique_ptr<char[]> bigger(new char[newCapacity]);
        if (end > 0)
            std::memcpy(bigger.get(), buffer.get(), end);
        buffer = std::move(bigger);
        capacity = newCapacity;
    }

    // Moves the unconsumed bytes to the front and appends at least a chunk (more when the
    // partial record is longer than a chunk, so re-tokenizing it after each refill stays linear).
    bool refill()
    {
        if (sentinelSet) {
            buffer[limit] = sentinel;
            sentinelSet = false;
        }
        if (cancelled())
            return fail(QStringLiteral("cancelled"));
        if (pos > 0) {
            std::memmove(buffer.get(), buffer.get() + pos, end - pos);
            limit -= pos;
            end -= pos;
            bufferOffset += std::int64_t(pos);
            pos = 0;
        }
        const std::size_t want = std::max(kChunkSize, end);
        ensureCapacity(end + want + 1); // + 1 for the sentinel
        std::size_t got = 0;
        while (got < want && !atEnd) {
            const std::size_t ask = std::min(kChunkSize, want - got);
            const qint64 n = device.read(buffer.get() + end, qint64(ask));
            if (n < 0) {
                return fail(QStringLiteral("could not read the file at byte offset %1: %2")
                                .arg(bytesRead)
                                .arg(device.errorString()));
            }
            // A file or buffer returns 0 only at its end. The reader does not wait for more
            // (waitForReadyRead): a socket or process must have finished writing first.
            if (n == 0) {
                atEnd = true;
                break;
            }
            hashRead(buffer.get() + end, n);
            end += std::size_t(n);
            got += std::size_t(n);
            bytesRead += n;
            if (options.progress)
                options.progress(bytesRead);
            if (cancelled())
                return fail(QStringLiteral("cancelled"));
        }
        if (!invalidUtf8) {
            const Utf8Scan scan = validateUtf8(reinterpret_cast<const unsigned char *>(buffer.get()), limit, end);
            limit = scan.validEnd;
            invalidUtf8 = scan.invalid;
        }
        // A '\n' at the limit stops every scanning loop without a bounds test per byte.
        sentinel = buffer[limit];
        buffer[limit] = '\n';
        sentinelSet = true;
        return true;
    }

    // Hashes `n` bytes just read from the device, but those hashRest hashed already.
    void hashRead(const char *data, qint64 n)
    {
        const std::int64_t at = startOffset + bytesRead;
        if (!options.hash || at + n <= hashedUpTo)
            return;
        const std::int64_t skip = std::max<std::int64_t>(0, hashedUpTo - at);
        hash.add(data + skip, std::size_t(n - skip));
        hashedUpTo = at + n;
    }

    // Physical line of buffer[offset], counting the line ends from pos.
    std::int64_t lineAt(std::size_t offset) const
    {
        std::int64_t result = line;
        for (std::size_t i = pos; i < offset; ++i) {
            if (buffer[i] == '\r')
                ++result;
            else if (buffer[i] == '\n' && !(i > pos ? buffer[i - 1] == '\r' : afterCr))
                ++result;
        }
        return result;
    }

    bool failUtf8()
    {
        return fail(QStringLiteral("invalid UTF-8 at byte offset %1 (line %2)")
                        .arg(bufferOffset + std::int64_t(limit))
                        .arg(lineAt(limit)));
    }

    // Consumes line ends before a record: the rest of a CRLF, and empty lines.
    // Returns false when the data (read so far) ends first.
    bool skipLineEnds()
    {
        const char *const b = buffer.get();
        std::size_t p = pos;
        if (afterCr && p < limit) {
            afterCr = false;
            if (b[p] == '\n')
                ++p;
        }
        while (p < limit && (b[p] == '\n' || b[p] == '\r')) {
            ++line;
            afterCr = false;
            if (b[p++] == '\r') {
                if (p == limit)
                    afterCr = true;
                else if (b[p] == '\n')
                    ++p;
            }
        }
        pos = p;
        return p < limit;
    }

    // Tokenizes the record at pos into `fields`. NeedMore: the record may continue past the
    // bytes at hand; it is tokenized again from its start after a refill.
    Step parseRecord()
    {
        if (!skipLineEnds())
            return atDataEnd() ? Step::End : Step::NeedMore;

        recordStart = bufferOffset + std::int64_t(pos);
        const char *const b = buffer.get();
        const std::size_t lim = limit;
        const bool last = atDataEnd();
        const unsigned char *const unquoted = unquotedClass.data();
        const char sep = separator;
        std::size_t p = pos;
        std::int64_t ln = line;
        std::size_t count = 0;
        const auto push = [&](const char *data, std::size_t size) {
            if (count == store.size())
                store.resize(store.size() * 2);
            store[count++] = std::string_view(data, size);
        };
        unescaped.clear();
        scratch.clear();

        for (;;) {
            if (p < lim && b[p] == '"') {
                const std::int64_t quoteLine = ln;
                const std::size_t valueStart = ++p;
                std::size_t segment = p;
                std::size_t scratchStart = 0;
                bool escaped = false;
                for (;;) {
                    p = findQuotedSpecial(b, p, lim);
                    if (p == lim) {
                        if (last) {
                            fail(QStringLiteral("unterminated quoted field starting at line %1").arg(quoteLine));
                            return Step::Fail;
                        }
                        return Step::NeedMore;
                    }
                    const char c = b[p];
                    if (c == '\n') {
                        if (b[p - 1] != '\r')
                            ++ln;
                        ++p;
                        continue;
                    }
                    if (c == '\r') {
                        ++ln;
                        ++p;
                        continue;
                    }
                    // A quote: doubled, or the closing one. (A quote that ends the data read so
                    // far is taken as closing; the NeedMore below re-tokenizes it after a refill.)
                    if (p + 1 < lim && b[p + 1] == '"') {
                        if (!escaped) {
                            escaped = true;
                            scratchStart = scratch.size();
                        }
                        scratch.insert(scratch.end(), b + segment, b + p + 1);
                        p += 2;
                        segment = p;
                        continue;
                    }
                    break;
                }
                if (escaped) {
                    scratch.insert(scratch.end(), b + segment, b + p);
                    unescaped.push_back({count, scratchStart, scratch.size() - scratchStart});
                    push(nullptr, 0);
                } else {
                    push(b + valueStart, p - valueStart);
                }
                ++p;
                if (p == lim) {
                    if (!last)
                        return Step::NeedMore;
                    break;
                }
                if (b[p] == sep) {
                    ++p;
                    continue;
                }
                if (b[p] == '\n' || b[p] == '\r')
                    break;
                fail(QStringLiteral("unexpected character after closing quote at line %1").arg(ln));
                return Step::Fail;
            }

            // Unquoted: a quote inside is taken literally.
            const std::size_t start = p;
            // Unquoted fields are mostly short numbers: a byte loop beats word steps there.
            while (!unquoted[static_cast<unsigned char>(b[p])])
                ++p;
            if (p == lim && !last)
                return Step::NeedMore;
            push(b + start, p - start);
            if (p < lim && b[p] == sep) {
                ++p;
                continue;
            }
            break;
        }

        // p is at the CR or LF that ends the record, or at the end of the data.
        recordLine = line;
        if (p < lim) {
            ++ln;
            if (b[p++] == '\r') {
                if (p == lim)
                    afterCr = true;
                else if (b[p] == '\n')
                    ++p;
            }
        }
        pos = p;
        line = ln;
        recordEnd = bufferOffset + std::int64_t(p);
        fields.assign(store.begin(), store.begin() + std::ptrdiff_t(count));
        for (const Unescaped &u : unescaped)
            fields[u.field] = std::string_view(scratch.data() + u.offset, u.size);
        return Step::Record;
    }

    // The next record into `fields`, reading as needed. False at the end or on an error.
    bool nextRecord()
    {
        if (error)
            return false;
        for (;;) {
            switch (parseRecord()) {
            case Step::Record:
                return true;
            case Step::End:
            case Step::Fail:
                return false;
            case Step::NeedMore:
                break;
            }
            if (invalidUtf8 || (atEnd && limit < end))
                return failUtf8();
            if (atEnd)
                return fail(QStringLiteral("internal error: the CSV tokenizer stalled"));
            if (!refill())
                return false;
        }
    }

    // Picks the separator from the first line: the most frequent of ',', ';' and tab outside
    // quotes, ties in that order. A quote opens a quoted field only at the start of a field.
    bool detectSeparator()
    {
        for (;;) {
            if (skipLineEnds() || atDataEnd()) {
                const char *const b = buffer.get();
                std::size_t counts[3] = {0, 0, 0};
                bool inQuotes = false;
                bool fieldStart = true;
                bool complete = false;
                std::size_t p = pos;
                for (; p < limit; ++p) {
                    const char c = b[p];
                    if (inQuotes) {
                        if (c != '"')
                            continue;
                        if (p + 1 == limit && !atDataEnd())
                            break;
                        if (p + 1 < limit && b[p + 1] == '"')
                            ++p;
                        else
                            inQuotes = false;
                        continue;
                    }
                    if (c == '\n' || c == '\r') {
                        complete = true;
                        break;
                    }
                    if (c == '"' && fieldStart) {
                        inQuotes = true;
                        fieldStart = false;
                        continue;
                    }
                    const int which = c == ',' ? 0 : c == ';' ? 1 : c == '\t' ? 2 : -1;
                    fieldStart = which >= 0;
                    if (which >= 0)
                        ++counts[which];
                }
                if (complete || atDataEnd()) {
                    int best = 0;
                    for (int i = 1; i < 3; ++i) {
                        if (counts[i] > counts[best])
                            best = i;
                    }
                    separator = ",;\t"[best];
                    return true;
                }
            }
            if (invalidUtf8 || (atEnd && limit < end))
                return true; // the header's tokenizer reports the error with its line
            if (!refill())
                return false;
        }
    }
};

CsvReader::CsvReader(QIODevice &device, Options options) : m_state(std::make_unique<State>(device, std::move(options)))
{
}

CsvReader::~CsvReader() = default;

bool CsvReader::checkSeparatorAndDevice()
{
    State &s = *m_state;
    const char given = s.options.separator;
    if (given == '"' || given == '\r' || given == '\n' || static_cast<unsigned char>(given) >= 0x80)
        return s.fail(QStringLiteral("the separator must be an ASCII character other than a quote or a "
                                     "line end"));
    if (!s.device.isOpen() || !s.device.isReadable())
        return s.fail(QStringLiteral("could not read the file: it is not open for reading"));
    return true;
}

void CsvReader::useSeparator(char separator)
{
    State &s = *m_state;
    s.separator = separator;
    s.unquotedClass.fill(0);
    s.unquotedClass[static_cast<unsigned char>(separator)] = 1;
    s.unquotedClass['\r'] = 1;
    s.unquotedClass['\n'] = 1;
    m_separator = separator;
}

Status CsvReader::readHeader()
{
    State &s = *m_state;
    if (s.error)
        return Error{*s.error};
    if (s.headerDone)
        return success();
    if (!checkSeparatorAndDevice() || !s.refill())
        return Error{*s.error};
    // A UTF-8 byte order mark says nothing about the data; skipping it keeps it out of the first
    // column's name. Offsets still count it.
    if (s.limit >= 3 && std::memcmp(s.buffer.get(), "\xEF\xBB\xBF", 3) == 0)
        s.pos = 3;

    if (s.options.separator != 0)
        s.separator = s.options.separator;
    else if (!s.detectSeparator())
        return Error{*s.error};
    useSeparator(s.separator);

    if (!s.nextRecord()) {
        if (!s.error)
            s.fail(QStringLiteral("the file is empty"));
        return Error{*s.error};
    }
    // Before a string is made of each name: a header of ten million names took gigabytes.
    if (std::int64_t(s.fields.size()) > kMaxDatasetColumns) {
        s.fail(QStringLiteral("the header has %1 columns; MetricBridge takes at most %2")
                   .arg(formatCount(qint64(s.fields.size())), formatCount(kMaxDatasetColumns)));
        return Error{*s.error};
    }
    m_header.clear();
    m_header.reserve(qsizetype(s.fields.size()));
    for (const std::string_view field : s.fields)
        m_header.append(QString::fromUtf8(field.data(), qsizetype(field.size())));
    s.previousEnd = s.recordEnd;
    s.headerDone = true;
    return success();
}

Status CsvReader::continueAt(std::int64_t byteOffset, std::int64_t line, const QStringList &header)
{
    State &s = *m_state;
    if (s.error)
        return Error{*s.error};
    if (s.options.separator == 0)
        s.fail(QStringLiteral("internal error: a reader that continues a file needs its separator"));
    if (s.error || !checkSeparatorAndDevice())
        return Error{*s.error};
    useSeparator(s.options.separator);
    s.startOffset = s.bufferOffset = s.hashedUpTo = s.previousEnd = byteOffset;
    s.line = line;
    m_header = header;
    s.headerDone = true;
    return success();
}

Result<bool> CsvReader::readRecords(std::int64_t before, const std::function<bool(const CsvRecord &)> &onRecord)
{
    State &s = *m_state;
    if (!s.headerDone) {
        const Status header = readHeader();
        if (!header)
            return Error{header.error()};
    }
    const std::size_t columns = std::size_t(m_header.size());
    for (;;) {
        if (s.pending)
            s.pending = false;
        else if (!s.nextRecord())
            break;
        if (before >= 0 && s.recordEnd > before) {
            // This record reaches past `before`: kept for the next call, which passes it on first.
            // `before` is a boundary when the record starts there (or after: line ends between are
            // skipped alike) and the one before it (or the header) ended there or earlier.
            s.pending = true;
            return s.recordStart >= before && s.previousEnd <= before;
        }
        if (s.fields.size() != columns) {
            s.fail(QStringLiteral("line %1 has %2, the header has %3%4")
                       .arg(s.recordLine)
                       .arg(fieldCount(s.fields.size()))
                       .arg(columns)
                       .arg(separatorHint(m_header, s.separator)));
            return Error{*s.error};
        }
        s.previousEnd = s.recordEnd;
        if (!onRecord(CsvRecord{s.fields, s.recordLine}))
            return false;
    }
    if (s.error)
        return Error{*s.error};
    return false;
}

Status CsvReader::forEachRecord(const std::function<bool(const CsvRecord &)> &onRecord)
{
    const Result<bool> read = readRecords(-1, onRecord);
    return read ? success() : Status(Error{read.error()});
}

Result<bool> CsvReader::forEachRecordBefore(std::int64_t offset,
                                            const std::function<bool(const CsvRecord &)> &onRecord)
{
    return readRecords(offset, onRecord);
}

Status CsvReader::hashRest(QIODevice &sameFile)
{
    State &s = *m_state;
    if (!s.options.hash)
        return success();
    std::int64_t at = std::max(s.hashedUpTo, s.startOffset + s.bytesRead);
    if (!sameFile.seek(at))
        return Error{QStringLiteral("could not read the file at byte offset %1: %2").arg(at).arg(sameFile.errorString())};
    std::vector<char> chunk(kChunkSize);
    for (;;) {
        if (s.cancelled())
            return Error{QStringLiteral("cancelled")};
        const qint64 n = sameFile.read(chunk.data(), qint64(chunk.size()));
        if (n < 0)
            return Error{
                QStringLiteral("could not read the file at byte offset %1: %2").arg(at).arg(sameFile.errorString())};
        if (n == 0)
            return success();
        s.hash.add(chunk.data(), std::size_t(n));
        at += n;
        s.hashedUpTo = at;
    }
}

std::int64_t CsvReader::bytesRead() const
{
    return m_state->bytesRead;
}

QString CsvReader::sha256Hex() const
{
    return QString::fromLatin1(m_state->hash.result().toHex());
}

} // namespace mb::data
