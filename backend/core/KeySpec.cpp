#include "KeySpec.h"

#include <array>
#include <utility>

namespace kms {

namespace {
constexpr std::array<std::pair<KeySpec, const char *>, 5> kNames { {
    { KeySpec::Aes256, "AES_256" },
    { KeySpec::Sm4_128, "SM4_128" },
    { KeySpec::Rsa2048, "RSA_2048" },
    { KeySpec::EcP256, "EC_P256" },
    { KeySpec::EcSm2, "EC_SM2" },
} };
} // namespace

QString keySpecName(KeySpec spec)
{
    for (const auto &[value, name] : kNames) {
        if (value == spec)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<KeySpec> keySpecFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

bool isSymmetric(KeySpec spec)
{
    return spec == KeySpec::Aes256 || spec == KeySpec::Sm4_128;
}

int symmetricKeyLength(KeySpec spec)
{
    switch (spec) {
    case KeySpec::Aes256:
        return 32;
    case KeySpec::Sm4_128:
        return 16;
    default:
        return 0;
    }
}

} // namespace kms
