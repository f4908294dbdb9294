#include "ui/window/dataset_load_indicator.h"

#include "ui/state/dataset_session.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace studio {

DatasetLoadIndicator::DatasetLoadIndicator(DatasetSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_label(new QLabel), m_bar(new QProgressBar),
      m_cancel(new QPushButton(tr("Cancel"))) {
    setObjectName(QStringLiteral("datasetLoadIndicator"));
    m_bar->setRange(0, 100);
    m_bar->setFixedWidth(160);
    m_bar->setMaximumHeight(16);
    m_cancel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_cancel->setToolTip(tr("Stop reading the file; the current dataset stays loaded"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->addStretch(); // the strip sits against the permanent labels on its right
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    hide();

    connect(m_cancel, &QPushButton::clicked, session, &DatasetSession::cancelLoad);
    connect(session, &DatasetSession::loadStarted, this, [this](const QString& path) {
        const QFileInfo file(path);
        m_label->setText(tr("Reading %1 (%2 MB)…")
                             .arg(file.fileName())
                             .arg(double(file.size()) / 1e6, 0, 'f', 1));
        m_bar->setValue(0);
        show();
    });
    connect(session, &DatasetSession::loadProgress, this,
            [this](double fraction) { m_bar->setValue(int(std::lround(100 * fraction))); });
    const auto hideWhenDone = [this] {
        if (!m_session->isLoading()) hide();
    };
    connect(session, &DatasetSession::datasetChanged, this, hideWhenDone);
    connect(session, &DatasetSession::loadCancelled, this, hideWhenDone);
    connect(session, &DatasetSession::loadFailed, this, hideWhenDone);
}

int DatasetLoadIndicator::percent() const {
    return m_bar->value();
}

QString DatasetLoadIndicator::labelText() const {
    return m_label->text();
}

} // namespace studio
