#pragma once
// The tagged sentence drawn the way spaCy's displaCy shows entities: each span on a rounded
// background in its type's colour with the type in small capitals after the text. Characters
// the vocabulary lacks get a dotted underline. Hovering a character shows its tag and that
// tag's probability (and, for a model that reads a dictionary, the dictionary's words there),
// and reports the position (the tag-probability list follows it).
// Given the sentence's gold entities (a dev sentence picked from the wrong-sentence list),
// each is underlined in its type's colour, outlined in red when no predicted span matches it.
#include "engine/analysis/inspection.h"

#include "ui/inspector/character_hover_widget.h"
#include "ui/state/sentence_dictionary.h"

#include <memory>
#include <vector>

namespace studio {

class EntitySpanView : public CharacterHoverWidget {
    Q_OBJECT
public:
    explicit EntitySpanView(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis);
    // The dictionary's words for the same sentence, for the tooltip; null without one.
    void setDictionary(std::shared_ptr<const SentenceDictionary> dictionary);
    // Gold entities of the shown characters; empty for none. Spans past the sentence are
    // ignored.
    void setGold(std::vector<ner::Span> gold);
    const std::vector<ner::Span>& gold() const { return m_gold; }
    bool goldFound(const ner::Span& span) const; // a predicted span equals it
    int spanCount() const;
    QString spanSummary() const; // "普京/PER 北京/LOC", for tests and accessibility
    QString toolTipAt(int position) const;
    QString toolTipAt(const QPoint& point) const override;
    QRectF characterRect(int position) const; // empty when there is no such character
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    struct CharBox {
        QRectF rect;
        QString text;
    };
    struct Chip {
        QRectF rect;      // the coloured background
        QRectF labelRect; // the type label inside it
        QString type;
    };
    void relayout();
    int positionAt(const QPointF& point) const;
    void paintGold(QPainter& p) const;

    std::shared_ptr<const ner::SentenceAnalysis> m_analysis;
    std::shared_ptr<const SentenceDictionary> m_dictionary;
    std::vector<CharBox> m_boxes; // one per character
    std::vector<Chip> m_chips;
    std::vector<ner::Span> m_gold;
    int m_contentHeight = 0;
};

} // namespace studio
