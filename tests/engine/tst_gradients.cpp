// Central-difference gradient checks of every differentiable unit and of the whole model,
// in the double-precision engine (ε and tolerance are justified in gradient_check.h).
#include "gradient_check.h"
#include "test_sentences.h"

#include "engine/model/tagger_network.h"
#include "engine/nn/crf.h"
#include "engine/nn/dropout.h"
#include "engine/nn/embedding.h"
#include "engine/nn/language_model_head.h"
#include "engine/nn/lexicon_embedding.h"
#include "engine/nn/linear.h"
#include "engine/nn/recurrent_stack.h"
#include "engine/nn/softmax_cross_entropy.h"

#include <QtTest>

#include <stdexcept>
#include <string>
#include <vector>

using namespace ner;
using namespace ner::test;

Q_DECLARE_METATYPE(std::vector<int>)
Q_DECLARE_METATYPE(ner::OutputLayer)
Q_DECLARE_METATYPE(ner::CellType)

namespace {

// Fails the current test function unless check is within tolerance; logs the measured error.
#define CHECK_GRADIENT(check, name)                                                                \
    do {                                                                                           \
        const GradientCheck& c_ = (check);                                                         \
        const std::string text_ = c_.describe(name);                                               \
        qInfo("%s", text_.c_str());                                                                \
        QVERIFY2(c_.checked > 0, text_.c_str());                                                   \
        QVERIFY2(c_.error < kGradTolerance, text_.c_str());                                        \
    } while (false)

CellParams randomCell(CellType cell, int D, int H, Random& rng) {
    CellParams p;
    shapeCell(p, cell, D, H);
    // Wider than PyTorch's U(−1/√H, 1/√H) so that the gates leave their linear range.
    for (const CellParameterBlock& block : describeCell(cell).parameters) {
        Parameter& q = p.*block.member;
        q.value = uniformMatrix(q.value.rows(), q.value.cols(), 0.8, rng);
    }
    return p;
}

StackParams randomStack(CellType cell, int layers, bool bidirectional, int D, int H, Random& rng,
                        bool linearBetween = false) {
    StackParams p;
    p.cell = cell;
    int input = D;
    for (int l = 0; l < layers; ++l) {
        p.layers.emplace_back();
        for (int d = 0; d < (bidirectional ? 2 : 1); ++d)
            p.layers.back().push_back(randomCell(cell, input, H, rng));
        input = H * (bidirectional ? 2 : 1);
    }
    if (linearBetween)
        for (int l = 0; l + 1 < layers; ++l) {
            LinearParams& between = p.between.emplace_back();
            between.W.resize(input, input);
            between.b.resize(input, 1);
            between.W.value = uniformMatrix(input, input, 0.8, rng);
            between.b.value = uniformMatrix(input, 1, 0.8, rng);
        }
    return p;
}

// Every parameter block of a cell, as the description lists them.
std::vector<std::pair<std::string, Parameter*>> cellBlocks(CellType cell, CellParams& p) {
    std::vector<std::pair<std::string, Parameter*>> out;
    for (const CellParameterBlock& block : describeCell(cell).parameters)
        out.emplace_back(block.name, &(p.*block.member));
    return out;
}

Batch paddedBatch(const std::vector<int>& lengths, int K, Random& rng) {
    std::vector<EncodedSentence> sentences(lengths.size());
    for (size_t b = 0; b < lengths.size(); ++b)
        for (int t = 0; t < lengths[b]; ++t) {
            sentences[b].tokens.push_back(2 + t);
            sentences[b].tags.push_back(int(rng.below(std::uint64_t(K))));
        }
    std::vector<const EncodedSentence*> members;
    for (const EncodedSentence& s : sentences)
        members.push_back(&s);
    return makeBatch(members);
}

// 1 at real positions (t, b) of a (rows, T*B) matrix, 0 at padding.
Matrix realMask(const std::vector<int>& lengths, Eigen::Index rows, int T) {
    const int B = int(lengths.size());
    Matrix mask = Matrix::Zero(rows, Eigen::Index(T) * B);
    for (int b = 0; b < B; ++b)
        for (int t = 0; t < lengths[size_t(b)]; ++t)
            mask.col(Eigen::Index(t) * B + b).setOnes();
    return mask;
}

} // namespace

