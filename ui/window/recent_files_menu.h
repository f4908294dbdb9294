#pragma once
// A "Recent …" submenu: the given files, newest first, with a Clear entry.
#include <QMenu>
#include <QStringList>

namespace studio {

class RecentFilesMenu : public QMenu {
    Q_OBJECT
public:
    explicit RecentFilesMenu(const QString& title, QWidget* parent = nullptr);
    void setFiles(const QStringList& files);

signals:
    void fileChosen(const QString& path);
    void clearRequested();
};

} // namespace studio
