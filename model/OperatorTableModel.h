#pragma once

#include "auth/Roles.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QAbstractTableModel>
#include <QList>

namespace kms {

class StoreSession;

// The console's operators (StoreSession::listOperators, administrators only in operator
// mode): name, role, state, failed log-ins in a row, granted keys, creation time. reload()
// reads them again (after a change, F5); a refused read leaves the model empty.
class OperatorTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        RoleColumn,
        StateColumn,
        FailedLoginsColumn,
        GrantsColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Roles {
        NameRole = Qt::UserRole + 1, // the operator's name
        RoleNameRole, // auth::roleName(): "key_officer", ...
        FrozenRole, // bool
    };

    explicit OperatorTableModel(StoreSession &session, QObject *parent = nullptr);

    // The role as the console shows it ("key officer", "密钥管理员"), in the current language.
    static QString roleTitle(auth::Role role);
    static QString roleTitle(const QString &roleName);

    Result<void> reload();
    void clear();
    int rowOfOperator(const QString &name) const;
    const store::OperatorRecord &operatorAt(int row) const { return m_operators.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    StoreSession &m_session;
    QList<store::OperatorRecord> m_operators;
};

} // namespace kms
