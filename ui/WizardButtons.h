#pragma once

#include <QCoreApplication>
#include <QWizard>

namespace kms::ui {

// QWizard sets its Back and Next texts once, from Qt's own translation at construction, and
// does not follow a run-time language switch: the console's wizards set them again in their
// retranslate() through this. (Cancel and Finish are set by each wizard: their words differ.)
class WizardButtons
{
    Q_DECLARE_TR_FUNCTIONS(WizardButtons)

public:
    static void retranslate(QWizard *wizard)
    {
        //: The wizard button that goes one page back.
        wizard->setButtonText(QWizard::BackButton, tr("< &Back"));
        //: The wizard button that goes to the next page.
        wizard->setButtonText(QWizard::NextButton, tr("&Next >"));
    }
};

} // namespace kms::ui
