#pragma once

#include <QLocale>
#include <QString>
#include <QTranslator>

#include <memory>

namespace kms {

// Installs the console's translation (embedded :/i18n/kms_<locale>.qm) and Qt's own
// (qtbase_<locale>.qm from the Qt installation) for a language, replacing the ones installed
// before; "en" removes them (English is the source language). Widgets then receive
// QEvent::LanguageChange and retranslate themselves, without a restart.
class Translations
{
public:
    Translations();
    ~Translations();

    // "en" or "zh_CN". Returns false if the console's own translation is missing.
    bool use(const QString &language);
    const QString &language() const { return m_language; }

    // The language to start in: the saved choice, else the system's if translated, else en.
    static QString initialLanguage(const QString &saved);

private:
    void removeInstalled();
    QString m_language = QStringLiteral("en");
    std::unique_ptr<QTranslator> m_own;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace kms
