#include "Algorithms.h"

#include <array>
#include <utility>

namespace kms {

namespace {
constexpr std::array<std::pair<SignAlgorithm, const char *>, 4> kSignNames { {
    { SignAlgorithm::RsaPssSha256, "RSA_PSS_SHA_256" },
    { SignAlgorithm::RsaPkcs1Sha256, "RSA_PKCS1_SHA_256" },
    { SignAlgorithm::EcdsaSha256, "ECDSA_SHA_256" },
    { SignAlgorithm::Sm2Dsa, "SM2DSA" },
} };
constexpr std::array<std::pair<AsymmetricAlgorithm, const char *>, 3> kEncryptNames { {
    { AsymmetricAlgorithm::RsaOaepSha256, "RSAES_OAEP_SHA_256" },
    { AsymmetricAlgorithm::RsaOaepSha1, "RSAES_OAEP_SHA_1" },
    { AsymmetricAlgorithm::Sm2Pke, "SM2PKE" },
} };

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &names, Enum value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(
    const std::array<std::pair<Enum, const char *>, N> &names, const QString &text)
{
    for (const auto &[value, name] : names) {
        if (text == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}
} // namespace

QString signAlgorithmName(SignAlgorithm algorithm)
{
    return nameOf(kSignNames, algorithm);
}

std::optional<SignAlgorithm> signAlgorithmFromName(const QString &name)
{
    return valueOf(kSignNames, name);
}

QString asymmetricAlgorithmName(AsymmetricAlgorithm algorithm)
{
    return nameOf(kEncryptNames, algorithm);
}

std::optional<AsymmetricAlgorithm> asymmetricAlgorithmFromName(const QString &name)
{
    return valueOf(kEncryptNames, name);
}

KeySpec specOf(SignAlgorithm algorithm)
{
    switch (algorithm) {
    case SignAlgorithm::EcdsaSha256:
        return KeySpec::EcP256;
    case SignAlgorithm::Sm2Dsa:
        return KeySpec::EcSm2;
    default:
        return KeySpec::Rsa2048;
    }
}

KeySpec specOf(AsymmetricAlgorithm algorithm)
{
    return algorithm == AsymmetricAlgorithm::Sm2Pke ? KeySpec::EcSm2 : KeySpec::Rsa2048;
}

} // namespace kms
