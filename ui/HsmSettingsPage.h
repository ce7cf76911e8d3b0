#pragma once

#include "Page.h"

#include "api/HsmConfigurations.h"
#include "api/StoreSession.h"

#include <QMap>
#include <QString>

class QAction;
class QDialog;
class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QToolBar;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Settings → HSMs: the PKCS#11 HSMs of the store (module, token, remote server, where the PIN
// is kept, connection state) and the regions bound to each. Add HSM… opens HsmDialog; the
// detail pane shows the selected HSM's token (model, serial, memory), its mechanism list and
// the key specs usable there (from the last test in this session), its connection state and
// last error. Test Connection reconnects with the session's PIN; Enter PIN… gives the PIN of
// an HSM skipped at start-up; Remove is refused while a region is bound to the HSM; Add
// Region… makes a region bound to it. Failures are shown through Dialogs::showError.
class HsmSettingsPage : public Page
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        ModuleColumn,
        TokenColumn,
        ServerColumn,
        PinColumn,
        StateColumn,
        RegionsColumn,
        ColumnCount
    };

    explicit HsmSettingsPage(KmsClient &client, QWidget *parent = nullptr);
    ~HsmSettingsPage() override;

    QString title() const override;
    void refresh() override;

    QTableWidget *tableWidget() const { return m_tableWidget; }
    // The configurations listed, in the table's order.
    const QList<HsmConfiguration> &configurations() const { return m_configurations; }
    // The selected HSM's name ("pkcs11:<label>"); empty if none.
    QString currentHsmName() const;
    bool selectHsm(const QString &name);

public slots:
    void addHsm();
    void testConnection();
    void enterPin();
    void removeHsm();
    void addRegion();

protected:
    void retranslate() override;

private:
    void updateDetail();
    void updateActions();
    QString stateText(const StoreSession::HsmStatus &status) const;
    QString pinText(const HsmConfiguration &configuration) const;

    KmsClient &m_client;
    QList<HsmConfiguration> m_configurations;
    QMap<QString, QStringList> m_regions; // by HSM name
    QMap<QString, StoreSession::HsmStatus> m_status; // by HSM name
    QMap<QString, HsmProbe> m_probes; // the last test of this session, by HSM name
    QMap<QString, HsmTokenSummary> m_tokens; // the token as last listed, by HSM name

    QToolBar *m_toolBar = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_testAction = nullptr;
    QAction *m_pinAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_addRegionAction = nullptr;
    QLabel *m_introLabel = nullptr;
    QTableWidget *m_tableWidget = nullptr;
    QLabel *m_detailTitleLabel = nullptr;
    QLabel *m_tokenCaptionLabel = nullptr;
    QLabel *m_tokenInfoLabel = nullptr;
    QLabel *m_stateCaptionLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_errorCaptionLabel = nullptr;
    QLabel *m_lastErrorLabel = nullptr;
    QLabel *m_specsCaptionLabel = nullptr;
    QLabel *m_keySpecsLabel = nullptr;
    QLabel *m_mechanismsCaptionLabel = nullptr;
    QPlainTextEdit *m_mechanismsTextEdit = nullptr;
    QLabel *m_remoteWarningLabel = nullptr;
};

} // namespace kms::ui
