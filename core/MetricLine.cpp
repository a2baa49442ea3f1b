// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/MetricLine.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace mb {
namespace {

class LineReader {
public:
    explicit LineReader(std::string_view line) : m_text(line) {}

    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    bool take(char c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    // A JSON string; escapes are rare in series names, so a string holding one is decoded by Qt.
    Result<QString> string()
    {
        skipSpace();
        if (atEnd() || m_text[m_pos] != '"')
            return Error{QStringLiteral("expected a quoted string at column %1").arg(m_pos + 1)};
        const std::size_t begin = m_pos;
        bool escaped = false;
        for (++m_pos; m_pos < m_text.size(); ++m_pos) {
            const char c = m_text[m_pos];
            if (c == '\\') {
                escaped = true;
                ++m_pos;
            } else if (c == '"') {
                ++m_pos;
                const std::string_view quoted = m_text.substr(begin, m_pos - begin);
                if (!escaped)
                    return QString::fromUtf8(quoted.data() + 1, qsizetype(quoted.size() - 2));
                const QByteArray array = "[" + QByteArray(quoted.data(), qsizetype(quoted.size())) + "]";
                const QJsonDocument decoded = QJsonDocument::fromJson(array);
                if (!decoded.isArray())
                    return Error{QStringLiteral("the string at column %1 has a bad escape").arg(begin + 1)};
                return decoded.array().at(0).toString();
            }
        }
        return Error{QStringLiteral("the string at column %1 is not closed").arg(begin + 1)};
    }
    // The raw text of a number or a bare word (NaN, Infinity, null, true, ...).
    std::string_view token()
    {
        skipSpace();
        const std::size_t begin = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != '}' && m_text[m_pos] != ' ' &&
               m_text[m_pos] != '\t')
            ++m_pos;
        return m_text.substr(begin, m_pos - begin);
    }
    std::size_t column() const { return m_pos + 1; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

QString quotedToken(std::string_view token)
{
    return token.empty() ? QStringLiteral("nothing")
                         : QStringLiteral("'%1'").arg(QString::fromUtf8(token.data(), qsizetype(token.size())));
}

Result<double> valueOf(std::string_view token)
{
    if (token == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (token == "Infinity")
        return std::numeric_limits<double>::infinity();
    if (token == "-Infinity")
        return -std::numeric_limits<double>::infinity();
    double value = 0;
    // from_chars also reads "inf" and "nan", which JSON does not have.
    const bool letter =
        !token.empty() && (std::isalpha(static_cast<unsigned char>(token.front())) != 0 ||
                           (token.size() > 1 && std::isalpha(static_cast<unsigned char>(token[1])) != 0));
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (letter || error != std::errc() || end != token.data() + token.size())
        return Error{
            QStringLiteral("\"value\" must be a number (or NaN, Infinity, -Infinity), got %1").arg(quotedToken(token))};
    return value;
}

Result<std::int64_t> stepOf(std::string_view token)
{
    std::int64_t step = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), step);
    if (error != std::errc() || end != token.data() + token.size())
        return Error{QStringLiteral("\"step\" must be a whole number, got %1").arg(quotedToken(token))};
    return step;
}

} // namespace

Result<MetricPoint> parseMetricLine(std::string_view line)
{
    LineReader reader(line);
    if (!reader.take('{'))
        return Error{
            QStringLiteral("expected a JSON object such as {\"step\": 3, \"name\": \"train/loss\", \"value\": 0.41}")};
    MetricPoint point;
    bool seen[3] = {false, false, false}; // step, name, value
    // Keys until the object ends: a fourth is unknown or repeated, and refused as such.
    for (int key = 0;; ++key) {
        if (key > 0 && !reader.take(','))
            break;
        Result<QString> name = reader.string();
        if (!name)
            return Error{name.error()};
        if (!reader.take(':'))
            return Error{QStringLiteral("expected ':' after \"%1\" at column %2").arg(*name).arg(reader.column())};
        int which = -1;
        if (*name == QLatin1String("step"))
            which = 0;
        else if (*name == QLatin1String("name"))
            which = 1;
        else if (*name == QLatin1String("value"))
            which = 2;
        else
            return Error{QStringLiteral("unknown key \"%1\": a point has \"step\", \"name\" and \"value\"").arg(*name)};
        if (seen[which])
            return Error{QStringLiteral("the key \"%1\" is written twice").arg(*name)};
        seen[which] = true;
        if (which == 1) {
            Result<QString> series = reader.string();
            if (!series)
                return Error{QStringLiteral("\"name\": ") + series.error()};
            if (series->isEmpty())
                return Error{QStringLiteral("\"name\" is empty: name the series, such as \"train/loss\"")};
            point.name = *series;
        } else if (which == 0) {
            Result<std::int64_t> step = stepOf(reader.token());
            if (!step)
                return Error{step.error()};
            point.step = *step;
        } else {
            Result<double> value = valueOf(reader.token());
            if (!value)
                return Error{value.error()};
            point.value = *value;
        }
    }
    if (!reader.take('}'))
        return Error{QStringLiteral("expected '}' at column %1").arg(reader.column())};
    reader.skipSpace();
    if (!reader.atEnd())
        return Error{QStringLiteral("unexpected text after the object at column %1").arg(reader.column())};
    static const char *const kKeys[] = {"step", "name", "value"};
    for (int i = 0; i < 3; ++i)
        if (!seen[i])
            return Error{QStringLiteral("the key \"%1\" is missing").arg(QLatin1String(kKeys[i]))};
    return point;
}

} // namespace mb
