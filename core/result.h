// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The one error idiom of core: every edit and every I/O step returns a Status (done, or one line
// saying why not) or a Result<T> (the value, or that line). Both are [[nodiscard]], so a refusal
// cannot be dropped by accident. The line names the file or the field and the problem
// (DEVELOPERS.md, "Errors").
//
//   Status assignDevice(...)           { if (...) return fail(QStringLiteral("...")); return {}; }
//   Result<QByteArray> readInput(...)  { if (...) return fail(...); return bytes; }

#include <QString>

#include <optional>
#include <utility>

namespace devassign {

// What fail() returns: converts to a failed Status or Result<T>.
struct Failure {
    QString error;
};

inline Failure fail(QString error)
{
    return Failure{std::move(error)};
}

class [[nodiscard]] Status {
public:
    Status() = default; // success
    Status(Failure f) : m_error(std::move(f.error)), m_failed(true) {} // NOLINT: implicit by design

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const QString &error() const { return m_error; }

private:
    QString m_error;
    bool m_failed = false;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {} // NOLINT: implicit by design
    Result(Failure f) : m_error(std::move(f.error)) {} // NOLINT: implicit by design

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const QString &error() const { return m_error; }
    Status status() const { return ok() ? Status() : Status(fail(m_error)); }

    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const & { return *m_value; }
    T &operator*() & { return *m_value; }

private:
    std::optional<T> m_value;
    QString m_error;
};

} // namespace devassign
