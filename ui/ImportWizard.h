#pragma once

#include <QFutureWatcher>
#include <QJsonObject>
#include <QString>
#include <QWizard>

#include "api/Response.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Bring your own key, in three steps:
// 1. the key: a new external key (CreateKey with origin EXTERNAL) or one waiting for
//    material (ListKeys keyState PendingImport), with the warning that the console cannot
//    recover imported material;
// 2. the wrapping key and import token (GetParametersForImport, on the worker thread since it
//    makes an RSA key), saved to files for the machine that holds the material, with the
//    openssl commands that wrap it;
// 3. the wrapped material file and an optional expiry (ImportKeyMaterial), then the key's new
//    state. Failures are shown through Dialogs::showError and the step stays for a retry.
// File dialogs go through CertificateFiles (its test seam answers them). The ImportPage
// embeds the wizard; Finish and Cancel start it over.
class ImportWizard : public QWizard
{
    Q_OBJECT

public:
    enum Step { KeyStep, ParametersStep, MaterialStep };

    explicit ImportWizard(KmsClient &client, QWidget *parent = nullptr);
    ~ImportWizard() override;

    // The key the material goes into ("" before step 1 is done).
    const QString &keyId() const { return m_keyId; }
    // The answer of GetParametersForImport (empty until fetched).
    const QJsonObject &parameters() const { return m_parameters; }
    // The keyMetadata ImportKeyMaterial answered (empty until imported).
    const QJsonObject &importedKey() const { return m_imported; }
    bool isBusy() const { return m_busy; }

    // The openssl commands that wrap `material` for `algorithm` with the wrapping key file.
    static QString wrappingCommands(const QString &algorithm, const QString &wrappingKeyFile,
        const QString &materialFile = QStringLiteral("material.bin"),
        const QString &wrappedFile = QStringLiteral("material.wrapped"));
    static QStringList wrappingAlgorithms();

public slots:
    // Starts over at step 1 with a key waiting for material selected (if it is listed).
    void startWithKey(const QString &cmkUuid);
    // Lists the keys waiting for material again, keeping the selection.
    void reloadPendingKeys();
    void getParameters();
    void saveWrappingKey();
    void saveToken();
    void chooseWrappedFile();
    void importMaterial();

signals:
    void keyCreated(const QString &cmkUuid);
    void materialImported(const QString &cmkUuid, const QJsonObject &keyMetadata);

protected:
    void changeEvent(QEvent *event) override;
    void initializePage(int id) override;
    // Escape does not drop the steps done (a QDialog would reject).
    void keyPressEvent(QKeyEvent *event) override;

public:
    // Embedded in the Import page: Finish and Cancel start over instead of closing.
    void done(int result) override;

private:
    void buildKeyStep();
    void buildParametersStep();
    void buildMaterialStep();
    void retranslate();
    void startOver();
    bool validateKeyStep();
    void parametersFinished();
    void setBusy(bool busy);
    void updateKeyStep();
    void updateParametersStep();
    void updateMaterialStep();
    void clearParameters();
    QString selectedPendingKey() const;

    KmsClient &m_client;
    QString m_keyId;
    QJsonObject m_parameters;
    QString m_wrappingKeyPath;
    QString m_tokenPath;
    QString m_wrappedPath;
    QJsonObject m_imported;
    bool m_busy = false;
    QFutureWatcher<Response> m_watcher;

    class StepPage;
    StepPage *m_keyPage = nullptr;
    StepPage *m_parametersPage = nullptr;
    StepPage *m_materialPage = nullptr;

    // Step 1.
    QLabel *m_backupWarningLabel = nullptr;
    QRadioButton *m_newKeyRadioButton = nullptr;
    QRadioButton *m_existingKeyRadioButton = nullptr;
    QLabel *m_specLabel = nullptr;
    QComboBox *m_specComboBox = nullptr;
    QLabel *m_regionLabel = nullptr;
    QComboBox *m_regionComboBox = nullptr;
    QLabel *m_descriptionLabel = nullptr;
    QLineEdit *m_descriptionLineEdit = nullptr;
    QListWidget *m_pendingKeysListWidget = nullptr;

    // Step 2.
    QLabel *m_keyLabel = nullptr;
    QLabel *m_algorithmLabel = nullptr;
    QComboBox *m_algorithmComboBox = nullptr;
    QPushButton *m_getParametersButton = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_tokenExpiryLabel = nullptr;
    QPushButton *m_saveWrappingKeyButton = nullptr;
    QPushButton *m_saveTokenButton = nullptr;
    QLabel *m_savedFilesLabel = nullptr;
    QLabel *m_commandsLabel = nullptr;
    QPlainTextEdit *m_commandsPlainTextEdit = nullptr;
    QPushButton *m_copyCommandsButton = nullptr;

    // Step 3.
    QPushButton *m_chooseWrappedFileButton = nullptr;
    QLabel *m_wrappedFileLabel = nullptr;
    QCheckBox *m_materialExpiryCheckBox = nullptr;
    QDateTimeEdit *m_materialExpiryDateTimeEdit = nullptr;
    QPushButton *m_importButton = nullptr;
    QLabel *m_resultLabel = nullptr;
    QLabel *m_materialBackupLabel = nullptr;
};

} // namespace kms::ui
