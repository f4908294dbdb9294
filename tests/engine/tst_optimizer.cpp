// The optimisers' update rules, step by step, against the textbook formulas written out
// plainly here (double precision build): SGD with momentum as torch.optim.SGD (dampening 0,
// the first step's velocity is the gradient), Adam with explicit bias-corrected moments, L2,
// and clipping by global norm. Until this test, SGD ran in no test at all.
#include "engine/core/random.h"
#include "engine/train/learning_dynamics.h"
#include "engine/train/optimizer.h"

#include <QtTest>

#include <cmath>

using namespace ner;

namespace {

OptimizerConfig config(OptimizerKind kind, double l2) {
    OptimizerConfig c;
    c.kind = kind;
    c.l2 = l2;
    return c;
}

// Deterministic values of both signs over four orders of magnitude, one stream per seed.
Matrix gradientFor(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    Random rng(seed);
    Matrix g(rows, cols);
    for (Eigen::Index k = 0; k < g.size(); ++k)
        g.data()[k] = rng.normal() * std::pow(10.0, rng.uniform(-3.0, 1.0));
    return g;
}

double maxRelativeError(const Matrix& a, const Matrix& b) {
    double worst = 0;
    for (Eigen::Index k = 0; k < a.size(); ++k)
        worst = std::max(worst, std::abs(a.data()[k] - b.data()[k]) /
                                    std::max(1e-12, std::abs(b.data()[k])));
    return worst;
}

} // namespace

class TestOptimizer : public QObject {
    Q_OBJECT

private slots:
    void sgdMomentumByHand();
    void sgdMatchesTheFormula_data();
    void sgdMatchesTheFormula();
    void adamFirstStepByHand();
    void adamMatchesTheFormula_data();
    void adamMatchesTheFormula();
    void stepZeroesTheGradients();
    void clippingScalesToTheGlobalNorm();
    void clippingReportsEachParametersSquare();
    void stepNormsMeasureTheStep_data();
    void stepNormsMeasureTheStep();
    void parametersFallIntoGroups();
    void groupNormsSumTheirParameters();
    void createGivesTheKindAsked();
};

void TestOptimizer::sgdMomentumByHand() {
    // lr 0.1, momentum 0.9, gradient 0.5 twice:
    //   step 1: v = 0.5;              θ = 1 − 0.1·0.5  = 0.95
    //   step 2: v = 0.9·0.5 + 0.5 = 0.95; θ = 0.95 − 0.1·0.95 = 0.855
    Sgd sgd(config(OptimizerKind::Sgd, 0.0));
    Parameter p;
    p.resize(1, 1);
    p.value(0, 0) = 1.0;
    const std::vector<NamedParameter> params{{"p", &p}};
    p.grad(0, 0) = 0.5;
    sgd.step(params, 0.1);
    QCOMPARE(p.value(0, 0), 0.95);
    p.grad(0, 0) = 0.5;
    sgd.step(params, 0.1);
    QVERIFY(std::abs(p.value(0, 0) - 0.855) < 1e-15);
    // With L2 λ = 0.1 the gradient gains λθ: a fresh optimiser at θ = 2, g = 0 moves to
    // 2 − 0.1·(0.1·2) = 1.98.
    Sgd decaying(config(OptimizerKind::Sgd, 0.1));
    p.value(0, 0) = 2.0;
    p.grad(0, 0) = 0.0;
    decaying.step(params, 0.1);
    QVERIFY(std::abs(p.value(0, 0) - 1.98) < 1e-15);
}

void TestOptimizer::sgdMatchesTheFormula_data() {
    QTest::addColumn<double>("l2");
    QTest::newRow("no L2") << 0.0;
    QTest::newRow("L2 1e-2") << 1e-2;
}

