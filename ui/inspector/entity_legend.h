#pragma once
// A row of the entity types the model knows, each on its colour: the key to EntitySpanView.
#include <QStringList>
#include <QWidget>

namespace studio {

class EntityLegend : public QWidget {
    Q_OBJECT
public:
    explicit EntityLegend(QWidget* parent = nullptr);

    // Types from tag names ("B-PER", "I-PER", "O", …), in order of first appearance.
    void setTagNames(const std::vector<std::string>& tagNames);
    QStringList types() const { return m_types; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QStringList m_types;
};

} // namespace studio
