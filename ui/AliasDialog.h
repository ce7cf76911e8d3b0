#pragma once

#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Creates an alias (CreateAlias) or points an existing one at another key (UpdateAlias). The
// key is given by its id or by another alias of it (looked up with DescribeKey). OK runs the
// action: on an error the dialog shows it and stays open with what the user typed; on success
// it emits aliasChanged and closes.
class AliasDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Create, Repoint };

    AliasDialog(KmsClient &client, Mode mode, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    // Create: the name in aliasLineEdit ("alias/" to start with). Repoint: the aliases to
    // choose from in aliasComboBox and the one chosen.
    void setAliasChoices(const QStringList &aliasNames);
    void setAliasName(const QString &aliasName);
    QString aliasName() const;
    // The alias's region (Repoint, when the name exists in several regions).
    void setRegionId(const QString &regionId) { m_regionId = regionId; }
    // The key the alias is to point at: a key id or an alias; read-only if fixed.
    void setKeyText(const QString &keyIdOrAlias, bool fixed = false);
    QString keyText() const;

    // The action OK runs and its parameters, as typed (cmkUuid may still be an alias).
    QString action() const;
    QJsonObject request() const;
    const Response &response() const { return m_response; }

public slots:
    void accept() override;

signals:
    void aliasChanged(const QString &aliasName, const QString &cmkUuid);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateOk();

    KmsClient &m_client;
    Mode m_mode;
    QString m_regionId;
    Response m_response;

    QLabel *m_aliasLabel = nullptr;
    QLineEdit *m_aliasLineEdit = nullptr;
    QComboBox *m_aliasComboBox = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLineEdit *m_keyLineEdit = nullptr;
    QLabel *m_hintLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
