#pragma once
// "1 entity", "22 entities", the number in the user's locale. The studio ships no
// translation, and without one Qt's %n plural forms print "22 entity(ies)".
#include <QLocale>
#include <QString>

namespace studio {

inline QString counted(qint64 n, const QString& one, const QString& many) {
    return QLocale().toString(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

} // namespace studio
