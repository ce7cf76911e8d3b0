#pragma once

#include "PagedTableModel.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace kms {

// The store's certificates (ListCertificates), newest first, paged 100 rows at a time.
// Filters (status, subject or issuer text, region, expiring soon) are parameters of the list
// request. The list action has no sort column: views that sort do so over the loaded rows
// (SortRole gives them sortable values). ExpiryRole tells views which certificates run out
// within kExpiringSoonDays or have run out, measured on the session's clock.
class CertificateTableModel : public PagedTableModel
{
    Q_OBJECT

public:
    static constexpr int kExpiringSoonDays = 30;

    enum Column {
        SubjectColumn,
        IssuerColumn,
        KeySpecColumn,
        StatusColumn,
        NotAfterColumn,
        RegionColumn,
        CreatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        CertificateIdRole = Qt::UserRole + 1, // QString certificateId
        StatusRole, // QString PENDING_IMPORT, ACTIVE, INACTIVE, REVOKED
        SubjectRole, // QString "CN=...,OU=...,O=...,C=.."
        NotAfterRole, // QDateTime (UTC); invalid until a certificate is uploaded
        ExpiryRole, // int, an Expiry
        IsCaRole, // bool: a CA certificate (can issue and make CRLs)
        CertificateRole, // QJsonObject as ListCertificates answers it
        SortRole, // a value that sorts the column (ISO dates, texts)
    };
    Q_ENUM(Role)

    enum class Expiry {
        None, // no certificate yet (pending import)
        Valid,
        ExpiringSoon, // within kExpiringSoonDays
        Expired,
    };
    Q_ENUM(Expiry)

    explicit CertificateTableModel(KmsClient &client, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Filters; each resets the model when it changes. "" means all.
    void setStatusFilter(const QString &status);
    const QString &statusFilter() const { return m_status; }
    // A substring of the subject or the issuer.
    void setSubjectFilter(const QString &text);
    const QString &subjectFilter() const { return m_subject; }
    void setRegionFilter(const QString &regionId);
    const QString &regionFilter() const { return m_region; }
    // Only certificates that run out within kExpiringSoonDays (or have run out).
    void setExpiringSoonFilter(bool expiringSoon);
    bool expiringSoonFilter() const { return m_expiringSoon; }

    // The loaded row of a certificate, -1 if not loaded.
    int rowOfCertificate(const QString &certificateId) const { return rowOfId(certificateId); }
    QString certificateIdAt(int row) const;

    // The statuses of the API, in lifecycle order, and their names in the UI language.
    static QStringList statuses();
    static QString statusText(const QString &status);
    // How close `notAfter` is to `now`.
    static Expiry expiryOf(const QDateTime &notAfter, const QDateTime &now);

    void retranslate();

protected:
    QJsonObject queryParameters() const override;
    QString idOf(const QJsonObject &row) const override;

private:
    QDateTime now() const;

    KmsClient &m_kms;
    QString m_status;
    QString m_subject;
    QString m_region;
    bool m_expiringSoon = false;
};

} // namespace kms
