// SPDX-License-Identifier: GPL-3.0-or-later
// A framing file from arbitrary bytes, then the validator the editor and `framing set` run on it
// (expressions included). A framing it reads must survive the trip through its own JSON.

#include "core/FramingJson.h"
#include "core/FramingValidator.h"
#include "tests/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const auto framing = mb::framingFromBytes(mbfuzz::bytesOf(data, size));
    if (!framing)
        return framing.error().isEmpty() ? (std::abort(), 0) : 0; // a refusal must say why
    const QList<mb::FramingProblem> problems = mb::validateFraming(*framing);
    Q_UNUSED(mb::describeProblems(problems));
    const auto reread = mb::framingFromBytes(mb::framingToBytes(*framing));
    if (!reread || !mb::sameFraming(*framing, *reread)) {
        fprintf(stderr, "a framing read does not read back: %s\n",
                reread ? "a different framing" : qPrintable(reread.error()));
        std::abort();
    }
    return 0;
}
