#include "ui/inspector/embedding_map_panel.h"

#include "engine/model/tagger.h"
#include "ui/charts/spark_line.h"
#include "ui/inspector/embedding_map_view.h"
#include "ui/inspector/hover_tooltip.h"
#include "ui/state/counted.h"
#include "ui/state/throttle.h"
#include "ui/state/weights_description.h"

#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace studio {

namespace {
QString percent(float share) {
    return QStringLiteral("%1 %").arg(std::lround(100.0 * double(share)));
}
} // namespace

EmbeddingMapPanel::EmbeddingMapPanel(QWidget* parent)
    : QWidget(parent), m_view(new EmbeddingMapView) {
    m_view->setObjectName(QStringLiteral("embeddingMap"));
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    m_caption->setMinimumWidth(100);
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setToolTip(
        tr("<p>Each character is drawn where its learnt embedding lies along the two "
           "directions in which the embeddings of these characters differ most (their first "
           "two principal components). Characters near each other give the recurrent layers "
           "similar input.</p><p>A character's colour is the gold entity type it most often "
           "sits in in the training sentences (grey: mostly outside every entity); its size "
           "grows with how often it occurs. Before training the embeddings are random and the "
           "colours lie mixed; step through the epochs on a chart to watch them sort.</p>"));
    m_count = new QSpinBox;
    m_count->setObjectName(QStringLiteral("mapCharacters"));
    m_count->setRange(20, 3000);
    m_count->setSingleStep(50);
    m_count->setValue(kDefaultCharacters);
    m_count->setToolTip(tr("How many characters to map: the most frequent in the training "
                           "sentences"));
    m_find = new QLineEdit;
    m_find->setObjectName(QStringLiteral("mapFind"));
    m_find->setPlaceholderText(tr("a character"));
    m_find->setMaxLength(1);
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(110);
    m_find->setToolTip(tr("Choose a character, on the map or not, to see its nearest "
                          "neighbours"));
    m_neighbours = new QLabel;
    m_neighbours->setToolTip(
        tr("The chosen character's nearest neighbours by the cosine of their embeddings, among "
           "the mapped characters (a rare character's embedding is still mostly its random "
           "start). On the map they are joined to it, and a purple line numbered by epoch is "
           "its path through the run."));
    m_neighbours->setObjectName(QStringLiteral("mapNeighbours"));
    m_neighbours->setTextFormat(Qt::RichText);
    m_neighbours->setWordWrap(true);
    m_neighbours->setMinimumWidth(100);
    m_agreementLine = new SparkLine;
    m_agreementLine->setObjectName(QStringLiteral("agreementByEpoch"));
    m_throttle = new Throttle(
        kIntervalMs, [this] { remap(); }, this);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Characters")));
    controls->addWidget(m_count);
    controls->addWidget(new QLabel(tr("Find")));
    controls->addWidget(m_find);
    controls->addWidget(m_neighbours, 1);
    m_agreementLabel = new QLabel(tr("<span style='color:gray'>by epoch</span>"));
    controls->addWidget(m_agreementLabel);
    controls->addWidget(m_agreementLine);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

    connect(m_count, &QSpinBox::valueChanged, this, [this] {
        if (m_active) m_throttle->runNow();
    });
    connect(m_find, &QLineEdit::textEdited, this, &EmbeddingMapPanel::chooseCharacter);
    connect(m_view, &EmbeddingMapView::characterClicked, this, [this](int id) {
        chooseCharacter(QString::fromStdString(m_mapped.tagger->vocabulary().token(id)));
    });
    connect(m_view, &EmbeddingMapView::emptySpaceClicked, this,
            [this] { chooseCharacter(QString()); });
    connect(m_view, &EmbeddingMapView::characterHovered, this, &EmbeddingMapPanel::showTooltip);
    remap();
}

void EmbeddingMapPanel::setWeights(const WeightsSnapshot& weights) {
    m_weights = weights;
    if (!m_active) return;
    // A chosen epoch is looked at, so at once; training's stream of weights is throttled.
    if (weights.isChosenEpoch())
        m_throttle->runNow();
    else
        m_throttle->request();
}

void EmbeddingMapPanel::setDataset(std::shared_ptr<const ner::TrainingData> dataset) {
    m_data = std::move(dataset);
    if (m_active) m_throttle->runNow();
}

void EmbeddingMapPanel::setSentence(const std::vector<std::string>& characters) {
    QSet<QString> marked;
    for (const std::string& c : characters)
        marked.insert(QString::fromStdString(c));
    m_view->setMarkedCharacters(std::move(marked));
}

void EmbeddingMapPanel::setActive(bool active) {
    m_active = active;
    if (active) m_throttle->runNow(); // brought up to date as it opens
}

QString EmbeddingMapPanel::caption() const {
    return m_caption->text();
}

QString EmbeddingMapPanel::neighboursText() const {
    return m_neighbours->text();
}

