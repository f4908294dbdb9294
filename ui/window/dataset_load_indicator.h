#pragma once
// The status-bar strip shown while a dataset file loads: its name, a progress bar and
// Cancel. Hidden the rest of the time. Reads only the session's signals.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace studio {

class DatasetSession;

class DatasetLoadIndicator : public QWidget {
    Q_OBJECT
public:
    explicit DatasetLoadIndicator(DatasetSession* session, QWidget* parent = nullptr);

    int percent() const; // what the bar shows, 0–100
    QString labelText() const;
    QPushButton* cancelButton() const { return m_cancel; }

private:
    DatasetSession* m_session;
    QLabel* m_label;
    QProgressBar* m_bar;
    QPushButton* m_cancel;
};

} // namespace studio