class TestGradients : public QObject {
    Q_OBJECT

private slots:
    void cell_data();
    void cell();
    void cellBackwardWithoutForwardThrows_data();
    void cellBackwardWithoutForwardThrows();
    void linear();
    void embeddingWithRepeatedTokens();
    void lexiconEmbedding();
    void softmaxCrossEntropy();
    void crf_data();
    void crf();
    void crfBackwardWithoutForwardThrows();
    void stack_data();
    void stack();
    void stackTwoThreadsGiveIdenticalGradients_data();
    void stackTwoThreadsGiveIdenticalGradients();
    void stackBackwardWithoutForwardThrows();
    void languageModelHead();
    void languageModelTargets();
    void wholeModel_data();
    void wholeModel();
    void dropoutPerSequenceKeepsOneMaskOverTime();
};

void TestGradients::cell_data() {
    QTest::addColumn<CellType>("cell");
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("B");
    QTest::addColumn<int>("D");
    QTest::addColumn<int>("H");
    QTest::addColumn<bool>("recurrentDropout");
    for (CellType cell : kAllCells) {
        const std::string name = cellName(cell);
        QTest::addRow("%s, T=4 B=3 D=3 H=4", name.c_str()) << cell << 4 << 3 << 3 << 4 << false;
        QTest::addRow("%s, one step", name.c_str()) << cell << 1 << 2 << 3 << 2 << false;
        QTest::addRow("%s, one sequence, H=1", name.c_str()) << cell << 6 << 1 << 2 << 1 << false;
        QTest::addRow("%s, recurrent dropout, T=5 B=3 D=3 H=4", name.c_str())
            << cell << 5 << 3 << 3 << 4 << true;
    }
}

void TestGradients::cell() {
    QFETCH(CellType, cell);
    QFETCH(int, T);
    QFETCH(int, B);
    QFETCH(int, D);
    QFETCH(int, H);
    QFETCH(bool, recurrentDropout);
    Random rng(11);
    CellParams p = randomCell(cell, D, H, rng);
    Matrix x = normalMatrix(D, Eigen::Index(T) * B, 1.0, rng);
    const Matrix w = normalMatrix(H, Eigen::Index(T) * B, 1.0, rng); // loss = Σ w ⊙ h
    // A fixed mask makes the masked cell a deterministic function to difference.
    Matrix mask;
    drawDropoutMask(mask, H, B, 0.4, rng);
    const Matrix* recurrentMask = recurrentDropout ? &mask : nullptr;
    if (recurrentDropout) QVERIFY((mask.array() == 0).any() && (mask.array() != 0).any());

    const std::unique_ptr<RecurrentCell> layer = makeCell(cell);
    QCOMPARE(layer->type(), cell);
    layer->forward(p, x, T, B, recurrentMask);
    Matrix dx;
    layer->backward(p, x, w, dx);
    QCOMPARE(dx.rows(), Eigen::Index(D));
    QCOMPARE(dx.cols(), Eigen::Index(T) * B);
    // h is the last gate of every cell's trace, and the output.
    const GateRows h = layer->gate(describeCell(cell).outputGate());
    QVERIFY(h.values->middleRows(h.first, H) == layer->output());

    const std::unique_ptr<RecurrentCell> probe = makeCell(cell);
    const auto loss = [&] {
        probe->forward(p, x, T, B, recurrentMask);
        return dot(w, probe->output());
    };
    if (recurrentDropout && T > 1) {
        // The mask must change the outputs after the first step, and only there.
        probe->forward(p, x, T, B);
        const Matrix unmasked = probe->output();
        QVERIFY(layer->output().leftCols(B).isApprox(unmasked.leftCols(B)));
        QVERIFY(!layer->output().isApprox(unmasked));
    }
    for (const auto& [name, q] : cellBlocks(cell, p))
        CHECK_GRADIENT(checkGradient(q->value, q->grad, loss), name);
    CHECK_GRADIENT(checkGradient(x, dx, loss), "dx");
}

void TestGradients::cellBackwardWithoutForwardThrows_data() {
    QTest::addColumn<CellType>("cell");
    for (CellType cell : kAllCells)
        QTest::addRow("%s", cellName(cell).c_str()) << cell;
}

void TestGradients::cellBackwardWithoutForwardThrows() {
    QFETCH(CellType, cell);
    Random rng(3);
    CellParams p = randomCell(cell, 2, 3, rng);
    const Matrix x = normalMatrix(2, 4, 1.0, rng), dh = normalMatrix(3, 4, 1.0, rng);
    Matrix dx;
    const std::unique_ptr<RecurrentCell> layer = makeCell(cell);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, layer->backward(p, x, dh, dx));
    layer->forward(p, x, 2, 2);
    layer->backward(p, x, dh, dx);
    // One backward per forward: a second one would reuse a consumed cache.
    QVERIFY_THROWS_EXCEPTION(std::logic_error, layer->backward(p, x, dh, dx));
}

