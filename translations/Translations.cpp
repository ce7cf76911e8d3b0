#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace kms {

Translations::Translations() = default;

Translations::~Translations()
{
    removeInstalled();
}

void Translations::removeInstalled()
{
    if (m_own)
        QCoreApplication::removeTranslator(m_own.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_own.reset();
    m_qt.reset();
}

bool Translations::use(const QString &language)
{
    removeInstalled();
    m_language = QStringLiteral("en");
    if (language == QLatin1String("en") || language.isEmpty()) {
        // Still send a LanguageChange, so that widgets switch back to the source texts.
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
        return true;
    }
    auto own = std::make_unique<QTranslator>();
    if (!own->load(QStringLiteral(":/i18n/kms_%1.qm").arg(language)))
        return false;
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QStringLiteral("qtbase_%1").arg(language),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt.get());
    else
        qt.reset();
    QCoreApplication::installTranslator(own.get());
    m_own = std::move(own);
    m_qt = std::move(qt);
    m_language = language;
    return true;
}

QString Translations::initialLanguage(const QString &saved)
{
    if (!saved.isEmpty())
        return saved;
    for (const QString &ui : QLocale::system().uiLanguages()) {
        if (ui.startsWith(QLatin1String("zh")))
            return QStringLiteral("zh_CN");
        if (ui.startsWith(QLatin1String("en")))
            return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

} // namespace kms
