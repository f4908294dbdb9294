#pragma once
// The inspector's Influence tab: a caption (how far this sentence's decisions look, with
// which weights), "Wrong tags against gold", and the map itself (InfluenceView). The map is
// of the sentence the inspector shows, computed on the inspector's InspectionWorker only
// while the tab is open, and redone with new weights at most every kIntervalMs (Throttle).
#include "engine/data/tag_scheme.h"
#include "ui/workers/inspection_worker.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QLabel;

namespace studio {

class InfluenceView;
class Throttle;

class InfluencePanel : public QWidget {
    Q_OBJECT
public:
    // A map runs T copies of a T-character sentence forward and back: on this machine 0.1 s
    // for 35 characters, 0.4 s for 150, 1.4 s for 280 (beyond tagging them). Longer
    // sentences get a note.
    static constexpr int kMaxCharacters = 150;
    // New weights arrive every 0.4 s while training.
    static constexpr int kIntervalMs = 500;

    explicit InfluencePanel(InspectionWorker* worker, QWidget* parent = nullptr);

    InfluenceView* view() const { return m_view; }
    QCheckBox* againstGoldBox() const { return m_againstGold; }
    QString caption() const;

    // What the inspector now shows, and the gold entities of exactly those characters when
    // it shows a labelled sentence (nullopt otherwise).
    void setSentence(const InspectionResult& shown, std::optional<std::vector<ner::Span>> gold);
    // Whether the tab is the one shown: the map is computed only then, at once on opening.
    void setActive(bool active);
    // The map the tab would show, computed now on the calling thread (for an export); without
    // a map, `error` says why.
    InfluenceResult mapNow() const;

private:
    // The request for the shown sentence; nullopt, and why, when there is nothing to map.
    std::optional<InfluenceRequest> request(int id, QString* why) const;
    void requestMap();
    void showMap(const InfluenceResult& result);

    InspectionWorker* m_worker;
    InfluenceView* m_view;
    QLabel* m_caption;
    QCheckBox* m_againstGold;
    Throttle* m_throttle;
    InspectionResult m_shown;
    std::optional<std::vector<ner::Span>> m_gold;
    bool m_active = false;
    int m_lastRequest = 0;
};

} // namespace studio