void TestGradients::linear() {
    Random rng(5);
    const int K = 4, H = 3, N = 7;
    LinearParams p;
    p.W.resize(K, H);
    p.b.resize(K, 1);
    p.W.value = normalMatrix(K, H, 1.0, rng);
    p.b.value = normalMatrix(K, 1, 1.0, rng);
    Matrix h = normalMatrix(H, N, 1.0, rng);
    const Matrix w = normalMatrix(K, N, 1.0, rng);

    Matrix s, dh;
    Linear::forward(p, h, s);
    Linear::backward(p, h, w, dh);
    const auto loss = [&] {
        Matrix out;
        Linear::forward(p, h, out);
        return dot(w, out);
    };
    CHECK_GRADIENT(checkGradient(p.W.value, p.W.grad, loss), "W");
    CHECK_GRADIENT(checkGradient(p.b.value, p.b.grad, loss), "b");
    CHECK_GRADIENT(checkGradient(h, dh, loss), "dh");
}

void TestGradients::embeddingWithRepeatedTokens() {
    Random rng(6);
    const int D = 3, V = 6;
    EmbeddingParams p;
    p.E.resize(D, V);
    p.E.value = normalMatrix(D, V, 1.0, rng);
    const std::vector<int> tokens{3, 1, 3, 0, 2, 3, 1}; // 3 three times, 1 twice, 4 and 5 unused
    const Matrix w = normalMatrix(D, Eigen::Index(tokens.size()), 1.0, rng);

    Matrix out;
    Embedding::forward(p, tokens, out);
    for (size_t n = 0; n < tokens.size(); ++n)
        QCOMPARE(out.col(Eigen::Index(n)), p.E.value.col(tokens[n]));
    Embedding::backward(p, tokens, w);
    const auto loss = [&] {
        Matrix o;
        Embedding::forward(p, tokens, o);
        return dot(w, o);
    };
    CHECK_GRADIENT(checkGradient(p.E.value, p.E.grad, loss), "E");
    QVERIFY(p.E.grad.col(4).isZero(0) && p.E.grad.col(5).isZero(0));
    const Vector repeated = w.col(0) + w.col(2) + w.col(5);
    QVERIFY((p.E.grad.col(3) - repeated).cwiseAbs().maxCoeff() < 1e-14);
}

void TestGradients::lexiconEmbedding() {
    Random rng(16);
    const int D = 3, F = kLexiconFeatures;
    EmbeddingParams p;
    p.E.resize(D, F);
    p.E.value = normalMatrix(D, F, 1.0, rng);
    // Overlapping bit sets, the highest bit, a character with none, and padding (0).
    const std::vector<std::uint32_t> features{0b101u, 0u, 0b111u, 1u << (F - 1), 0b100u, 0u};
    const Matrix x0 = normalMatrix(D, Eigen::Index(features.size()), 1.0, rng);
    const Matrix w = normalMatrix(D, Eigen::Index(features.size()), 1.0, rng);

    Matrix x = x0;
    LexiconEmbedding::forward(p, features, x);
    QVERIFY((x.col(0) - (x0.col(0) + p.E.value.col(0) + p.E.value.col(2))).norm() < 1e-14);
    QCOMPARE(x.col(1), x0.col(1));
    QVERIFY((x.col(3) - (x0.col(3) + p.E.value.col(F - 1))).norm() < 1e-14);
    LexiconEmbedding::backward(p, features, w);
    const auto loss = [&] {
        Matrix o = x0;
        LexiconEmbedding::forward(p, features, o);
        return dot(w, o);
    };
    CHECK_GRADIENT(checkGradient(p.E.value, p.E.grad, loss), "F");
    QVERIFY(p.E.grad.col(3).isZero(0)); // bit 3 is set nowhere
    QVERIFY((p.E.grad.col(2) - (w.col(0) + w.col(2) + w.col(4))).cwiseAbs().maxCoeff() < 1e-14);
}

void TestGradients::softmaxCrossEntropy() {
    Random rng(7);
    const int K = 5;
    const std::vector<int> lengths{4, 2, 3};
    const Batch batch = paddedBatch(lengths, K, rng);
    Matrix scores = normalMatrix(K, Eigen::Index(batch.T) * batch.B, 2.0, rng);
    const Scalar scale = 0.5;

    SoftmaxCrossEntropy sce;
    sce.forward(scores, batch);
    Matrix ds;
    sce.backward(scale, ds);
    const Matrix dsPerUnit = ds / scale;
    SoftmaxCrossEntropy probe;
    const auto loss = [&] { return double(probe.forward(scores, batch)); };
    CHECK_GRADIENT(checkGradient(scores, dsPerUnit, loss), "ds");
    const Matrix padding = Matrix::Ones(K, scores.cols()) - realMask(lengths, K, batch.T);
    QVERIFY(ds.cwiseProduct(padding).isZero(0));
}

