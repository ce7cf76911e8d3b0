#include "SecretField.h"

#include <QLineEdit>

namespace kms::ui {

SecureBytes takeSecret(QLineEdit *edit)
{
    QString text = edit->text();
    edit->setText(QString());
    QByteArray utf8 = text.toUtf8();
    SecureBytes secret = SecureBytes::fromByteArray(utf8);
    wipeByteArray(utf8);
    text.fill(QChar(u'\0'));
    return secret;
}

} // namespace kms::ui
