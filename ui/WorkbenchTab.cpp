#include "WorkbenchTab.h"

#include "Dialogs.h"
#include "KmsClient.h"

#include <QEvent>
#include <QRegularExpression>
#include <QStringDecoder>

#include <cctype>

namespace kms::ui {

namespace {

QByteArray withoutSpaces(const QString &text)
{
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    return QString(text).remove(spaces).toLatin1();
}

} // namespace

WorkbenchTab::WorkbenchTab(KmsClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
}

void WorkbenchTab::setKey(const WorkbenchKey &key)
{
    m_key = key;
    keyChanged();
}

void WorkbenchTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

std::optional<QJsonObject> WorkbenchTab::call(
    const QString &action, const QJsonObject &params, const QString &what)
{
    const Response response = m_client.call(action, params);
    if (!response.ok()) {
        Dialogs::showError(this, response, what);
        return std::nullopt;
    }
    return response.data;
}

void WorkbenchTab::reportInputProblem(const QString &what, const QString &problem)
{
    Dialogs::inform(this, what, problem);
}

SecureBytes WorkbenchTab::takeSecret(QJsonObject &data, const QString &field)
{
    QByteArray encoded = data.value(field).toString().toLatin1();
    data.remove(field);
    QByteArray decoded = QByteArray::fromBase64(encoded);
    SecureBytes secret = SecureBytes::fromByteArray(decoded);
    wipeByteArray(decoded);
    wipeByteArray(encoded);
    return secret;
}

QString WorkbenchTab::utf8Base64(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    QByteArray encoded = utf8.toBase64();
    const QString result = QString::fromLatin1(encoded);
    wipeByteArray(utf8);
    wipeByteArray(encoded);
    return result;
}

std::optional<QByteArray> WorkbenchTab::decodeBase64(const QString &text)
{
    const QByteArray compact = withoutSpaces(text);
    if (compact.isEmpty() || compact.size() % 4 != 0)
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

std::optional<QByteArray> WorkbenchTab::decodeHex(const QString &text)
{
    QByteArray compact = withoutSpaces(text);
    compact.replace(":", "");
    if (compact.isEmpty() || compact.size() % 2 != 0)
        return std::nullopt;
    for (const char c : compact) {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
    }
    return QByteArray::fromHex(compact);
}

std::optional<QString> WorkbenchTab::utf8Text(const SecureBytes &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(QByteArrayView(bytes.data(), bytes.intSize()));
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

QString WorkbenchTab::base64Text(const SecureBytes &bytes)
{
    QByteArray encoded
        = QByteArray::fromRawData(reinterpret_cast<const char *>(bytes.data()), bytes.intSize())
              .toBase64();
    const QString text = QString::fromLatin1(encoded);
    wipeByteArray(encoded);
    return text;
}

} // namespace kms::ui
