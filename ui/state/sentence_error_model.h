#pragma once
// Table model of the dev sentences an epoch's weights got wrong (ner::SentenceErrors), worst
// first: the file line, the number of entity errors, where the gold tagging stands with the
// model ("2nd · 18.7 %": its runner-up; "1 in 48,000": far off) and the sentence; the tooltip
// lists each error ("wrong type  海南舰  gold ORG, predicted EQU").
#include "engine/data/sentence_errors.h"

#include <QAbstractTableModel>

#include <vector>

namespace studio {

class SentenceErrorModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Line, Errors, Gold, Sentence, ColumnCount };
    // What a click on a header sorts by. A first click sorts ascending, so Errors and Gold
    // sort by their negatives: most errors first, and the near misses (the most probable gold
    // taggings) first, those not weighed last.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SentenceErrorModel(QObject* parent = nullptr);
    void setSentences(std::vector<ner::SentenceErrors> sentences);
    void clear();
    const ner::SentenceErrors& sentenceAt(int row) const { return m_rows[size_t(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString errorListHtml(const ner::SentenceErrors& sentence);
    // "2nd · 18.7 %", "1 in 48,000", or "" when nobody weighed it.
    static QString goldStandingText(const ner::SentenceErrors& sentence);

private:
    std::vector<ner::SentenceErrors> m_rows;
};

} // namespace studio
