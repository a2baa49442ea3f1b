// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/CsvFile.h"

namespace mb::services {
namespace {

constexpr qsizetype kBlockBytes = 1 << 20;

} // namespace

Status CsvFile::open()
{
    if (!m_file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString())};
    return success();
}

Status CsvFile::writeBlock()
{
    const QByteArray block = m_csv.take();
    if (m_file.write(block) != block.size())
        return Error{QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString())};
    return success();
}

Status CsvFile::endRecord()
{
    m_csv.endRecord();
    return m_csv.size() >= kBlockBytes ? writeBlock() : success();
}

Status CsvFile::commit()
{
    if (Status written = writeBlock(); !written)
        return written;
    if (!m_file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(m_path, m_file.errorString())};
    return success();
}

} // namespace mb::services
