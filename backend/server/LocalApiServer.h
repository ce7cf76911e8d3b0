#pragma once

#include "core/Result.h"
#include "server/ApiAuthenticator.h"
#include "server/HttpRequestReader.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace kms {

class StoreSession;
struct Response;

namespace server {

// The local signed API (docs/api.md): HTTP/1.1 on 127.0.0.1 only, `POST /v1/<Action>` with a
// JSON body, signed with an access key. An authenticated request runs through
// KmsService::callAs as the operator who owns the access key and is answered with the
// response envelope, its httpStatus as the HTTP status. Refused signatures (KMS.0402,
// KMS.0403, KMS.0404) are audited with the action of the path, the access key as target and
// its operator (without a role: the request never acted in it) or "api:<AK>" when the key is
// unknown; never the secret or the signature.
//
// Runs in the thread of the session, which must stay unlocked (KMS.0503 otherwise).
class LocalApiServer : public QObject
{
    Q_OBJECT

public:
    // Bodies above this are refused before they are read (KMS.0129); smaller ones go to the
    // service, which applies the configured limit (limits.maxRequestBytes).
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;

    explicit LocalApiServer(StoreSession &session, QObject *parent = nullptr);
    ~LocalApiServer() override;

    // Listens on 127.0.0.1:port (0: any free port) and returns the port. KMS.0503 if the port
    // cannot be bound.
    Result<quint16> listen(quint16 port = 0);
    quint16 port() const;
    void close();

signals:
    // After each answered request: its action ("" for a path that is none), the code.
    void requestAnswered(const QString &action, const QString &code);

private:
    void accept();
    void readFrom(QTcpSocket *socket);
    // Answers one complete request.
    void answer(QTcpSocket *socket, const HttpRequestReader::Request &request);
    // Runs it: authentication, then the service. The action is the path's.
    Response handle(const QString &action, const HttpRequestReader::Request &request);
    // The audit row and envelope of a request refused before it reached the service.
    Response refuse(const QString &action, const QString &target, const QString &auditOperator,
        const KmsError &error);
    void send(QTcpSocket *socket, int status, const QByteArray &body, bool keepAlive,
        const QByteArray &extraHeaders = {});

    StoreSession &m_session;
    QTcpServer *m_server;
    ApiAuthenticator m_authenticator;
    QHash<QTcpSocket *, std::shared_ptr<HttpRequestReader>> m_readers;
};

} // namespace server
} // namespace kms
