#pragma once

#include "api/Limits.h"
#include "core/Clock.h"

#include <QString>

namespace kms::store {
class Store;
}
namespace kms::hsm {
class HsmProvider;
}
namespace kms::crypto {
class PublicKeyCache;
}

namespace kms {

class MasterKey;

// What an operation may use, handed in by KmsService for one request. An operation reads
// and writes the store only through `store`, inside the transaction KmsService opened, and
// records what it acted on in `target`/`regionId` for the audit row.
struct OperationContext
{
    store::Store &store;
    hsm::HsmProvider &hsms;
    const Clock &clock;
    const Limits &limits;
    crypto::PublicKeyCache &publicKeys; // decoded public keys of this service
    QString operatorName;
    QString requestId;

    // Filled by the operation for the audit row.
    QString target;
    QString regionId;

    // A crypto user's grants (KmsService): ListKeys lists only these keys and then sets
    // `listedGrantedOnly`, so that the list is not refused for naming other keys.
    std::optional<QStringList> grantedKeys;
    bool listedGrantedOnly = false;

    // The unlocked master key, for the few operations that open material kept wrapped in the
    // store itself rather than in an HSM (the audit signing key).
    const MasterKey *masterKey = nullptr;
};

} // namespace kms
