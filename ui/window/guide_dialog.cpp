#include "ui/window/guide_dialog.h"

#include "engine/nn/cell_description.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QScrollBar>
#include <QStringList>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace studio {

namespace {
QString text(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

QString rangeText(ner::GateRange range) {
    switch (range) {
    case ner::GateRange::Unit:
        return GuideDialog::tr("a sigmoid gate, 0 … 1");
    case ner::GateRange::Signed:
        return GuideDialog::tr("tanh, −1 … 1");
    case ner::GateRange::Unbounded:
        return GuideDialog::tr("a state that may leave −1 … 1");
    }
    return {};
}

// The cell's equations one to a line, so that the page wraps around them instead of
// scrolling sideways: the description puts several on a line, three spaces apart.
QString equations(const ner::CellDescription& cell) {
    QStringList lines;
    for (const QString& line : QString::fromStdString(cell.equations).split(QLatin1Char('\n')))
        for (const QString& equation : line.split(QStringLiteral("   "), Qt::SkipEmptyParts))
            lines << QStringLiteral("<tt>%1</tt>").arg(equation.trimmed().toHtmlEscaped());
    return lines.join(QStringLiteral("<br>"));
}

// "The cell" section: the equations the cell computes and what each of its gates is.
QString cellSection(const ner::CellDescription& cell) {
    const QString title = QString::fromStdString(ner::cellTitle(cell.type));
    QString gates;
    for (const ner::GateDescriptor& g : cell.gates)
        gates += GuideDialog::tr("<li><b>%1</b> · %2: %3%4</li>")
                     .arg(text(g.symbol), text(g.name), rangeText(g.range),
                          g.memory ? GuideDialog::tr("; its memory: near 1 it carries the "
                                                     "unit's state on along the sentence")
                                   : QString());
    return GuideDialog::tr(
               "<h3>The cell: %1</h3>"
               "<p>Every recurrent layer of this model is made of %1 cells (the form's "
               "<b>Cell</b>: RNN, GRU or LSTM; <b>Linear layers between</b> puts an affine layer "
               "between two stacked layers). At each character t, each unit computes</p>"
               "<p style='margin-left:16px'>%2</p>"
               "<p>and the inspector shows, for every unit and character:</p><ul>%3</ul>")
        .arg(title, equations(cell), gates);
}

// "gates i, f, o in 0…1; g, c, h around 0" for the heatmap's entry.
QString scales(const ner::CellDescription& cell) {
    QStringList sigmoid, centred;
    for (const ner::GateDescriptor& g : cell.gates)
        (g.sigmoid() ? sigmoid : centred) << text(g.symbol);
    const QString around = GuideDialog::tr("%1 around 0").arg(centred.join(QStringLiteral(", ")));
    if (sigmoid.isEmpty()) return around;
    return GuideDialog::tr("gates %1 in 0…1; %2").arg(sigmoid.join(QStringLiteral(", ")), around);
}

// The saturation tab's entry: which gates it counts, or that a tanh RNN has none.
QString saturationEntry(const ner::CellDescription& cell) {
    const std::vector<int> sigmoid = cell.sigmoidGates();
    if (sigmoid.empty())
        return GuideDialog::tr(
            "<li><b>Gate saturation</b>: for a model with gates, how often each of its sigmoid "
            "gates is shut (below 0.1) and open (above 0.9) over the dev sentences. A tanh RNN "
            "has no sigmoid gates, and the tab says so.</li>");
    QStringList names;
    for (int g : sigmoid)
        names << text(cell.gates[size_t(g)].name);
    const std::optional<int> memory = cell.memoryGate();
    return GuideDialog::tr(
               "<li><b>Gate saturation</b>: every unit's %1 gates over the dev sentences, each a "
               "point at how often it is shut (below 0.1, →) and open (above 0.9, ↑); <b>Shut "
               "below</b> changes the 0.1. %2 Click a point to follow that unit across the "
               "dataset.</li>")
        .arg(names.join(QStringLiteral(", ")),
             memory ? GuideDialog::tr("Held open, the %1 gate carries its unit's memory along "
                                      "the sentence.")
                          .arg(text(cell.gates[size_t(*memory)].name))
                    : QString());
}
} // namespace

GuideDialog::GuideDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Guide to the studio"));
    m_text = new QTextBrowser;
    m_text->setObjectName(QStringLiteral("guideText"));
    m_text->setOpenExternalLinks(true);
    m_text->setHtml(html(m_cell));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    resize(620, 640);
}

