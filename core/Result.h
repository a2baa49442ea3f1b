// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace mb {

// An error that travels up as a value; only ui/ turns it into a dialog.
struct Error {
    QString message;
    // The store was busy (another process held its write lock past the wait): the same call may
    // succeed if made again. A worker keeps training and retries; anything else reports it.
    bool transient = false;
};

// A value or an Error: a small stand-in for C++23 std::expected.
template<typename T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const QString &error() const { return std::get<Error>(m_state).message; }
    bool errorIsTransient() const { return !ok() && std::get<Error>(m_state).transient; }

private:
    std::variant<T, Error> m_state;
};

// For operations with nothing to return but success.
struct Done {};
using Status = Result<Done>;
inline Status success()
{
    return Done{};
}

} // namespace mb
