#pragma once

#include <QLatin1String>

// The vocabulary of the key model (DESIGN.md, "Key model"), as it appears in requests,
// responses and the store.
namespace kms::keymodel {

inline constexpr QLatin1String kEnabled("Enabled");
inline constexpr QLatin1String kDisabled("Disabled");
inline constexpr QLatin1String kPendingDeletion("PendingDeletion");
inline constexpr QLatin1String kPendingImport("PendingImport");

inline constexpr QLatin1String kEncryptDecrypt("ENCRYPT/DECRYPT");
inline constexpr QLatin1String kSignVerify("SIGN/VERIFY");

inline constexpr QLatin1String kSoftware("SOFTWARE");
inline constexpr QLatin1String kHsm("HSM");

inline constexpr QLatin1String kOriginKms("KMS");
inline constexpr QLatin1String kOriginExternal("EXTERNAL");

inline constexpr QLatin1String kAliasPrefix("alias/");
inline constexpr QLatin1String kDefaultAliasPrefix("alias/acs/");

} // namespace kms::keymodel
