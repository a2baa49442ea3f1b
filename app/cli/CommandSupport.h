// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/Workspace.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <utility>

namespace mb::cli {

// What every headless command group shares (Cli.cpp and the *Commands.cpp files): the failure
// that runHeadless reports as the one line on stderr, the output streams, the common options and
// the two output forms. Thread contract: the main thread, like the commands.

// Raised inside a command and reported once, as the single line on stderr.
struct CommandFailed {
    QString reason;
    // 1 for a failure; 2 for input the command cannot read (a query with a syntax error), so a
    // script can tell "you asked wrongly" from "it did not work".
    int exitStatus = 1;
};

inline QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

inline QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

template<typename T>
T unwrap(Result<T> result)
{
    if (!result)
        throw CommandFailed{result.error()};
    return std::move(result).value();
}

inline QCommandLineOption workspaceOption()
{
    return {QStringLiteral("workspace"), QStringLiteral("The workspace file (.mbw)."), QStringLiteral("W")};
}
inline QCommandLineOption projectOption()
{
    return {QStringLiteral("project"), QStringLiteral("The project, by name or id."), QStringLiteral("P")};
}
inline QCommandLineOption jsonOption()
{
    return {QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")};
}

// Parses `arguments` (the subcommand words first) and insists on the required options.
class Arguments {
public:
    Arguments(const QStringList &arguments, const QList<QCommandLineOption> &options, const QStringList &required)
    {
        m_parser.addOptions(options);
        // The parser treats its first argument as the program name.
        if (!m_parser.parse(QStringList{QStringLiteral("metricbridge")} + arguments))
            throw CommandFailed{m_parser.errorText()};
        for (const QString &name : required)
            if (!m_parser.isSet(name) || m_parser.value(name).isEmpty())
                throw CommandFailed{QStringLiteral("missing --%1").arg(name)};
    }
    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QStringList positional() const { return m_parser.positionalArguments(); }

private:
    QCommandLineParser m_parser;
};

// The id option `name` (1, 2, ...), or a refusal saying what it expects.
inline std::int64_t idOption(const Arguments &a, const QString &name, const QString &what)
{
    bool ok = false;
    const qint64 id = a.value(name).toLongLong(&ok);
    if (!ok || id < 1)
        throw CommandFailed{QStringLiteral("--%1 expects %2 (1, 2, ...), got '%3'").arg(name, what, a.value(name))};
    return id;
}

inline QCommandLineOption runOption()
{
    return {QStringLiteral("run"), QStringLiteral("The run's id."), QStringLiteral("R")};
}

inline std::int64_t runId(const Arguments &a)
{
    return idOption(a, QStringLiteral("run"), QStringLiteral("a run id"));
}

inline std::unique_ptr<db::Workspace> openWorkspace(const QString &path, bool createIfMissing = false)
{
    return unwrap(createIfMissing ? db::Workspace::openOrCreate(path) : db::Workspace::open(path));
}

inline void printJson(const QJsonValue &value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out() << document.toJson(QJsonDocument::Indented);
}

// A list as a JSON array (--json) or as text lines, the two forms every list command offers.
template<typename T, typename ToJson, typename ToText>
void printList(bool json, const QList<T> &items, ToJson toJson, ToText toText)
{
    if (json) {
        QJsonArray array;
        for (const T &item : items)
            array.append(toJson(item));
        printJson(array);
        return;
    }
    for (const T &item : items)
        out() << toText(item) << '\n';
}

} // namespace mb::cli
