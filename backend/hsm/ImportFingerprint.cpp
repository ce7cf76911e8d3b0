#include "hsm/ImportFingerprint.h"

namespace kms::hsm {

Result<QByteArray> importFingerprint(const MasterKey &masterKey, const SecureBytes &material)
{
    const SecureBytes fingerprintKey
        = masterKey.deriveSubkey(QByteArrayLiteral("kms-import-fingerprint-v1"));
    return hmacSha256(fingerprintKey,
        QByteArray::fromRawData(
            reinterpret_cast<const char *>(material.data()), material.intSize()));
}

} // namespace kms::hsm
