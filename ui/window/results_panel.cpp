#include "ui/window/results_panel.h"

#include "engine/analysis/gold_standing.h"
#include "ui/inspector/rotated_header_view.h"
#include "ui/state/confusion_matrix_model.h"
#include "ui/state/entity_score_model.h"
#include "ui/state/sentence_error_model.h"
#include "ui/window/studio_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace studio {

namespace {
// Confusion cells are narrow: draw the count centred without the view's text margins,
// which would elide "1.3k" to "1…".
class CompactCellDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        const QVariant background = index.data(Qt::BackgroundRole);
        if (background.canConvert<QColor>())
            painter->fillRect(option.rect, background.value<QColor>());
        const QVariant foreground = index.data(Qt::ForegroundRole);
        painter->setPen(foreground.canConvert<QColor>() ? foreground.value<QColor>()
                                                        : option.palette.color(QPalette::Text));
        painter->setFont(option.font);
        painter->drawText(option.rect, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
    }
};
} // namespace

ResultsPanel::ResultsPanel(QWidget* parent)
    : QWidget(parent), m_scores(new EntityScoreModel(this)),
      m_confusion(new ConfusionMatrixModel(this)), m_errors(new SentenceErrorModel(this)) {
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_testSummary = new QLabel;
    m_testSummary->setObjectName(QStringLiteral("testSummary"));
    m_testSummary->setWordWrap(true);
    m_testSummary->setToolTip(tr("The test split is not used for training or for choosing "
                                 "the epoch: this is the score to quote"));

    m_scoreView = new QTableView;
    m_scoreView->setModel(m_scores);
    m_scoreView->verticalHeader()->hide();
    m_scoreView->verticalHeader()->setDefaultSectionSize(20);
    m_scoreView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_scoreView->horizontalHeader()->setSectionResizeMode(EntityScoreModel::Type,
                                                          QHeaderView::ResizeToContents);
    m_scoreView->setSelectionMode(QAbstractItemView::NoSelection);
    m_scoreView->setFocusPolicy(Qt::NoFocus);
    m_scoreView->setFont(style::uiFont(8.5));

    m_confusionView = new QTableView;
    m_confusionView->setHorizontalHeader(new RotatedHeaderView(m_confusionView));
    m_confusionView->setModel(m_confusion);
    m_confusionView->setItemDelegate(new CompactCellDelegate(m_confusionView));
    m_confusionView->setFont(style::uiFont(7.5));
    for (QHeaderView* header :
         {m_confusionView->horizontalHeader(), m_confusionView->verticalHeader()}) {
        header->setFont(style::uiFont(7.5));
        header->setMinimumSectionSize(18);
    }
    m_confusionView->horizontalHeader()->setDefaultSectionSize(24);
    m_confusionView->verticalHeader()->setDefaultSectionSize(18);
    m_confusionView->setSelectionMode(QAbstractItemView::NoSelection);
    m_confusionView->setFocusPolicy(Qt::NoFocus);
    m_confusionView->setShowGrid(true);
    m_confusionView->setGridStyle(Qt::DotLine);

    m_split = new QComboBox;
    m_split->setObjectName(QStringLiteral("resultsSplit"));
    m_split->addItem(tr("Dev set, the epoch above")); // the latest, or one chosen on a chart
    m_split->addItem(tr("Test set, best weights"));
    m_split->setToolTip(tr("Which evaluation the table and the confusion matrix show. The "
                           "test split is scored once, when a run completes."));
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] { refreshTables(); });
    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(new QLabel(tr("Table and matrix:")));
    splitRow->addWidget(m_split, 1);

    auto* scoresBox = new QWidget;
    auto* scoresLayout = new QVBoxLayout(scoresBox);
    scoresLayout->setContentsMargins(0, 0, 0, 0);
    scoresLayout->addWidget(m_summary);
    scoresLayout->addWidget(m_testSummary);
    scoresLayout->addLayout(splitRow);
    scoresLayout->addWidget(m_scoreView, 1);
    m_confusionTitle = new QLabel;
    m_confusionTitle->setWordWrap(true);
    auto* confusionBox = new QWidget;
    auto* confusionLayout = new QVBoxLayout(confusionBox);
    confusionLayout->setContentsMargins(0, 0, 0, 0);
    confusionLayout->addWidget(m_confusionTitle);
    confusionLayout->addWidget(m_confusionView, 1);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(confusionBox, tr("Confusion matrix"));
    m_tabs->addTab(buildErrorTab(), tr("Wrong sentences"));

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(scoresBox);
    split->addWidget(m_tabs);
    split->setSizes({230, 400});
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);
    clear();
}

