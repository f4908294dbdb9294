#pragma once
// Help → Guide to the studio: what every view shows and how to read it, in one scrollable
// page beside the window (not modal, so the views it describes stay usable). The gates it
// describes are those of the model's cell (ner::describeCell: its equations and gates); the
// text is a function of that cell alone, for tests.
#include "engine/nn/cell_type.h"

#include <QDialog>

class QTextBrowser;

namespace studio {

class GuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuideDialog(QWidget* parent = nullptr);

    // The cell of the model the studio shows; the page follows, keeping its place.
    void setCell(ner::CellType cell);
    ner::CellType cell() const { return m_cell; }
    static QString html(ner::CellType cell = ner::CellType::Lstm);
    // Help → About: name, version, what it is, licence, the Qt it runs on.
    static QString aboutText();

private:
    QTextBrowser* m_text;
    ner::CellType m_cell = ner::CellType::Lstm;
};

} // namespace studio
