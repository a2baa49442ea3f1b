// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/query/QueryEvaluator.h"

#include <QJsonArray>

#include <cmath>

namespace mb::query {
namespace {

Truth truth(bool value)
{
    return value ? Truth::True : Truth::False;
}

Truth compareNumber(double value, const Condition &c)
{
    if (std::isnan(value))
        return Truth::Unknown;
    switch (c.comparator) {
    case Comparator::Equal:
        return truth(value == c.number);
    case Comparator::NotEqual:
        return truth(value != c.number);
    case Comparator::Less:
        return truth(value < c.number);
    case Comparator::LessOrEqual:
        return truth(value <= c.number);
    case Comparator::Greater:
        return truth(value > c.number);
    case Comparator::GreaterOrEqual:
        return truth(value >= c.number);
    default:
        return Truth::Unknown;
    }
}

Truth compareText(const QString &value, const Condition &c)
{
    switch (c.comparator) {
    case Comparator::Equal:
        return truth(value.compare(c.text, Qt::CaseInsensitive) == 0);
    case Comparator::NotEqual:
        return truth(value.compare(c.text, Qt::CaseInsensitive) != 0);
    case Comparator::Contains:
        return truth(value.contains(c.text, Qt::CaseInsensitive));
    default:
        return Truth::Unknown;
    }
}

// A date value names the instants [from, to): "> 2026-12-01" is after that day, ">=" from its start.
Truth compareDate(double seconds, const Condition &c)
{
    if (std::isnan(seconds))
        return Truth::Unknown;
    switch (c.comparator) {
    case Comparator::Equal:
        return truth(seconds >= c.from && seconds < c.to);
    case Comparator::NotEqual:
        return truth(seconds < c.from || seconds >= c.to);
    case Comparator::Less:
        return truth(seconds < c.from);
    case Comparator::LessOrEqual:
        return truth(seconds < c.to);
    case Comparator::Greater:
        return truth(seconds >= c.to);
    case Comparator::GreaterOrEqual:
        return truth(seconds >= c.from);
    default:
        return Truth::Unknown;
    }
}

Truth compareTags(const QStringList &tags, const Condition &c)
{
    bool any = false;
    for (const QString &tag : tags)
        any = any || (c.comparator == Comparator::Contains ? tag.contains(c.text, Qt::CaseInsensitive)
                                                           : tag.compare(c.text, Qt::CaseInsensitive) == 0);
    return truth(c.comparator == Comparator::NotEqual ? !any : any);
}

Truth compareConfig(const QJsonValue &value, const Condition &c)
{
    switch (value.type()) {
    case QJsonValue::Double:
        if (c.isNumber)
            return compareNumber(value.toDouble(), c);
        return c.comparator == Comparator::Contains ? compareText(QString::number(value.toDouble()), c)
                                                    : Truth::Unknown;
    case QJsonValue::Bool:
        if (c.isBoolean && (c.comparator == Comparator::Equal || c.comparator == Comparator::NotEqual))
            return truth((value.toBool() == c.boolean) == (c.comparator == Comparator::Equal));
        return Truth::Unknown;
    case QJsonValue::String:
        return compareText(value.toString(), c);
    case QJsonValue::Array: {
        // A list (hidden widths, targets) holds the value when one element does.
        QStringList elements;
        for (const QJsonValue &element : value.toArray())
            elements << (element.isDouble() ? QString::number(element.toDouble()) : element.toString());
        return compareTags(elements, c);
    }
    default:
        return Truth::Unknown; // null, an object, or no such key
    }
}

Truth compare(const Condition &c, const RunFields &run)
{
    switch (c.field) {
    case FieldKind::Id:
        return compareNumber(double(run.id), c);
    case FieldKind::Name:
        return compareText(run.name, c);
    case FieldKind::Status:
        return compareText(run.status, c);
    case FieldKind::Model:
        return compareText(run.model, c);
    case FieldKind::Note:
        return compareText(run.note, c);
    case FieldKind::Tag:
        return compareTags(run.tags, c);
    case FieldKind::Star:
        return truth((run.starred == c.boolean) == (c.comparator == Comparator::Equal));
    case FieldKind::Created:
        return compareDate(run.createdSeconds, c);
    case FieldKind::Started:
        return compareDate(run.startedSeconds, c);
    case FieldKind::Finished:
        return compareDate(run.finishedSeconds, c);
    case FieldKind::Number: {
        const auto it = run.numbers.constFind(c.key);
        return it == run.numbers.constEnd() ? Truth::Unknown : compareNumber(*it, c);
    }
    case FieldKind::Text: {
        const auto it = run.texts.constFind(c.key);
        return it == run.texts.constEnd() || it->isEmpty() ? Truth::Unknown : compareText(*it, c);
    }
    case FieldKind::Config:
        return compareConfig(configValue(run.config, c.configPath), c);
    }
    return Truth::Unknown;
}

} // namespace

Truth evaluate(const Condition &condition, const RunFields &run)
{
    switch (condition.kind) {
    case Condition::Kind::And: {
        Truth result = Truth::True;
        for (const Condition &child : condition.children) {
            const Truth t = evaluate(child, run);
            if (t == Truth::False)
                return Truth::False;
            if (t == Truth::Unknown)
                result = Truth::Unknown;
        }
        return result;
    }
    case Condition::Kind::Or: {
        Truth result = Truth::False;
        for (const Condition &child : condition.children) {
            const Truth t = evaluate(child, run);
            if (t == Truth::True)
                return Truth::True;
            if (t == Truth::Unknown)
                result = Truth::Unknown;
        }
        return result;
    }
    case Condition::Kind::Not: {
        const Truth t = evaluate(condition.children.front(), run);
        return t == Truth::Unknown ? t : truth(t == Truth::False);
    }
    case Condition::Kind::Search:
        return truth(run.searchText.contains(condition.lowered));
    case Condition::Kind::Compare:
        return compare(condition, run);
    }
    return Truth::Unknown;
}

} // namespace mb::query