void TestOptimizer::sgdMatchesTheFormula() {
    QFETCH(double, l2);
    const OptimizerConfig c = config(OptimizerKind::Sgd, l2);
    Sgd sgd(c);
    // Two parameters of different shapes, so each keeps its own velocity.
    Parameter a, b;
    a.resize(3, 5);
    b.resize(7, 1);
    a.value = gradientFor(3, 5, 1);
    b.value = gradientFor(7, 1, 2);
    Matrix wa = a.value, wb = b.value;
    Matrix va = Matrix::Zero(3, 5), vb = Matrix::Zero(7, 1);
    const std::vector<NamedParameter> params{{"a", &a}, {"b", &b}};
    for (int t = 1; t <= 6; ++t) {
        const double lr = 0.05 / t; // the trainer's schedule changes lr between steps
        a.grad = gradientFor(3, 5, 100 + std::uint64_t(t));
        b.grad = gradientFor(7, 1, 200 + std::uint64_t(t));
        const Matrix ga = a.grad + l2 * wa, gb = b.grad + l2 * wb;
        va = c.momentum * va + ga;
        vb = c.momentum * vb + gb;
        wa -= lr * va;
        wb -= lr * vb;
        sgd.step(params, lr);
        QVERIFY2(maxRelativeError(a.value, wa) < 1e-12, qPrintable(QString::number(t)));
        QVERIFY2(maxRelativeError(b.value, wb) < 1e-12, qPrintable(QString::number(t)));
    }
}

void TestOptimizer::adamFirstStepByHand() {
    // At t = 1 the bias-corrected moments are m̂ = g and v̂ = g², so each weight moves by
    // lr · g / (|g| + ε): almost exactly lr against the gradient's sign, whatever its size.
    Adam adam(config(OptimizerKind::Adam, 0.0));
    Parameter p;
    p.resize(3, 1);
    p.value << 1.0, 1.0, 1.0;
    p.grad << 1e-3, -50.0, 0.0;
    adam.step({{"p", &p}}, 0.01);
    QVERIFY(std::abs(p.value(0) - (1.0 - 0.01 * 1e-3 / (1e-3 + 1e-8))) < 1e-12);
    QVERIFY(std::abs(p.value(1) - (1.0 + 0.01 * 50.0 / (50.0 + 1e-8))) < 1e-12);
    QCOMPARE(p.value(2), 1.0); // no gradient, no move
}

void TestOptimizer::adamMatchesTheFormula_data() {
    QTest::addColumn<double>("l2");
    QTest::addColumn<int>("size");
    QTest::newRow("small, no L2") << 0.0 << 12;
    // Adam updates in blocks of 2,048 values: 5,000 spans three, the last one partial.
    QTest::newRow("three blocks, L2 1e-3") << 1e-3 << 5000;
}

void TestOptimizer::adamMatchesTheFormula() {
    QFETCH(double, l2);
    QFETCH(int, size);
    const OptimizerConfig c = config(OptimizerKind::Adam, l2);
    Adam adam(c);
    Parameter p;
    p.resize(size, 1);
    p.value = gradientFor(size, 1, 3);
    Matrix w = p.value;
    Matrix m = Matrix::Zero(size, 1), v = Matrix::Zero(size, 1);
    const std::vector<NamedParameter> params{{"p", &p}};
    for (int t = 1; t <= 8; ++t) {
        const double lr = 0.01 / (1 + 0.05 * t);
        p.grad = gradientFor(size, 1, 300 + std::uint64_t(t));
        const Matrix g = p.grad + l2 * w;
        m = c.beta1 * m + (1 - c.beta1) * g;
        v = c.beta2 * v + (1 - c.beta2) * g.cwiseProduct(g);
        const Matrix mHat = m / (1 - std::pow(c.beta1, t));
        const Matrix vHat = v / (1 - std::pow(c.beta2, t));
        w -= (lr * mHat.array() / (vHat.array().sqrt() + c.epsilon)).matrix();
        adam.step(params, lr);
        // The engine folds the bias corrections into the step size and ε; algebraically
        // the same update, so only rounding separates the two.
        QVERIFY2(maxRelativeError(p.value, w) < 1e-10, qPrintable(QString::number(t)));
    }
}

