#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QString>

class QMenu;
class QTableView;

namespace kms {
class KeyMetadataTableModel;
class KmsClient;
} // namespace kms

namespace kms::ui {

// What the pages over a table of keys (Keys, Rotation, Deletions) share: the table that pages
// from the store and sorts by header click (in SQL), the current key the actions work on and
// that stays selected across refreshes, the count of keys, and copying the key id. A subclass
// builds its actions and layout, calls setUpTable() and, at the end of its constructor,
// load(); it keeps its user-visible strings (its translation context) through the virtuals.
class KeyListPage : public Page
{
    Q_OBJECT

public:
    ~KeyListPage() override;

    // Reloads the list, keeping sort order, filters and the selected key.
    void refresh() override;

    QTableView *tableView() const { return m_tableView; }
    // The key the actions work on; "" (an empty object) if none.
    QString currentKeyId() const;
    const QJsonObject &currentKey() const { return m_current; }
    // Selects a loaded key; false if it is not in the table.
    bool selectKey(const QString &cmkUuid);

public slots:
    void copyKeyId();

protected:
    explicit KeyListPage(KmsClient &client, QWidget *parent = nullptr);

    // Makes the table view of `model` (a child of the page) with `contextMenu` on its rows.
    void setUpTable(KeyMetadataTableModel *model, QMenu *contextMenu);
    // Texts, the first page (the table is not empty when the page appears), actions, count.
    void load();

    KmsClient &client() const { return m_client; }
    void setCurrentKey(const QJsonObject &keyMetadata);
    // A reset (sort, filter, refresh) keeps the key selected if it is still listed.
    void restoreSelection();
    // The key as the user knows it: its alias and id, or the id.
    QString keyName(const QJsonObject &keyMetadata) const;
    static QString field(const QJsonObject &key, const char *name);

    // The current key changed (the detail pane, the timeline follow it).
    virtual void currentKeyChanged() { }
    virtual void updateActions() = 0;
    virtual void updateCount() = 0;
    // How questions name a key with an alias, in the page's language context.
    virtual QString aliasAndIdText(const QString &alias, const QString &id) const = 0;
    // What was being loaded when a list request failed.
    virtual QString loadFailureText() const = 0;

private:
    void currentRowChanged();

    KmsClient &m_client;
    KeyMetadataTableModel *m_model = nullptr;
    QJsonObject m_current;
    QTableView *m_tableView = nullptr;
};

} // namespace kms::ui
