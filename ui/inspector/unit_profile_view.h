#pragma once
// One recurrent unit across the dataset (ner::UnitProfile): the mean of one of its gates (or
// of its h) inside each gold entity type and outside, and the characters where that value is
// highest and lowest, each in its sentence; the gates are named by the profile's cell. What
// the heatmap shows for one sentence, this shows for the corpus: a unit whose h is high
// inside LOC and low elsewhere has learnt something about places.
#include "ui/state/reference_sentence.h"
#include "ui/workers/inspection_worker.h"

#include <QTextBrowser>

namespace studio {

class UnitProfileView : public QTextBrowser {
    Q_OBJECT
public:
    explicit UnitProfileView(QWidget* parent = nullptr);

    void setResult(const UnitProfileResult& result);
    // Back to the hint, no profile (QTextEdit::clear would leave an empty page).
    void showHint();
    const UnitProfileResult& result() const { return m_result; }

    // The page for a result, as HTML; a function of the result alone, for tests. Each
    // moment's line number links to "sentence:INDEX".
    static QString html(const UnitProfileResult& result);

signals:
    // A moment's line was clicked: that sentence, with its gold entities.
    void sentenceChosen(const studio::ReferenceSentence& sentence);

private:
    UnitProfileResult m_result;
};

} // namespace studio
