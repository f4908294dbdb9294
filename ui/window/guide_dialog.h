#pragma once
// Help → Guide to the studio: what every view shows and how to read it, in one scrollable
// page beside the window (not modal, so the views it describes stay usable). The text is a
// function of nothing, for tests.
#include <QDialog>

namespace studio {

class GuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuideDialog(QWidget* parent = nullptr);

    static QString html();
    // Help → About: name, version, what it is, licence, the Qt it runs on.
    static QString aboutText();
};

} // namespace studio