void TestOptimizer::stepZeroesTheGradients() {
    for (OptimizerKind kind : {OptimizerKind::Sgd, OptimizerKind::Adam}) {
        auto optimizer = Optimizer::create(config(kind, 1e-5));
        Parameter p;
        p.resize(4, 3);
        p.grad = gradientFor(4, 3, 9);
        optimizer->step({{"p", &p}}, 0.1);
        QCOMPARE(p.grad.squaredNorm(), 0.0);
        QVERIFY(p.value.squaredNorm() > 0.0); // and it did move
    }
}

void TestOptimizer::clippingScalesToTheGlobalNorm() {
    // Gradients (3) and (4): global norm 5 across both parameters.
    Parameter a, b;
    a.resize(1, 1);
    b.resize(1, 1);
    const std::vector<NamedParameter> params{{"a", &a}, {"b", &b}};
    a.grad(0, 0) = 3;
    b.grad(0, 0) = 4;
    QCOMPARE(clipGradientNorm(params, 10.0), 5.0); // under the limit: unchanged
    QCOMPARE(a.grad(0, 0), 3.0);
    QCOMPARE(clipGradientNorm(params, 0.0), 5.0); // 0: off
    QCOMPARE(b.grad(0, 0), 4.0);
    QCOMPARE(clipGradientNorm(params, 1.0), 5.0); // returns the norm before clipping
    QVERIFY(std::abs(a.grad(0, 0) - 0.6) < 1e-15);
    QVERIFY(std::abs(b.grad(0, 0) - 0.8) < 1e-15); // direction kept, norm now 1
}

void TestOptimizer::clippingReportsEachParametersSquare() {
    Parameter a, b;
    a.resize(1, 2);
    b.resize(1, 1);
    a.grad << 3, 4;                       // 25
    b.grad << 12;                         // 144: global norm 13
    std::vector<double> squares{7, 7, 7}; // stale values are replaced
    QCOMPARE(clipGradientNorm({{"a", &a}, {"b", &b}}, 1.0, &squares), 13.0);
    QCOMPARE(squares, (std::vector<double>{25, 144})); // before clipping
    QVERIFY(std::abs(b.grad(0, 0) - 12.0 / 13.0) < 1e-15);
}

void TestOptimizer::stepNormsMeasureTheStep_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("l2");
    QTest::newRow("sgd") << int(OptimizerKind::Sgd) << 0.0;
    QTest::newRow("sgd, l2") << int(OptimizerKind::Sgd) << 1e-3;
    QTest::newRow("adam") << int(OptimizerKind::Adam) << 0.0;
    QTest::newRow("adam, l2") << int(OptimizerKind::Adam) << 1e-3;
}

// Over three steps, StepNorms holds ‖θ_new − θ_old‖² and ‖θ_new‖² per parameter as computed
// here from copies, and measuring changes nothing: a twin optimiser that does not measure
// ends on the same weights, bit for bit. One parameter is larger than Adam's 2,048-element
// blocks, so that sums over blocks are covered.
void TestOptimizer::stepNormsMeasureTheStep() {
    QFETCH(int, kind);
    QFETCH(double, l2);
    auto measured = Optimizer::create(config(OptimizerKind(kind), l2));
    auto plain = Optimizer::create(config(OptimizerKind(kind), l2));
    Parameter a, b, a2, b2;
    a.resize(3, 5);
    b.resize(50, 60);
    a.value = gradientFor(3, 5, 11);
    b.value = gradientFor(50, 60, 12);
    a2.value = a.value;
    b2.value = b.value;
    const std::vector<NamedParameter> params{{"a", &a}, {"b", &b}}, twins{{"a", &a2}, {"b", &b2}};
    for (int t = 0; t < 3; ++t) {
        a.grad = a2.grad = gradientFor(3, 5, 20 + std::uint64_t(t));
        b.grad = b2.grad = gradientFor(50, 60, 30 + std::uint64_t(t));
        const Matrix beforeA = a.value, beforeB = b.value;
        StepNorms norms;
        measured->step(params, 0.01, &norms);
        plain->step(twins, 0.01);
        QCOMPARE(norms.update.size(), size_t(2));
        QCOMPARE(norms.weight.size(), size_t(2));
        const double expected[2][2] = {{(a.value - beforeA).squaredNorm(), a.value.squaredNorm()},
                                       {(b.value - beforeB).squaredNorm(), b.value.squaredNorm()}};
        for (size_t k = 0; k < 2; ++k) {
            QVERIFY2(std::abs(norms.update[k] - expected[k][0]) <= 1e-9 * expected[k][0],
                     qPrintable(QString("step %1, parameter %2").arg(t).arg(k)));
            QVERIFY(std::abs(norms.weight[k] - expected[k][1]) <= 1e-12 * expected[k][1]);
        }
        QVERIFY(a.value == a2.value);
        QVERIFY(b.value == b2.value);
    }
}

