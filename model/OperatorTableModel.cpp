#include "OperatorTableModel.h"

#include "DisplayText.h"

#include "api/StoreSession.h"

namespace kms {

OperatorTableModel::OperatorTableModel(StoreSession &session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
}

QString OperatorTableModel::roleTitle(auth::Role role)
{
    switch (role) {
    case auth::Role::Administrator:
        //: An operator role: manages operators, regions and HSMs.
        return tr("administrator");
    case auth::Role::KeyOfficer:
        //: An operator role: manages keys, aliases, rotation, deletion, certificates, import.
        return tr("key officer");
    case auth::Role::CryptoUser:
        //: An operator role: encrypts, decrypts, signs and verifies with the keys granted.
        return tr("crypto user");
    case auth::Role::Auditor:
        //: An operator role: reads key metadata and the audit log, uses no key.
        return tr("auditor");
    }
    return {};
}

QString OperatorTableModel::roleTitle(const QString &roleName)
{
    const auto role = auth::parseRole(roleName);
    return role ? roleTitle(*role) : roleName;
}

Result<void> OperatorTableModel::reload()
{
    auto operators = m_session.listOperators();
    beginResetModel();
    m_operators = operators ? *operators : QList<store::OperatorRecord>();
    endResetModel();
    if (!operators)
        return operators.error();
    return success();
}

void OperatorTableModel::clear()
{
    beginResetModel();
    m_operators.clear();
    endResetModel();
}

int OperatorTableModel::rowOfOperator(const QString &name) const
{
    for (int row = 0; row < m_operators.size(); ++row) {
        if (m_operators.at(row).name == name)
            return row;
    }
    return -1;
}

int OperatorTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_operators.size());
}

int OperatorTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperatorTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::OperatorRecord &record = m_operators.at(index.row());
    switch (role) {
    case NameRole:
        return record.name;
    case RoleNameRole:
        return record.role;
    case FrozenRole:
        return record.frozen;
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return record.name;
        case RoleColumn:
            return roleTitle(record.role);
        case StateColumn:
            //: State of an operator: may log in, or frozen (after 5 failed log-ins or by an
            //: administrator).
            return record.frozen ? tr("frozen") : tr("active");
        case FailedLoginsColumn:
            return record.failedLogins;
        case GrantsColumn:
            return record.grants.join(QStringLiteral(", "));
        case CreatedColumn:
            return display::localTime(record.created);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == GrantsColumn && !record.grants.isEmpty())
            return record.grants.join(QLatin1Char('\n'));
        return {};
    default:
        return {};
    }
}

QVariant OperatorTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        //: Column of the operator list.
        return tr("Name");
    case RoleColumn:
        //: Column of the operator list.
        return tr("Role");
    case StateColumn:
        //: Column of the operator list.
        return tr("State");
    case FailedLoginsColumn:
        //: Column of the operator list: failed log-ins in a row (5 freeze the operator).
        return tr("Failed log-ins");
    case GrantsColumn:
        //: Column of the operator list: the keys a crypto user may use.
        return tr("Granted keys");
    case CreatedColumn:
        //: Column of the operator list.
        return tr("Created");
    }
    return {};
}

} // namespace kms
