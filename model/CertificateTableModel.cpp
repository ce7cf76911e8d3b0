#include "CertificateTableModel.h"

#include "DisplayText.h"

#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

namespace kms {

namespace {

using display::field;
QString localTime(const QString &time)
{
    return display::localTime(time, display::Precision::Minutes);
}

} // namespace

CertificateTableModel::CertificateTableModel(KmsClient &client, QObject *parent)
    : PagedTableModel(
        client, QStringLiteral("ListCertificates"), QStringLiteral("certificates"), parent)
    , m_kms(client)
{
}

int CertificateTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QDateTime CertificateTableModel::now() const
{
    return m_kms.session().clock().now();
}

CertificateTableModel::Expiry CertificateTableModel::expiryOf(
    const QDateTime &notAfter, const QDateTime &now)
{
    if (!notAfter.isValid())
        return Expiry::None;
    if (notAfter <= now)
        return Expiry::Expired;
    if (notAfter <= now.addDays(kExpiringSoonDays))
        return Expiry::ExpiringSoon;
    return Expiry::Valid;
}

QVariant CertificateTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject certificate = rowObject(index.row());
    const QDateTime notAfter = parseTime(field(certificate, "notAfter"));
    switch (role) {
    case CertificateIdRole:
        return field(certificate, "certificateId");
    case StatusRole:
        return field(certificate, "status");
    case SubjectRole:
        return field(certificate, "subject");
    case NotAfterRole:
        return notAfter;
    case ExpiryRole:
        return int(expiryOf(notAfter, now()));
    case IsCaRole:
        return certificate.value(QStringLiteral("isCa")).toBool();
    case CertificateRole:
        return certificate;
    case SortRole:
        switch (index.column()) {
        case NotAfterColumn:
            return field(certificate, "notAfter"); // ISO 8601 UTC sorts as text
        case CreatedColumn:
            return field(certificate, "creationDate");
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case SubjectColumn:
            return field(certificate, "subject");
        case IssuerColumn:
            return field(certificate, "issuer");
        case KeySpecColumn:
            return field(certificate, "keySpec");
        case StatusColumn:
            return statusText(field(certificate, "status"));
        case NotAfterColumn:
            return localTime(field(certificate, "notAfter"));
        case RegionColumn:
            return field(certificate, "regionId");
        case CreatedColumn:
            return localTime(field(certificate, "creationDate"));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case SubjectColumn:
            return field(certificate, "subject");
        case IssuerColumn:
            return field(certificate, "issuer");
        case NotAfterColumn: {
            const QDateTime current = now();
            switch (expiryOf(notAfter, current)) {
            case Expiry::None:
                //: Tooltip of the Not after cell of a certificate that was not uploaded yet.
                return tr("No certificate yet: upload the one issued for the CSR.");
            case Expiry::Expired:
                //: Tooltip of an expired certificate; %1 is the date it ran out (UTC).
                return tr("Expired on %1").arg(field(certificate, "notAfter"));
            case Expiry::ExpiringSoon: {
                const qint64 days = current.daysTo(notAfter);
                //: Tooltip of a certificate that runs out within 30 days.
                return days < 1 ? tr("Expires within a day")
                    : days == 1 ? tr("Expires in 1 day")
                                : tr("Expires in %1 days").arg(days);
            }
            case Expiry::Valid:
                return field(certificate, "notAfter");
            }
            return {};
        }
        case CreatedColumn:
            return field(certificate, "creationDate");
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant CertificateTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubjectColumn:
        //: Column of the certificate list: the certificate's subject (distinguished name).
        return tr("Subject");
    case IssuerColumn:
        return tr("Issuer");
    case KeySpecColumn:
        return tr("Key spec");
    case StatusColumn:
        return tr("Status");
    case NotAfterColumn:
        //: Column of the certificate list: the end of the certificate's validity.
        return tr("Not after");
    case RegionColumn:
        return tr("Region");
    case CreatedColumn:
        return tr("Created");
    default:
        return {};
    }
}

QHash<int, QByteArray> CertificateTableModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedTableModel::roleNames();
    names.insert(CertificateIdRole, "certificateId");
    names.insert(StatusRole, "status");
    names.insert(SubjectRole, "subject");
    names.insert(NotAfterRole, "notAfter");
    names.insert(ExpiryRole, "expiry");
    names.insert(IsCaRole, "isCa");
    names.insert(CertificateRole, "certificate");
    names.insert(SortRole, "sortValue");
    return names;
}

void CertificateTableModel::setStatusFilter(const QString &status)
{
    if (status == m_status)
        return;
    m_status = status;
    reload();
}

void CertificateTableModel::setSubjectFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_subject)
        return;
    m_subject = trimmed;
    reload();
}

void CertificateTableModel::setRegionFilter(const QString &regionId)
{
    if (regionId == m_region)
        return;
    m_region = regionId;
    reload();
}

void CertificateTableModel::setExpiringSoonFilter(bool expiringSoon)
{
    if (expiringSoon == m_expiringSoon)
        return;
    m_expiringSoon = expiringSoon;
    reload();
}

QString CertificateTableModel::certificateIdAt(int row) const
{
    return field(rowObject(row), "certificateId");
}

QStringList CertificateTableModel::statuses()
{
    return { QStringLiteral("PENDING_IMPORT"), QStringLiteral("ACTIVE"), QStringLiteral("INACTIVE"),
        QStringLiteral("REVOKED") };
}

QString CertificateTableModel::statusText(const QString &status)
{
    if (status == QLatin1String("PENDING_IMPORT"))
        //: Status of a certificate whose key pair and CSR exist, waiting for the certificate.
        return tr("Pending import");
    if (status == QLatin1String("ACTIVE"))
        //: Status of a certificate.
        return tr("Active");
    if (status == QLatin1String("INACTIVE"))
        //: Status of a certificate (deactivated; it can be activated again).
        return tr("Inactive");
    if (status == QLatin1String("REVOKED"))
        //: Status of a certificate (revoked for good).
        return tr("Revoked");
    return status;
}

void CertificateTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

QJsonObject CertificateTableModel::queryParameters() const
{
    QJsonObject params;
    if (!m_region.isEmpty())
        params.insert(QStringLiteral("regionId"), m_region);
    if (!m_status.isEmpty())
        params.insert(QStringLiteral("status"), m_status);
    if (!m_subject.isEmpty())
        params.insert(QStringLiteral("subject"), m_subject);
    if (m_expiringSoon)
        params.insert(
            QStringLiteral("expiringBefore"), formatTime(now().addDays(kExpiringSoonDays)));
    return params;
}

QString CertificateTableModel::idOf(const QJsonObject &row) const
{
    return field(row, "certificateId");
}

} // namespace kms
