#pragma once
// For one character of the analysed sentence: the probability of every tag (CRF marginals or
// softmax), as bars in as many columns as fit, most likely first, the predicted tag in bold.
// When the model reads a dictionary, two lines under the heading say what it read there for
// that character: the dictionary words covering it and its word in the segmentation.
#include "engine/analysis/inspection.h"
#include "ui/state/sentence_dictionary.h"

#include <QStringList>
#include <QWidget>

#include <memory>

namespace studio {

class TagProbabilityView : public QWidget {
    Q_OBJECT
public:
    explicit TagProbabilityView(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ner::SentenceAnalysis> analysis);
    // The same sentence's dictionary view; null when the model reads no dictionary.
    void setDictionary(std::shared_ptr<const SentenceDictionary> dictionary);
    // The two lines shown for the current character ("Dictionary: …", "Segmentation: …");
    // empty without a dictionary. Two lines, since one is cut at the panel's usual width.
    QStringList dictionaryLines() const;
    int position() const { return m_position; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    // The character to show; -1 goes back to the default (the first entity, else the first
    // character).
    void setPosition(int position);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    int shownPosition() const;
    int headerHeight() const;
    int columns() const;
    void fitHeight();

    std::shared_ptr<const ner::SentenceAnalysis> m_analysis;
    std::shared_ptr<const SentenceDictionary> m_dictionary;
    int m_position = -1;
};

} // namespace studio