void GuideDialog::setCell(ner::CellType cell) {
    if (cell == m_cell) return;
    m_cell = cell;
    const int scroll = m_text->verticalScrollBar()->value();
    m_text->setHtml(html(cell));
    m_text->verticalScrollBar()->setValue(scroll);
}

namespace {
// The page, with %1 for the cell's name, %2 for its section, %3 for the heatmap's scales and
// %4 for the saturation tab's entry.
QString pageTemplate() {
    return GuideDialog::tr(
        "<h2>Guide to the studio</h2>"
        "<p>A hand-written recurrent network of %1 cells (the form's <b>Cell</b>; bidirectional "
        "unless you untick it; a CRF or softmax on top) "
        "learns to tag entities in Chinese text, character by character. Everything below "
        "updates while it learns.</p>"

        "<h3>Train</h3>"
        "<p><b>Train</b> starts from the form's settings on the dataset shown on the left (the "
        "built-in corpus until you open another: File → Open dataset, or drop a file on the "
        "window; a large file loads with a progress bar and Cancel at the bottom right). "
        "<b>Pause</b> and <b>Resume</b> hold it between two batches; after <b>Stop</b>, "
        "<b>Train</b> continues the same run (or starts from its weights if you changed a "
        "setting); <b>Reset</b> forgets the model. The model's shape is locked while a model "
        "exists.</p>"
        "<p>The three charts show loss, token accuracy and entity F1 for the training and dev "
        "splits; the F1 chart's <b>per type</b> box draws each entity type's dev F1 instead, "
        "in its colour. The next run keeps the previous run's dev curves, dashed grey, and the "
        "status "
        "line names what changed. When a run completes, the best epoch's weights are scored "
        "once on the test split (Results, top right).</p>"
        "<p><b>Go back to an epoch</b>: click a chart at any epoch (0 is where the run "
        "started). A purple line marks it on every chart, and the inspector, all its tabs and "
        "the Results dock show that epoch's weights and scores, so you can watch a sentence, a "
        "unit or the gate saturation change as the model learns. With the chart focused, ← "
        "and → step through the epochs (Alt+← and Alt+→ anywhere; see the View menu); ▶ beside "
        "the sentence replays the run from its start; "
        "Esc, or <b>Latest weights</b>, goes back. Training, Save and Train are not "
        "affected.</p>"
        "%2"

        "<h3>Results</h3>"
        "<p>Per-type precision, recall and F1 on dev; the tag confusion matrix (rows gold, "
        "columns predicted); and <b>Wrong sentences</b>: click one to inspect it with its gold "
        "entities underlined, red where the model missed them. Its <b>Gold</b> column says "
        "how near the model came: 2nd is its runner-up reading, 1 in 48,000 nowhere near. "
        "Once a run has completed, "
        "<b>Table and matrix</b> switches the table and the matrix to the test split's "
        "scores; the wrong sentences stay dev's.</p>"

        "<h3>The inspector</h3>"
        "<p>Type any sentence: it is tagged with the weights named above it, during training "
        "too. Point at a character to see P(tag) for it (CRF marginals or softmax), and to "
        "mark it in every view below. A model with <b>Dictionary features</b> (the form's "
        "box, on by default) also reads, for each character, the words of jieba's dictionary "
        "that cover it and jieba's segmentation: the lines under P(tag) name them "
        "(北京大学 organisation, 北京 place). <b>Readings</b>, under the sentence, gives the "
        "probability of the whole tagging and the model's runner-up (075型 EQU, not 075型两栖 "
        "EQU); click it, or one of all five in the menu, to see it in place. For a labelled "
        "sentence it also says how probable the model finds the gold tagging.</p>"
        "<ul>"
        "<li><b>Gate activations</b>: one column per character, one row per hidden unit, for "
        "the chosen layer, direction and quantity (%3). "
        "<i>By variation</i> puts the units this sentence moves most on top. Click a row to "
        "follow that unit across the dataset.</li>"
        "<li><b>CRF transitions</b>: the learnt score of each tag following another; hatched "
        "cells are transitions the decoder may not use, the sentence's path is outlined.</li>"
        "<li><b>Influence</b>: row t is the tag chosen at character t, column s a character "
        "it read; darker means moving that character's embedding moves the evidence for the "
        "tag more (the gradient's size, each row scaled to its largest). On a labelled "
        "sentence a wrong tag is explained against the gold one: what made the model prefer "
        "its tag.</li>"
        "<li><b>Unit profile</b>: the clicked unit's mean inside each entity type "
        "and the dev sentences where it is highest and lowest; click a line number to inspect "
        "that sentence.</li>"
        "%4"
        "<li><b>Character map</b>: the most frequent characters where their learnt embeddings "
        "lie (the two directions in which they differ most), coloured by the entity type each "
        "mostly sits in. Hover or click one for its nearest neighbours; step through the "
        "epochs to watch the types sort themselves.</li>"
        "<li><b>Hidden states</b>: the state the recurrent layers reach at every character of "
        "the dev "
        "sentences, as a dot in the colour of the character's entity type, at the two "
        "directions in which the states differ most; the sentence above is drawn over them as "
        "a path. A tagger that tells the types apart has moved their states apart: the caption "
        "says how far, as the share of an entity character's nearest states that share its "
        "type. <i>Colour by errors</i> marks in red the characters the model puts in another "
        "type than the gold one. Click a dot to inspect its sentence.</li>"
        "</ul>"
        "<p>The <b>Learning dynamics</b> tab beside Results shows how fast each part of the "
        "model learns: each step's size as a share of that part's weights (near 1e-3, the "
        "dashed line, is the rule of thumb), or each part's gradient norm.</p>"

        "<h3>Files</h3>"
        "<p>File → Save model writes the best weights so far (an <i>.lner</i> file the "
        "command-line tool reads too); Save the chosen epoch's weights writes those of the "
        "epoch chosen on the charts instead. Metrics, gate activations, the influence map, the "
        "gate saturation and the character map export as CSV, each chart as PNG. A model opened "
        "from a file is scored on "
        "the dataset's dev split at once. Unsaved trained weights are never dropped without "
        "asking, and if the studio crashes, the next start offers to open them.</p>"

        "<h3>The command line</h3>"
        "<p><tt>lstm-ner train | eval | tag | inspect</tt> does the same work without the "
        "window; <tt>lstm-ner COMMAND --help</tt> lists every flag.</p>");
}
} // namespace

QString GuideDialog::html(ner::CellType type) {
    const ner::CellDescription& cell = ner::describeCell(type);
    return pageTemplate().arg(QString::fromStdString(ner::cellTitle(type)), cellSection(cell),
                              scales(cell), saturationEntry(cell));
}

QString GuideDialog::aboutText() {
    return tr("<h3>LSTM NER Studio %1</h3>"
              "<p>A hand-written recurrent network (a tanh RNN, a GRU or an LSTM) learns to find "
              "named entities in Chinese text while you watch it learn: every gate, forward and "
              "backward, written out in C++ with Eigen.</p>"
              "<p>MIT licence; the built-in corpus was written for this project and is under "
              "the same licence.</p>"
              "<p>Qt %2</p>")
        .arg(QApplication::applicationVersion().isEmpty() ? tr("(development build)")
                                                          : QApplication::applicationVersion(),
             QString::fromLatin1(qVersion()));
}

} // namespace studio
