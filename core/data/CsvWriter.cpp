// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvWriter.h"

#include <QLocale>

#include <cmath>
#include <utility>

namespace mb::data {

namespace {

// Doubles hold every integer up to 2^53 exactly; beyond, "whole" says nothing about the value.
constexpr double kExactIntegerLimit = 9007199254740992.0;

void appendField(QByteArray &out, QStringView text)
{
    const QByteArray bytes = text.toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\n') && !bytes.contains('\r')) {
        out += bytes;
        return;
    }
    out += '"';
    for (const char c : bytes) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

} // namespace

QByteArray csvField(QStringView text)
{
    QByteArray out;
    appendField(out, text);
    return out;
}

void CsvWriter::startField()
{
    if (m_fields > 0)
        m_bytes += ',';
    ++m_fields;
}

void CsvWriter::addField(QStringView text)
{
    startField();
    appendField(m_bytes, text);
    m_lastFieldEmpty = text.isEmpty();
}

void CsvWriter::addNumber(double value)
{
    startField();
    m_lastFieldEmpty = std::isnan(value);
    if (m_lastFieldEmpty)
        return;
    if (std::trunc(value) == value && std::fabs(value) <= kExactIntegerLimit)
        m_bytes += QByteArray::number(qint64(value));
    else
        m_bytes += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void CsvWriter::endRecord()
{
    if (m_fields == 1 && m_lastFieldEmpty)
        m_bytes += "\"\"";
    m_bytes += "\r\n";
    m_fields = 0;
    m_lastFieldEmpty = false;
}

void CsvWriter::addRecord(const QStringList &fields)
{
    for (const QString &field : fields)
        addField(field);
    endRecord();
}

QByteArray CsvWriter::take()
{
    return std::exchange(m_bytes, QByteArray());
}

} // namespace mb::data
