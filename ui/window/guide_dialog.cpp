#include "ui/window/guide_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace studio {

GuideDialog::GuideDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Guide to the studio"));
    auto* text = new QTextBrowser;
    text->setObjectName(QStringLiteral("guideText"));
    text->setOpenExternalLinks(true);
    text->setHtml(html());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    resize(620, 640);
}

QString GuideDialog::html() {
    return tr(
        "<h2>Guide to the studio</h2>"
        "<p>A hand-written LSTM (bidirectional unless you untick it; a CRF or softmax on top) "
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
        "the chosen layer, direction and quantity (gates i, f, o in 0…1; g, c, h around 0). "
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
        "<li><b>Gate saturation</b>: every unit's input, forget and output gates over the dev "
        "sentences, each a point at how often it is shut (below 0.1, →) and open (above 0.9, "
        "↑); <b>Shut below</b> changes the 0.1. A forget gate held open carries its unit's "
        "memory along the sentence. Click a point to follow that unit across the dataset.</li>"
        "<li><b>Character map</b>: the most frequent characters where their learnt embeddings "
        "lie (the two directions in which they differ most), coloured by the entity type each "
        "mostly sits in. Hover or click one for its nearest neighbours; step through the "
        "epochs to watch the types sort themselves.</li>"
        "<li><b>Hidden states</b>: the state the LSTM reaches at every character of the dev "
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

QString GuideDialog::aboutText() {
    return tr("<h3>LSTM NER Studio %1</h3>"
              "<p>A hand-written LSTM learns to find named entities in Chinese text while you "
              "watch it learn: every gate, forward and backward, written out in C++ with "
              "Eigen.</p>"
              "<p>MIT licence; the built-in corpus was written for this project and is under "
              "the same licence.</p>"
              "<p>Qt %2</p>")
        .arg(QApplication::applicationVersion().isEmpty() ? tr("(development build)")
                                                          : QApplication::applicationVersion(),
             QString::fromLatin1(qVersion()));
}

} // namespace studio