QWidget* ResultsPanel::buildErrorTab() {
    m_errorSummary = new QLabel;
    m_errorSummary->setWordWrap(true);
    m_errorView = new QTableView;
    m_errorView->setObjectName(QStringLiteral("wrongSentences"));
    // Sorted through a proxy, so that a click on Gold brings the near misses to the top while
    // the list keeps its own order (most entity errors first) until someone asks.
    m_errorOrder = new QSortFilterProxyModel(this);
    m_errorOrder->setSourceModel(m_errors);
    m_errorOrder->setSortRole(SentenceErrorModel::SortRole);
    m_errorView->setModel(m_errorOrder);
    m_errorView->horizontalHeader()->setSortIndicator(-1, Qt::DescendingOrder);
    m_errorView->setSortingEnabled(true);
    m_errorView->verticalHeader()->hide();
    m_errorView->verticalHeader()->setDefaultSectionSize(22);
    m_errorView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_errorView->horizontalHeader()->setSectionResizeMode(SentenceErrorModel::Sentence,
                                                          QHeaderView::Stretch);
    m_errorView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_errorView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_errorView->setWordWrap(false);
    m_errorView->setTextElideMode(Qt::ElideRight);
    m_errorView->setFont(style::uiFont(8.5));
    // A click, the keyboard or activation: whichever row becomes current is inspected.
    connect(m_errorView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    emit sentenceChosen(referenceFrom(
                        m_errors->sentenceAt(m_errorOrder->mapToSource(current).row()), tr("dev")));
            });
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_errorSummary);
    layout->addWidget(m_errorView, 1);
    return box;
}

QString ResultsPanel::testSummaryText() const {
    return m_testSummary->isHidden() ? QString() : m_testSummary->text();
}

namespace {
// " [0.770, 0.848]": a score's 95 % interval, or nothing when there is none.
QString bracketed(const std::optional<ner::BootstrapIntervals>& intervals,
                  const ner::Interval ner::BootstrapIntervals::*which) {
    if (!intervals) return QString();
    const ner::Interval& i = (*intervals).*which;
    return QStringLiteral(" [%1, %2]").arg(i.low, 0, 'f', 3).arg(i.high, 0, 'f', 3);
}

QString intervalsTip(const std::optional<ner::BootstrapIntervals>& intervals,
                     const QString& split) {
    if (!intervals) return QString();
    return QObject::tr("In square brackets, 95 % intervals: the middle 95 % of the scores of %1 "
                       "resamples of the %2 sentences, drawn with replacement. A difference "
                       "inside them is one this %2 split cannot tell apart.")
        .arg(intervals->resamples)
        .arg(split);
}
} // namespace

void ResultsPanel::showTest(const ner::Evaluation& test, int bestEpoch,
                            const std::optional<ner::BootstrapIntervals>& intervals) {
    const ner::PrfScore& s = test.entities.overall;
    // With its 95 % interval when known: a test split of 80 sentences is a small sample.
    m_testSummary->setText(tr("<b>Test set</b>, best weights (epoch %1), scored once: F1 %2%3 "
                              "(P %4, R %5) · accuracy %6%7 · %8 sentences")
                               .arg(bestEpoch)
                               .arg(s.f1(), 0, 'f', 3)
                               .arg(bracketed(intervals, &ner::BootstrapIntervals::f1))
                               .arg(s.precision(), 0, 'f', 3)
                               .arg(s.recall(), 0, 'f', 3)
                               .arg(test.tokenAccuracy, 0, 'f', 3)
                               .arg(bracketed(intervals, &ner::BootstrapIntervals::tokenAccuracy))
                               .arg(test.sentences));
    m_testSummary->setToolTip(intervalsTip(intervals, tr("test")));
    m_testSummary->show();
    m_test = test;
    m_testEpoch = bestEpoch;
    m_split->setEnabled(true);
    refreshTables();
}

ResultsPanel::Split ResultsPanel::shownSplit() const {
    return m_split->currentIndex() == 1 && m_test ? Split::Test : Split::Dev;
}

void ResultsPanel::showSplit(Split split) {
    m_split->setCurrentIndex(split == Split::Test && m_test ? 1 : 0);
}

QString ResultsPanel::confusionTitleText() const {
    return m_confusionTitle->text();
}

void ResultsPanel::refreshTables() {
    const bool test = shownSplit() == Split::Test;
    const std::optional<ner::Evaluation>& shown = test ? m_test : m_dev;
    if (!shown) {
        m_scores->clear();
        m_confusion->clear();
        m_confusionTitle->setText(tr("<b>Confusion matrix</b> (rows gold, columns predicted)"));
        return;
    }
    m_scores->setReport(shown->entities);
    m_confusion->setMatrix(shown->tagNames, shown->confusion);
    m_confusionTitle->setText(
        test ? tr("<b>Confusion matrix</b>, test set, best weights (epoch %1): rows gold, "
                  "columns predicted")
                   .arg(m_testEpoch)
             : tr("<b>Confusion matrix</b>, dev set, %1: rows gold, columns predicted")
                   .arg(m_devWeights.toHtmlEscaped()));
}

