#pragma once
// A horizontal header whose labels run bottom-to-top, so a confusion matrix with twenty tags
// fits a narrow dock: columns can be as narrow as a count instead of as wide as "B-COU".
#include <QHeaderView>

namespace studio {

class RotatedHeaderView : public QHeaderView {
    Q_OBJECT
public:
    explicit RotatedHeaderView(QWidget* parent = nullptr);
    QSize sizeHint() const override;

protected:
    void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override;
};

} // namespace studio
