#pragma once
// The key to the gate heatmap's colours: a gradient bar with its value range, sequential
// (0 … 1) for gates or diverging (−1 … 0 … 1) for candidate, cell and hidden values.
#include <QWidget>

namespace studio {

class ColorScaleLegend : public QWidget {
    Q_OBJECT
public:
    explicit ColorScaleLegend(QWidget* parent = nullptr);

    void setDiverging(bool diverging, const QString& caption);
    bool isDiverging() const { return m_diverging; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool m_diverging = true;
    QString m_caption;
};

} // namespace studio
