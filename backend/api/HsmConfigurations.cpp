#include "api/HsmConfigurations.h"

#include "core/KeySpec.h"
#include "hsm/Pkcs11Hsm.h"
#include "hsm/Pkcs11Module.h"
#include "hsm/SoftwareHsm.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace kms {

namespace {

const QString kModulePath = QStringLiteral("modulePath");
const QString kTokenLabel = QStringLiteral("tokenLabel");
const QString kServerAddress = QStringLiteral("serverAddress");
const QString kPinStorage = QStringLiteral("pinStorage");

// CK_UNAVAILABLE_INFORMATION (all ones) and CK_EFFECTIVELY_INFINITE (0) are not sizes.
qint64 memory(unsigned long value)
{
    return value == CK_UNAVAILABLE_INFORMATION ? -1 : qint64(value);
}

HsmTokenSummary summaryOf(const hsm::Pkcs11TokenInfo &info)
{
    return { info.label, info.manufacturer, info.model, info.serialNumber,
        memory(info.freePublicMemory), memory(info.totalPublicMemory),
        memory(info.freePrivateMemory), memory(info.totalPrivateMemory) };
}

hsm::Pkcs11Config pkcs11Config(const HsmConfiguration &configuration, const SecureBytes &pin)
{
    return { configuration.modulePath, configuration.tokenLabel, pin.clone(),
        configuration.serverAddress };
}

} // namespace

QJsonObject HsmConfiguration::toJson() const
{
    QJsonObject json { { kModulePath, modulePath }, { kTokenLabel, tokenLabel },
        { kPinStorage, pinInKeychain ? QStringLiteral("keychain") : QStringLiteral("prompt") } };
    if (!serverAddress.isEmpty())
        json.insert(kServerAddress, serverAddress);
    return json;
}

std::optional<HsmConfiguration> HsmConfiguration::fromJson(const QJsonObject &json)
{
    HsmConfiguration configuration;
    configuration.modulePath = json.value(kModulePath).toString();
    configuration.tokenLabel = json.value(kTokenLabel).toString();
    configuration.serverAddress = json.value(kServerAddress).toString();
    configuration.pinInKeychain = json.value(kPinStorage).toString() == QLatin1String("keychain");
    if (configuration.modulePath.isEmpty() || configuration.tokenLabel.isEmpty())
        return std::nullopt;
    return configuration;
}

namespace hsmconfig {

QString pinEntry(const QString &storeUuid, const QString &hsmName)
{
    return QStringLiteral("kms-hsm-pin:%1:%2").arg(storeUuid, hsmName);
}

Result<QList<HsmConfiguration>> read(store::Store &store)
{
    auto text = store.setting(kSettingKey);
    if (!text)
        return text.error();
    QList<HsmConfiguration> configurations;
    if (!text->has_value())
        return configurations;
    const QJsonDocument document = QJsonDocument::fromJson((**text).toUtf8());
    if (!document.isArray())
        return KmsError(
            QStringLiteral("KMS.0503"), QStringLiteral("the HSM configurations are unreadable"));
    for (const QJsonValue &value : document.array()) {
        auto configuration = HsmConfiguration::fromJson(value.toObject());
        if (!configuration)
            return KmsError(
                QStringLiteral("KMS.0503"), QStringLiteral("an HSM configuration is incomplete"));
        configurations.append(*configuration);
    }
    return configurations;
}

Result<std::optional<HsmConfiguration>> find(store::Store &store, const QString &hsmName)
{
    auto configurations = read(store);
    if (!configurations)
        return configurations.error();
    for (const HsmConfiguration &configuration : std::as_const(*configurations)) {
        if (configuration.name() == hsmName)
            return std::optional<HsmConfiguration>(configuration);
    }
    return std::optional<HsmConfiguration>();
}

Result<void> write(store::Store &store, const QList<HsmConfiguration> &configurations)
{
    QJsonArray array;
    for (const HsmConfiguration &configuration : configurations)
        array.append(configuration.toJson());
    return store.setSetting(
        kSettingKey, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
}

Result<QList<HsmTokenSummary>> listTokens(const QString &modulePath, const QString &serverAddress)
{
    auto module = hsm::Pkcs11Module::load(modulePath, serverAddress);
    if (!module)
        return module.error();
    auto tokens = (*module)->tokens();
    if (!tokens)
        return tokens.error();
    QList<HsmTokenSummary> summaries;
    for (const hsm::Pkcs11TokenInfo &info : std::as_const(*tokens))
        summaries.append(summaryOf(info));
    return summaries;
}

Result<HsmProbe> probe(
    const HsmConfiguration &configuration, const SecureBytes &pin, const MasterKey &masterKey)
{
    hsm::Pkcs11Hsm token(pkcs11Config(configuration, pin), masterKey);
    KMS_TRY(token.connect());
    auto info = token.tokenInfo();
    if (!info)
        return info.error();
    auto mechanisms = token.mechanisms();
    if (!mechanisms)
        return mechanisms.error();
    HsmProbe probe;
    probe.token = summaryOf(*info);
    for (const hsm::Pkcs11MechanismInfo &mechanism : std::as_const(*mechanisms))
        probe.mechanisms.append(mechanism.name);
    for (const KeySpec spec :
        { KeySpec::Aes256, KeySpec::Sm4_128, KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcSm2 }) {
        if (token.supports(spec))
            probe.usableKeySpecs.append(keySpecName(spec));
    }
    return probe;
}

} // namespace hsmconfig

void HsmPins::set(const QString &hsmName, const SecureBytes &pin)
{
    const QMutexLocker locker(&m_mutex);
    m_pins.insert_or_assign(hsmName, pin.clone());
    ++m_generation;
}

void HsmPins::remove(const QString &hsmName)
{
    const QMutexLocker locker(&m_mutex);
    m_pins.erase(hsmName);
    ++m_generation;
}

std::optional<SecureBytes> HsmPins::get(const QString &hsmName) const
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_pins.find(hsmName);
    if (it == m_pins.end())
        return std::nullopt;
    return it->second.clone();
}

