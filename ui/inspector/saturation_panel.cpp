#include "ui/inspector/saturation_panel.h"

#include "ui/charts/saturation_chart.h"
#include "ui/state/counted.h"
#include "ui/state/throttle.h"
#include "ui/state/weights_description.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace studio {

namespace {
// How many units' memory gates (an LSTM's forget gate, a GRU's update gate) are open (above
// 1 − threshold) at more than half the characters: the units that carry their memory along
// the sentence.
int mostlyOpen(const ner::GateSaturation& g) {
    int count = 0;
    for (float share : g.above)
        count += share > 0.5f;
    return count;
}
} // namespace

SaturationPanel::SaturationPanel(InspectionWorker* worker, QWidget* parent)
    : QWidget(parent), m_worker(worker), m_chart(new SaturationChart) {
    m_caption = new QLabel;
    m_caption->setWordWrap(true);
    m_caption->setMinimumWidth(100);
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setToolTip(
        tr("<p>One point per unit and gate: how often the gate is shut (below the threshold, "
           "0.1 unless you change it, →) and how often open (above 1 − threshold, ↑) over the "
           "sentences, for each sigmoid gate of the cell (an LSTM's input, forget and output "
           "gates; a GRU's reset and update gates). No point lies beyond the dashed "
           "diagonal, where a gate is always at one end or the other.</p><p>A forget gate (a "
           "GRU's update gate) held open carries the unit's memory along the sentence; one held "
           "shut forgets at every character; a gate at neither end acts on what it reads "
           "(Karpathy, Johnson &amp; Fei-Fei, <i>Visualizing and Understanding Recurrent "
           "Networks</i>, 2015). A tanh RNN has no sigmoid gates, so nothing to count.</p>"));
    m_layer = new QComboBox;
    m_layer->setObjectName(QStringLiteral("saturationLayer"));
    m_direction = new QComboBox;
    m_direction->setObjectName(QStringLiteral("saturationDirection"));
    m_direction->addItem(tr("Both"), int(SaturationChart::Directions::Both));
    m_direction->addItem(tr("Forward"), int(SaturationChart::Directions::Forward));
    m_direction->addItem(tr("Backward"), int(SaturationChart::Directions::Backward));
    m_threshold = new QDoubleSpinBox;
    m_threshold->setObjectName(QStringLiteral("saturationThreshold"));
    m_threshold->setRange(0.01, 0.49); // the engine takes 0 < t < 0.5: shut and open apart
    m_threshold->setSingleStep(0.01);
    m_threshold->setDecimals(2);
    m_threshold->setValue(0.1);
    m_threshold->setToolTip(tr("A gate counts as shut below this value and as open above one "
                               "minus it. 0.1 is the value of Karpathy, Johnson & Fei-Fei."));
    m_throttle = new Throttle(
        kIntervalMs, [this] { requestCounts(); }, this);

    auto* selectors = new QHBoxLayout;
    selectors->addWidget(new QLabel(tr("Layer")));
    selectors->addWidget(m_layer);
    selectors->addWidget(new QLabel(tr("Direction")));
    selectors->addWidget(m_direction);
    selectors->addWidget(new QLabel(tr("Shut below")));
    selectors->addWidget(m_threshold);
    selectors->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addLayout(selectors);
    m_noGates = new QLabel(
        tr("<p><b>A tanh RNN has no sigmoid gates</b>, so there is nothing to count here: each "
           "unit computes h = tanh(W<sub>x</sub> x + W<sub>h</sub> h + b) with no gate that "
           "could be shut or held open.</p><p>The Gate activations tab shows its h. Choose GRU "
           "or LSTM as the cell to see which units keep their memory.</p>"));
    m_noGates->setObjectName(QStringLiteral("saturationNoGates"));
    m_noGates->setWordWrap(true);
    m_noGates->setAlignment(Qt::AlignCenter);
    m_noGates->setMargin(24);
    m_plot = new QStackedWidget;
    m_plot->addWidget(m_chart);
    m_plot->addWidget(m_noGates);
    layout->addWidget(m_plot, 1);

    connect(m_worker, &InspectionWorker::saturationReady, this, &SaturationPanel::showCounts);
    connect(m_layer, &QComboBox::currentIndexChanged, this, &SaturationPanel::redraw);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &SaturationPanel::redraw);
    connect(m_chart, &SaturationChart::unitClicked, this, &SaturationPanel::unitChosen);
    // Counted again at once: the user is waiting for this one, unlike new training weights.
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this] {
        if (m_active) m_throttle->runNow();
    });
    redraw();
}

void SaturationPanel::setWeights(const WeightsSnapshot& weights) {
    m_weights = weights;
    if (m_active) m_throttle->request();
}

