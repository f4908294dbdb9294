#include "ui/state/sentence_error_model.h"

#include "ui/window/studio_style.h"

#include "engine/analysis/gold_standing.h"

namespace studio {

SentenceErrorModel::SentenceErrorModel(QObject* parent) : QAbstractTableModel(parent) {}

void SentenceErrorModel::setSentences(std::vector<ner::SentenceErrors> sentences) {
    beginResetModel();
    m_rows = std::move(sentences);
    endResetModel();
}

void SentenceErrorModel::clear() {
    setSentences({});
}

int SentenceErrorModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SentenceErrorModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SentenceErrorModel::errorListHtml(const ner::SentenceErrors& s) {
    QString html = QStringLiteral("<b>%1</b>")
                       .arg(QString::fromStdString(ner::joinCharacters(s.chars)).toHtmlEscaped());
    html += QStringLiteral("<table>");
    for (const ner::EntityError& e : s.errors)
        html += QStringLiteral("<tr><td><i>%1</i>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(QString::fromStdString(ner::entityErrorKindName(e.kind)),
                         QString::fromStdString(ner::describeEntityError(s, e)).toHtmlEscaped());
    html += QStringLiteral("</table>");
    return html;
}

QString SentenceErrorModel::goldStandingText(const ner::SentenceErrors& s) {
    if (!s.goldStanding) return {};
    const QString p = QString::fromStdString(ner::describeProbability(s.goldStanding->probability));
    const int r = s.goldStanding->reading;
    if (r < 0) return p;
    static const char* const ordinals[] = {"1st", "2nd", "3rd"};
    const QString rank =
        r < 3 ? QString::fromLatin1(ordinals[r]) : QStringLiteral("%1th").arg(r + 1);
    return QStringLiteral("%1 · %2").arg(rank, p);
}

QVariant SentenceErrorModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const ner::SentenceErrors& s = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Line:
            return s.line > 0 ? QVariant(s.line) : QVariant(s.index + 1);
        case Errors:
            return int(s.errors.size());
        case Gold:
            return goldStandingText(s);
        case Sentence:
            return QString::fromStdString(ner::joinCharacters(s.chars));
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Line:
            return s.line > 0 ? s.line : s.index + 1;
        case Errors: // a first click (ascending) puts the worst first, as the list starts
            return -int(s.errors.size());
        case Gold: // and the near misses, the most probable gold taggings, first
            return s.goldStanding ? -s.goldStanding->probability : 1.0;
        case Sentence:
            return QString::fromStdString(ner::joinCharacters(s.chars));
        }
        break;
    case Qt::ToolTipRole:
        return errorListHtml(s);
    case Qt::FontRole:
        if (index.column() == Sentence) return style::sentenceFont(13);
        break;
    case Qt::TextAlignmentRole:
        return index.column() == Sentence ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                          : int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant SentenceErrorModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Line:
            return tr("Line");
        case Errors:
            return tr("Errors");
        case Gold:
            return tr("Gold");
        case Sentence:
            return tr("Sentence");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Line:
            return tr("The sentence's line in its file");
        case Errors:
            return tr("Entities wrong: a wrong type or boundary counts once, as do a missed "
                      "and a spurious entity");
        case Gold:
            return tr(
                "Where the gold tagging stands with the model: which of its five most "
                "probable taggings it is (2nd: the runner-up, a near miss) and how "
                "probable the model finds it; far off where no rank is given. Weighed with the "
                "weights of the epoch the caption names. Click to put the near misses first");
        case Sentence:
            return tr("Click to inspect the sentence with its gold entities");
        }
    }
    return {};
}

} // namespace studio
