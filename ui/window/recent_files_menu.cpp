#include "ui/window/recent_files_menu.h"

#include <QFileInfo>

namespace studio {

RecentFilesMenu::RecentFilesMenu(const QString& title, QWidget* parent) : QMenu(title, parent) {
    setFiles({});
}

void RecentFilesMenu::setFiles(const QStringList& files) {
    clear();
    int number = 1;
    for (const QString& path : files) {
        QAction* action =
            addAction(QStringLiteral("&%1  %2").arg(number++).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] { emit fileChosen(path); });
    }
    if (files.isEmpty()) addAction(tr("No recent files"))->setEnabled(false);
    addSeparator();
    QAction* clearAction = addAction(tr("Clear list"));
    clearAction->setEnabled(!files.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFilesMenu::clearRequested);
}

} // namespace studio
