// SPDX-License-Identifier: GPL-3.0-or-later
// Opening arbitrary bytes as a workspace file, as File > Open and every --workspace do. A file
// that is refused must be left byte for byte as it was (docs/ARCHITECTURE.md, "The workspace
// store"); one that opens must answer a plain read of its projects.

#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QDir>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const QByteArray bytes = mbfuzz::bytesOf(data, size);
    // The last input's -wal and -shm would make this one look live (and belong to another file).
    QDir dir(mbfuzz::scratchDir().path());
    dir.remove(QStringLiteral("input.mbw-wal"));
    dir.remove(QStringLiteral("input.mbw-shm"));
    const QString path = mbfuzz::writeScratchFile(QStringLiteral("input.mbw"), bytes);

    auto workspace = mb::db::Workspace::open(path);
    if (workspace) {
        mb::db::ProjectRepository projects((*workspace)->database());
        const auto listed = projects.list();
        if (!listed && listed.error().isEmpty())
            std::abort();
        return 0;
    }
    if (workspace.error().isEmpty())
        std::abort(); // a refusal must say why
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.readAll() != bytes) {
        fprintf(stderr, "a refused workspace was changed: %s\n", qPrintable(workspace.error()));
        std::abort();
    }
    return 0;
}