void TestOptimizer::parametersFallIntoGroups() {
    const std::pair<const char*, const char*> cases[] = {
        {"embedding.E", "embedding"},
        {"lexicon.E", "dictionary"},
        {"lstm.0.forward.W_x", "lstm 1 forward"},
        {"lstm.0.backward.b", "lstm 1 backward"},
        {"lstm.3.forward.W_h", "lstm 4 forward"},
        {"projection.W", "projection"},
        {"projection.b", "projection"},
        {"crf.transitions", "crf"},
        {"crf.start", "crf"},
        {"lm.forward.hidden.W", "next character"},
        {"lm.backward.output.b", "next character"},
        {"something.else", "something"},
        {"plain", "plain"},
    };
    for (const auto& [name, group] : cases)
        QCOMPARE(parameterGroup(name), std::string(group));
}

// Squares 9 + 16 of two embedding-like parameters and 144 of a third group: norms 5 and 12.
void TestOptimizer::groupNormsSumTheirParameters() {
    Parameter p1, p2, p3;
    const std::vector<NamedParameter> params{
        {"crf.start", &p1}, {"embedding.E", &p2}, {"crf.end", &p3}};
    StepNorms step;
    step.update = {1, 4, 3};
    step.weight = {16, 25, 9};
    const std::vector<GroupDynamics> groups = groupDynamics(params, {9, 144, 16}, step);
    QCOMPARE(groups.size(), size_t(2));
    QCOMPARE(groups[0].group, std::string("crf")); // the order they first appear in
    QCOMPARE(groups[0].gradient, 5.0);
    QCOMPARE(groups[0].update, 2.0);
    QCOMPARE(groups[0].weight, 5.0);
    QCOMPARE(groups[0].updateRatio(), 0.4);
    QCOMPARE(groups[1].group, std::string("embedding"));
    QCOMPARE(groups[1].gradient, 12.0);
    QCOMPARE(groups[1].update, 2.0);
    QCOMPARE(groups[1].weight, 5.0);
    QCOMPARE(GroupDynamics{}.updateRatio(), 0.0); // no weights: no ratio
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, groupDynamics(params, {9, 144}, step));
    step.weight.pop_back();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, groupDynamics(params, {9, 144, 16}, step));
}

void TestOptimizer::createGivesTheKindAsked() {
    QVERIFY(dynamic_cast<Sgd*>(Optimizer::create(config(OptimizerKind::Sgd, 0)).get()));
    QVERIFY(dynamic_cast<Adam*>(Optimizer::create(config(OptimizerKind::Adam, 0)).get()));
    QCOMPARE(optimizerName(OptimizerKind::Sgd), std::string("sgd"));
    QCOMPARE(optimizerName(OptimizerKind::Adam), std::string("adam"));
}

QTEST_APPLESS_MAIN(TestOptimizer)
#include "tst_optimizer.moc"