void TestGradients::crf_data() {
    QTest::addColumn<int>("K");
    QTest::addColumn<std::vector<int>>("lengths");
    QTest::addColumn<double>("sigma");
    QTest::newRow("K=4, lengths 5 3 1 4") << 4 << std::vector<int>{5, 3, 1, 4} << 1.0;
    QTest::newRow("K=3, one sequence of one") << 3 << std::vector<int>{1} << 1.0;
    QTest::newRow("K=5, lengths 2 6, wide scores") << 5 << std::vector<int>{2, 6} << 4.0;
}

void TestGradients::crf() {
    QFETCH(int, K);
    QFETCH(std::vector<int>, lengths);
    QFETCH(double, sigma);
    Random rng(8);
    const Batch batch = paddedBatch(lengths, K, rng);
    CrfParams p;
    p.transitions.resize(K, K);
    p.start.resize(K, 1);
    p.end.resize(K, 1);
    p.transitions.value = normalMatrix(K, K, 1.0, rng);
    p.start.value = normalMatrix(K, 1, 1.0, rng);
    p.end.value = normalMatrix(K, 1, 1.0, rng);
    Matrix scores = normalMatrix(K, Eigen::Index(batch.T) * batch.B, sigma, rng);
    const Scalar scale = 0.25; // the trainer passes 1/B

    Crf crfLayer;
    crfLayer.forward(p, scores, batch);
    Matrix ds;
    crfLayer.backward(p, scale, ds);
    const Matrix dsPerUnit = ds / scale;
    const Matrix dA = p.transitions.grad / scale, dStart = p.start.grad / scale,
                 dEnd = p.end.grad / scale;

    Crf probe;
    const auto loss = [&] { return double(probe.forward(p, scores, batch)); };
    CHECK_GRADIENT(checkGradient(scores, dsPerUnit, loss), "ds");
    CHECK_GRADIENT(checkGradient(p.transitions.value, dA, loss), "dtransitions");
    CHECK_GRADIENT(checkGradient(p.start.value, dStart, loss), "dstart");
    CHECK_GRADIENT(checkGradient(p.end.value, dEnd, loss), "dend");
    const Matrix padding = Matrix::Ones(K, scores.cols()) - realMask(lengths, K, batch.T);
    QVERIFY(ds.cwiseProduct(padding).isZero(0));
}

void TestGradients::crfBackwardWithoutForwardThrows() {
    Random rng(9);
    const int K = 3;
    const Batch batch = paddedBatch({3, 2}, K, rng);
    CrfParams p;
    p.transitions.resize(K, K);
    p.start.resize(K, 1);
    p.end.resize(K, 1);
    const Matrix scores = normalMatrix(K, Eigen::Index(batch.T) * batch.B, 1.0, rng);
    Matrix ds;
    Crf crfLayer;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, crfLayer.backward(p, 1, ds));
    // Marginals alone have no gold path, so there is no loss to differentiate.
    crfLayer.marginals(p, scores, batch);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, crfLayer.backward(p, 1, ds));
}

void TestGradients::stack_data() {
    QTest::addColumn<CellType>("cell");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<bool>("linearBetween");
    for (CellType cell : kAllCells) {
        for (int layers : {1, 2})
            for (bool bi : {false, true})
                QTest::addRow("%s, %d layer%s, %s", cellName(cell).c_str(), layers,
                              layers > 1 ? "s" : "", bi ? "bidirectional" : "unidirectional")
                    << cell << layers << bi << false;
        QTest::addRow("%s, 3 layers, bidirectional, linear layers between", cellName(cell).c_str())
            << cell << 3 << true << true;
    }
    QTest::newRow("lstm, 2 layers, unidirectional, linear layer between")
        << CellType::Lstm << 2 << false << true;
}