void EmbeddingMapPanel::remap() {
    if (!m_active) return;
    if (!m_weights.tagger || !m_data || m_data->train.empty()) {
        m_mapped = {};
        m_mappedData.reset();
        m_view->setMap(nullptr);
        m_caption->setText(tr("<span style='color:gray'>Train or open a model: the most "
                              "frequent characters of the training sentences then appear, "
                              "placed by their learnt embeddings.</span>"));
        showChosen();
        showAgreementByEpoch();
        return;
    }
    const ner::Tagger& model = *m_weights.tagger;
    // Aligned with the map shown when its ids mean the same characters, so that new weights
    // move the characters instead of mirroring the picture.
    const std::shared_ptr<const ner::EmbeddingMap>& shown = m_view->map();
    const bool sameVocabulary =
        shown && m_mapped.tagger &&
        m_mapped.tagger->vocabulary().tokens() == model.vocabulary().tokens();
    std::shared_ptr<const ner::EmbeddingMap> map =
        makeMap(model, sameVocabulary ? shown.get() : nullptr);
    m_mapped = m_weights;
    m_mappedData = m_data;
    m_view->setMap(map);

    long outside = 0;
    for (const ner::MappedCharacter& c : map->characters)
        outside += c.type == "O";
    const ner::TypeAgreement agreement = ner::neighbourTypeAgreement(model, *map, kNeighbours);
    m_caption->setText(
        tr("<b>The %1</b> of the %2, by %3 · %4 mostly inside an entity, %5 mostly outside "
           "(grey) · of an entity character's %6 nearest, %7 share its type (%8 by chance)")
            .arg(counted(long(map->characters.size()), tr("most frequent character"),
                         tr("most frequent characters")))
            .arg(counted(long(m_data->train.size()), tr("training sentence"),
                         tr("training sentences")))
            .arg(weightsDescription(m_weights).toHtmlEscaped())
            .arg(long(map->characters.size()) - outside)
            .arg(outside)
            .arg(kNeighbours)
            .arg(percent(agreement.share))
            .arg(percent(agreement.chance)));
    showChosen();
    showAgreementByEpoch();
}

void EmbeddingMapPanel::showAgreementByEpoch() {
    std::vector<QPointF> points;
    std::optional<double> chance;
    QStringList figures;
    if (m_epochSource && m_mapped.tagger && m_usage) {
        if (m_agreementUsage != m_usage || m_agreementCharacters != m_count->value()) {
            m_agreements.clear();
            m_agreementUsage = m_usage;
            m_agreementCharacters = m_count->value();
        }
        std::erase_if(m_agreements, [](const auto& entry) { return entry.first.expired(); });
        for (const auto& [epoch, weights] : m_epochSource()) {
            // Another vocabulary's copies (a run before a new dataset) have no such counts.
            if (!weights || weights->vocabulary().tokens() != m_usageTokens) {
                points.clear();
                figures.clear();
                break;
            }
            auto it = m_agreements.find(weights);
            if (it == m_agreements.end()) {
                const ner::EmbeddingMap own =
                    ner::mapEmbeddings(*weights, *m_usage, m_agreementCharacters);
                it = m_agreements
                         .emplace(weights, ner::neighbourTypeAgreement(*weights, own, kNeighbours))
                         .first;
            }
            points.emplace_back(epoch, double(it->second.share));
            chance = double(it->second.chance);
            figures << tr("epoch %1: %2").arg(epoch).arg(percent(it->second.share));
        }
    }
    const std::optional<double> shown =
        points.empty() ? std::nullopt : std::optional<double>(m_weights.epoch);
    m_agreementLine->setPoints(std::move(points), chance, shown);
    m_agreementLine->setVisible(!figures.isEmpty());
    m_agreementLabel->setVisible(!figures.isEmpty());
    m_agreementLine->setToolTip(
        tr("<p>Type agreement after each kept epoch (the caption's figure, each epoch on its own "
           "map), the dashed line what chance gives (%1); the purple dot is the epoch shown.</p>"
           "<p>%2</p>")
            .arg(chance ? percent(float(*chance)) : QString())
            .arg(figures.join(QStringLiteral(" · "))));
}

std::shared_ptr<const ner::EmbeddingMap>
EmbeddingMapPanel::makeMap(const ner::Tagger& model, const ner::EmbeddingMap* previous) const {
    if (!m_usage || m_usageData != m_data || m_usageTokens != model.vocabulary().tokens()) {
        m_usage = std::make_shared<const ner::CharacterUsage>(
            ner::countCharacterUsage(model.vocabulary(), m_data->train, m_data->scheme));
        m_usageData = m_data;
        m_usageTokens = model.vocabulary().tokens();
    }
    return std::make_shared<const ner::EmbeddingMap>(
        ner::mapEmbeddings(model, *m_usage, m_count->value(), previous));
}

