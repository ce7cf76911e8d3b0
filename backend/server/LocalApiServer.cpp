#include "LocalApiServer.h"

#include "api/Response.h"
#include "api/StoreSession.h"
#include "auth/AccessKeys.h"
#include "errors/ErrorCatalog.h"
#include "server/RequestSignature.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

namespace kms::server {

namespace {

Q_LOGGING_CATEGORY(lcApi, "kms.api")

constexpr int kIdleConnectionMs = 60 * 1000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 500:
        return "Internal Server Error";
    default:
        return "Status";
    }
}

QString freshRequestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// "Encrypt" of "/v1/Encrypt"; empty for any other request-target.
QString actionOfPath(const QByteArray &target)
{
    static const QRegularExpression path(QStringLiteral("\\A/v1/([A-Za-z0-9]{1,64})\\z"));
    const auto match = path.match(QString::fromLatin1(target));
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace

LocalApiServer::LocalApiServer(StoreSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &LocalApiServer::accept);
}

LocalApiServer::~LocalApiServer()
{
    close();
}

Result<quint16> LocalApiServer::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port))
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                .arg(port)
                .arg(m_server->errorString()));
    return m_server->serverPort();
}

quint16 LocalApiServer::port() const
{
    return m_server->serverPort();
}

void LocalApiServer::close()
{
    m_server->close();
    for (auto it = m_readers.keyBegin(); it != m_readers.keyEnd(); ++it)
        (*it)->abort();
    m_readers.clear();
}

void LocalApiServer::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_readers.insert(socket, std::make_shared<HttpRequestReader>(kMaxBodyBytes));
        auto *idle = new QTimer(socket);
        idle->setSingleShot(true);
        idle->setInterval(kIdleConnectionMs);
        connect(idle, &QTimer::timeout, socket, &QTcpSocket::disconnectFromHost);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, idle] {
            idle->start();
            readFrom(socket);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_readers.remove(socket);
            socket->deleteLater();
        });
        idle->start();
        if (socket->bytesAvailable() > 0)
            readFrom(socket);
    }
}

void LocalApiServer::readFrom(QTcpSocket *socket)
{
    const std::shared_ptr<HttpRequestReader> reader = m_readers.value(socket);
    if (!reader) {
        socket->readAll(); // the connection is closing: nothing more is read
        return;
    }
    HttpRequestReader::State state = reader->feed(socket->readAll());
    for (;;) {
        switch (state) {
        case HttpRequestReader::State::NeedMore:
            return;
        case HttpRequestReader::State::HeadersDone:
            if (reader->takeExpectContinue())
                socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            return;
        case HttpRequestReader::State::Malformed:
            send(socket, 400, QByteArray(), false);
            return;
        case HttpRequestReader::State::TooLarge: {
            // Not read, so not authenticated: audited under the access key it claims.
            const HttpRequestReader::Request &head = reader->current();
            const auto authorization
                = signature::parseAuthorization(head.header("authorization").value_or(""));
            const QString accessKeyId
                = authorization && auth::isValidAccessKeyId(authorization->accessKeyId)
                ? authorization->accessKeyId
                : QString();
            const Response response = refuse(actionOfPath(head.target), accessKeyId,
                QStringLiteral("api:%1").arg(accessKeyId),
                KmsError(QStringLiteral("KMS.0129"),
                    QStringLiteral("the request body is larger than %1 bytes").arg(kMaxBodyBytes)));
            const QJsonObject json = response.toJson(ErrorCatalog::builtin());
            send(socket, json.value(QLatin1String("httpStatus")).toInt(),
                QJsonDocument(json).toJson(QJsonDocument::Compact), false);
            return;
        }
        case HttpRequestReader::State::Ready: {
            const HttpRequestReader::Request request = reader->take();
            answer(socket, request);
            if (!m_readers.contains(socket))
                return; // answered with Connection: close
            state = reader->feed(QByteArray());
            break;
        }
        }
    }
}

void LocalApiServer::answer(QTcpSocket *socket, const HttpRequestReader::Request &request)
{
    const bool keepAlive = request.keepAlive();
    const QString action = actionOfPath(request.target);
    Response response;
    int status = 0;
    QByteArray extraHeaders;
    if (action.isEmpty() || request.method != "POST") {
        // Not the API: answered with an envelope for a client that reads one, not audited.
        status = action.isEmpty() ? 404 : 405;
        if (status == 405)
            extraHeaders = "Allow: POST\r\n";
        response = Response::failure(
            KmsError(QStringLiteral("KMS.0405"),
                action.isEmpty() ? QStringLiteral("the API answers POST /v1/<Action>")
                                 : QStringLiteral("only POST is allowed")),
            freshRequestId());
    } else {
        response = handle(action, request);
    }
    const QJsonObject json = response.toJson(ErrorCatalog::builtin());
    if (status == 0)
        status = json.value(QLatin1String("httpStatus")).toInt();
    send(socket, status, QJsonDocument(json).toJson(QJsonDocument::Compact), keepAlive,
        extraHeaders);
    emit requestAnswered(action, response.code);
}

Response LocalApiServer::handle(const QString &action, const HttpRequestReader::Request &request)
{
    if (!m_session.isUnlocked())
        return Response::failure(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the key store is locked")),
            freshRequestId());
    const QDateTime now = m_session.clock().now();
    const ApiAuthenticator::Verdict verdict = m_authenticator.authenticate(
        { m_session.store(), m_session.masterKey(), m_session.storeUuid(), now }, request);
    if (verdict.error)
        return refuse(action, verdict.accessKeyId,
            verdict.operatorName.isEmpty() ? QStringLiteral("api:%1").arg(verdict.accessKeyId)
                                           : verdict.operatorName,
            *verdict.error);
    Response response = m_session.service().callAs(verdict.operatorName, action, request.body);
    if (response.ok()) {
        if (auto noted = ApiAuthenticator::noteUse(m_session.store(), verdict.accessKeyId, now);
            !noted)
            qCWarning(lcApi) << "cannot record the use of access key" << verdict.accessKeyId
                             << noted.error().detail();
    }
    return response;
}

Response LocalApiServer::refuse(const QString &action, const QString &target,
    const QString &auditOperator, const KmsError &error)
{
    if (!m_session.isUnlocked())
        return Response::failure(error, freshRequestId());
    auto requestId = m_session.service().recordEvent(action, target, error.code(), auditOperator);
    if (!requestId)
        qCWarning(lcApi) << "cannot audit a refused request:" << requestId.error().detail();
    return Response::failure(error, requestId ? *requestId : freshRequestId());
}

void LocalApiServer::send(QTcpSocket *socket, int status, const QByteArray &body, bool keepAlive,
    const QByteArray &extraHeaders)
{
    QByteArray message = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: "
        + (keepAlive ? "keep-alive" : "close") + "\r\n" + extraHeaders + "\r\n" + body;
    socket->write(message);
    if (!keepAlive) {
        m_readers.remove(socket);
        socket->disconnectFromHost();
    }
}

} // namespace kms::server
