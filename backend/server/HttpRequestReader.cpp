#include "HttpRequestReader.h"

#include <QRegularExpression>

namespace kms::server {

std::optional<QByteArray> HttpRequestReader::Request::header(
    const QByteArray &lowerName, int *count) const
{
    std::optional<QByteArray> found;
    int seen = 0;
    for (const auto &[name, value] : headers) {
        if (name == lowerName) {
            ++seen;
            found = value;
        }
    }
    if (count != nullptr)
        *count = seen;
    return seen == 1 ? found : std::nullopt;
}

bool HttpRequestReader::Request::keepAlive() const
{
    const QByteArray connection = header("connection").value_or(QByteArray()).toLower();
    if (version == "HTTP/1.0")
        return connection == "keep-alive";
    return connection != "close";
}

HttpRequestReader::State HttpRequestReader::feed(const QByteArray &bytes)
{
    m_buffer += bytes;
    return parse();
}

bool HttpRequestReader::takeExpectContinue()
{
    const bool expect = m_expectContinue;
    m_expectContinue = false;
    return expect;
}

HttpRequestReader::State HttpRequestReader::parse()
{
    if (!m_headDone) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return m_buffer.size() > kMaxHeaderBytes ? State::Malformed : State::NeedMore;
        if (end > kMaxHeaderBytes)
            return State::Malformed;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        m_buffer.remove(0, end + 4);
        m_request = Request();
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || requestLine.at(0).isEmpty()
            || !requestLine.at(1).startsWith('/')
            || (requestLine.at(2) != "HTTP/1.1" && requestLine.at(2) != "HTTP/1.0"))
            return State::Malformed;
        m_request.method = requestLine.at(0);
        m_request.target = requestLine.at(1);
        m_request.version = requestLine.at(2);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line
                = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
            const qsizetype colon = line.indexOf(':');
            // No obsolete line folding, no space before the colon (RFC 9112, 5.1 and 5.2).
            if (colon <= 0 || line.startsWith(' ') || line.startsWith('\t')
                || line.at(colon - 1) == ' ')
                return State::Malformed;
            m_request.headers.append({ line.left(colon).toLower(), line.mid(colon + 1).trimmed() });
        }
        int count = 0;
        if (m_request.header("transfer-encoding", &count) || count > 0)
            return State::Malformed; // only Content-Length bodies
        const auto length = m_request.header("content-length", &count);
        m_contentLength = 0;
        if (count > 1)
            return State::Malformed;
        if (length) {
            static const QRegularExpression digits(QStringLiteral("\\A[0-9]{1,18}\\z"));
            if (!digits.match(QString::fromLatin1(*length)).hasMatch())
                return State::Malformed;
            m_contentLength = length->toLongLong();
        }
        m_headDone = true;
        if (m_contentLength > m_maxBodyBytes)
            return State::TooLarge;
        m_expectContinue
            = m_request.header("expect").value_or(QByteArray()).toLower() == "100-continue"
            && m_buffer.size() < m_contentLength;
    }
    if (m_contentLength > m_maxBodyBytes)
        return State::TooLarge;
    return m_buffer.size() >= m_contentLength ? State::Ready : State::HeadersDone;
}

HttpRequestReader::Request HttpRequestReader::take()
{
    Request request = std::move(m_request);
    request.body = m_buffer.left(m_contentLength);
    m_buffer.remove(0, m_contentLength);
    m_request = Request();
    m_headDone = false;
    m_expectContinue = false;
    m_contentLength = 0;
    return request;
}

} // namespace kms::server
