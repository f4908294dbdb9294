#pragma once
// Under the tagged sentence, what the model nearly said: its few best tag sequences
// (SentenceAnalysis::readings), each with its probability and, past the first, what it
// would change ("普京 PER, not LOC"). A confident tagging shows 99 % and crumbs; a torn one
// shows where it is torn. The line names the tagging and the runner-up; "all 5 ▾" opens a
// menu of every reading. Choosing a reading shows it in the span view above; choosing the
// first goes back. For a labelled sentence the line ends with the gold tagging: which reading
// it is, or how probable the model finds it when it is none of them.
#include "engine/analysis/gold_standing.h"
#include "engine/analysis/inspection.h"

#include <QLabel>
#include <QMenu>
#include <QPointer>

#include <memory>
#include <optional>

namespace studio {

class ReadingList : public QLabel {
    Q_OBJECT
public:
    explicit ReadingList(QWidget* parent = nullptr);

    // Shows the first reading of a new analysis (none: the list is empty and hidden).
    void setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis);
    int count() const;
    int shownReading() const { return m_shown; }
    // The menu of every reading, shown at globalPosition; it deletes itself when closed.
    QMenu* openMenu(const QPoint& globalPosition);
    // For a labelled sentence, after setAnalysis: where the gold tagging stands, named at
    // the end of the line (nullopt: not at all).
    void setGold(std::optional<ner::GoldStanding> gold);
    // Marks reading `index` as the one shown and emits readingShown; out of range is ignored.
    void showReading(int index);
    // The analysis as the span view should draw it: the given one with `predicted` and
    // `entities` those of the reading shown. Null without an analysis.
    std::shared_ptr<const ner::SentenceAnalysis> shownAnalysis() const;

signals:
    void readingShown(int index);

private:
    void rebuild();
    QString describe(int reading) const; // "this tagging", or how it differs from it

    std::shared_ptr<const ner::SentenceAnalysis> m_analysis;
    int m_shown = 0;
    std::optional<ner::GoldStanding> m_gold;
    QPointer<QMenu> m_menu; // the open menu, if any
};

} // namespace studio