quint64 HsmPins::generation() const
{
    const QMutexLocker locker(&m_mutex);
    return m_generation;
}

void HsmPins::clear()
{
    const QMutexLocker locker(&m_mutex);
    m_pins.clear(); // SecureBytes wipes them
    ++m_generation;
}

struct ConfiguredHsmProvider::Entry
{
    HsmConfiguration configuration;
    quint64 pinGeneration = 0;
    qint64 storeCounter = -1; // the store's changeCounter when the configuration was read
    std::unique_ptr<hsm::Pkcs11Hsm> hsm;
};

ConfiguredHsmProvider::ConfiguredHsmProvider(
    const MasterKey &masterKey, store::Store &store, std::shared_ptr<const HsmPins> pins)
    : m_masterKey(masterKey)
    , m_store(store)
    , m_pins(std::move(pins))
    , m_software(std::make_unique<hsm::SoftwareHsm>(masterKey))
{
}

ConfiguredHsmProvider::~ConfiguredHsmProvider() = default;

hsm::Hsm *ConfiguredHsmProvider::existing(const QString &name) const
{
    const auto it = m_pkcs11.constFind(name);
    return it == m_pkcs11.constEnd() ? nullptr : (*it)->hsm.get();
}

hsm::Hsm *ConfiguredHsmProvider::hsmFor(const QString &configuration)
{
    if (configuration == QLatin1String("software"))
        return m_software.get();
    if (!configuration.startsWith(QLatin1String("pkcs11:")))
        return nullptr;
    // The configuration is read again only when the store changed since (changeCounter, as
    // the limits are cached) or the PINs did: a changed module, address or PIN makes a new
    // connection; otherwise the HSM and its open session are reused.
    const quint64 pinGeneration = m_pins->generation();
    auto counter = m_store.changeCounter();
    std::shared_ptr<Entry> &entry = m_pkcs11[configuration];
    if (entry && counter && *counter == entry->storeCounter
        && entry->pinGeneration == pinGeneration)
        return entry->hsm.get();
    auto found = hsmconfig::find(m_store, configuration);
    if (!found || !found->has_value()) {
        m_pkcs11.remove(configuration);
        return nullptr;
    }
    if (entry && entry->configuration == **found && entry->pinGeneration == pinGeneration) {
        entry->storeCounter = counter ? *counter : -1;
        return entry->hsm.get();
    }
    const std::optional<SecureBytes> pin = m_pins->get(configuration);
    if (!pin) {
        m_pkcs11.remove(configuration);
        return nullptr;
    }
    entry = std::make_shared<Entry>();
    entry->configuration = **found;
    entry->pinGeneration = pinGeneration;
    entry->storeCounter = counter ? *counter : -1;
    entry->hsm
        = std::make_unique<hsm::Pkcs11Hsm>(pkcs11Config(entry->configuration, *pin), m_masterKey);
    return entry->hsm.get();
}

} // namespace kms
