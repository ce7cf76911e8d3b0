#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QString>

class QAction;
class QLabel;
class QTableWidget;
class QToolBar;

namespace kms {
class KmsClient;
}

namespace kms::ui {

class ImportWizard;

// The Import page (bring your own key): the ImportWizard beside the store's external keys
// (origin EXTERNAL) with their state and material expiry. "Import material…" starts the
// wizard for a selected key waiting for material; "Delete material…" (after a confirmation)
// takes the material out of a selected key that has it, leaving it PendingImport.
class ImportPage : public Page
{
    Q_OBJECT

public:
    enum Column { KeyColumn, SpecColumn, StateColumn, MaterialExpiresColumn, DescriptionColumn };

    explicit ImportPage(KmsClient &client, QWidget *parent = nullptr);
    ~ImportPage() override;

    QString title() const override;
    void refresh() override;

    ImportWizard *wizard() const { return m_wizard; }
    QTableWidget *keysTable() const { return m_keysTableWidget; }
    // The external key the actions work on (a ListKeys row); empty if none.
    QJsonObject currentKey() const;
    // Selects a listed external key; false if it is not listed.
    bool selectKey(const QString &cmkUuid);

public slots:
    void importForSelectedKey();
    void deleteMaterial();

protected:
    void retranslate() override;
    void showEvent(QShowEvent *event) override;

private:
    void updateActions();

    KmsClient &m_client;
    QList<QJsonObject> m_keys;
    bool m_stale = false; // the store changed while the page was hidden
    ImportWizard *m_wizard = nullptr;
    QToolBar *m_toolBar = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_deleteMaterialAction = nullptr;
    QLabel *m_keysLabel = nullptr;
    QTableWidget *m_keysTableWidget = nullptr;
};

} // namespace kms::ui