QString ResultsPanel::summaryText() const {
    return m_summary->text();
}

QString ResultsPanel::errorSummaryText() const {
    return m_errorSummary->text();
}

void ResultsPanel::showSentenceErrors(const std::vector<ner::SentenceErrors>& wrong, long sentences,
                                      int epoch) {
    listSentenceErrors(wrong, sentences, tr("At epoch %1").arg(epoch));
}

void ResultsPanel::listSentenceErrors(const std::vector<ner::SentenceErrors>& wrong, long sentences,
                                      const QString& when) {
    m_errors->setSentences(wrong);
    m_tabs->setTabText(1, tr("Wrong sentences (%1)").arg(wrong.size()));
    if (sentences == 0) {
        m_errorSummary->setText(tr("This dataset has no dev split, so there is nothing to list."));
        return;
    }
    QString summary = tr("%1, %2 of %3 dev sentences have a wrong entity or character, most "
                         "entity errors first. Click one to inspect it with its gold entities.")
                          .arg(when)
                          .arg(wrong.size())
                          .arg(sentences);
    // Near misses against sure mistakes, as `lstm-ner eval --errors` counts them.
    if (const ner::NearMisses near = ner::countNearMisses(wrong); near.weighed > 0)
        summary += tr(" The gold tagging is the model's runner-up in %1 of them and among its "
                      "five most probable in %2.")
                       .arg(near.runnerUp)
                       .arg(near.listed);
    m_errorSummary->setText(summary);
}

void ResultsPanel::showEvaluation(const ner::Evaluation& dev, int epoch, double bestF1,
                                  int bestEpoch,
                                  const std::optional<ner::BootstrapIntervals>& intervals) {
    m_summary->setText(tr("<b>Dev set, epoch %1</b>: F1 %2%3 · accuracy %4%5 · best F1 %6 "
                          "(epoch %7)")
                           .arg(epoch)
                           .arg(dev.entities.overall.f1(), 0, 'f', 3)
                           .arg(bracketed(intervals, &ner::BootstrapIntervals::f1))
                           .arg(dev.tokenAccuracy, 0, 'f', 3)
                           .arg(bracketed(intervals, &ner::BootstrapIntervals::tokenAccuracy))
                           .arg(bestF1, 0, 'f', 3)
                           .arg(bestEpoch));
    m_summary->setToolTip(intervalsTip(intervals, tr("dev")));
    m_dev = dev;
    m_devWeights = tr("epoch %1").arg(epoch);
    refreshTables();
}

void ResultsPanel::showModelEvaluation(const ner::Evaluation& dev,
                                       const std::vector<ner::SentenceErrors>& wrong,
                                       const QString& model) {
    m_summary->setText(tr("<b>Dev set, model %1</b> as opened: F1 %2 · accuracy %3 · %4 "
                          "sentences")
                           .arg(model.toHtmlEscaped())
                           .arg(dev.entities.overall.f1(), 0, 'f', 3)
                           .arg(dev.tokenAccuracy, 0, 'f', 3)
                           .arg(dev.sentences));
    m_dev = dev;
    m_devWeights = tr("model %1").arg(model);
    refreshTables();
    listSentenceErrors(wrong, dev.sentences, tr("With model %1").arg(model));
}

void ResultsPanel::showScoring(const QString& model) {
    m_summary->setText(tr("<b>Dev set</b> · scoring model %1…").arg(model.toHtmlEscaped()));
}

void ResultsPanel::showModelUnscored(const QString& model, const QString& why) {
    clear();
    m_summary->setText(tr("<b>Dev set</b> · model %1 cannot be scored on this dataset: %2")
                           .arg(model.toHtmlEscaped(), why.toHtmlEscaped()));
}

void ResultsPanel::clear() {
    m_testSummary->clear();
    m_testSummary->hide();
    m_summary->setText(tr("<b>Dev set</b> · scores appear after the first epoch."));
    m_summary->setToolTip(QString());
    m_dev.reset();
    m_test.reset();
    {
        // Back to dev for the next run; no redraw per step, refreshTables() follows.
        const QSignalBlocker blocker(m_split);
        m_split->setCurrentIndex(0);
    }
    m_split->setEnabled(false);
    refreshTables();
    m_errors->clear();
    m_tabs->setTabText(1, tr("Wrong sentences"));
    m_errorSummary->setText(tr("The dev sentences the model gets wrong appear after the "
                               "first epoch."));
}

} // namespace studio