void TestGradients::stack() {
    QFETCH(CellType, cell);
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    QFETCH(bool, linearBetween);
    const std::vector<int> lengths{5, 3, 1};
    const int T = 5, B = 3, D = 3, H = 3, dirs = bidirectional ? 2 : 1;
    Random rng(12);
    StackParams p = randomStack(cell, layers, bidirectional, D, H, rng, linearBetween);
    QCOMPARE(p.between.size(), size_t(linearBetween ? layers - 1 : 0));
    Matrix x = normalMatrix(D, Eigen::Index(T) * B, 1.0, rng); // padding holds values too
    // loss = Σ over real positions of w ⊙ out, as the CRF and softmax only read real positions
    const Matrix w = normalMatrix(dirs * H, Eigen::Index(T) * B, 1.0, rng)
                         .cwiseProduct(realMask(lengths, dirs * H, T));

    RecurrentStack stack;
    const Matrix& out = stack.forward(p, x, lengths, T, B, StackDropout{}, nullptr, 1);
    QCOMPARE(out.rows(), Eigen::Index(dirs) * H);
    QCOMPARE(stack.direction(0, 0).type(), cell);
    Matrix dout = w, dx;
    stack.backward(p, dout, dx, 1);

    RecurrentStack probe;
    const auto loss = [&] {
        return dot(w, probe.forward(p, x, lengths, T, B, StackDropout{}, nullptr, 1));
    };
    for (int l = 0; l < layers; ++l)
        for (int d = 0; d < dirs; ++d) {
            const std::string name =
                "layer " + std::to_string(l) + (d == 0 ? " forward " : " backward ");
            for (const auto& [block, q] : cellBlocks(cell, p.layers[size_t(l)][size_t(d)]))
                CHECK_GRADIENT(checkGradient(q->value, q->grad, loss), name + block);
        }
    for (size_t l = 0; l < p.between.size(); ++l) {
        const std::string name = "between " + std::to_string(l) + " ";
        CHECK_GRADIENT(checkGradient(p.between[l].W.value, p.between[l].W.grad, loss), name + "W");
        CHECK_GRADIENT(checkGradient(p.between[l].b.value, p.between[l].b.grad, loss), name + "b");
    }
    CHECK_GRADIENT(checkGradient(x, dx, loss), "dx");
    // Padding never reaches a real position, so its input gradient is exactly zero (with
    // linear layers between, their bias does reach padded positions above the first layer,
    // but never the real ones, and the input's padding gradient stays zero).
    const Matrix padding = Matrix::Ones(D, x.cols()) - realMask(lengths, D, T);
    QVERIFY(dx.cwiseProduct(padding).isZero(0));
    QVERIFY(!dx.cwiseProduct(realMask(lengths, D, T)).isZero(0));
}

void TestGradients::stackTwoThreadsGiveIdenticalGradients_data() {
    QTest::addColumn<CellType>("cell");
    for (CellType cell : kAllCells)
        QTest::addRow("%s", cellName(cell).c_str()) << cell;
}

void TestGradients::stackTwoThreadsGiveIdenticalGradients() {
    QFETCH(CellType, cell);
    const std::vector<int> lengths{4, 2, 3};
    const int T = 4, B = 3, D = 3, H = 4;
    Random rng(13);
    const StackParams initial = randomStack(cell, 2, true, D, H, rng);
    const Matrix x = normalMatrix(D, Eigen::Index(T) * B, 1.0, rng);
    const Matrix w = normalMatrix(2 * H, Eigen::Index(T) * B, 1.0, rng);
    StackParams grads[2];
    Matrix outputs[2], dxs[2];
    for (int threads : {1, 2}) {
        StackParams& p = grads[threads - 1];
        p = initial;
        RecurrentStack stack;
        outputs[threads - 1] = stack.forward(p, x, lengths, T, B, StackDropout{}, nullptr, threads);
        Matrix dout = w;
        stack.backward(p, dout, dxs[threads - 1], threads);
    }
    QCOMPARE(outputs[1], outputs[0]);
    QCOMPARE(dxs[1], dxs[0]);
    for (size_t l = 0; l < 2; ++l)
        for (size_t d = 0; d < 2; ++d) {
            const auto a = cellBlocks(cell, grads[0].layers[l][d]);
            const auto b = cellBlocks(cell, grads[1].layers[l][d]);
            QVERIFY(!a.front().second->grad.isZero(0));
            for (size_t k = 0; k < a.size(); ++k)
                QCOMPARE(b[k].second->grad, a[k].second->grad);
        }
}

void TestGradients::stackBackwardWithoutForwardThrows() {
    Random rng(14);
    StackParams p = randomStack(CellType::Lstm, 2, true, 2, 3, rng);
    Matrix dout = normalMatrix(6, 4, 1.0, rng), dx;
    RecurrentStack stack;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, stack.backward(p, dout, dx, 1));
    const Matrix x = normalMatrix(2, 4, 1.0, rng);
    stack.forward(p, x, {2, 1}, 2, 2, StackDropout{}, nullptr, 1);
    stack.backward(p, dout, dx, 1);
    dout = normalMatrix(6, 4, 1.0, rng);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, stack.backward(p, dout, dx, 1));
}

