// The lstm-ner command line as a user meets it: exit codes, one-line errors, --json output,
// and a train → save → eval → tag → inspect round trip on a small slice of the built-in corpus.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <map>
#include <set>
#include <sys/types.h>

class TestCli : public QObject {
    Q_OBJECT

    struct Result {
        int exitCode;
        QByteArray out, err;
    };
    Result run(const QStringList& args, const QByteArray& input = {}) {
        QProcess p;
        p.start(QStringLiteral(LSTM_NER_BINARY), args);
        if (!input.isEmpty()) p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) qFatal("lstm-ner did not finish");
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QTemporaryDir m_dir;
    QString m_model;
    QString m_data;

    static void writeText(const QString& path, const char* text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    // The small model trainSaveEvalTagInspect trains and checks; the tests after it reuse
    // it, and train it the same way when run on their own (`tst_cli testName`).
    QStringList trainModelArguments() const {
        return {"train", "--data",      m_data, "--epochs", "8",     "--hidden",
                "16",    "--embedding", "16",   "--batch",  "4",     "--lr",
                "0.02",  "--threads",   "1",    "--json",   "--out", m_model};
    }
    // Starts a 10,000-epoch run of a small model that saves to `model` and returns its stdout
    // once it holds `marker` (or the run ended, or a minute passed without output).
    QByteArray trainUntil(QProcess& p, const QString& model, const QByteArray& marker) const {
        p.start(QStringLiteral(LSTM_NER_BINARY),
                {"train", "--data", m_data, "--epochs", "10000", "--hidden", "16", "--embedding",
                 "16", "--threads", "1", "--json", "--out", model});
        QByteArray out;
        if (!p.waitForStarted()) return out;
        while (!out.contains(marker) && p.waitForReadyRead(60000))
            out += p.readAllStandardOutput();
        return out;
    }
    bool ensureModel() {
        return QFile::exists(m_model) ||
               (run(trainModelArguments()).exitCode == 0 && QFile::exists(m_model));
    }
    // One CSV row's fields, RFC 4180: a quoted field may hold commas and doubled quotes.
    static QStringList csvFields(const QString& row) {
        QStringList fields{QString()};
        bool quoted = false;
        for (qsizetype k = 0; k < row.size(); ++k) {
            const QChar c = row[k];
            if (quoted && c == '"' && k + 1 < row.size() && row[k + 1] == '"')
                fields.back() += row[++k];
            else if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                fields << QString();
            else
                fields.back() += c;
        }
        return fields;
    }
    // "… 1234 parameters" in train's first line on stderr.
    static long parameterCount(const QByteArray& err) {
        const QRegularExpression re("(\\d+) parameters");
        const auto m = re.match(QString::fromUtf8(err));
        return m.hasMatch() ? m.captured(1).toLong() : -1;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_data = m_dir.filePath("small.jsonl");
        QFile f(m_data);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // Names after a title are people, words after 在 are places: learnable in a few epochs.
        const char* people[] = {"李明", "王芳", "张伟", "刘洋", "陈静", "杨磊"};
        const char* places[] = {"北京", "上海", "广州", "深圳", "成都", "武汉"};
        for (int k = 0; k < 36; ++k) {
            const QString per = QString::fromUtf8(people[k % 6]);
            const QString loc = QString::fromUtf8(places[(k / 6) % 6]);
            QStringList text, labels;
            auto add = [&](const QString& s, const QString& type) {
                for (int i = 0; i < s.size(); ++i) {
                    text << s.mid(i, 1);
                    labels << (type.isEmpty() ? "O" : (i == 0 ? "B-" : "I-") + type);
                }
            };
            add(QString::fromUtf8("主席"), {});
            add(per, "PER");
            add(QString::fromUtf8("昨天在"), {});
            add(loc, "LOC");
            add(QString::fromUtf8("发表讲话"), {});
            QJsonObject o{{"text", QJsonArray::fromStringList(text)},
                          {"labels", QJsonArray::fromStringList(labels)}};
            f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n");
        }
        f.close();
        m_model = m_dir.filePath("m.lner");
    }

    void helpOnEachCommand_data() {
        QTest::addColumn<QString>("command");
        for (const char* c : {"train", "eval", "tag", "inspect", "compare"})
            QTest::newRow(c) << c;
    }
    void helpOnEachCommand() {
        QFETCH(QString, command);
        const Result r = run({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("usage: lstm-ner " + command.toUtf8()));
    }

    void badFlagsAreOneLineErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
        QTest::newRow("unknown flag") << QStringList{"train", "--wings", "2"} << "--wings";
        QTest::newRow("bad number") << QStringList{"train", "--epochs", "many"} << "--epochs";
        QTest::newRow("out of range") << QStringList{"train", "--layers", "9"} << "1 to 4";
        QTest::newRow("bad choice") << QStringList{"train", "--output", "svm"} << "crf|softmax";
        QTest::newRow("bad decoding")
            << QStringList{"train", "--decoding", "greedy"} << "constrained|free";
        QTest::newRow("bad decoding override")
            << QStringList{"eval", "--decoding", "greedy"} << "saved|constrained|free";
        QTest::newRow("unit without data")
            << QStringList{"inspect", "--model", "m.lner", "--unit", "1:forward:0"} << "--data";
        QTest::newRow("bad unit") << QStringList{"inspect", "--model", "m.lner", "--unit",
                                                 "1:up:0",  "--data",  "x"}
                                  << "forward or backward";
        QTest::newRow("influence with unit")
            << QStringList{"inspect", "--model",     "m.lner", "--influence",
                           "--unit",  "1:forward:0", "--data", "x"}
            << "--unit takes no TEXT, --csv or --influence";
        QTest::newRow("saturation without data")
            << QStringList{"inspect", "--model", "m.lner", "--saturation"}
            << "--saturation needs --data FILE";
        QTest::newRow("saturation threshold 0.5")
            << QStringList{"inspect", "--model", "m.lner",      "--saturation",
                           "--data",  "x",       "--threshold", "0.5"}
            << "--threshold expects a number above 0 and below 0.5, not '0.5'";
        QTest::newRow("saturation threshold 0")
            << QStringList{"inspect", "--model", "m.lner",      "--saturation",
                           "--data",  "x",       "--threshold", "0"}
            << "--threshold expects a number above 0 and below 0.5, not '0'";
        QTest::newRow("saturation with text")
            << QStringList{"inspect", "--model", "m.lner", "--saturation", "--data", "x", "text"}
            << "--saturation takes no TEXT, --unit or --influence";
        QTest::newRow("saturation with unit")
            << QStringList{"inspect", "--model", "m.lner", "--saturation",
                           "--data",  "x",       "--unit", "1:forward:0"}
            << "--saturation takes no TEXT, --unit or --influence";
        QTest::newRow("saturation with influence")
            << QStringList{"inspect", "--model", "m.lner",     "--saturation",
                           "--data",  "x",       "--influence"}
            << "--saturation takes no TEXT, --unit or --influence";
        QTest::newRow("embedding map without data")
            << QStringList{"inspect", "--model", "m.lner", "--embedding-map"}
            << "--embedding-map needs --data FILE";
        QTest::newRow("embedding map with text")
            << QStringList{"inspect", "--model", "m.lner", "--embedding-map", "--data", "x", "text"}
            << "--embedding-map takes no TEXT, --unit, --saturation or --influence";
        QTest::newRow("embedding map with saturation")
            << QStringList{"inspect", "--model", "m.lner",      "--embedding-map",
                           "--data",  "x",       "--saturation"}
            << "--embedding-map takes no TEXT, --unit, --saturation or --influence";
        QTest::newRow("embedding map with unit")
            << QStringList{"inspect", "--model", "m.lner", "--embedding-map",
                           "--data",  "x",       "--unit", "1:forward:0"}
            << "--embedding-map takes no TEXT, --unit, --saturation or --influence";
        QTest::newRow("embedding map with influence")
            << QStringList{"inspect", "--model", "m.lner",     "--embedding-map",
                           "--data",  "x",       "--influence"}
            << "--embedding-map takes no TEXT, --unit, --saturation or --influence";
        QTest::newRow("embedding map of no characters")
            << QStringList{"inspect", "--model", "m.lner",       "--embedding-map",
                           "--data",  "x",       "--characters", "0"}
            << "--characters expects a whole number from 1 to 100000, not '0'";
        QTest::newRow("state map without data")
            << QStringList{"inspect", "--model", "m.lner", "--state-map"}
            << "--state-map needs --data FILE";
        QTest::newRow("state map with text")
            << QStringList{"inspect", "--model", "m.lner", "--state-map", "--data", "x", "text"}
            << "--state-map takes no TEXT, --unit, --saturation, --influence or --embedding-map";
        QTest::newRow("state map with embedding map")
            << QStringList{"inspect", "--model", "m.lner",         "--state-map",
                           "--data",  "x",       "--embedding-map"}
            << "--state-map takes no TEXT, --unit, --saturation, --influence or --embedding-map";
        QTest::newRow("layer without state map")
            << QStringList{"inspect", "--model", "m.lner", "--layer", "1", "text"}
            << "--layer goes with --state-map";
        QTest::newRow("characters without a map")
            << QStringList{"inspect", "--model", "m.lner", "--characters", "10", "text"}
            << "--characters goes with --embedding-map or --state-map";
        QTest::newRow("state map of layer 0")
            << QStringList{"inspect", "--model", "m.lner",  "--state-map",
                           "--data",  "x",       "--layer", "0"}
            << "--layer expects a whole number from 1 to 4, not '0'";
        QTest::newRow("state map of no number")
            << QStringList{"inspect", "--model", "m.lner",       "--state-map",
                           "--data",  "x",       "--characters", "2k"}
            << "--characters expects a whole number from 1 to 100000, not '2k'";
        QTest::newRow("missing value") << QStringList{"train", "--lr"} << "needs a value";
        QTest::newRow("rate out of range")
            << QStringList{"train", "--dropout", "1.5"} << "expects a number from 0 to 0.95";
        QTest::newRow("negative seed")
            << QStringList{"train", "--seed", "-1"} << "non-negative whole number, not '-1'";
        QTest::newRow("seed not a number")
            << QStringList{"train", "--seed", "7x"} << "non-negative whole number, not '7x'";
        QTest::newRow("value on a switch")
            << QStringList{"train", "--json=yes"} << "takes no value";
        QTest::newRow("inline value checked")
            << QStringList{"train", "--epochs=0"} << "--epochs expects";
        QTest::newRow("eval without model") << QStringList{"eval", "--data", "x"} << "--model";
        QTest::newRow("unknown cell")
            << QStringList{"train", "--cell", "transformer"} << "rnn|gru|lstm";
        QTest::newRow("linear layers between one layer")
            << QStringList{"train", "--linear-between"} << "--linear-between needs --layers 2";
        QTest::newRow("compare: unknown configuration")
            << QStringList{"compare", "--only", "bilstm,elmo"}
            << "no configuration \"elmo\" (there are rnn3, lstm1";
        QTest::newRow("compare: no architecture flags")
            << QStringList{"compare", "--cell", "gru"} << "--cell";
        QTest::newRow("compare: json and csv")
            << QStringList{"compare", "--json", "--csv"} << "--json or --csv";
        QTest::newRow("negative readings")
            << QStringList{"tag", "--model", "m.lner", "--readings", "-1"} << "--readings";
        QTest::newRow("too many readings")
            << QStringList{"tag", "--model", "m.lner", "--readings", "101"} << "0 to 100";
        QTest::newRow("negative bootstrap")
            << QStringList{"eval", "--model", "m.lner", "--data", "x", "--bootstrap", "-5"}
            << "--bootstrap";
    }
    void badFlagsAreOneLineErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
    }