void SaturationPanel::setDataset(std::shared_ptr<const ner::TrainingData> dataset) {
    m_data = std::move(dataset);
    if (m_active) m_throttle->runNow();
}

void SaturationPanel::setActive(bool active) {
    m_active = active;
    if (active) m_throttle->runNow(); // brought up to date as it opens
}

float SaturationPanel::threshold() const {
    return float(m_threshold->value());
}

SaturationResult SaturationPanel::countsNow() const {
    if (m_shown.profile && m_shown.weights.tagger == m_weights.tagger && m_shown.data == m_data &&
        m_shown.profile->threshold == threshold())
        return m_shown;
    if (!m_weights.tagger || !m_data) {
        SaturationResult none;
        none.error = tr("Train or open a model first.");
        return none;
    }
    return InspectionWorker::measureNow({0, m_weights, m_data, 400, threshold()});
}

void SaturationPanel::requestCounts() {
    if (!m_active) return;
    if (!m_weights.tagger || !m_data) {
        m_shown = {};
        redraw();
        return;
    }
    m_worker->measureSaturation({++m_lastRequest, m_weights, m_data, 400, threshold()});
}

void SaturationPanel::showCounts(const SaturationResult& result) {
    if (result.id != m_lastRequest) return; // overtaken by a newer request
    m_shown = result;
    const int layers =
        result.profile && result.weights.tagger ? result.weights.tagger->config().layers : 0;
    if (m_layer->count() != layers) {
        const QSignalBlocker quiet(m_layer);
        const int keep = std::max(0, std::min(m_layer->currentIndex(), layers - 1));
        m_layer->clear();
        for (int l = 0; l < layers; ++l)
            m_layer->addItem(QString::number(l + 1));
        m_layer->setCurrentIndex(keep);
    }
    const bool bidirectional =
        result.weights.tagger && result.weights.tagger->config().bidirectional;
    m_direction->setEnabled(bidirectional);
    if (!bidirectional) {
        const QSignalBlocker quiet(m_direction);
        m_direction->setCurrentIndex(0); // Both: the forward units, all there are
    }
    redraw();
}

QString SaturationPanel::caption() const {
    return m_caption->text();
}

bool SaturationPanel::showsChart() const {
    return m_plot->currentWidget() == m_chart;
}

void SaturationPanel::redraw() {
    const auto& profile = m_shown.profile;
    const int layer = std::max(0, m_layer->currentIndex());
    m_chart->setProfile(profile, layer,
                        SaturationChart::Directions(m_direction->currentData().toInt()));
    const ner::CellDescription& cell =
        ner::describeCell(profile ? profile->cell : ner::CellType::Lstm);
    const bool gated = !cell.sigmoidGates().empty();
    m_plot->setCurrentWidget(gated ? static_cast<QWidget*>(m_chart) : m_noGates);
    if (!profile) {
        m_caption->setText(
            m_shown.error.isEmpty()
                ? tr("<span style='color:gray'>Train or open a model: each unit's sigmoid gates "
                     "(an LSTM's input, forget and output gates, a GRU's reset and update gates) "
                     "then appear as points, at how often each is shut (below %1, →) and open "
                     "(above %2, ↑) over the dev sentences.</span>")
                      .arg(threshold())
                      .arg(1 - threshold())
                : tr("Cannot count the gates: %1").arg(m_shown.error.toHtmlEscaped()));
        return;
    }
    const bool cut = profile->sentences < m_shown.splitSize;
    const QString counts = tr("<b>%1%2</b> (%3), %4")
                               .arg(cut ? tr("the first ") : QString())
                               .arg(counted(profile->sentences, m_shown.split + tr(" sentence"),
                                            m_shown.split + tr(" sentences")))
                               .arg(counted(profile->characters, tr("character"), tr("characters")))
                               .arg(weightsDescription(m_shown.weights).toHtmlEscaped());
    if (!gated) {
        m_caption->setText(counts + tr(" · a tanh RNN has no sigmoid gates to count"));
        return;
    }
    QStringList open;
    const std::optional<int> memory = cell.memoryGate();
    for (int direction = 0; direction < 2 && memory; ++direction)
        if (const ner::GateSaturation* g = profile->find(layer, direction, *memory))
            open << tr("%1 %2 of %3")
                        .arg(direction == 0 ? QStringLiteral("→") : QStringLiteral("←"))
                        .arg(mostlyOpen(*g))
                        .arg(g->above.size());
    m_caption->setText(
        counts +
        tr(" · %1 gates open (above %3) more than half the time: %2 · click a point to see its "
           "unit across the dataset")
            .arg(memory ? QString::fromStdString(cell.gates[size_t(*memory)].name) : tr("memory"))
            .arg(open.join(QStringLiteral(", ")))
            .arg(1 - profile->threshold));
}

} // namespace studio
