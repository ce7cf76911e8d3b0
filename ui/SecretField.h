#pragma once

#include "crypto/SecureBytes.h"

class QLineEdit;

namespace kms::ui {

// Takes a password or passphrase field's text into a secure buffer and empties the field (and
// its undo history); the text's copies are overwritten.
SecureBytes takeSecret(QLineEdit *edit);

} // namespace kms::ui
