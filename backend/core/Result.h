#pragma once

#include <QString>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace kms {

// An error as it crosses layers: a code of the error catalog (for example "KMS.0206") and
// an optional English detail for operators and logs. The detail never holds secrets.
class KmsError
{
public:
    KmsError() = default;
    explicit KmsError(QString code, QString detail = {})
        : m_code(std::move(code))
        , m_detail(std::move(detail))
    {
    }

    const QString &code() const { return m_code; }
    const QString &detail() const { return m_detail; }

    // The same error under another catalog code, keeping the detail: used where a lower
    // layer's failure means a more specific code to the operation that met it.
    KmsError withCode(const QString &code) const { return KmsError(code, m_detail); }

private:
    QString m_code;
    QString m_detail;
};

// Either a value or a KmsError. No exception crosses a backend header.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(const T &value)
        : m_state(value)
    {
    }
    Result(T &&value)
        : m_state(std::move(value))
    {
    }
    Result(KmsError error)
        : m_state(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_state); }
    const T &value() const & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const KmsError &error() const { return std::get<KmsError>(m_state); }

private:
    std::variant<T, KmsError> m_state;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(KmsError error)
        : m_error(std::move(error))
    {
    }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const KmsError &error() const { return *m_error; }

private:
    std::optional<KmsError> m_error;
};

inline Result<void> success()
{
    return {};
}

} // namespace kms

// Propagates a failed Result out of the calling function. Works for any Result<T>/Result<U>.
#define KMS_TRY(expr)                                                                              \
    do {                                                                                           \
        if (auto kmsTryResult_ = (expr); !kmsTryResult_.ok())                                      \
            return kmsTryResult_.error();                                                          \
    } while (false)
