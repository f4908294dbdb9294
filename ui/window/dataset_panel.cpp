#include "ui/window/dataset_panel.h"

#include "ui/state/counted.h"
#include "ui/state/dataset_session.h"
#include "ui/window/studio_style.h"

#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace studio {

namespace {
QLabel* valueLabel() {
    auto* label = new QLabel;
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

DatasetPanel::DatasetPanel(const DatasetSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_name = new QLabel;
    m_name->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 11pt;"));
    m_name->setWordWrap(true);
    layout->addWidget(m_name);

    auto* buttons = new QHBoxLayout;
    m_open = new QPushButton(tr("Open…"));
    m_open->setToolTip(tr("Open a JSONL, CoNLL or CLUENER file (or drop one on the window)"));
    m_builtin = new QPushButton(tr("Built-in corpus"));
    connect(m_open, &QPushButton::clicked, this, &DatasetPanel::openRequested);
    connect(m_builtin, &QPushButton::clicked, this, &DatasetPanel::builtinRequested);
    buttons->addWidget(m_open);
    buttons->addWidget(m_builtin);
    layout->addLayout(buttons);

    auto* form = new QFormLayout;
    form->setVerticalSpacing(2);
    m_splits = valueLabel();
    m_sentences = valueLabel();
    m_characters = valueLabel();
    m_outside = valueLabel();
    m_longest = valueLabel();
    m_scheme = valueLabel();
    m_skipped = valueLabel();
    form->addRow(tr("Sentences"), m_sentences);
    form->addRow(tr("Train / dev / test"), m_splits);
    form->addRow(tr("Characters"), m_characters);
    form->addRow(tr("Tagged O"), m_outside);
    form->addRow(tr("Longest"), m_longest);
    form->addRow(tr("Tag scheme"), m_scheme);
    form->addRow(tr("Skipped"), m_skipped);
    layout->addLayout(form);

    auto* heading = new QLabel(tr("Entities per type"));
    heading->setStyleSheet(QStringLiteral("font-weight: bold; margin-top: 4px;"));
    layout->addWidget(heading);
    m_entities = new QWidget;
    m_entityGrid = new QGridLayout(m_entities);
    m_entityGrid->setContentsMargins(0, 0, 0, 0);
    m_entityGrid->setVerticalSpacing(3);
    layout->addWidget(m_entities);
    layout->addStretch(1);
    refresh();
}

QString DatasetPanel::datasetName() const {
    return m_name->text();
}

void DatasetPanel::setOpenEnabled(bool enabled) {
    m_open->setEnabled(enabled);
    m_builtin->setEnabled(enabled);
}

void DatasetPanel::refresh() {
    m_name->setText(m_session->displayName());
    m_name->setToolTip(m_session->path());
    const QLocale locale;
    const auto dataset = m_session->data();
    const ner::DatasetStats& stats = m_session->stats();
    if (!dataset) {
        for (QLabel* l :
             {m_splits, m_sentences, m_characters, m_outside, m_longest, m_scheme, m_skipped})
            l->clear();
        rebuildEntityRows();
        return;
    }
    m_sentences->setText(locale.toString(stats.sentences));
    m_splits->setText(QStringLiteral("%1 / %2 / %3")
                          .arg(locale.toString(qlonglong(dataset->train.size())),
                               locale.toString(qlonglong(dataset->dev.size())),
                               locale.toString(qlonglong(dataset->test.size()))));
    m_characters->setText(locale.toString(qlonglong(stats.characters)));
    m_outside->setText(stats.characters > 0
                           ? QStringLiteral("%1 %").arg(100.0 * double(stats.outsideCharacters) /
                                                            double(stats.characters),
                                                        0, 'f', 1)
                           : QStringLiteral("–"));
    m_longest->setText(counted(stats.longestSentence, tr("character"), tr("characters")));
    m_scheme->setText(QString::fromStdString(ner::schemeName(dataset->scheme)).toUpper());
    m_skipped->setText(dataset->skipped > 0 ? counted(dataset->skipped, tr("record"), tr("records"))
                                            : tr("none"));
    rebuildEntityRows();
}

void DatasetPanel::rebuildEntityRows() {
    while (QLayoutItem* item = m_entityGrid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const ner::DatasetStats& stats = m_session->stats();
    if (!m_session->isLoaded()) return;
    int most = 1;
    for (const auto& [type, count] : stats.entitiesPerType)
        most = std::max(most, count);
    int row = 0;
    for (const auto& [type, count] : stats.entitiesPerType) {
        const QString name = QString::fromStdString(type);
        auto* chip = new QLabel(name);
        chip->setAlignment(Qt::AlignCenter);
        chip->setMinimumWidth(44);
        chip->setStyleSheet(QStringLiteral("background: %1; border-radius: 4px; padding: 1px 4px;"
                                           " font-weight: bold; font-size: 8pt;")
                                .arg(style::entityColor(name).name()));
        auto* bar = new QFrame;
        bar->setFixedHeight(10);
        bar->setFixedWidth(std::max(2, 110 * count / most));
        bar->setStyleSheet(QStringLiteral("background: %1; border-radius: 2px;")
                               .arg(style::entityColor(name).darker(115).name()));
        auto* number = new QLabel(QLocale().toString(count));
        number->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_entityGrid->addWidget(chip, row, 0);
        m_entityGrid->addWidget(bar, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
        m_entityGrid->addWidget(number, row, 2);
        ++row;
    }
    m_entityGrid->setColumnStretch(1, 1);
}

} // namespace studio
