#pragma once

#include "core/KeyModel.h"
#include "core/KeySpec.h"

#include <QString>

namespace kms::ui {

// The key the crypto workbench works with, as its key picker chose it: what the tabs need
// to decide what they offer and to call the KMS.
struct WorkbenchKey
{
    QString cmkUuid;
    QString label; // alias or id, as the picker shows it
    QString keySpec;
    QString keyUsage;
    QString keyVersionId; // for asymmetric operations: the picked version (primary by default)

    bool isValid() const { return !cmkUuid.isEmpty(); }
    bool isSymmetric() const
    {
        const auto spec = keySpecFromName(keySpec);
        return spec.has_value() && kms::isSymmetric(*spec);
    }
    bool isAsymmetric() const { return isValid() && !isSymmetric(); }
    bool encryptsSymmetrically() const
    {
        return isValid() && isSymmetric() && keyUsage == keymodel::kEncryptDecrypt;
    }
    bool encryptsAsymmetrically() const
    {
        return isAsymmetric() && keyUsage == keymodel::kEncryptDecrypt;
    }
    bool signs() const { return isAsymmetric() && keyUsage == keymodel::kSignVerify; }
};

} // namespace kms::ui