std::shared_ptr<const ner::EmbeddingMap> EmbeddingMapPanel::mapNow(WeightsSnapshot* weights,
                                                                   QString* error) const {
    if (!m_weights.tagger || !m_data || m_data->train.empty()) {
        if (error) *error = tr("Train or open a model first.");
        return nullptr;
    }
    if (weights) *weights = m_weights;
    const std::shared_ptr<const ner::EmbeddingMap>& shown = m_view->map();
    if (shown && m_mapped.tagger == m_weights.tagger && m_mappedData == m_data)
        return shown; // what the tab shows, signs and all
    return makeMap(*m_weights.tagger, nullptr);
}

QString EmbeddingMapPanel::neighbourList(const std::vector<ner::Neighbour>& neighbours) const {
    QStringList items;
    for (const ner::Neighbour& n : neighbours)
        items << QStringLiteral("%1 %2")
                     .arg(QString::fromStdString(n.character).toHtmlEscaped())
                     .arg(double(n.similarity), 0, 'f', 2);
    return items.join(QStringLiteral(" · "));
}

void EmbeddingMapPanel::chooseCharacter(const QString& character) {
    m_chosen = character;
    if (m_find->text() != character) m_find->setText(character);
    showChosen();
}

void EmbeddingMapPanel::showChosen() {
    m_view->setTrail({});
    if (m_chosen.isEmpty() || !m_mapped.tagger) {
        m_view->setChosen(std::nullopt, {});
        m_neighbours->setText(
            m_chosen.isEmpty()
                ? tr("<span style='color:gray'>Click a character, or type one, to see the "
                     "characters whose embeddings are most like its own.</span>")
                : QString());
        return;
    }
    const ner::Vocabulary& vocabulary = m_mapped.tagger->vocabulary();
    const int id = vocabulary.id(m_chosen.toStdString());
    if (id == ner::Vocabulary::kUnkId) {
        m_view->setChosen(std::nullopt, {});
        m_neighbours->setText(tr("“%1” is not in the model's vocabulary: it reads as &lt;unk&gt;.")
                                  .arg(m_chosen.toHtmlEscaped()));
        return;
    }
    // Among the mapped characters: frequent enough that their columns have learnt something.
    const std::vector<int> mapped = m_view->map()->ids();
    std::vector<ner::Neighbour> neighbours =
        ner::nearestCharacters(*m_mapped.tagger, id, kNeighbours, &mapped);
    const bool onMap = m_view->positionOf(id).has_value();
    m_neighbours->setText(tr("<b>%1</b>%2 is nearest to %3")
                              .arg(QString::fromStdString(vocabulary.token(id)).toHtmlEscaped())
                              .arg(onMap ? QString() : tr(" (not on the map)"))
                              .arg(neighbourList(neighbours)));
    m_view->setChosen(id, std::move(neighbours));
    // Only for a character drawn: an invisible path would still stretch the map's bounds.
    if (onMap) m_view->setTrail(trailOf(id));
}

std::vector<EmbeddingMapView::TrailPoint> EmbeddingMapPanel::trailOf(int id) const {
    std::vector<EmbeddingMapView::TrailPoint> trail;
    if (!m_epochSource || !m_view->map() || m_view->map()->axes.size() == 0) return trail;
    const std::vector<std::string>& tokens = m_mapped.tagger->vocabulary().tokens();
    for (const auto& [epoch, weights] : m_epochSource()) {
        // Another run's copies (another vocabulary) would put another character there.
        if (!weights || weights->vocabulary().tokens() != tokens) return {};
        const std::array<float, 2> at =
            m_view->map()->project(weights->params().embedding.E.value.col(id));
        trail.push_back({epoch, at[0], at[1]});
    }
    return trail;
}

QString EmbeddingMapPanel::describe(const ner::MappedCharacter& c) const {
    const QString where = c.type == "O" ? tr("%1 outside every entity").arg(percent(c.typeShare))
                                        : tr("%1 inside %2")
                                              .arg(percent(c.typeShare))
                                              .arg(QString::fromStdString(c.type).toHtmlEscaped());
    const std::vector<int> mapped = m_view->map()->ids();
    return tr("<b>%1</b> · %2 in the training sentences, %3<br>nearest: %4")
        .arg(QString::fromStdString(c.character).toHtmlEscaped())
        .arg(counted(c.count, tr("time"), tr("times")))
        .arg(where)
        .arg(neighbourList(ner::nearestCharacters(*m_mapped.tagger, c.id, kNeighbours, &mapped)));
}

void EmbeddingMapPanel::showTooltip(std::optional<int> id) {
    const std::shared_ptr<const ner::EmbeddingMap>& map = m_view->map();
    QString text;
    if (id && map && m_mapped.tagger)
        for (const ner::MappedCharacter& c : map->characters)
            if (c.id == *id) text = describe(c);
    if (text.isEmpty() && !pointerInside(m_view)) return;
    studio::showTooltip(m_view, QCursor::pos(), text);
}

} // namespace studio
