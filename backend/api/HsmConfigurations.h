#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"
#include "hsm/HsmProvider.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace kms {

class MasterKey;

namespace store {
class Store;
}

// A PKCS#11 HSM a region can be bound to. Its name is the HSM's own name,
// "pkcs11:<token label>", which is also what each key version on it records (Hsm::name()), so
// a version finds its HSM again by that name. Kept in the store's settings (no secret there);
// the user PIN is in the OS keychain ("keychain") or asked for when the store is unlocked
// ("prompt") and held only in memory.
struct HsmConfiguration
{
    QString modulePath; // the PKCS#11 module: a vendor's client, SoftHSM2, p11-kit's client
    QString tokenLabel; // the token, found by its label (slot ids change)
    QString serverAddress; // p11-kit's client: P11_KIT_SERVER_ADDRESS; empty for local modules
    bool pinInKeychain = false;

    QString name() const { return QStringLiteral("pkcs11:") + tokenLabel; }
    QJsonObject toJson() const;
    static std::optional<HsmConfiguration> fromJson(const QJsonObject &json);
    bool operator==(const HsmConfiguration &other) const = default;
};

// What a token says about itself, for the settings page.
struct HsmTokenSummary
{
    QString label;
    QString manufacturer;
    QString model;
    QString serialNumber;
    qint64 freePublicMemory = -1; // bytes; -1 unknown ("unavailable information")
    qint64 totalPublicMemory = -1;
    qint64 freePrivateMemory = -1;
    qint64 totalPrivateMemory = -1;
};

// The result of testing a configuration: the token and its mechanism list, or the error.
struct HsmProbe
{
    HsmTokenSummary token;
    QStringList mechanisms; // CKM names as the token lists them
    QStringList usableKeySpecs; // what keys the console can make there ("AES_256", ...)
};

namespace hsmconfig {

// The setting that holds the configurations (a JSON array).
inline const QString kSettingKey = QStringLiteral("hsm.configurations");
// The keychain entry of a configuration's PIN.
QString pinEntry(const QString &storeUuid, const QString &hsmName);

Result<QList<HsmConfiguration>> read(store::Store &store);
Result<std::optional<HsmConfiguration>> find(store::Store &store, const QString &hsmName);
// Inside the caller's transaction.
Result<void> write(store::Store &store, const QList<HsmConfiguration> &configurations);

// The tokens a module shows (label, model, serial, memory). KMS.0505 with the CK_RV when the
// module cannot be loaded or listed.
Result<QList<HsmTokenSummary>> listTokens(const QString &modulePath, const QString &serverAddress);
// Connects with the PIN, reads the token and its mechanisms. KMS.0505 with the CK_RV.
Result<HsmProbe> probe(
    const HsmConfiguration &configuration, const SecureBytes &pin, const MasterKey &masterKey);

} // namespace hsmconfig

// The PINs of a session's PKCS#11 HSMs, shared by the session and its worker connections.
class HsmPins
{
public:
    void set(const QString &hsmName, const SecureBytes &pin);
    void remove(const QString &hsmName);
    std::optional<SecureBytes> get(const QString &hsmName) const;
    // Changes whenever a PIN is set or removed: providers remake their HSMs then.
    quint64 generation() const;
    void clear();

private:
    mutable QMutex m_mutex;
    std::map<QString, SecureBytes> m_pins; // SecureBytes is move-only
    quint64 m_generation = 0;
};

// The HSMs of one connection (one thread): the software HSM under "software", and the PKCS#11
// HSM of each configuration in `store`, made at first use and kept (its session stays open)
// until its configuration or PIN changes. A configuration without a PIN, or a name no
// configuration has, gives no HSM (callers answer "not available").
class ConfiguredHsmProvider final : public hsm::HsmProvider
{
public:
    ConfiguredHsmProvider(
        const MasterKey &masterKey, store::Store &store, std::shared_ptr<const HsmPins> pins);
    ~ConfiguredHsmProvider() override;

    hsm::Hsm *hsmFor(const QString &configuration) override;
    // The PKCS#11 HSM already made for `name`, without making one (status displays).
    hsm::Hsm *existing(const QString &name) const;

private:
    struct Entry;
    const MasterKey &m_masterKey;
    store::Store &m_store;
    std::shared_ptr<const HsmPins> m_pins;
    std::unique_ptr<hsm::Hsm> m_software;
    QMap<QString, std::shared_ptr<Entry>> m_pkcs11;
};

} // namespace kms
