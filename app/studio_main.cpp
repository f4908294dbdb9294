// lstm-ner-studio: the desktop studio. Everything it shows is built in ui/.
#include "ui/state/app_settings.h"
#include "ui/window/main_window.h"
#include "ui/window/studio_style.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QString::fromLatin1(studio::AppSettings::kOrganization));
    QApplication::setApplicationName(QString::fromLatin1(studio::AppSettings::kApplication));
    QApplication::setApplicationDisplayName(QStringLiteral("LSTM NER Studio"));
    QApplication::setApplicationVersion(QStringLiteral(NER_VERSION)); // Help → About
    // Fusion looks the same on every desktop, which keeps screenshots and docs truthful.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    // A default font with a CJK fallback, so Chinese never renders as boxes.
    QApplication::setFont(studio::style::uiFont());
    QApplication::setWindowIcon(studio::style::applicationIcon());

    QCommandLineParser args;
    args.setApplicationDescription(
        QStringLiteral("Train a hand-written LSTM tagger on Chinese NER data and look inside it."));
    args.addHelpOption();
    args.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral("a dataset (JSONL, CoNLL, CLUENER) or a model (*.lner) to open"),
        QStringLiteral("[file]"));
    args.process(app); // --help prints and exits; an unknown option is an error and exits

    studio::MainWindow window;
    window.show();
    const QStringList files = args.positionalArguments();
    if (!files.isEmpty()) window.openFile(files.front()); // errors show in a dialog
    return app.exec();
}
