#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

namespace kms::server {

// One HTTP/1.1 request read from a connection's bytes as they arrive: request line, headers,
// and a body of exactly Content-Length bytes (no chunked bodies). Several requests may follow
// each other on one connection (keep-alive): take() hands over one and keeps what follows.
class HttpRequestReader
{
public:
    static constexpr qsizetype kMaxHeaderBytes = 16 * 1024;

    struct Request
    {
        QByteArray method;
        QByteArray target; // the request-target as sent ("/v1/Encrypt")
        QByteArray version; // "HTTP/1.1" or "HTTP/1.0"
        QList<QPair<QByteArray, QByteArray>> headers; // names in lower case, values trimmed
        QByteArray body;

        // The value of a header sent once; nullopt when absent or repeated (`count` tells).
        std::optional<QByteArray> header(const QByteArray &lowerName, int *count = nullptr) const;
        bool keepAlive() const;
    };

    enum class State {
        NeedMore, // wait for more bytes
        HeadersDone, // the head is read; the body has not all arrived (see expectsContinue())
        Ready, // take() the request
        Malformed, // answer 400 and close
        TooLarge, // Content-Length above the body limit: answer and close
    };

    explicit HttpRequestReader(qsizetype maxBodyBytes)
        : m_maxBodyBytes(maxBodyBytes)
    {
    }

    // Appends bytes and says how the request at the front stands.
    State feed(const QByteArray &bytes);
    // The head of the request being read (after HeadersDone, Ready or TooLarge).
    const Request &current() const { return m_request; }
    // Whether the client waits for "100 Continue" before it sends the body; once.
    bool takeExpectContinue();
    // The complete request; reading goes on with the bytes after it.
    Request take();

private:
    State parse();

    qsizetype m_maxBodyBytes;
    QByteArray m_buffer;
    Request m_request;
    bool m_headDone = false;
    bool m_expectContinue = false;
    qsizetype m_contentLength = 0;
};

} // namespace kms::server