void TestGradients::languageModelHead() {
    const int H = 3, P = 4, V = 6;
    const std::vector<int> lengths{4, 2, 3};
    const int T = 4, B = 3, N = T * B;
    Random rng(17);
    LanguageModelParams p;
    p.hidden.W.resize(P, H);
    p.hidden.b.resize(P, 1);
    p.output.W.resize(V, P);
    p.output.b.resize(V, 1);
    for (Parameter* q : {&p.hidden.W, &p.hidden.b, &p.output.W, &p.output.b})
        q->value = normalMatrix(q->value.rows(), q->value.cols(), 0.8, rng);
    Matrix h = normalMatrix(H, N, 1.0, rng);
    Batch batch = paddedBatch(lengths, V, rng);
    for (int& token : batch.tokens)
        token = token % V; // ids inside the small vocabulary
    const std::vector<int> targets = nextCharacterTargets(batch, true);
    const Scalar scale = 0.7;

    LanguageModelHead head;
    const double value = head.forward(p, h, targets);
    QVERIFY(value > 0);
    Matrix dh;
    head.backward(p, scale, dh);
    for (Parameter* q : {&p.hidden.W, &p.hidden.b, &p.output.W, &p.output.b})
        q->grad /= scale;
    dh /= scale;
    // Positions without a target (padding, each sequence's last character) get no gradient.
    for (int b = 0; b < B; ++b)
        for (int t = lengths[size_t(b)] - 1; t < T; ++t)
            QVERIFY(dh.col(batch.col(t, b)).isZero());

    LanguageModelHead probe;
    const auto loss = [&] { return probe.forward(p, h, targets); };
    CHECK_GRADIENT(checkGradient(p.hidden.W.value, p.hidden.W.grad, loss), "hidden.W");
    CHECK_GRADIENT(checkGradient(p.hidden.b.value, p.hidden.b.grad, loss), "hidden.b");
    CHECK_GRADIENT(checkGradient(p.output.W.value, p.output.W.grad, loss), "output.W");
    CHECK_GRADIENT(checkGradient(p.output.b.value, p.output.b.grad, loss), "output.b");
    CHECK_GRADIENT(checkGradient(h, dh, loss), "dh");
}

void TestGradients::languageModelTargets() {
    Batch batch;
    batch.T = 3;
    batch.B = 2;
    batch.lengths = {3, 1};
    batch.tokens = {5, 8, 6, 0, 7, 0}; // column t*B + b: sequence 0 is 5 6 7, sequence 1 is 8
    const std::vector<int> forward = nextCharacterTargets(batch, true);
    const std::vector<int> backward = nextCharacterTargets(batch, false);
    QCOMPARE(forward, (std::vector<int>{6, -1, 7, -1, -1, -1}));
    QCOMPARE(backward, (std::vector<int>{-1, -1, 5, -1, 6, -1}));
}

