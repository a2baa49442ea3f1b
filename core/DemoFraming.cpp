// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DemoFraming.h"

#include "core/FramingJson.h"
#include "core/JsonReader.h"
#include "resources/BundledResources.h"

namespace mb {

namespace {

// The demo as bundled from resources/demo/: the project's name and its framing history.
struct DemoStory {
    QString projectName;
    QList<DemoFramingStep> history;
};

// A bundled file is part of the build, pinned by tst_demoframing: failing to read it is a broken
// build, not a user's mistake, so it stops the program with the reason.
[[noreturn]] void brokenBuild(const QString &path, const QString &why)
{
    qFatal("the bundled resources/%s is unusable: %s", qPrintable(path), qPrintable(why));
}

QByteArray bundled(const QString &path)
{
    std::optional<QByteArray> bytes = resources::readBundledFile(path);
    if (!bytes)
        brokenBuild(path, QStringLiteral("not in the build"));
    return *bytes;
}

DemoStory readDemoStory()
{
    const QString historyPath = QStringLiteral("demo/newsfeed-history.json");
    const Result<QJsonObject> object = parseJsonObject(bundled(historyPath));
    if (!object)
        brokenBuild(historyPath, object.error());
    JsonObjectReader reader(*object);
    if (reader.string(QStringLiteral("format")) != QLatin1String("metricbridge.demo-history"))
        reader.fail(QStringLiteral("format"), QStringLiteral("must be \"metricbridge.demo-history\""));
    if (reader.number(QStringLiteral("format_version"), 0) != 1)
        reader.fail(QStringLiteral("format_version"), QStringLiteral("must be 1"));
    DemoStory story;
    story.projectName = reader.string(QStringLiteral("project"));
    for (JsonObjectReader step : reader.objectList(QStringLiteral("history"))) {
        const QString framingPath = QStringLiteral("demo/") + step.string(QStringLiteral("framing"));
        const QString note = step.string(QStringLiteral("note"));
        step.rejectUnknownKeys();
        if (reader.failed())
            break;
        Result<Framing> framing = framingFromBytes(bundled(framingPath));
        if (!framing)
            brokenBuild(framingPath, framing.error());
        story.history.append(DemoFramingStep{*framing, note});
    }
    reader.rejectUnknownKeys();
    if (!reader.failed() && (story.projectName.isEmpty() || story.history.isEmpty()))
        reader.fail(QStringLiteral("history"), QStringLiteral("needs a project name and at least one framing"));
    if (reader.failed())
        brokenBuild(historyPath, reader.error());
    return story;
}

const DemoStory &demoStory()
{
    static const DemoStory story = readDemoStory();
    return story;
}

} // namespace

QString demoProjectName()
{
    return demoStory().projectName;
}

Framing demoNewsfeedFraming()
{
    return demoStory().history.constLast().framing;
}

QList<DemoFramingStep> demoNewsfeedHistory()
{
    return demoStory().history;
}

} // namespace mb