    void inapplicableObjectiveIsANote() {
        // Each direction of a second bidirectional layer has read the next character already:
        // training goes on without the objective, and says so.
        const QString corpus = m_dir.filePath("note.jsonl");
        QFile f(corpus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int k = 0; k < 20; ++k)
            f.write("{\"text\": [\"李\", \"明\", \"好\"], \"labels\": [\"B-PER\", \"I-PER\", "
                    "\"O\"]}\n");
        f.close();
        const Result r = run({"train", "--data", corpus, "--layers", "2", "--lm-weight", "0.3",
                              "--epochs", "1", "--out", "", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("next-character objective (--lm-weight) is off"),
                 r.err.constData());
    }

    void corpusTooSmallToSplitSaysWhatItKept() {
        // One sentence: all of it trains, so there is no dev F1 to pick an epoch by and no
        // test set to score; the tool says so instead of printing scores of nothing.
        const QString one = m_dir.filePath("one.jsonl");
        QFile f(one);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "{\"text\": [\"李\", \"明\", \"好\"], \"labels\": [\"B-PER\", \"I-PER\", \"O\"]}\n");
        f.close();
        Result r = run({"train", "--data", one, "--epochs", "2", "--hidden", "8", "--embedding",
                        "8", "--out", ""});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("no dev sentences: kept epoch 2, the lowest training loss"),
                 r.err.constData());
        QVERIFY2(r.err.contains("no test sentences to score"), r.err.constData());
        QVERIFY2(!r.err.contains("dev P/R/F1"), r.err.constData());
        r = run({"train", "--data", one, "--epochs", "1", "--hidden", "8", "--embedding", "8",
                 "--out", "", "--json"});
        const QJsonObject summary =
            QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        QCOMPARE(summary["dev_sentences"].toInt(), 0);
        QCOMPARE(summary["test_sentences"].toInt(), 0);
        QCOMPARE(summary["best_epoch"].toInt(), 1);
    }

    void badDataNamesFileAndLine() {
        const QString bad = m_dir.filePath("bad.jsonl");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"text\": [\"a\"], \"labels\": [\"O\"]}\n{\"text\": [\"a\", \"b\"], \"labels\": "
                "[\"O\"]}\n");
        f.close();
        const Result r = run({"train", "--data", bad, "--epochs", "1", "--out", ""});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains((bad + ":2:").toUtf8()), r.err.constData());
    }

    void dictionaryFlag() {
        // A missing dictionary and a malformed one are one-line errors naming the file.
        Result r = run({"train", "--data", m_data, "--dictionary", "/nonexistent/dict.txt",
                        "--epochs", "1", "--out", ""});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/nonexistent/dict.txt: cannot open"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        const QString bad = m_dir.filePath("bad_dict.txt");
        writeText(bad, "北京 100 ns\n上海 lots ns\n");
        r = run({"train", "--data", m_data, "--dictionary", bad, "--epochs", "1", "--out", ""});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains((bad + ":2: frequency \"lots\"").toUtf8()), r.err.constData());

        // A small dictionary: the run says so, the model has 19 more embedding columns, and
        // the saved model carries the dictionary to tag with.
        const QString dict = m_dir.filePath("small_dict.txt");
        writeText(dict, "北京 100 ns\n上海 90 ns\n李明 5 nr\n发表讲话 3 l\n");
        const QString withDict = m_dir.filePath("dict.lner");
        const QStringList common{"train", "--data",      m_data, "--epochs",  "1", "--hidden",
                                 "8",     "--embedding", "8",    "--threads", "1"};
        r = run(common + QStringList{"--dictionary", dict, "--out", withDict});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("dictionary small_dict.txt (4 words)"), r.err.constData());
        const long with = parameterCount(r.err);
        r = run(common + QStringList{"--dictionary", "none", "--out", m_dir.filePath("none.lner")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(!r.err.contains("dictionary"), r.err.constData());
        QCOMPARE(with - parameterCount(r.err), 8L * 19); // ner::kLexiconFeatures columns of 8
        r = run(common + QStringList{"--dictionary", dict, "--out", "", "--json", "--epochs", "1"});
        const QJsonObject summary =
            QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        QCOMPARE(summary["dictionary"].toString(), QString("small_dict.txt"));
        QCOMPARE(summary["dictionary_words"].toInt(), 4);
        QFile::remove(dict); // the model file holds its own copy
        r = run({"tag", "--model", withDict, "--json", "主席李明昨天在北京发表讲话"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // inspect shows what the model read from it.
        r = run({"inspect", "--model", withDict, "李明在北京发表讲话"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject d = QJsonDocument::fromJson(r.out).object()["dictionary"].toObject();
        QCOMPARE(d["source"].toString(), QString("small_dict.txt"));
        const QJsonArray words = d["words"].toArray();
        QCOMPARE(words.size(), 3);
        QCOMPARE(words[1].toObject()["text"].toString(), QString("北京"));
        QCOMPARE(words[1].toObject()["class"].toString(), QString("place"));
        QCOMPARE(words[1].toObject()["begin"].toInt(), 3);
        QCOMPARE(d["segmentation"].toArray().size(), 4); // 李明 在 北京 发表讲话
        const QJsonArray features = d["features"].toArray();
        QCOMPARE(features.size(), 9);
        QCOMPARE(features[3].toArray().first().toString(), QString("B-place"));
        r = run({"inspect", "--model", m_dir.filePath("none.lner"), "李明"});
        QVERIFY(!QJsonDocument::fromJson(r.out).object().contains("dictionary"));
    }

    void skipBadReportsEachSkippedRecord() {
        // Twenty good records and one whose text and labels differ in length: --skip-bad
        // trains on the twenty and names the one it left out.
        const QString mixed = m_dir.filePath("mixed.jsonl");
        QFile f(mixed);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int k = 0; k < 20; ++k) {
            if (k == 7) f.write("{\"text\": [\"a\", \"b\"], \"labels\": [\"O\"]}\n");
            f.write("{\"text\": [\"李\", \"明\", \"好\"], \"labels\": [\"B-PER\", \"I-PER\", "
                    "\"O\"]}\n");
        }
        f.close();
        const Result r = run({"train", "--data", mixed, "--skip-bad", "--epochs", "1", "--hidden",
                              "8", "--embedding", "8", "--out", "", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("skipped 1 malformed record:\n"), r.err.constData());
        QVERIFY2(r.err.contains((mixed + ":8:").toUtf8()), r.err.constData());
    }

    void trainSaveEvalTagInspect() {
        Result r = run(trainModelArguments());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 8 + 1); // one per epoch and the summary
        const QJsonObject summary = QJsonDocument::fromJson(lines.last()).object();
        for (const char* key : {"test_f1", "test_precision", "test_recall", "test_token_accuracy",
                                "best_dev_f1", "train_tokens_per_second", "epochs"})
            QVERIFY2(summary.contains(key), key);
        QCOMPARE(summary["epochs"].toInt(), 8);
        QVERIFY(summary["test_f1"].toDouble() > 0.8);
        // Each epoch's line gives its dev scores' intervals too.
        const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
        const QJsonArray devF1 = first["dev_bootstrap"].toObject()["f1"].toArray();
        QVERIFY(devF1.size() == 2 && devF1[0].toDouble() <= first["dev_f1"].toDouble() &&
                first["dev_f1"].toDouble() <= devF1[1].toDouble());
        // And how fast each part of the model learnt in it: the epoch's mean gradient norm and
        // update-to-weight ratio per group, the groups of the model trained, in the trainer's
        // order. The steps shrink as Adam's learning rate decays and the loss falls.
        auto dynamics = [](const QByteArray& line) {
            std::map<QString, std::pair<double, double>> out;
            QStringList order;
            for (const auto& g : QJsonDocument::fromJson(line).object()["dynamics"].toArray()) {
                const QJsonObject o = g.toObject();
                order << o["group"].toString();
                out[o["group"].toString()] = {o["gradient"].toDouble(-1),
                                              o["update_ratio"].toDouble(-1)};
            }
            return std::make_pair(order, out);
        };
        const auto [groups, early] = dynamics(lines.first());
        QStringList expected{"embedding",  "dictionary", "lstm 1 forward", "lstm 1 backward",
                             "projection", "crf",        "next character"};
        if (summary["dictionary"].isNull()) expected.removeOne("dictionary"); // no jieba here
        QCOMPARE(groups, expected);
        const auto late = dynamics(lines[lines.size() - 2]).second;
        for (const QString& group : groups) {
            QVERIFY2(early.at(group).first > 0 && early.at(group).second > 0, qPrintable(group));
            QVERIFY2(late.at(group).second < early.at(group).second, qPrintable(group));
        }
        // With how far the test figures can be trusted: 1,000 resamples of its sentences.
        const QJsonObject intervals = summary["test_bootstrap"].toObject();
        QCOMPARE(intervals["resamples"].toInt(), 1000);
        for (const char* name : {"f1", "token_accuracy"}) {
            const QJsonArray i = intervals[name].toArray();
            const double point = summary[QString("test_") + name].toDouble();
            QVERIFY2(i.size() == 2 && i[0].toDouble() <= point && point <= i[1].toDouble(), name);
        }
        QVERIFY(QFile::exists(m_model));

        r = run({"eval", "--model", m_model, "--data", m_data, "--json"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).object()["eval_f1"].toDouble() > 0.8);

        r = run({"tag", "--model", m_model, "--json"},
                QString::fromUtf8("主席王芳昨天在成都发表讲话\n").toUtf8());
        QCOMPARE(r.exitCode, 0);
        const QJsonArray entities = QJsonDocument::fromJson(r.out).object()["entities"].toArray();
        QCOMPARE(entities.size(), 2);
        QCOMPARE(entities[0].toObject()["text"].toString(), QString::fromUtf8("王芳"));
        QCOMPARE(entities[0].toObject()["type"].toString(), QString("PER"));
        QCOMPARE(entities[1].toObject()["type"].toString(), QString("LOC"));

        r = run({"inspect", "--model", m_model, QString::fromUtf8("主席在北京")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject inspect = QJsonDocument::fromJson(r.out).object();
        const QJsonArray gates = inspect["gates"].toArray();
        QCOMPARE(gates.size(), 2); // one layer, two directions
        const QJsonArray forget = gates[0].toObject()["f"].toArray();
        QCOMPARE(forget.size(), 5);               // positions
        QCOMPARE(forget[0].toArray().size(), 16); // hidden units
        for (const auto& v : forget[0].toArray())
            QVERIFY(v.toDouble() > 0 && v.toDouble() < 1);
        // The CRF's transitions, and the predicted path uses only allowed ones.
        const QJsonObject crf = inspect["crf"].toObject();
        QCOMPARE(crf["constraint"].toString(), QStringLiteral("BIOES"));
        const QJsonArray names = inspect["tag_names"].toArray();
        const QJsonArray allowed = crf["allowed"].toArray();
        QCOMPARE(crf["transitions"].toArray().size(), names.size());
        QCOMPARE(allowed.size(), names.size());
        QCOMPARE(allowed[0].toArray().size(), names.size());
        QCOMPARE(crf["start"].toArray().size(), names.size());
        int forbidden = 0;
        for (const auto& row : allowed)
            for (const auto& cell : row.toArray())
                forbidden += cell.toBool() ? 0 : 1;
        QVERIFY(forbidden > 0);
        const QJsonArray tags = inspect["tags"].toArray();
        auto id = [&](const QJsonValue& tag) {
            for (qsizetype k = 0; k < names.size(); ++k)
                if (names[k] == tag) return int(k);
            return -1;
        };
        QVERIFY(crf["start_allowed"].toArray()[id(tags.first())].toBool());
        QVERIFY(crf["end_allowed"].toArray()[id(tags.last())].toBool());
        for (qsizetype t = 1; t < tags.size(); ++t)
            QVERIFY(allowed[id(tags[t - 1])].toArray()[id(tags[t])].toBool());

        // --decoding overrides what the file says, for this command only.
        r = run(
            {"inspect", "--model", m_model, "--decoding", "free", QString::fromUtf8("主席在北京")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject freeCrf = QJsonDocument::fromJson(r.out).object()["crf"].toObject();
        QCOMPARE(freeCrf["constraint"].toString(), QString());
        for (const auto& row : freeCrf["allowed"].toArray())
            for (const auto& cell : row.toArray())
                QVERIFY(cell.toBool());
        r = run({"eval", "--model", m_model, "--data", m_data, "--decoding", "free", "--json"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).object().contains("eval_f1"));
        r = run({"inspect", "--model", m_model, QString::fromUtf8("主席在北京")});
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["crf"].toObject()["constraint"].toString(),
                 QStringLiteral("BIOES"));

        // --unit: one unit over every sentence of the file, as the studio's unit tab.
        r = run({"inspect", "--model", m_model, "--unit", "1:backward:3", "--gate", "c", "--data",
                 m_data, "--top", "2"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject profile = QJsonDocument::fromJson(r.out).object();
        const QJsonObject unit = profile["unit"].toObject();
        QCOMPARE(unit["layer"].toInt(), 1);
        QCOMPARE(unit["direction"].toString(), QStringLiteral("backward"));
        QCOMPARE(unit["gate"].toString(), QStringLiteral("c"));
        QCOMPARE(unit["unit"].toInt(), 3);
        QCOMPARE(profile["sentences"].toInt(), 36);
        QCOMPARE(profile["characters"].toInt(), 36 * 13);
        QMap<QString, int> perType; // 主席 王芳 昨天在 成都 发表讲话: 9 O, 2 PER, 2 LOC a line
        for (const auto& t : profile["by_type"].toArray())
            perType[t.toObject()["type"].toString()] = t.toObject()["characters"].toInt();
        QCOMPARE(perType, (QMap<QString, int>{{"O", 36 * 9}, {"PER", 72}, {"LOC", 72}}));
        for (const char* side : {"highest", "lowest"}) {
            const QJsonArray moments = profile[side].toArray();
            QCOMPARE(moments.size(), 2);
            for (const auto& m : moments) {
                const QJsonObject o = m.toObject();
                QVERIFY(o["line"].toInt() >= 1 && o["line"].toInt() <= 36);
                QCOMPARE(o["text"].toString().mid(o["position"].toInt(), 1), o["char"].toString());
            }
        }
        QVERIFY(profile["highest"].toArray()[0].toObject()["value"].toDouble() >
                profile["lowest"].toArray()[0].toObject()["value"].toDouble());
        r = run({"inspect", "--model", m_model, "--unit", "1:backward:16", "--data", m_data});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no unit 16 in layer 1, backward"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);

        // --influence: a T × T map of non-negative gradient norms; every decision depends on
        // its own character; without the flag there is no map.
        r = run({"inspect", "--model", m_model, "--influence", QString::fromUtf8("主席在北京")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray map = QJsonDocument::fromJson(r.out).object()["influence"].toArray();
        QCOMPARE(map.size(), 5);
        for (qsizetype t = 0; t < map.size(); ++t) {
            const QJsonArray row = map[t].toArray();
            QCOMPARE(row.size(), 5);
            for (const auto& v : row)
                QVERIFY(v.toDouble() >= 0);
            QVERIFY(row[t].toDouble() > 0);
        }
        QVERIFY(!inspect.contains("influence"));
        // --csv with --influence: the same map, one row per (decision, character read).
        r = run({"inspect", "--model", m_model, "--influence", "--csv",
                 QString::fromUtf8("主席在北京")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> rows = r.out.trimmed().split('\n');
        QCOMPARE(rows.front(), QByteArray("position,char,tag,against,source,source_char,value"));
        QCOMPARE(rows.size(), 1 + 25);
        for (qsizetype k = 1; k < rows.size(); ++k) {
            const QList<QByteArray> f = rows[k].split(',');
            QCOMPARE(f.size(), 7);
            const int t = f[0].toInt(), s = f[4].toInt();
            QCOMPARE(int(k - 1), t * 5 + s);
            QCOMPARE(QString::fromUtf8(f[1]), QString(QString::fromUtf8("主席在北京")[t]));
            QCOMPARE(QString::fromUtf8(f[2]), inspect["tags"].toArray()[t].toString());
            QVERIFY(f[3].isEmpty()); // typed text: no gold to explain against
            QVERIFY(std::abs(f[6].toDouble() - map[t].toArray()[s].toDouble()) <=
                    1e-6 * std::max(1.0, std::abs(f[6].toDouble())));
        }
        const QString tooLong(1001, QChar(0x4E2D));
        r = run({"inspect", "--model", m_model, "--influence", tooLong});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("at most 1000 characters; the text has 1001"), r.err.constData());
    }

    void inspectSaturationJson() {
        QVERIFY(ensureModel());
        // The model's shape from the gate dump of one sentence: a trace per layer and direction.
        Result r = run({"inspect", "--model", m_model, QString::fromUtf8("主席在北京")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray traces = QJsonDocument::fromJson(r.out).object()["gates"].toArray();
        QCOMPARE(traces.size(), 2); // one layer, two directions
        QSet<QString> expected;     // the dump numbers layers from 0, --saturation from 1
        for (const auto& t : traces)
            for (const char* gate : {"i", "f", "o"})
                expected << QString("%1:%2:%3")
                                .arg(t.toObject()["layer"].toInt() + 1)
                                .arg(t.toObject()["direction"].toString(), gate);
        const int hidden = traces[0].toObject()["hidden"].toInt();
        QCOMPARE(hidden, 16); // trainModelArguments' --hidden
        // The file's records and characters, counted here rather than by the tool.
        QFile data(m_data);
        QVERIFY(data.open(QIODevice::ReadOnly));
        int records = 0;
        qint64 characters = 0;
        for (const QByteArray& line : data.readAll().split('\n'))
            if (!line.trimmed().isEmpty()) {
                ++records;
                characters += QJsonDocument::fromJson(line).object()["text"].toArray().size();
            }

        r = run({"inspect", "--model", m_model, "--saturation", "--data", m_data});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.count('\n'), 1); // one object
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out["threshold"].toDouble(), 0.1);
        QCOMPARE(out["sentences"].toInt(), records);
        QCOMPARE(out["characters"].toInteger(), characters);
        const QJsonArray gates = out["gates"].toArray();
        QCOMPARE(gates.size(), traces.size() * 3);
        QSet<QString> seen;
        for (const auto& entry : gates) {
            const QJsonObject g = entry.toObject();
            seen << QString("%1:%2:%3")
                        .arg(g["layer"].toInt())
                        .arg(g["direction"].toString(), g["gate"].toString());
            const QJsonArray below = g["below"].toArray(), above = g["above"].toArray();
            QCOMPARE(below.size(), hidden);
            QCOMPARE(above.size(), hidden);
            double sumBelow = 0, sumAbove = 0;
            for (int u = 0; u < hidden; ++u) {
                const double b = below[u].toDouble(-1), a = above[u].toDouble(-1);
                QVERIFY2(b >= 0 && b <= 1 && a >= 0 && a <= 1, qPrintable(QString::number(u)));
                QVERIFY(b + a <= 1 + 1e-6);
                // A fraction of the characters: a whole number of them.
                QVERIFY(std::abs(b * double(characters) - std::round(b * double(characters))) <
                        1e-3);
                sumBelow += b;
                sumAbove += a;
            }
            QVERIFY(std::abs(g["mean_below"].toDouble(-1) - sumBelow / hidden) < 1e-9);
            QVERIFY(std::abs(g["mean_above"].toDouble(-1) - sumAbove / hidden) < 1e-9);
        }
        QCOMPARE(seen, expected); // each layer, direction and gate once
    }

    void inspectSaturationCountsTheGateValues() {
        // On a one-sentence file the fractions can be counted from inspect's own gate dump of
        // that sentence: characters where the gate is below t, and above 1 - t, of five.
        QVERIFY(ensureModel());
        const QString one = m_dir.filePath("saturation_one.jsonl");
        writeText(one,
                  R"({"text":["主","席","在","北","京"],"labels":["O","O","O","B-LOC","I-LOC"]})"
                  "\n");
        Result r = run({"inspect", "--model", m_model, QString::fromUtf8("主席在北京")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray traces = QJsonDocument::fromJson(r.out).object()["gates"].toArray();
        for (const float threshold : {0.1f, 0.4f}) {
            const QString given = QString::number(double(threshold));
            r = run({"inspect", "--model", m_model, "--saturation", "--data", one, "--threshold",
                     given});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QJsonObject out = QJsonDocument::fromJson(r.out).object();
            QCOMPARE(out["threshold"].toDouble(), given.toDouble());
            QCOMPARE(out["characters"].toInt(), 5);
            int compared = 0;
            for (const auto& entry : out["gates"].toArray()) {
                const QJsonObject g = entry.toObject();
                for (const auto& t : traces) {
                    const QJsonObject trace = t.toObject();
                    if (trace["layer"].toInt() + 1 != g["layer"].toInt() ||
                        trace["direction"] != g["direction"])
                        continue;
                    const QJsonArray rows = trace[g["gate"].toString()].toArray(); // [t][unit]
                    QCOMPARE(rows.size(), 5);
                    for (int u = 0; u < g["below"].toArray().size(); ++u) {
                        int below = 0, above = 0;
                        for (const auto& row : rows) {
                            const float v = float(row.toArray()[u].toDouble());
                            below += v < threshold;
                            above += v > 1.0f - threshold;
                        }
                        QVERIFY(std::abs(g["below"].toArray()[u].toDouble() - below / 5.0) < 1e-6);
                        QVERIFY(std::abs(g["above"].toArray()[u].toDouble() - above / 5.0) < 1e-6);
                        ++compared;
                    }
                }
            }
            QCOMPARE(compared, int(traces.size()) * 3 * 16);
        }
    }

    void inspectSaturationCsvMatchesJson() {
        QVERIFY(ensureModel());
        const QStringList args{"inspect",     "--model", m_model,  "--saturation",
                               "--threshold", "0.2",     "--data", m_data};
        Result r = run(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QHash<QString, QPair<float, float>> json; // "layer,direction,gate,unit" → below, above
        const QJsonArray gates = QJsonDocument::fromJson(r.out).object()["gates"].toArray();
        for (const auto& entry : gates) {
            const QJsonObject g = entry.toObject();
            const QJsonArray below = g["below"].toArray(), above = g["above"].toArray();
            for (int u = 0; u < below.size(); ++u)
                json[QString("%1,%2,%3,%4")
                         .arg(g["layer"].toInt())
                         .arg(g["direction"].toString(), g["gate"].toString())
                         .arg(u)] = {float(below[u].toDouble()), float(above[u].toDouble())};
        }
        QCOMPARE(json.size(), 2 * 3 * 16); // layers × directions × gates × hidden

        r = run(args + QStringList{"--csv"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> rows = r.out.trimmed().split('\n');
        QCOMPARE(rows.front(), QByteArray("layer,direction,gate,unit,below,above,threshold"));
        QCOMPARE(rows.size(), 1 + json.size());
        QSet<QString> seen;
        for (qsizetype k = 1; k < rows.size(); ++k) {
            const QList<QByteArray> f = rows[k].split(',');
            QCOMPARE(f.size(), 7);
            QCOMPARE(f[6], QByteArray("0.2")); // --threshold, on every row
            const QString unitKey = QString::fromUtf8(f.mid(0, 4).join(','));
            QVERIFY2(json.contains(unitKey), rows[k].constData());
            QVERIFY2(!seen.contains(unitKey), rows[k].constData());
            seen << unitKey;
            bool ok1 = false, ok2 = false;
            QCOMPARE(f[4].toFloat(&ok1), json[unitKey].first); // the same float, both ways
            QCOMPARE(f[5].toFloat(&ok2), json[unitKey].second);
            QVERIFY(ok1 && ok2);
        }
    }

    void inspectEmbeddingMapCountsTheFile() {
        QVERIFY(ensureModel());
        // Each character's occurrences and entity types in the file, counted here from the
        // labels: the type is the label's after its B-/I- prefix.
        QHash<QString, int> counts;
        QHash<QString, QHash<QString, int>> byType;
        QSet<QString> fileTypes{"O"};
        int records = 0;
        QFile data(m_data);
        QVERIFY(data.open(QIODevice::ReadOnly));
        for (const QByteArray& line : data.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            ++records;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const QJsonArray text = o["text"].toArray(), labels = o["labels"].toArray();
            for (qsizetype k = 0; k < text.size(); ++k) {
                const QString label = labels[k].toString();
                const QString type = label == "O" ? label : label.mid(2);
                fileTypes << type;
                ++counts[text[k].toString()];
                ++byType[text[k].toString()][type];
            }
        }
        // In every record, so more frequent than any name or place and surely in the
        // vocabulary, whatever part of the file the model was trained on.
        QSet<QString> everywhere;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            if (it.value() == records) everywhere << it.key();
        QCOMPARE(everywhere.size(), 9); // 主席, 昨天在, 发表讲话

        const QStringList args{"inspect", "--model", m_model,        "--embedding-map",
                               "--data",  m_data,    "--characters", "20"};
        Result r = run(args + QStringList{"--csv"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList rows = QString::fromUtf8(r.out).trimmed().split('\n');
        QCOMPARE(rows.front(), QStringLiteral("char,count,type,type_share,x,y,neighbours"));
        QVERIFY2(rows.size() - 1 >= everywhere.size() && rows.size() - 1 <= 20,
                 qPrintable(QString::number(rows.size())));
        QStringList chars;
        QList<QStringList> csv;
        for (qsizetype k = 1; k < rows.size(); ++k) {
            const QStringList f = csvFields(rows[k]);
            QCOMPARE(f.size(), 7);
            const QString ch = f[0];
            QVERIFY2(counts.contains(ch), qPrintable(rows[k]));
            QVERIFY2(!chars.contains(ch), qPrintable(rows[k]));
            QCOMPARE(f[1].toInt(), counts[ch]); // the whole file, not just the training part
            if (k > 1) QVERIFY2(f[1].toInt() <= csv.back()[1].toInt(), qPrintable(rows[k]));
            if (k <= everywhere.size()) QVERIFY2(everywhere.contains(ch), qPrintable(rows[k]));
            QVERIFY2(fileTypes.contains(f[2]), qPrintable(rows[k]));
            int most = 0; // the file gives each character one type: it is that type's
            for (int n : byType[ch])
                most = std::max(most, n);
            QCOMPARE(byType[ch].value(f[2]), most);
            QCOMPARE(f[3].toFloat(), float(double(most) / counts[ch]));
            bool okX = false, okY = false;
            f[4].toFloat(&okX);
            f[5].toFloat(&okY);
            QVERIFY(okX && okY);
            const QStringList neighbours = f[6].split(' ');
            QCOMPARE(neighbours.size(), 8); // the map has at least 9 characters
            QVERIFY(!neighbours.contains(ch));
            chars << ch;
            csv << f;
        }
        // Neighbours are looked for among the mapped characters only.
        for (const QStringList& f : csv)
            for (const QString& n : f[6].split(' '))
                QVERIFY2(chars.contains(n), qPrintable(f.join(',')));

        r = run(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.count('\n'), 1); // one object
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out["characters"].toInt(), int(chars.size()));
        const QJsonArray explained = out["explained"].toArray();
        QCOMPARE(explained.size(), 2);
        const double ex = explained[0].toDouble(-1), ey = explained[1].toDouble(-1);
        QVERIFY2(ex >= ey && ey >= 0 && ex + ey <= 1 + 1e-6, qPrintable(QString::number(ex)));
        const QJsonObject agreement = out["type_agreement"].toObject();
        QCOMPARE(agreement["neighbours"].toInt(), 8);
        int entityCharacters = 0;
        for (const QStringList& f : csv)
            entityCharacters += f[2] != "O";
        QCOMPARE(agreement["characters"].toInt(), entityCharacters);
        for (const char* share : {"share", "chance"}) {
            const double v = agreement[share].toDouble(-1);
            QVERIFY2(v >= 0 && v <= 1, share);
        }
        const QJsonArray map = out["map"].toArray();
        QCOMPARE(map.size(), chars.size());
        for (qsizetype k = 0; k < map.size(); ++k) { // the same characters in the same order
            const QJsonObject c = map[k].toObject();
            const QStringList& f = csv[k];
            QCOMPARE(c["char"].toString(), chars[k]);
            QCOMPARE(c["count"].toInt(), f[1].toInt());
            QCOMPARE(c["type"].toString(), f[2]);
            QCOMPARE(float(c["type_share"].toDouble()), f[3].toFloat());
            QCOMPARE(float(c["x"].toDouble()), f[4].toFloat());
            QCOMPARE(float(c["y"].toDouble()), f[5].toFloat());
            QStringList neighbours;
            for (const auto& n : c["neighbours"].toArray())
                neighbours << n.toString();
            QCOMPARE(neighbours.join(' '), f[6]);
        }
    }

    void inspectStateMapFollowsTheFile() {
        QVERIFY(ensureModel());
        // The file's sentences, with each character's type read from its label here.
        QList<QStringList> chars, types;
        QFile data(m_data);
        QVERIFY(data.open(QIODevice::ReadOnly));
        for (const QByteArray& line : data.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const QJsonArray text = o["text"].toArray(), labels = o["labels"].toArray();
            chars.append(QStringList());
            types.append(QStringList());
            for (qsizetype k = 0; k < text.size(); ++k) {
                const QString label = labels[k].toString();
                chars.back() << text[k].toString();
                types.back() << (label == "O" ? label : label.mid(2));
            }
        }
        QVERIFY(chars.size() > 3);
        // Room for the first three sentences and part of the fourth: whole sentences only.
        const int limit = int(chars[0].size() + chars[1].size() + chars[2].size() + 1);
        QVERIFY(chars[3].size() > 1);
        const QStringList args{"inspect", "--model", m_model,        "--state-map",
                               "--data",  m_data,    "--characters", QString::number(limit)};
        Result r = run(args + QStringList{"--csv"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList rows = QString::fromUtf8(r.out).trimmed().split('\n');
        QCOMPARE(rows.front(), QStringLiteral("sentence,position,char,type,predicted,x,y"));
        QCOMPARE(rows.size() - 1, limit - 1);
        QList<QStringList> csv;
        int sentence = 0, position = 0;
        for (qsizetype k = 1; k < rows.size(); ++k) {
            if (position == chars[sentence].size()) {
                ++sentence;
                position = 0;
            }
            const QStringList f = csvFields(rows[k]);
            QCOMPARE(f.size(), 7);
            QCOMPARE(f[0].toInt(), sentence);
            QCOMPARE(f[1].toInt(), position);
            QCOMPARE(f[2], chars[sentence][position]);
            QCOMPARE(f[3], types[sentence][position]);
            csv << f;
            ++position;
        }
        QCOMPARE(sentence, 2);
        // What the model tagged each character with, as `tag` finds the entities.
        int predictedEntityCharacters = 0;
        for (int s = 0; s < 3; ++s) {
            const Result tagged = run({"tag", "--model", m_model, "--json", chars[s].join("")});
            QVERIFY2(tagged.exitCode == 0, tagged.err.constData());
            QStringList predicted(chars[s].size(), QStringLiteral("O"));
            const QJsonArray entities = QJsonDocument::fromJson(tagged.out)["entities"].toArray();
            for (const auto& value : entities) {
                const QJsonObject e = value.toObject();
                for (int t = e["start"].toInt(); t < e["end"].toInt(); ++t)
                    predicted[t] = e["type"].toString();
            }
            for (const QStringList& f : csv)
                if (f[0].toInt() == s) {
                    QCOMPARE(f[4], predicted[f[1].toInt()]);
                    predictedEntityCharacters += f[4] != "O";
                }
        }
        QVERIFY(predictedEntityCharacters > 0); // else the column could be all O unchecked

        r = run(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out["layer"].toInt(), 1); // the model's only one
        QCOMPARE(out["sentences"].toInt(), 3);
        QCOMPARE(out["characters"].toInt(), int(csv.size()));
        const QJsonArray explained = out["explained"].toArray();
        QVERIFY(explained.size() == 2 && explained[0].toDouble() >= explained[1].toDouble() &&
                explained[1].toDouble() > 0);
        const QJsonObject agreement = out["type_agreement"].toObject();
        QCOMPARE(agreement["neighbours"].toInt(), 8);
        int entityCharacters = 0;
        for (const QStringList& f : csv)
            entityCharacters += f[3] != "O";
        // Every entity character has some other sentence's other character to compare with.
        QCOMPARE(agreement["characters"].toInt(), entityCharacters);
        const QJsonArray points = out["points"].toArray();
        QCOMPARE(points.size(), csv.size());
        for (qsizetype k = 0; k < points.size(); ++k) {
            const QJsonObject p = points[k].toObject();
            QCOMPARE(p["sentence"].toInt(), csv[k][0].toInt());
            QCOMPARE(p["position"].toInt(), csv[k][1].toInt());
            QCOMPARE(p["char"].toString(), csv[k][2]);
            QCOMPARE(p["type"].toString(), csv[k][3]);
            QCOMPARE(p["predicted"].toString(), csv[k][4]);
            QCOMPARE(float(p["x"].toDouble()), csv[k][5].toFloat());
            QCOMPARE(float(p["y"].toDouble()), csv[k][6].toFloat());
        }
        // A layer the model does not have is named with what it has.
        r = run({"inspect", "--model", m_model, "--state-map", "--data", m_data, "--layer", "2"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--layer 2: the model has 1 layer"), r.err.constData());
    }

    void inspectEmbeddingMapQuotesCsvCharacters() {
        // A comma and a quote are characters like any other: in the CSV they come quoted.
        const QString corpus = m_dir.filePath("punctuation.jsonl");
        const QString model = m_dir.filePath("punctuation.lner");
        QFile f(corpus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QStringList text{QString::fromUtf8("李"), ",", QString::fromUtf8("明"), "\"",
                               QString::fromUtf8("好")};
        const QStringList labels{"B-PER", "O", "B-PER", "O", "O"};
        for (int k = 0; k < 20; ++k)
            f.write(QJsonDocument(QJsonObject{{"text", QJsonArray::fromStringList(text)},
                                              {"labels", QJsonArray::fromStringList(labels)}})
                        .toJson(QJsonDocument::Compact) +
                    "\n");
        f.close();
        Result r = run({"train", "--data", corpus, "--epochs", "1", "--hidden", "8", "--embedding",
                        "8", "--threads", "1", "--out", model});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({"inspect", "--model", model, "--embedding-map", "--data", corpus, "--csv"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList rows = QString::fromUtf8(r.out).trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 5);
        QSet<QString> chars;
        for (qsizetype k = 1; k < rows.size(); ++k) {
            const QStringList fields = csvFields(rows[k]);
            QCOMPARE(fields.size(), 7);
            chars << fields[0];
            QCOMPARE(fields[1], QStringLiteral("20"));
            // Every other character but <pad> and <unk>: the four others, one of them perhaps
            // a quote or a comma.
            QCOMPARE(fields[6].split(' ').size(), 4);
        }
        QCOMPARE(chars, QSet<QString>(text.begin(), text.end()));
        // As written: the comma quoted, the quote quoted and doubled.
        const auto rowStartingWith = [&](const char* start) {
            return std::any_of(rows.begin(), rows.end(),
                               [&](const QString& row) { return row.startsWith(start); });
        };
        QVERIFY2(rowStartingWith("\",\",20,O,1,"), r.out.constData());
        QVERIFY2(rowStartingWith("\"\"\"\",20,O,1,"), r.out.constData());
    }

    void tagPrintsBracketedEntitiesWithoutJson() {
        // Without --json each line comes back with its entities marked; stdout is a pipe
        // here, so without colours, as --plain gives them on a terminal. Flags may also be
        // written --flag=value, and `--` ends the flags.
        QVERIFY(ensureModel());
        Result r =
            run({"tag", "--model=" + m_model, QString::fromUtf8("主席王芳昨天在成都发表讲话")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out),
                 QString::fromUtf8("主席[王芳]PER昨天在[成都]LOC发表讲话\n"));
        // After `--`, "--json" is a sentence to tag (whatever the model makes of it), not a flag.
        r = run({"tag", "--model", m_model, "--", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.count('\n'), 1);
        QVERIFY2(!r.out.contains("\"entities\""), r.out.constData());
        r = run({"tag", "--model", m_model, "--plain"}, QString::fromUtf8("主席李明\n").toUtf8());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out), QString::fromUtf8("主席[李明]PER\n"));
    }

    void tagReadingsListWhatTheModelNearlySaid() {
        // --readings N: the N most probable taggings, best first, the first being the tagging
        // printed; each with its entities and what differs from the first.
        QVERIFY(ensureModel());
        const QString text = QString::fromUtf8("主席王芳昨天在成都发表讲话");
        Result r = run({"tag", "--model", m_model, "--json", "--readings", "4", text});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject line = QJsonDocument::fromJson(r.out).object();
        const QJsonArray readings = line["readings"].toArray();
        QCOMPARE(readings.size(), 4);
        QCOMPARE(readings[0].toObject()["tags"], line["tags"]);
        QCOMPARE(readings[0].toObject()["entities"], line["entities"]);
        QVERIFY(readings[0].toObject()["changes"].toArray().isEmpty());
        double previous = 1, total = 0;
        QSet<QString> distinct;
        for (const QJsonValue& v : readings) {
            const QJsonObject reading = v.toObject();
            const double p = reading["probability"].toDouble();
            QVERIFY2(p > 0 && p <= previous, qPrintable(QString::number(p)));
            previous = p;
            total += p;
            const QJsonArray tags = reading["tags"].toArray();
            QCOMPARE(tags.size(), qsizetype(text.size()));
            QStringList joined;
            for (const QJsonValue& t : tags)
                joined << t.toString();
            distinct << joined.join(' ');
            // A change's "after" is one of this reading's entities; its "before" one of the
            // first reading's.
            for (const QJsonValue& c : reading["changes"].toArray()) {
                const QJsonObject change = c.toObject();
                if (change.contains("after"))
                    QVERIFY(reading["entities"].toArray().contains(change["after"]));
                if (change.contains("before"))
                    QVERIFY(line["entities"].toArray().contains(change["before"]));
            }
        }
        QCOMPARE(distinct.size(), 4); // four different taggings
        QVERIFY(total <= 1 + 1e-9);

        // As text: the tagged line, then one line a reading with its probability.
        r = run({"tag", "--model", m_model, "--readings", "3", text});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(r.out).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QString::fromUtf8("主席[王芳]PER昨天在[成都]LOC发表讲话"));
        const double best = readings[0].toObject()["probability"].toDouble();
        QVERIFY2(lines[1].contains(QString::asprintf("1 %7.2f%%  best", 100 * best)),
                 qPrintable(lines[1]));
        QVERIFY2(lines[2].trimmed().startsWith("2 "), qPrintable(lines[2]));
        // Without the flag nothing changes.
        r = run({"tag", "--model", m_model, "--json", text});
        QVERIFY(!QJsonDocument::fromJson(r.out).object().contains("readings"));
        // inspect's JSON holds the studio's five, the same as tag's.
        r = run({"tag", "--model", m_model, "--json", "--readings", "5", text});
        const QJsonValue five = QJsonDocument::fromJson(r.out).object()["readings"];
        QCOMPARE(five.toArray().size(), 5);
        r = run({"inspect", "--model", m_model, text});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["readings"], five);
    }

    void tagReportsALineThatIsNotUtf8AndTagsTheRest() {
        QVERIFY(ensureModel());
        const QByteArray input = QString::fromUtf8("主席王芳昨天在成都发表讲话\n").toUtf8() +
                                 "ab\xff\xfe\n" + QString::fromUtf8("主席李明\n").toUtf8();
        const Result r = run({"tag", "--model", m_model, "--json"}, input);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("<stdin>:2: invalid UTF-8 at byte offset 2"), r.err.constData());
        QVERIFY2(r.err.contains("1 line not tagged"), r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3); // one output line per input line
        QCOMPARE(QJsonDocument::fromJson(lines[0]).object()["entities"].toArray().size(), 2);
        QCOMPARE(QJsonDocument::fromJson(lines[1]).object()["line"].toInt(), 2);
        QVERIFY(QJsonDocument::fromJson(lines[1]).object()["error"].toString().contains("UTF-8"));
        QCOMPARE(QJsonDocument::fromJson(lines[2]).object()["text"].toString(),
                 QString::fromUtf8("主席李明"));
    }

    void eachCellTrainsAndShowsItsOwnGates_data() {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QStringList>("gates");
        QTest::addColumn<int>("traces");
        QTest::newRow("rnn") << "rnn" << QStringList{} << QStringList{"h"} << 2;
        QTest::newRow("gru") << "gru" << QStringList{} << QStringList{"r", "z", "n", "h"} << 2;
        QTest::newRow("lstm, 3 forward layers, linear between")
            << "lstm" << QStringList{"--layers", "3", "--unidirectional", "--linear-between"}
            << QStringList{"i", "f", "g", "o", "c", "h"} << 3;
    }
    void eachCellTrainsAndShowsItsOwnGates() {
        QFETCH(QString, cell);
        QFETCH(QStringList, extra);
        QFETCH(QStringList, gates);
        QFETCH(int, traces);
        const QString model = m_dir.filePath(cell + ".lner");
        const Result trained =
            run(QStringList{"train", "--data", m_data, "--cell", cell, "--epochs", "3", "--hidden",
                            "8", "--embedding", "8", "--dictionary", "none", "--threads", "1",
                            "--json", "--out", model} +
                extra);
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        const QJsonObject summary =
            QJsonDocument::fromJson(trained.out.trimmed().split('\n').last()).object();
        QVERIFY(summary.contains("test_f1"));
        const Result inspected =
            run({"inspect", "--model", model, QString::fromUtf8("主席李明昨天在北京")});
        QVERIFY2(inspected.exitCode == 0, inspected.err.constData());
        const QJsonObject a = QJsonDocument::fromJson(inspected.out).object();
        QCOMPARE(a["cell"].toString(), cell);
        const QJsonArray traced = a["gates"].toArray();
        QCOMPARE(traced.size(), traces);
        for (const QJsonValue& trace : traced) {
            QStringList keys = trace.toObject().keys();
            keys.removeAll("layer");
            keys.removeAll("direction");
            keys.removeAll("hidden");
            QStringList expected = gates;
            expected.sort();
            keys.sort();
            QCOMPARE(keys, expected);                            // that cell's gates and no others
            QCOMPARE(trace.toObject()["h"].toArray().size(), 9); // one row a character
        }
        // --gate takes only the model's own gates.
        const Result z = run({"inspect", "--model", model, "--unit", "1:forward:0", "--gate", "z",
                              "--data", m_data});
        if (gates.contains("z")) {
            QVERIFY2(z.exitCode == 0, z.err.constData());
            QCOMPARE(QJsonDocument::fromJson(z.out).object()["unit"].toObject()["gate"].toString(),
                     QString("z"));
        } else {
            QCOMPARE(z.exitCode, 2);
            QVERIFY2(z.err.contains("whose gates are " + gates.join(", ").toUtf8()),
                     z.err.constData());
        }
        // --saturation counts the cell's sigmoid gates: none for a tanh RNN, which it says.
        const Result saturation =
            run({"inspect", "--model", model, "--saturation", "--data", m_data});
        QVERIFY2(saturation.exitCode == 0, saturation.err.constData());
        const QJsonObject profile = QJsonDocument::fromJson(saturation.out).object();
        QCOMPARE(profile["cell"].toString(), cell);
        QStringList counted;
        for (const QJsonValue& g : profile["gates"].toArray())
            if (!counted.contains(g.toObject()["gate"].toString()))
                counted << g.toObject()["gate"].toString();
        const QStringList sigmoid = cell == "lstm"  ? QStringList{"i", "f", "o"}
                                    : cell == "gru" ? QStringList{"r", "z"}
                                                    : QStringList{};
        QCOMPARE(counted, sigmoid);
        QCOMPARE(saturation.err.contains("has no sigmoid gates"), sigmoid.isEmpty());
    }

    void compareRunsEverySeedAndSummarises() {
        const Result r = run({"compare",
                              "--data",
                              m_data,
                              "--only",
                              "rnn3,bigru-crf",
                              "--seeds",
                              "2",
                              "--epochs",
                              "2",
                              "--hidden",
                              "8",
                              "--embedding",
                              "8",
                              "--dictionary",
                              "none",
                              "--jobs",
                              "2",
                              "--threads",
                              "2",
                              "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5); // 2 configurations × 2 seeds, then the summary
        std::map<QString, std::vector<double>> f1;
        std::set<std::pair<QString, int>> seen;
        for (int k = 0; k < 4; ++k) {
            const QJsonObject run = QJsonDocument::fromJson(lines[k]).object();
            QVERIFY(run["finished"].toBool());
            QCOMPARE(run["epochs"].toInt(), 2);
            QCOMPARE(run["curve"].toArray().size(), 2);
            f1[run["configuration"].toString()].push_back(run["test_f1"].toDouble());
            seen.insert({run["configuration"].toString(), run["seed"].toInt()});
            if (run["configuration"].toString() == "rnn3") {
                const QJsonObject model = run["model"].toObject();
                QCOMPARE(model["cell"].toString(), QString("rnn"));
                QCOMPARE(model["layers"].toInt(), 3);
                QCOMPARE(model["output"].toString(), QString("softmax"));
                QCOMPARE(model["hidden"].toInt(), 8); // the flags' base settings
                QCOMPARE(run["name"].toString(), QString("3-layer RNN"));
            }
        }
        QCOMPARE(seen.size(), size_t(4)); // each configuration with seeds 1 and 2
        QVERIFY(seen.count({"bigru-crf", 1}) && seen.count({"bigru-crf", 2}));
        const QJsonObject summary = QJsonDocument::fromJson(lines[4]).object();
        const QJsonArray rows = summary["summary"].toArray();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].toObject()["configuration"].toString(), QString("rnn3"));
        for (const QJsonValue& row : rows) {
            const QJsonObject o = row.toObject();
            const std::vector<double>& values = f1[o["configuration"].toString()];
            const double mean = (values[0] + values[1]) / 2;
            const QJsonObject score = o["test_f1"].toObject();
            QVERIFY(std::abs(score["mean"].toDouble() - mean) < 1e-12);
            QVERIFY(std::abs(score["sd"].toDouble() -
                             std::abs(values[0] - values[1]) / std::sqrt(2.0)) < 1e-12);
            // Two runs: the mean ± 12.706 · sd / √2 (Student's t, one degree of freedom).
            QVERIFY(std::abs(score["high"].toDouble() - mean -
                             12.706 * score["sd"].toDouble() / std::sqrt(2.0)) < 1e-9);
            QCOMPARE(o["runs"].toInt(), 2);
        }
        // The all-O bar is the test split's share of O tags.
        const double allO = summary["all_outside_token_accuracy"].toDouble();
        QVERIFY(allO > 0.3 && allO < 1);
        // The same runs give the same scores: the table is reproducible.
        const Result again = run({"compare", "--data", m_data, "--only", "rnn3", "--seeds", "1",
                                  "--epochs", "2", "--hidden", "8", "--embedding", "8",
                                  "--dictionary", "none", "--threads", "1", "--json"});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        const QJsonObject first = QJsonDocument::fromJson(again.out.split('\n')[0]).object();
        QCOMPARE(first["test_f1"].toDouble(), f1["rnn3"][size_t(first["seed"].toInt() - 1)]);
    }

    void ctrlCStopsACompareAndPrintsTheFinishedRows() {
        QProcess p;
        p.start(QStringLiteral(LSTM_NER_BINARY),
                {"compare", "--data", m_data, "--only", "gru1", "--seeds", "200", "--epochs", "2",
                 "--hidden", "8", "--embedding", "8", "--dictionary", "none", "--threads", "1",
                 "--json"});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        while (out.count('\n') < 2 && p.waitForReadyRead(60000))
            out += p.readAllStandardOutput();
        QVERIFY2(out.count('\n') >= 2, out.constData());
        QCOMPARE(::kill(pid_t(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        out += p.readAllStandardOutput();
        const QList<QByteArray> lines = out.trimmed().split('\n');
        const QJsonObject summary = QJsonDocument::fromJson(lines.last()).object();
        QVERIFY(summary["interrupted"].toBool());
        const int runs = summary["summary"].toArray()[0].toObject()["runs"].toInt();
        QCOMPARE(runs, int(lines.size()) - 1); // every finished run, and only those
        QVERIFY(runs >= 2 && runs < 200);
        QVERIFY(p.readAllStandardError().contains("runs finished"));
    }

    void aDivergingRunSavesNothingDamaged() {
        // The issue's case: plain SGD at learning rate 10 without clipping, on the built-in
        // corpus. The loss or gradient turns NaN in the first epoch: the run ends there with
        // an error and exit status 1, and the model file already at --out is left alone.
        const QString model = m_dir.filePath("diverging.lner");
        QVERIFY(ensureModel());
        QFile::remove(model);
        QVERIFY(QFile::copy(m_model, model));
        QFile before(model);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        before.close();
        const Result r = run({"train", "--lr", "10", "--optimizer", "sgd", "--clip", "0",
                              "--epochs", "3", "--threads", "1", "--json", "--out", model});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject last =
            QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        QVERIFY2(last["error"].toString().contains("training diverged"), r.out.constData());
        QVERIFY2(last["error"].toString().contains("that step was not taken"), r.out.constData());
        QVERIFY(last["model"].isNull());
        QVERIFY(!last.contains("test_f1")); // nothing was scored as if it had trained
        QVERIFY2(r.err.contains("error: training diverged"), r.err.constData());
        QVERIFY2(r.err.contains("no model saved"), r.err.constData());
        QFile after(model);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
    }

    void ctrlCStopsTrainingAndKeepsTheBestWeights() {
        const QString model = m_dir.filePath("interrupted.lner");
        QProcess p;
        // Interrupt once the first epoch has been reported, i.e. mid-run.
        QByteArray out = trainUntil(p, model, "\"epoch\":1,");
        QVERIFY2(out.contains("\"epoch\":1,"), out.constData());
        QCOMPARE(::kill(pid_t(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // it handled the signal and exited
        QCOMPARE(p.exitCode(), 130);
        out += p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("interrupted after"), err.constData());
        const QJsonObject summary =
            QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
        QVERIFY(summary["interrupted"].toBool());
        QVERIFY(summary["epochs"].toInt() >= 1 && summary["epochs"].toInt() < 10000);
        QVERIFY(summary.contains("test_f1"));
        // The best weights so far were saved and load.
        const Result r = run({"eval", "--model", model, "--data", m_data, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void aKilledRunKeepsItsBestEpochOnDisk() {
        // No chance to save at the end: SIGKILL. The best epoch so far is on disk anyway.
        const QString model = m_dir.filePath("killed.lner");
        QFile::remove(model);
        QProcess p;
        // Epoch 1 always improves, and its save is done before epoch 2 is reported.
        const QByteArray out = trainUntil(p, model, "\"epoch\":2,");
        QVERIFY2(out.contains("\"epoch\":2,"), out.constData());
        p.kill();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFile::exists(model));
        const Result r = run({"eval", "--model", model, "--data", m_data, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QJsonDocument::fromJson(r.out).object().contains("eval_f1"));
    }

    void evalOnAnUnknownEntityTypeNamesFileAndLine() {
        QVERIFY(ensureModel());
        const QString other = m_dir.filePath("unknown-type.jsonl");
        writeText(other, "{\"text\": [\"北\", \"京\"], \"labels\": [\"B-LOC\", \"I-LOC\"]}\n"
                         "{\"text\": [\"李\", \"明\"], \"labels\": [\"B-XYZ\", \"I-XYZ\"]}\n");
        const Result r = run({"eval", "--model", m_model, "--data", other});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count('\n'), 1); // one line, not "Crf::forward: unlabelled position"
        QVERIFY2(r.err.contains(QString("%1:2: the model has no tag B-XYZ").arg(other).toUtf8()),
                 r.err.constData());
        QVERIFY2(r.err.contains("it knows "), r.err.constData());
    }

    void evalBootstrapGivesIntervalsAroundTheScores() {
        QVERIFY(ensureModel());
        // The training file with every third sentence's PER relabelled LOC: the model is
        // then wrong on some sentences and right on others, so the draws differ.
        QFile source(m_data);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray relabelled;
        int n = 0;
        for (QByteArray line : source.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            if (n++ % 3 == 0) line.replace("-PER", "-LOC");
            relabelled += line + '\n';
        }
        const QString data = m_dir.filePath("relabelled.jsonl");
        writeText(data, relabelled.constData());
        const QStringList args{"eval", "--model", m_model, "--data", data, "--bootstrap", "300"};
        Result r = run(args + QStringList{"--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        const QJsonObject b = out["eval_bootstrap"].toObject();
        QCOMPARE(b["resamples"].toInt(), 300);
        QCOMPARE(b["level"].toDouble(), 0.95);
        for (const char* name : {"f1", "token_accuracy"}) {
            const QJsonArray interval = b[name].toArray();
            QCOMPARE(interval.size(), 2);
            const double point = out[QString("eval_") + name].toDouble();
            QVERIFY2(interval[0].toDouble() <= point && point <= interval[1].toDouble(),
                     qPrintable(QString("%1 %2 outside [%3, %4]")
                                    .arg(name)
                                    .arg(point)
                                    .arg(interval[0].toDouble())
                                    .arg(interval[1].toDouble())));
            QVERIFY(interval[1].toDouble() - interval[0].toDouble() < 0.5);
        }
        QVERIFY(b["f1"].toArray()[0].toDouble() < b["f1"].toArray()[1].toDouble()); // a spread
        // The same draws every time, and the same figures as text.
        QCOMPARE(QJsonDocument::fromJson(run(args + QStringList{"--json"}).out)
                     .object()["eval_bootstrap"]
                     .toObject(),
                 b);
        r = run(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString f1 = QString("F1 %1–%2")
                               .arg(b["f1"].toArray()[0].toDouble(), 0, 'f', 3)
                               .arg(b["f1"].toArray()[1].toDouble(), 0, 'f', 3);
        QVERIFY2(QString::fromUtf8(r.out).contains(
                     "95 % interval, 300 resamples of the sentences: " + f1),
                 r.out.constData());
        // Without the flag, no intervals.
        r = run({"eval", "--model", m_model, "--data", data, "--json"});
        QVERIFY(!QJsonDocument::fromJson(r.out).object().contains("eval_bootstrap"));
    }

    void evalConfusionMatchesTheScores() {
        QVERIFY(ensureModel());
        Result r = run({"eval", "--model", m_model, "--data", m_data, "--confusion", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        const QJsonArray tags = out["eval_confusion"].toObject()["tags"].toArray();
        const QJsonArray counts = out["eval_confusion"].toObject()["counts"].toArray();
        QVERIFY(tags.contains(QString("B-PER")) && tags.contains(QString("O")));
        QCOMPARE(counts.size(), tags.size());
        long total = 0, diagonal = 0;
        for (int g = 0; g < counts.size(); ++g) {
            const QJsonArray row = counts[g].toArray();
            QCOMPARE(row.size(), tags.size());
            for (int p = 0; p < row.size(); ++p) {
                total += row[p].toInteger();
                if (g == p) diagonal += row[p].toInteger();
            }
        }
        // Every character is counted once, and the diagonal is the token accuracy.
        QCOMPARE(total, long(out["tokens"].toInteger()));
        QVERIFY(std::abs(double(diagonal) / double(total) - out["eval_token_accuracy"].toDouble()) <
                1e-12);

        r = run({"eval", "--model", m_model, "--data", m_data, "--confusion"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("tag confusion:\n"), r.out.constData());
        QVERIFY2(r.out.contains("gold down, predicted across"), r.out.constData());
    }

    void evalErrorsListTheWrongSentences() {
        QVERIFY(ensureModel());
        // Line 1 swaps the types the model learnt, line 2 leaves the place unlabelled, line 3
        // is labelled as the model learnt it.
        const QString data = m_dir.filePath("relabelled.jsonl");
        QFile f(data);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"text":["主","席","李","明","昨","天","在","北","京","发","表","讲","话"],)"
                R"("labels":["O","O","B-LOC","I-LOC","O","O","O","B-PER","I-PER","O","O","O","O"]})"
                "\n"
                R"({"text":["主","席","王","芳","昨","天","在","上","海","发","表","讲","话"],)"
                R"("labels":["O","O","B-PER","I-PER","O","O","O","O","O","O","O","O","O"]})"
                "\n");
        f.close();
        Result r = run({"eval", "--model", m_model, "--data", data, "--errors", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        const QJsonArray wrong = out["eval_errors"].toArray();
        QVERIFY2(wrong.size() >= 2, r.out.constData());
        QCOMPARE(wrong[0].toObject()["line"].toInt(), 1); // the most entity errors
        QCOMPARE(wrong[0].toObject()["text"].toString(),
                 QStringLiteral("主席李明昨天在北京发表讲话"));
        QCOMPARE(wrong[1].toObject()["line"].toInt(), 2);
        // Every false negative and false positive of the scores is listed once.
        long gold = 0, predicted = 0, fn = 0, fp = 0;
        for (const QJsonValue& type : out["eval_per_type"].toObject()) {
            gold += type.toObject()["gold"].toInteger();
            predicted += type.toObject()["predicted"].toInteger();
        }
        for (const QJsonValue& sentence : wrong)
            for (const QJsonValue& e : sentence.toObject()["errors"].toArray()) {
                fn += e.toObject()["gold"].isObject() ? 1 : 0;
                fp += e.toObject()["predicted"].isObject() ? 1 : 0;
            }
        const long tp = std::lround(out["eval_recall"].toDouble() * double(gold));
        QCOMPARE(fn, gold - tp);
        QCOMPARE(fp, predicted - tp);
        // Line 2's place was predicted but is not gold: a spurious 上海.
        bool spuriousPlace = false;
        for (const QJsonValue& e : wrong[1].toObject()["errors"].toArray())
            spuriousPlace |=
                e.toObject()["kind"].toString() == "spurious" &&
                e.toObject()["predicted"].toObject()["text"].toString() == QStringLiteral("上海");
        QVERIFY2(spuriousPlace, r.out.constData());

        // Where each gold tagging stands with the model, as `tag --readings 5` sees the same
        // sentence: the reading whose entities are the gold ones, at the same probability,
        // or none of the five, each more probable than the gold.
        int near = 0, listed = 0;
        for (const QJsonValue& v : wrong) {
            const QJsonObject sentence = v.toObject();
            QVERIFY2(sentence["gold_probability"].isDouble(), r.out.constData());
            const double p = sentence["gold_probability"].toDouble();
            const Result tagged = run({"tag", "--model", m_model, "--json", "--readings", "5",
                                       sentence["text"].toString()});
            const QJsonArray readings =
                QJsonDocument::fromJson(tagged.out).object()["readings"].toArray();
            QCOMPARE(readings.size(), 5);
            QJsonArray goldSpans; // as `tag` writes spans, from the error list's gold side
            std::vector<std::pair<int, QJsonObject>> byStart;
            for (const QJsonValue& e : sentence["errors"].toArray())
                if (e.toObject()["gold"].isObject()) {
                    const QJsonObject g = e.toObject()["gold"].toObject();
                    byStart.push_back({g["begin"].toInt(), QJsonObject{{"text", g["text"]},
                                                                       {"type", g["type"]},
                                                                       {"start", g["begin"]},
                                                                       {"end", g["end"]}}});
                }
            if (sentence["gold_reading"].isNull()) {
                for (const QJsonValue& reading : readings)
                    QVERIFY(reading.toObject()["probability"].toDouble() >= p);
                continue;
            }
            const int rank = sentence["gold_reading"].toInt();
            QVERIFY(rank >= 2 && rank <= 5); // never the tagging itself: it is wrong
            const QJsonObject reading = readings[rank - 1].toObject();
            QVERIFY(std::abs(reading["probability"].toDouble() - p) <= 1e-5 * p);
            // Every gold entity this sentence missed is one of that reading's entities.
            for (const auto& [start, span] : byStart)
                QVERIFY2(reading["entities"].toArray().contains(span), tagged.out.constData());
            near += rank == 2 ? 1 : 0;
            ++listed;
        }

        r = run({"eval", "--model", m_model, "--data", data, "--errors"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("of 2 sentences have errors"), r.out.constData());
        QVERIFY2(r.out.contains("line 1 ("), r.out.constData());
        QVERIFY2(
            r.out.contains(QStringLiteral("Their gold tagging was the model's runner-up in %1 "
                                          "and among its 5 most probable taggings in %2 of %3.")
                               .arg(near)
                               .arg(listed)
                               .arg(wrong.size())
                               .toUtf8()),
            r.out.constData());
        QCOMPARE(r.out.count("  gold tagging    "), wrong.size());

        {
            // A file labelled with the model's own runner-up: its gold tagging is reading 2.
            const QString text = QStringLiteral("主席王芳昨天在上海发表讲话");
            r = run({"tag", "--model", m_model, "--json", "--readings", "2", text});
            const QJsonObject second =
                QJsonDocument::fromJson(r.out).object()["readings"].toArray()[1].toObject();
            QJsonArray chars;
            for (const QChar c : text)
                chars.append(QString(c));
            const QString runnerUp = m_dir.filePath("runner_up.jsonl");
            QFile g(runnerUp);
            QVERIFY(g.open(QIODevice::WriteOnly));
            g.write(QJsonDocument(QJsonObject{{"text", chars}, {"labels", second["tags"]}})
                        .toJson(QJsonDocument::Compact) +
                    "\n");
            g.close();
            r = run({"eval", "--model", m_model, "--data", runnerUp, "--errors", "--json"});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QJsonObject only =
                QJsonDocument::fromJson(r.out).object()["eval_errors"].toArray()[0].toObject();
            QCOMPARE(only["gold_reading"].toInt(), 2);
            QVERIFY(
                std::abs(only["gold_probability"].toDouble() - second["probability"].toDouble()) <=
                1e-5 * second["probability"].toDouble());
            r = run({"eval", "--model", m_model, "--data", runnerUp, "--errors"});
            QVERIFY2(
                r.out.contains("runner-up in 1 and among its 5 most probable taggings in 1 of 1."),
                r.out.constData());
            QVERIFY2(r.out.contains("  gold tagging    reading 2 of the 5 most probable, "),
                     r.out.constData());
        }

        // Labelled as the model tags it, a file has nothing to list, and says so.
        QFile agreed(m_dir.filePath("agreed.jsonl"));
        QVERIFY(agreed.open(QIODevice::WriteOnly));
        r = run({"tag", "--model", m_model, "--json", "主席王芳昨天在上海发表讲话"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject tagged = QJsonDocument::fromJson(r.out).object();
        QJsonArray chars, labels;
        const QString text = tagged["text"].toString();
        for (int k = 0; k < text.size(); ++k)
            chars.append(text.mid(k, 1));
        const QJsonArray tags = tagged["tags"].toArray();
        for (const QJsonValue& tag : tags) { // the model's BIOES, written as BIO
            QString t = tag.toString();
            if (t.startsWith("S-")) t = "B-" + t.mid(2);
            if (t.startsWith("E-")) t = "I-" + t.mid(2);
            labels.append(t);
        }
        agreed.write(QJsonDocument(QJsonObject{{"text", chars}, {"labels", labels}})
                         .toJson(QJsonDocument::Compact) +
                     "\n");
        agreed.close();
        r = run({"eval", "--model", m_model, "--data", agreed.fileName(), "--errors"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("no errors: every entity and character of 1 sentence is right"),
                 r.out.constData());
    }

    void corruptModelIsAnError() {
        const QString broken = m_dir.filePath("broken.lner");
        QVERIFY(ensureModel());
        QVERIFY(QFile::copy(m_model, broken));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 2);
        f.close();
        const Result r = run({"tag", "--model", broken, "x"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("truncated") || r.err.contains("damaged"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