void TestGradients::wholeModel_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<OutputLayer>("output");
    QTest::addColumn<double>("dropout");
    QTest::addColumn<bool>("perSentence");
    QTest::addColumn<double>("recurrent");
    QTest::addColumn<double>("languageModel");
    QTest::addColumn<bool>("lexicon");
    QTest::addColumn<CellType>("cell");
    QTest::addColumn<bool>("linearBetween");
    for (CellType cell : kAllCells)
        for (OutputLayer output : {OutputLayer::Crf, OutputLayer::Softmax})
            for (int layers : {1, 2})
                for (bool bi : {false, true})
                    QTest::addRow("%s, %s, %d layer%s, %s", cellName(cell).c_str(),
                                  outputLayerName(output).c_str(), layers, layers > 1 ? "s" : "",
                                  bi ? "bi" : "uni")
                        << layers << bi << output << 0.0 << false << 0.0 << 0.0 << false << cell
                        << false;
    // The experiment's stacked variant: affine layers between the recurrent ones.
    for (CellType cell : kAllCells)
        QTest::addRow("%s, softmax, 3 layers, uni, linear layers between", cellName(cell).c_str())
            << 3 << false << OutputLayer::Softmax << 0.0 << false << 0.0 << 0.0 << false << cell
            << true;
    QTest::newRow("gru, crf, 2 layers, bi, linear layer between, every dropout (fixed masks)")
        << 2 << true << OutputLayer::Crf << 0.3 << true << 0.3 << 0.0 << false << CellType::Gru
        << true;
    QTest::newRow("gru, crf, 1 layer, bi, dictionary, dropout, language model")
        << 1 << true << OutputLayer::Crf << 0.3 << false << 0.25 << 0.1 << true << CellType::Gru
        << false;
    QTest::newRow("rnn, softmax, 2 layers, uni, recurrent dropout and language model")
        << 2 << false << OutputLayer::Softmax << 0.2 << false << 0.3 << 0.5 << false
        << CellType::Rnn << false;
    // With dropout, every evaluation redraws the same masks from the same seed, so the loss
    // is a fixed smooth function and the masks' backward pass is checked as well.
    QTest::newRow("crf, 2 layers, bi, dropout 0.3 (fixed masks)")
        << 2 << true << OutputLayer::Crf << 0.3 << false << 0.0 << 0.0 << false << CellType::Lstm
        << false;
    QTest::newRow("softmax, 2 layers, uni, dropout 0.3 (fixed masks)")
        << 2 << false << OutputLayer::Softmax << 0.3 << false << 0.0 << 0.0 << false
        << CellType::Lstm << false;
    QTest::newRow("crf, 2 layers, bi, per-sentence and recurrent dropout (fixed masks)")
        << 2 << true << OutputLayer::Crf << 0.3 << true << 0.3 << 0.0 << false << CellType::Lstm
        << false;
    QTest::newRow("softmax, 1 layer, bi, recurrent dropout only (fixed masks)")
        << 1 << true << OutputLayer::Softmax << 0.0 << false << 0.4 << 0.0 << false
        << CellType::Lstm << false;
    // The next-character objective adds its heads and its gradient into the LSTM's.
    QTest::newRow("crf, 1 layer, bi, language-model weight 0.5, dropout 0.3")
        << 1 << true << OutputLayer::Crf << 0.3 << true << 0.3 << 0.5 << false << CellType::Lstm
        << false;
    QTest::newRow("softmax, 2 layers, uni, language-model weight 2")
        << 2 << false << OutputLayer::Softmax << 0.0 << false << 0.0 << 2.0 << false
        << CellType::Lstm << false;
    // Dictionary features add their embedding columns to the characters' (the defaults'
    // shape: one bidirectional layer, a CRF, every dropout and the next-character objective).
    QTest::newRow("crf, 1 layer, bi, dictionary features, dropout, language model")
        << 1 << true << OutputLayer::Crf << 0.3 << false << 0.25 << 0.1 << true << CellType::Lstm
        << false;
    QTest::newRow("softmax, 2 layers, uni, dictionary features")
        << 2 << false << OutputLayer::Softmax << 0.0 << false << 0.0 << 0.0 << true
        << CellType::Lstm << false;
}

