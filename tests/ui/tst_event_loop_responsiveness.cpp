// The GUI thread stays responsive while the studio trains: the whole main window runs a
// training of several seconds on the built-in corpus, weight copies arrive, the inspector
// re-tags a changing sentence, and a 10 ms timer must never wait long for the event loop.
#include "studio_test_support.h"
#include "ui/inspector_panel.h"
#include "ui/main_window.h"
#include "ui/metrics_history.h"
#include "ui/training_controls.h"
#include "ui/training_session.h"

#include <QAction>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace studio;

class TestEventLoopResponsiveness : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void longestGapStaysShortWhileTraining();

private:
    QTemporaryDir m_settingsDir;
};

void TestEventLoopResponsiveness::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    test_support::isolateSettings(m_settingsDir.path());
}

void TestEventLoopResponsiveness::longestGapStaysShortWhileTraining() {
    constexpr int kLimitMs = 250;
    constexpr int kRunMs = 6000;

    MainWindow window;
    window.setErrorReporter(
        [](const QString& title, const QString& text) { QFAIL(qPrintable(title + ": " + text)); });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    TrainingSession* session = window.trainingSession();
    // The studio's defaults (128 hidden units, two threads): the load a user sees.
    QSignalSpy batches(session, &TrainingSession::batchProgress);
    QSignalSpy weights(session, &TrainingSession::weightsChanged);
    QSignalSpy analyses(window.inspector(), &InspectorPanel::analysisShown);

    QElapsedTimer clock;
    qint64 last = 0, longest = 0;
    long ticks = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        longest = std::max(longest, now - last);
        last = now;
        ++ticks;
    });
    // Someone typing: the sentence changes every 200 ms, so the inspector keeps re-tagging.
    const QStringList sentences{QStringLiteral("俄罗斯总统普京昨天抵达北京"),
                                QStringLiteral("外交部发言人在例行记者会上表示"),
                                QStringLiteral("中国愿同巴西深化新能源领域合作。")};
    int typed = 0;
    QTimer typist;
    typist.setInterval(200);
    connect(&typist, &QTimer::timeout, this,
            [&] { window.inspector()->setText(sentences[typed++ % sentences.size()]); });

    clock.start();
    ticker.start();
    typist.start();
    window.trainingControls()->trainAction()->trigger();
    QEventLoop loop;
    QTimer::singleShot(kRunMs, &loop, &QEventLoop::quit);
    loop.exec();
    ticker.stop();
    typist.stop();

    qInfo("longest gap between 10 ms timer ticks: %lld ms over %ld ticks in %d ms "
          "(%lld batches, %lld weight copies, %lld inspector analyses)",
          longest, ticks, kRunMs, qlonglong(batches.count()), qlonglong(weights.count()),
          qlonglong(analyses.count()));
    QVERIFY2(batches.count() > 20, "training must have made progress");
    QVERIFY2(weights.count() >= 3, "weight copies must have reached the window");
    QVERIFY2(analyses.count() >= 10, "the inspector must have re-tagged");
    QVERIFY2(longest < kLimitMs, qPrintable(QStringLiteral("longest gap %1 ms").arg(longest)));
    session->stop();
}

QTEST_MAIN(TestEventLoopResponsiveness)
#include "tst_event_loop_responsiveness.moc"
