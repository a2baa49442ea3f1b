// SPDX-License-Identifier: GPL-3.0-or-later
// A run config (docs/RUN-CONFIG.md) from arbitrary bytes. A config it accepts must survive the
// trip through its own JSON: what the store keeps has to read back as the same config.

#include "core/TrainingConfig.h"
#include "tests/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const auto config = mb::trainingConfigFromBytes(mbfuzz::bytesOf(data, size));
    if (!config)
        return config.error().isEmpty() ? (std::abort(), 0) : 0; // a refusal must say why
    const QByteArray stored = mb::trainingConfigToBytes(*config);
    const auto reread = mb::trainingConfigFromBytes(stored);
    if (!reread || mb::trainingConfigToBytes(*reread) != stored) {
        fprintf(stderr, "accepted config does not read back: %s\n",
                reread ? "different bytes" : qPrintable(reread.error()));
        std::abort();
    }
    Q_UNUSED(mb::trainingConfigSummary(mb::trainingConfigToJson(*config)));
    return 0;
}