void TestGradients::wholeModel() {
    QFETCH(int, layers);
    QFETCH(bool, bidirectional);
    QFETCH(OutputLayer, output);
    QFETCH(double, dropout);
    QFETCH(bool, perSentence);
    QFETCH(double, recurrent);
    QFETCH(double, languageModel);
    QFETCH(bool, lexicon);
    QFETCH(CellType, cell);
    QFETCH(bool, linearBetween);
    const std::vector<Sentence> sentences{
        sentence({"李", "明", "在", "北", "京"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
        sentence({"他", "好"}, {"O", "O"}),
        sentence({"王", "在", "上", "海", "工", "作", "。"},
                 {"B-PER", "O", "B-LOC", "I-LOC", "O", "O", "O"}),
        sentence({"京"}, {"B-LOC"}),
    };
    ModelConfig config;
    config.embeddingDim = 4;
    config.hiddenDim = 3;
    config.layers = layers;
    config.bidirectional = bidirectional;
    config.cell = cell;
    config.linearBetween = linearBetween;
    config.output = output;
    config.embeddingDropout = dropout;
    config.dropout = dropout;
    config.dropoutPerSentence = perSentence;
    config.recurrentDropout = recurrent;
    config.languageModelWeight = languageModel;
    config.languageModelHidden = 3;
    config.scheme = TagScheme::Bio; // the sentences' own scheme: tags encode as they are
    // 李明, 北京 and 上海 are words, 工作 too, and 京 alone; every sentence has features.
    SharedLexicon words;
    if (lexicon)
        words = std::make_shared<Lexicon>(Lexicon::parse(
            "李明 5 nr\n北京 100 ns\n上海 90 ns\n工作 50 vn\n京 3 j\n在 200 p\n", "test"));
    Tagger model = Tagger::create(config, Vocabulary::build(sentences, 1, {}),
                                  TagSet::build(sentences), 21, words);
    Random rng(22);
    // The dictionary's embedding starts at zero; random values let it reach the loss.
    if (lexicon) {
        Parameter& f = model.params().lexicon.E;
        f.value = normalMatrix(f.value.rows(), f.value.cols(), 1.0, rng);
    }
    // The CRF starts at zero; random values make its gradients less special.
    if (output == OutputLayer::Crf) {
        CrfParams& crf = model.params().crf;
        crf.transitions.value =
            normalMatrix(crf.transitions.value.rows(), crf.transitions.value.cols(), 1.0, rng);
        crf.start.value = normalMatrix(crf.start.value.rows(), 1, 1.0, rng);
        crf.end.value = normalMatrix(crf.end.value.rows(), 1, 1.0, rng);
    }
    std::vector<EncodedSentence> encoded;
    for (const Sentence& s : sentences) {
        encoded.push_back(model.encode(s.chars, &s.tags));
        QCOMPARE(encoded.back().features.empty(), !lexicon);
    }
    std::vector<const EncodedSentence*> members;
    for (const EncodedSentence& e : encoded) {
        QVERIFY(std::find(e.tags.begin(), e.tags.end(), -1) == e.tags.end());
        members.push_back(&e);
    }
    const Batch batch = makeBatch(members);

    const Scalar scale = 0.5;
    TaggerNetwork network(1), probe(1);
    auto params = model.namedParameters();
    for (const NamedParameter& np : params)
        np.parameter->grad.setZero();
    Random dropoutRng(1);
    const double trainLoss = network.forwardBackward(model, batch, dropoutRng, scale);
    std::vector<Matrix> analytic;
    for (const NamedParameter& np : params)
        analytic.push_back(np.parameter->grad / scale);
    // The training objective with the masks of seed 1 (scale 0 leaves the gradients alone):
    // the tagging loss plus the weighted next-character loss.
    const auto objective = [&] {
        Random same(1);
        const double tagging = probe.forwardBackward(model, batch, same, 0);
        return tagging + languageModel * probe.languageModelLoss();
    };
    const auto evaluationLoss = [&] { return probe.loss(model, batch); };
    const bool masked = dropout > 0 || recurrent > 0;
    const std::function<double()> loss =
        masked || languageModel > 0 ? std::function<double()>(objective) : evaluationLoss;
    QCOMPARE(trainLoss + languageModel * network.languageModelLoss(), loss());
    QCOMPARE(network.languageModelLoss() > 0, languageModel > 0);
    if (masked)
        QVERIFY(trainLoss != evaluationLoss()); // the masks are really there
    else
        QCOMPARE(trainLoss, evaluationLoss()); // the returned loss is the tagging loss alone

    const size_t blocks = describeCell(cell).parameters.size(); // 3, or 4 for a GRU's b_h
    const size_t expected =
        3 + blocks * size_t(layers * config.directions()) +
        (linearBetween ? 2 * size_t(layers - 1) : 0) + (output == OutputLayer::Crf ? 3 : 0) +
        (config.hasLanguageModelHead() ? 4 * size_t(config.directions()) : 0) + (lexicon ? 1 : 0);
    QCOMPARE(params.size(), expected);
    for (size_t k = 0; k < params.size(); ++k) {
        const NamedParameter& np = params[k];
        QVERIFY2(!analytic[k].isZero(0), np.name.c_str());
        const auto entries = sampleEntries(analytic[k], 20, 5, rng);
        CHECK_GRADIENT(
            checkGradient(np.parameter->value, analytic[k], loss, entries, kModelDifference),
            np.name);
    }
}

void TestGradients::dropoutPerSequenceKeepsOneMaskOverTime() {
    const int F = 64, T = 5, B = 3;
    Random rng(4);
    const Matrix x = Matrix::Ones(F, T * B);
    Matrix perElement = x, perSequence = x;
    Dropout a, b;
    a.forward(perElement, 0.5, &rng);
    b.forward(perSequence, 0.5, &rng, B);
    // Column t*B + b equals column b for every step t: one mask per sequence and feature.
    for (int t = 1; t < T; ++t)
        QVERIFY(perSequence.middleCols(t * B, B) == perSequence.leftCols(B));
    QVERIFY(perElement.middleCols(B, B) != perElement.leftCols(B));
    // Kept values are scaled by 1/(1 − p); about half of the features are dropped.
    QVERIFY(((perSequence.array() == 0) || (perSequence.array() == 2)).all());
    const double dropped = double((perSequence.leftCols(B).array() == 0).count()) / (F * B);
    QVERIFY2(dropped > 0.3 && dropped < 0.7, qPrintable(QString::number(dropped)));
    // The backward pass applies the same mask.
    Matrix grad = Matrix::Ones(F, T * B);
    b.backward(grad);
    QVERIFY(grad == perSequence);
    // Columns that are not whole time steps are a programming error.
    Matrix odd = Matrix::Ones(F, 7);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, b.forward(odd, 0.5, &rng, B));
}

QTEST_APPLESS_MAIN(TestGradients)
#include "tst_gradients.moc"
