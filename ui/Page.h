#pragma once

#include <QEvent>
#include <QWidget>

namespace kms::ui {

// A page of the main window's navigation (Keys, Aliases, Crypto workbench, ...). Pages take
// the KmsClient in their constructor, set their texts in retranslate() (called once by the
// subclass's constructor and again on every language change), and reload what they show in
// refresh() (the toolbar's Refresh action, F5).
class Page : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    // The page's name in the navigation list, in the current language.
    virtual QString title() const = 0;
    virtual void refresh() { }

protected:
    virtual void retranslate() = 0;
    void changeEvent(QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            retranslate();
        QWidget::changeEvent(event);
    }
};

} // namespace kms::ui
