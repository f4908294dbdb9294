// principalPlane on columns laid on a known plane (axes, variance shares, coordinates and the
// sign rules worked out by hand); typeAgreement on unit vectors whose neighbours are counted
// by hand; layerState against analyse()'s gate traces read directly; mapHiddenStates and
// sentencePath against the states and a principal plane and a neighbour count recomputed
// here, by brute force, from those traces.
#include "engine/analysis/principal_plane.h"
#include "engine/analysis/sentence_analysis.h"
#include "engine/analysis/state_map.h"
#include "engine/data/vocabulary.h"
#include "engine/model/tagger.h"
#include "engine/model/tagger_network.h"
#include "engine/nn/lstm_cell.h"
#include "test_sentences.h"
#include "tiny_model.h"

#include <Eigen/SVD>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <tuple>
#include <utility>

using namespace ner;
using namespace ner::test;

namespace {

bool near(double a, double b, double tolerance = 1e-5) {
    return std::abs(a - b) <= tolerance;
}

// ---- principalPlane --------------------------------------------------------------------

// Three orthonormal directions in R^4. u's largest loading (8/9) and v's (7/9) are positive
// and unique, so the sign rule has one answer; w is off the plane. u·v = (4 + 28 − 32)/81 = 0,
// u·w = (−8 + 16 − 8)/(81√2) = 0, v·w = (−32 + 28 + 4)/(81√2) = 0, |w|² = 162/162.
Eigen::VectorXd planeU() {
    return (Eigen::VectorXd(4) << 1, 4, 8, 0).finished() / 9;
}
Eigen::VectorXd planeV() {
    return (Eigen::VectorXd(4) << 4, 7, -4, 0).finished() / 9;
}
Eigen::VectorXd offPlaneW() {
    return (Eigen::VectorXd(4) << -8, 4, -1, 9).finished() / (9 * std::sqrt(2.0));
}

// Every combination of a ∈ {−3, 0, 3}, b ∈ {−1, 1}, c ∈ {−0.1, 0.1}: a full factorial, so
// each of a, b, c has mean 0 and every product of two of them sums to 0 — the three are
// uncorrelated and u, v, w are the principal axes. Variances (population, as the header's
// "fraction of the variance" needs no Bessel): a (9·4 + 9·4)/12 = 6, b 1, c 0.01.
struct PlanePoint {
    double a, b, c;
};
std::vector<PlanePoint> planePoints() {
    std::vector<PlanePoint> points;
    for (double a : {3.0, -3.0, 0.0})
        for (double b : {-1.0, 1.0})
            for (double c : {0.1, -0.1})
                points.push_back({a, b, c});
    return points;
}
constexpr double kVarianceA = 6, kVarianceB = 1, kVarianceC = 0.01;

// Columns a·su·u + b·sv·v + c·w + an offset that is not on any axis.
Eigen::MatrixXd planeColumns(double signU, double signV) {
    const Eigen::VectorXd offset = (Eigen::VectorXd(4) << 0.5, -1, 2, 0.3).finished();
    const std::vector<PlanePoint> points = planePoints();
    Eigen::MatrixXd columns(4, Eigen::Index(points.size()));
    for (size_t n = 0; n < points.size(); ++n)
        columns.col(Eigen::Index(n)) = points[n].a * signU * planeU() +
                                       points[n].b * signV * planeV() + points[n].c * offPlaneW() +
                                       offset;
    return columns;
}

// Whether an axis has its largest loading (in absolute value) positive.
bool largestLoadingPositive(const Eigen::RowVectorXd& axis) {
    Eigen::Index largest = 0;
    axis.cwiseAbs().maxCoeff(&largest);
    return axis(largest) > 0;
}

// ---- typeAgreement ---------------------------------------------------------------------

// Six unit vectors in the plane at these angles (degrees), all within 180° of each other, so
// that a larger angle between two is a smaller cosine and the neighbours can be read off the
// angle differences. No two differences from one vector are equal: no ties.
const double kAngles[6] = {0, 10, 30, 80, 95, 170};
const std::vector<std::string> kAngleTypes = {"PER", "PER", "LOC", "LOC", "O", "PER"};

Eigen::MatrixXd angleColumns() {
    Eigen::MatrixXd unit(2, 6);
    for (int n = 0; n < 6; ++n) {
        const double radians = kAngles[n] * std::numbers::pi / 180;
        unit.col(n) << std::cos(radians), std::sin(radians);
    }
    return unit;
}

// ---- models and sentences --------------------------------------------------------------

// Lengths 5, 6, 3: an O, two-character PER and LOC entities, a one-character LOC.
std::vector<Sentence> threeSentences(bool bioes) {
    if (bioes)
        return {
            sentence({"李", "明", "在", "北", "京"}, {"B-PER", "E-PER", "O", "B-LOC", "E-LOC"}),
            sentence({"王", "芳", "到", "上", "海", "了"},
                     {"B-PER", "E-PER", "O", "B-LOC", "E-LOC", "O"}),
            sentence({"他", "在", "京"}, {"O", "O", "S-LOC"}),
        };
    return {
        sentence({"李", "明", "在", "北", "京"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}),
        sentence({"王", "芳", "到", "上", "海", "了"},
                 {"B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"}),
        sentence({"他", "在", "京"}, {"O", "O", "B-LOC"}),
    };
}
// The gold type of each character of threeSentences(), read by hand.
const std::vector<std::vector<std::string>> kThreeTypes = {
    {"PER", "PER", "O", "LOC", "LOC"},
    {"PER", "PER", "O", "LOC", "LOC", "O"},
    {"O", "O", "LOC"},
};

// 28 characters, most of them in several sentences and in entities of different types
// (北京 is LOC, 明 PER and O), so that the same-character and same-sentence exclusions of
// the agreement change which states are neighbours.
std::vector<Sentence> sixSentences() {
    std::vector<Sentence> s = threeSentences(false);
    s.push_back(
        sentence({"李", "芳", "去", "上", "海"}, {"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}));
    s.push_back(sentence({"北", "京", "王", "明"}, {"B-LOC", "I-LOC", "B-PER", "I-PER"}));
    s.push_back(sentence({"明", "天", "到", "北", "京"}, {"O", "O", "O", "B-LOC", "I-LOC"}));
    return s;
}

// The trace of (layer, direction), found by its labels rather than its place in the list.
const GateTrace* traceOf(const SentenceAnalysis& a, int layer, int direction) {
    for (const GateTrace& trace : a.gates)
        if (trace.layer == layer && trace.direction == direction) return &trace;
    return nullptr;
}

StateMap negated(StateMap map, bool x, bool y) {
    for (StatePoint& p : map.points) {
        if (x) p.x = -p.x;
        if (y) p.y = -p.y;
    }
    return map;
}

// Whether two maps put the same characters at the same places, up to these signs.
bool samePoints(const StateMap& got, const StateMap& reference, double sx = 1, double sy = 1) {
    if (got.points.size() != reference.points.size()) return false;
    for (size_t n = 0; n < got.points.size(); ++n) {
        const StatePoint &p = got.points[n], &q = reference.points[n];
        if (p.sentence != q.sentence || p.position != q.position || p.character != q.character ||
            !near(p.x, sx * q.x, 1e-6) || !near(p.y, sy * q.y, 1e-6))
            return false;
    }
    return true;
}

// The state of every point of a map, from analyses made here.
std::vector<Eigen::VectorXd> statesOf(TaggerNetwork& network, const Tagger& model,
                                      const std::vector<Sentence>& sentences, const StateMap& map,
                                      int maxLength = 1000) {
    std::vector<SentenceAnalysis> analyses;
    for (int s = 0; s < map.sentences; ++s)
        analyses.push_back(analyseSentence(network, model, sentences[size_t(s)].chars, maxLength));
    std::vector<Eigen::VectorXd> states;
    for (const StatePoint& p : map.points)
        states.push_back(layerState(analyses[size_t(p.sentence)], map.layer, p.position));
    return states;
}

} // namespace

class TestStateMap : public QObject {
    Q_OBJECT

private slots:
    void planeOfKnownAxes_data();
    void planeOfKnownAxes();
    void previousCoordinatesChooseTheSigns();
    void planeArgumentsChecked();
    void unitLengthColumnsAreCosines();
    void agreementCountedByHand();
    void agreementAmongComparableColumnsOnly();
    void agreementWithKBeyondTheCandidates();
    void layerStateIsForwardThenBackward();
    void layerStateOfAForwardModel();
    void layerStateArgumentsChecked();
    void mapPointsInReadingOrder_data();
    void mapPointsInReadingOrder();
    void firstSentenceIsCutAtTheMaximum();
    void mapIsThePrincipalPlaneOfTheStates();
    void previousMapSetsTheSigns();
    void previousMapOfOtherSentencesIsIgnored();
    void mapArgumentsChecked();
    void agreementMatchesABruteForce_data();
    void agreementMatchesABruteForce();
    void sentencePathFollowsTheMap();
};

void TestStateMap::planeOfKnownAxes_data() {
    QTest::addColumn<double>("signU");
    QTest::addColumn<double>("signV");
    // The columns along −u give the same plane; the sign rule still makes x run along +u,
    // where they have x = −a.
    QTest::newRow("u, v") << 1.0 << 1.0;
    QTest::newRow("-u, v") << -1.0 << 1.0;
    QTest::newRow("u, -v") << 1.0 << -1.0;
    QTest::newRow("-u, -v") << -1.0 << -1.0;
}

void TestStateMap::planeOfKnownAxes() {
    QFETCH(double, signU);
    QFETCH(double, signV);
    const Eigen::MatrixXd columns = planeColumns(signU, signV);
    const PrincipalPlane plane = principalPlane(columns);
    QCOMPARE(plane.axes.rows(), Eigen::Index(2));
    QCOMPARE(plane.axes.cols(), Eigen::Index(4));
    QCOMPARE(plane.coordinates.rows(), Eigen::Index(2));
    QCOMPARE(plane.coordinates.cols(), columns.cols());
    // The mean is the offset (a, b, c each average to 0).
    QVERIFY(near((plane.mean - Eigen::Vector4d(0.5, -1, 2, 0.3)).norm(), 0, 1e-12));
    // Unsigned, the axes are u and v; signed, their largest loadings are positive, so
    // exactly u and v whatever sign the columns were laid along.
    QVERIFY(near(std::abs(plane.axes.row(0).dot(planeU())), 1, 1e-9));
    QVERIFY(near(std::abs(plane.axes.row(1).dot(planeV())), 1, 1e-9));
    QVERIFY(near((plane.axes.row(0).transpose() - planeU()).norm(), 0, 1e-9));
    QVERIFY(near((plane.axes.row(1).transpose() - planeV()).norm(), 0, 1e-9));
    const double total = kVarianceA + kVarianceB + kVarianceC;
    QVERIFY(near(plane.explained[0], kVarianceA / total, 1e-6));
    QVERIFY(near(plane.explained[1], kVarianceB / total, 1e-6));
    const std::vector<PlanePoint> points = planePoints();
    for (size_t n = 0; n < points.size(); ++n) {
        const Eigen::Index i = Eigen::Index(n);
        QVERIFY2(near(plane.coordinates(0, i), signU * points[n].a, 1e-9),
                 qPrintable(QString("x of %1: %2").arg(n).arg(plane.coordinates(0, i))));
        QVERIFY2(near(plane.coordinates(1, i), signV * points[n].b, 1e-9),
                 qPrintable(QString("y of %1: %2").arg(n).arg(plane.coordinates(1, i))));
        // Distances within the plane survive; the off-plane c is dropped.
        for (size_t j = 0; j < n; ++j) {
            const Eigen::Index k = Eigen::Index(j);
            QVERIFY(near(std::hypot(plane.coordinates(0, i) - plane.coordinates(0, k),
                                    plane.coordinates(1, i) - plane.coordinates(1, k)),
                         std::hypot(points[n].a - points[j].a, points[n].b - points[j].b), 1e-9));
        }
    }
}

void TestStateMap::previousCoordinatesChooseTheSigns() {
    const Eigen::MatrixXd columns = planeColumns(1, 1);
    const PrincipalPlane plain = principalPlane(columns);
    QVERIFY(largestLoadingPositive(plain.axes.row(0)) && largestLoadingPositive(plain.axes.row(1)));
    const Eigen::Index N = columns.cols();
    const double nan = std::numeric_limits<double>::quiet_NaN();

    // Earlier coordinates opposite to these on both axes: both axes turn round.
    const Eigen::MatrixXd opposite = -plain.coordinates;
    const PrincipalPlane flipped = principalPlane(columns, &opposite);
    QVERIFY(near((flipped.coordinates + plain.coordinates).norm(), 0, 1e-9));
    QVERIFY(near((flipped.axes + plain.axes).norm(), 0, 1e-9));
    QCOMPARE(flipped.explained[0], plain.explained[0]);
    QCOMPARE(flipped.explained[1], plain.explained[1]);

    // The same coordinates: nothing turns.
    const PrincipalPlane same = principalPlane(columns, &plain.coordinates);
    QVERIFY(near((same.coordinates - plain.coordinates).norm(), 0, 1e-9));

    // Nothing to agree with (every column new): the largest-loading rule again.
    const Eigen::MatrixXd none = Eigen::MatrixXd::Constant(2, N, nan);
    const PrincipalPlane fallback = principalPlane(columns, &none);
    QVERIFY(near((fallback.coordinates - plain.coordinates).norm(), 0, 1e-9));
    QVERIFY(near((fallback.axes - plain.axes).norm(), 0, 1e-9));

    // One earlier coordinate per axis, the rest NaN: column 0 (x = 3) was at x = −3 and
    // column 2 (y = 1) at y = 1, so only x turns; then the other way round. Either way the
    // NaNs are skipped, not summed in (a NaN sum would leave the solver's own signs, which
    // cannot match both cases).
    QVERIFY(near(plain.coordinates(0, 0), 3, 1e-9) && near(plain.coordinates(1, 2), 1, 1e-9));
    for (const bool turnX : {true, false}) {
        Eigen::MatrixXd partial = Eigen::MatrixXd::Constant(2, N, nan);
        partial(0, 0) = (turnX ? -1 : 1) * plain.coordinates(0, 0);
        partial(1, 2) = (turnX ? 1 : -1) * plain.coordinates(1, 2);
        const PrincipalPlane one = principalPlane(columns, &partial);
        const double sx = turnX ? -1 : 1, sy = turnX ? 1 : -1;
        QVERIFY(near((one.coordinates.row(0) - sx * plain.coordinates.row(0)).norm(), 0, 1e-9));
        QVERIFY(near((one.coordinates.row(1) - sy * plain.coordinates.row(1)).norm(), 0, 1e-9));
        QVERIFY(near((one.axes.row(0) - sx * plain.axes.row(0)).norm(), 0, 1e-9));
        QVERIFY(near((one.axes.row(1) - sy * plain.axes.row(1)).norm(), 0, 1e-9));
    }
}

void TestStateMap::planeArgumentsChecked() {
    const Eigen::MatrixXd columns = planeColumns(1, 1); // (4, 12)
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, principalPlane(Eigen::MatrixXd(4, 0)));
    for (const auto& [rows, cols] : {std::pair{2, 11}, {2, 13}, {3, 12}, {1, 12}}) {
        const Eigen::MatrixXd wrong = Eigen::MatrixXd::Zero(rows, cols);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, principalPlane(columns, &wrong));
    }
    // One column is its own mean: it sits at the origin and nothing varies.
    const PrincipalPlane one = principalPlane(columns.leftCols(1));
    QCOMPARE(one.coordinates.cols(), Eigen::Index(1));
    QCOMPARE(one.coordinates(0, 0), 0.0);
    QCOMPARE(one.coordinates(1, 0), 0.0);
    QCOMPARE(one.explained[0], 0.0f);
    QCOMPARE(one.explained[1], 0.0f);
}

void TestStateMap::unitLengthColumnsAreCosines() {
    Eigen::MatrixXd columns(3, 3);
    columns << 3, 0, -1, //
        0, 0, 2,         //
        4, 0, 2;
    const Eigen::MatrixXd unit = unitLengthColumns(columns);
    Eigen::MatrixXd expected(3, 3);
    expected << 0.6, 0, -1.0 / 3, //
        0, 0, 2.0 / 3,            //
        0.8, 0, 2.0 / 3;
    QVERIFY(near((unit - expected).norm(), 0, 1e-12)); // the zero column stays zero
}

// Neighbours by angle difference, k = 2 (types P, P, L, L, O, P at 0°, 10°, 30°, 80°, 95°,
// 170°):
//   0°   nearest 10° (P), 30° (L): ½; of the other five, 2 are PER: chance 2/5
//   10°  nearest 0° (P), 30° (L): ½; chance 2/5
//   30°  nearest 10° (P), 0° (P): 0; of the other five, 1 is LOC: 1/5
//   80°  nearest 95° (O), 30° (L): ½; chance 1/5
//   95°  O: not averaged
//   170° nearest 95° (O), 80° (L): 0; chance 2/5
// share (½ + ½ + 0 + ½ + 0)/5 = 0.3, chance (0.4 + 0.4 + 0.2 + 0.2 + 0.4)/5 = 0.32.
void TestStateMap::agreementCountedByHand() {
    const TypeAgreement a = typeAgreement(angleColumns(), kAngleTypes, 2);
    QCOMPARE(a.characters, 5);
    QVERIFY(near(a.share, 0.3, 1e-6));
    QVERIFY(near(a.chance, 0.32, 1e-6));
    // k = 1: 10°, 0°, 10°, 95°, 95° → 1, 1, 0, 0, 0.
    const TypeAgreement one = typeAgreement(angleColumns(), kAngleTypes, 1);
    QVERIFY(near(one.share, 0.4, 1e-6));
    QVERIFY(near(one.chance, 0.32, 1e-6)); // chance does not depend on k
    // No entity column, or k < 1: nothing to average.
    QCOMPARE(typeAgreement(angleColumns(), std::vector<std::string>(6, "O"), 2).characters, 0);
    QCOMPARE(typeAgreement(angleColumns(), kAngleTypes, 0).characters, 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             typeAgreement(angleColumns(), std::vector<std::string>(5, "O"), 2));
}

void TestStateMap::agreementAmongComparableColumnsOnly() {
    // 0° and 10° are not comparable with each other (as two states of one character):
    //   0°   among 30°, 80°, 95°, 170°: nearest 30° (L), 80° (L): 0; PER among those 4: 1/4
    //   10°  likewise: 0; 1/4
    //   30°, 80°, 170° as before: 0, ½, 0; chances 1/5, 1/5, 2/5
    // share ½/5 = 0.1, chance (¼ + ¼ + 0.2 + 0.2 + 0.4)/5 = 0.26.
    const ComparablePair notZeroAndTen = [](Eigen::Index n, Eigen::Index m) {
        return !((n == 0 && m == 1) || (n == 1 && m == 0));
    };
    const TypeAgreement a = typeAgreement(angleColumns(), kAngleTypes, 2, notZeroAndTen);
    QCOMPARE(a.characters, 5);
    QVERIFY(near(a.share, 0.1, 1e-6));
    QVERIFY(near(a.chance, 0.26, 1e-6));

    // Columns paired as sentences {0°, 10°}, {30°, 80°}, {95°, 170°}, none comparable
    // within its own:
    //   0°   among 30°, 80°, 95°, 170°: 30° (L), 80° (L): 0; PER 1/4
    //   10°  same: 0; 1/4
    //   30°  among 0°, 10°, 95°, 170°: 10° (P), 0° (P): 0; LOC 0/4
    //   80°  among 0°, 10°, 95°, 170°: 95° (O), 10° (P): 0; 0/4
    //   170° among 0°, 10°, 30°, 80°: 80° (L), 30° (L): 0; PER 2/4
    // share 0, chance (¼ + ¼ + 0 + 0 + ½)/5 = 0.2.
    const ComparablePair otherPair = [](Eigen::Index n, Eigen::Index m) { return n / 2 != m / 2; };
    const TypeAgreement pairs = typeAgreement(angleColumns(), kAngleTypes, 2, otherPair);
    QCOMPARE(pairs.characters, 5);
    QVERIFY(near(pairs.share, 0.0, 1e-6));
    QVERIFY(near(pairs.chance, 0.2, 1e-6));

    // 170° comparable with nothing: it has no neighbours and drops out of the average, the
    // other four keep theirs: share (½ + ½ + 0 + ½)/4, chance (0.4 + 0.4 + 0.2 + 0.2)/4.
    const ComparablePair not170 = [](Eigen::Index n, Eigen::Index) { return n != 5; };
    const TypeAgreement four = typeAgreement(angleColumns(), kAngleTypes, 2, not170);
    QCOMPARE(four.characters, 4);
    QVERIFY(near(four.share, 0.375, 1e-6));
    QVERIFY(near(four.chance, 0.3, 1e-6));
}

void TestStateMap::agreementWithKBeyondTheCandidates() {
    // k cut to the 5 others: every column's neighbours are all its candidates, so each
    // share is its chance.
    for (int k : {5, 6, 100}) {
        const TypeAgreement a = typeAgreement(angleColumns(), kAngleTypes, k);
        QCOMPARE(a.characters, 5);
        QVERIFY2(near(a.share, 0.32, 1e-6), qPrintable(QString::number(k)));
        QVERIFY(near(a.chance, 0.32, 1e-6));
    }
    // With 0° and 10° apart, 100 neighbours are the 4 (or 5) candidates: share = chance 0.26.
    const TypeAgreement apart =
        typeAgreement(angleColumns(), kAngleTypes, 100,
                      [](Eigen::Index n, Eigen::Index m) { return n + m != 1; });
    QVERIFY(near(apart.share, 0.26, 1e-6));
    QVERIFY(near(apart.chance, 0.26, 1e-6));
}

void TestStateMap::layerStateIsForwardThenBackward() {
    const std::vector<Sentence> sentences = threeSentences(false);
    const Tagger model = tinyModel(sentences, 2, true, 4, 7);
    TaggerNetwork network;
    const SentenceAnalysis a = analyseSentence(network, model, sentences[1].chars);
    const int H = 4, T = 6;
    bool layersDiffer = false, directionsDiffer = false;
    for (int layer = 0; layer < 2; ++layer) {
        const GateTrace* forward = traceOf(a, layer, 0);
        const GateTrace* backward = traceOf(a, layer, 1);
        QVERIFY(forward && backward);
        for (int t = 0; t < T; ++t) {
            const Eigen::VectorXd state = layerState(a, layer, t);
            QCOMPARE(state.size(), Eigen::Index(2 * H));
            for (int u = 0; u < H; ++u) {
                QCOMPARE(state(u), double(forward->value(LstmGate::Hidden, u, t)));
                QCOMPARE(state(H + u), double(backward->value(LstmGate::Hidden, u, t)));
                directionsDiffer |= forward->value(LstmGate::Hidden, u, t) !=
                                    backward->value(LstmGate::Hidden, u, t);
            }
            if (layer == 1) layersDiffer |= state != layerState(a, 0, t);
        }
    }
    // Otherwise a state that took the wrong layer or direction would pass the checks above.
    QVERIFY(layersDiffer);
    QVERIFY(directionsDiffer);
}

void TestStateMap::layerStateOfAForwardModel() {
    const std::vector<Sentence> sentences = threeSentences(false);
    const Tagger model = tinyModel(sentences, 2, false, 6, 11);
    TaggerNetwork network;
    const SentenceAnalysis a = analyseSentence(network, model, sentences[0].chars);
    for (int layer = 0; layer < 2; ++layer) {
        const GateTrace* forward = traceOf(a, layer, 0);
        QVERIFY(forward);
        for (int t = 0; t < 5; ++t) {
            const Eigen::VectorXd state = layerState(a, layer, t);
            QCOMPARE(state.size(), Eigen::Index(6)); // H numbers, no backward half
            for (int u = 0; u < 6; ++u)
                QCOMPARE(state(u), double(forward->value(LstmGate::Hidden, u, t)));
        }
    }
}

void TestStateMap::layerStateArgumentsChecked() {
    const std::vector<Sentence> sentences = threeSentences(false);
    const Tagger model = tinyModel(sentences, 2, true, 4, 13);
    TaggerNetwork network;
    const SentenceAnalysis a = analyseSentence(network, model, sentences[2].chars); // 3 characters
    for (int layer : {-1, 2, 5})
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, layerState(a, layer, 0));
    for (int position : {-1, 3, 10})
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, layerState(a, 1, position));
    QCOMPARE(layerState(a, 1, 2).size(), Eigen::Index(8));
}

void TestStateMap::mapPointsInReadingOrder_data() {
    QTest::addColumn<bool>("bioes");
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("maxCharacters");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<std::vector<int>>("lengths"); // characters mapped of each sentence
    // Sentences of 5, 6 and 3 characters.
    QTest::newRow("all, BIO, layer 0") << false << 0 << 1000 << 1000 << std::vector<int>{5, 6, 3};
    QTest::newRow("all, BIOES, layer 1") << true << 1 << 1000 << 1000 << std::vector<int>{5, 6, 3};
    QTest::newRow("14: all exactly") << false << 1 << 14 << 1000 << std::vector<int>{5, 6, 3};
    QTest::newRow("13: the third does not fit")
        << true << 0 << 13 << 1000 << std::vector<int>{5, 6};
    QTest::newRow("11: two exactly") << false << 0 << 11 << 1000 << std::vector<int>{5, 6};
    // The third sentence would fit after the first, but sentences are taken in order.
    QTest::newRow("10: the second does not fit, nor is skipped")
        << false << 1 << 10 << 1000 << std::vector<int>{5};
    QTest::newRow("5: the first exactly") << true << 0 << 5 << 1000 << std::vector<int>{5};
    // Cut at 4 as the inspector cuts them: 4 + 4 + 3 characters.
    QTest::newRow("cut at 4, 11: all") << false << 0 << 11 << 4 << std::vector<int>{4, 4, 3};
    QTest::newRow("cut at 4, 10") << true << 1 << 10 << 4 << std::vector<int>{4, 4};
    // The second sentence fits only as cut: 4 + 4, where 4 + 6 would not.
    QTest::newRow("cut at 4, 8: the cut length counts")
        << false << 0 << 8 << 4 << std::vector<int>{4, 4};
}

void TestStateMap::mapPointsInReadingOrder() {
    QFETCH(bool, bioes);
    QFETCH(int, layer);
    QFETCH(int, maxCharacters);
    QFETCH(int, maxLength);
    QFETCH(std::vector<int>, lengths);
    const std::vector<Sentence> sentences = threeSentences(bioes);
    const Tagger model = tinyModel(threeSentences(false), 2, true, 4, 17);
    TaggerNetwork network;
    const StateMap map =
        mapHiddenStates(network, model, sentences, bioes ? TagScheme::Bioes : TagScheme::Bio, layer,
                        size_t(maxCharacters), maxLength);
    QCOMPARE(map.layer, layer);
    QCOMPARE(map.sentences, int(lengths.size()));
    size_t n = 0;
    for (size_t s = 0; s < lengths.size(); ++s) {
        const SentenceAnalysis a = analyseSentence(network, model, sentences[s].chars, maxLength);
        for (int t = 0; t < lengths[s]; ++t, ++n) {
            QVERIFY2(n < map.points.size(), "too few points");
            const StatePoint& p = map.points[n];
            QCOMPARE(p.sentence, int(s));
            QCOMPARE(p.position, t);
            QCOMPARE(QString::fromStdString(p.character),
                     QString::fromStdString(sentences[s].chars[size_t(t)]));
            QCOMPARE(QString::fromStdString(p.type),
                     QString::fromStdString(kThreeTypes[s][size_t(t)]));
            std::string predicted = "O"; // the type of the predicted entity covering t
            for (const Span& span : a.entities)
                if (span.begin <= t && t < span.end) predicted = span.type;
            QCOMPARE(p.predicted, predicted);
            const std::array<float, 2> at = map.project(layerState(a, layer, t));
            QVERIFY2(near(p.x, at[0]) && near(p.y, at[1]),
                     qPrintable(QString("point %1: (%2, %3) projects to (%4, %5)")
                                    .arg(n)
                                    .arg(p.x)
                                    .arg(p.y)
                                    .arg(at[0])
                                    .arg(at[1])));
        }
    }
    QCOMPARE(map.points.size(), n);
    QVERIFY(map.explained[0] >= 0 && map.explained[1] >= 0);
    QVERIFY(map.explained[0] + map.explained[1] <= 1 + 1e-6);
    QVERIFY(map.explained[0] >= map.explained[1]);
    QVERIFY(map.explained[1] > 0); // the states do vary: the check above is not 0 ≥ 0
    QCOMPARE(map.axes.rows(), Eigen::Index(2));
    QCOMPARE(map.axes.cols(), Eigen::Index(8)); // 2 directions × 4 units
}

void TestStateMap::firstSentenceIsCutAtTheMaximum() {
    // The header: whole sentences while they fit, and a first sentence longer than
    // maxCharacters cut there, so that the cost stays bounded. The first sentence has 5
    // characters, more than 3.
    const std::vector<Sentence> sentences = threeSentences(false);
    const Tagger model = tinyModel(sentences, 2, true, 4, 19);
    TaggerNetwork network;
    for (const int maxLength : {1000, 4}) {
        const StateMap map =
            mapHiddenStates(network, model, sentences, TagScheme::Bio, 0, 3, maxLength);
        QCOMPARE(map.sentences, 1);
        QVERIFY(!map.points.empty());
        for (size_t t = 0; t < map.points.size(); ++t) {
            QCOMPARE(map.points[t].sentence, 0);
            QCOMPARE(map.points[t].position, int(t));
        }
        QCOMPARE(map.points.size(), size_t(std::min({5, maxLength, 3})));
    }
    // A maximum of one character still maps something.
    QVERIFY(!mapHiddenStates(network, model, sentences, TagScheme::Bio, 0, 1).points.empty());
}

void TestStateMap::mapIsThePrincipalPlaneOfTheStates() {
    const std::vector<Sentence> sentences = sixSentences();
    const Tagger model = tinyModel(sentences, 2, true, 5, 23);
    TaggerNetwork network;
    for (int layer = 0; layer < 2; ++layer) {
        const StateMap map =
            mapHiddenStates(network, model, sentences, TagScheme::Bio, layer, 1000);
        QCOMPARE(map.points.size(), size_t(28));
        const std::vector<Eigen::VectorXd> states = statesOf(network, model, sentences, map);
        Eigen::MatrixXd X(10, 28);
        for (Eigen::Index n = 0; n < 28; ++n)
            X.col(n) = states[size_t(n)];
        const Eigen::VectorXd centre = X.rowwise().sum() / 28.0;
        QVERIFY(near((map.mean - centre).norm(), 0, 1e-9));
        X.colwise() -= centre;
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(X, Eigen::ComputeThinU); // X = U S Vᵀ
        const Eigen::VectorXd s = svd.singularValues();
        QVERIFY(s(0) > 1.01 * s(1) && s(1) > 1.01 * s(2)); // axes well defined
        const double total = s.squaredNorm();
        QVERIFY(near(map.explained[0], s(0) * s(0) / total, 1e-5));
        QVERIFY(near(map.explained[1], s(1) * s(1) / total, 1e-5));
        for (int axis = 0; axis < 2; ++axis) {
            Eigen::VectorXd u = svd.matrixU().col(axis);
            Eigen::Index largest = 0;
            u.cwiseAbs().maxCoeff(&largest);
            if (u(largest) < 0) u = -u; // no previous map: the largest loading positive
            QVERIFY(near((map.axes.row(axis).transpose() - u).norm(), 0, 1e-6));
            const Eigen::RowVectorXd expected = u.transpose() * X;
            for (Eigen::Index n = 0; n < 28; ++n) {
                const StatePoint& p = map.points[size_t(n)];
                QVERIFY2(
                    near(axis == 0 ? p.x : p.y, expected(n)),
                    qPrintable(QString("layer %1, axis %2, point %3").arg(layer).arg(axis).arg(n)));
            }
        }
    }
}

void TestStateMap::previousMapSetsTheSigns() {
    const std::vector<Sentence> sentences = sixSentences();
    const Tagger model = tinyModel(sentences, 2, true, 4, 29);
    TaggerNetwork network;
    const auto remap = [&](const StateMap* previous) {
        return mapHiddenStates(network, model, sentences, TagScheme::Bio, 1, 1000, 1000, previous);
    };
    const StateMap first = remap(nullptr);
    QVERIFY(largestLoadingPositive(first.axes.row(0)) && largestLoadingPositive(first.axes.row(1)));
    QVERIFY(samePoints(remap(&first), first));
    for (const auto& [sx, sy] : {std::pair{-1.0, -1.0}, {-1.0, 1.0}, {1.0, -1.0}}) {
        const StateMap previous = negated(first, sx < 0, sy < 0);
        const StateMap again = remap(&previous);
        QVERIFY2(samePoints(again, first, sx, sy), qPrintable(QString("%1, %2").arg(sx).arg(sy)));
        QVERIFY(near((again.axes.row(0) - sx * first.axes.row(0)).norm(), 0, 1e-9));
        QVERIFY(near((again.axes.row(1) - sy * first.axes.row(1)).norm(), 0, 1e-9));
        QCOMPARE(again.explained[0], first.explained[0]);
        QCOMPARE(again.explained[1], first.explained[1]);
        // The flipped map still places its points where project() puts their states.
        const std::vector<Eigen::VectorXd> states = statesOf(network, model, sentences, again);
        for (size_t n = 0; n < states.size(); ++n) {
            const std::array<float, 2> at = again.project(states[n]);
            QVERIFY(near(again.points[n].x, at[0]) && near(again.points[n].y, at[1]));
        }
    }
}

void TestStateMap::previousMapOfOtherSentencesIsIgnored() {
    const std::vector<Sentence> sentences = sixSentences();
    const Tagger model = tinyModel(sentences, 2, true, 4, 31);
    TaggerNetwork network;
    const StateMap fresh = mapHiddenStates(network, model, sentences, TagScheme::Bio, 0, 1000);
    // Each previous map is negated, so that one wrongly taken in would turn both axes.
    std::vector<std::pair<const char*, StateMap>> others;
    // The same 28 characters' count, but sentences 0 and 1 swapped: other characters at
    // the same (sentence, position).
    std::vector<Sentence> swapped = sentences;
    std::swap(swapped[0], swapped[1]);
    others.push_back(
        {"reordered", mapHiddenStates(network, model, swapped, TagScheme::Bio, 0, 1000)});
    // One character changed, every other point the same.
    std::vector<Sentence> edited = sentences;
    edited[5].chars[1] = "芳";
    others.push_back(
        {"one character", mapHiddenStates(network, model, edited, TagScheme::Bio, 0, 1000)});
    // Fewer sentences: fewer points.
    others.push_back({"fewer", mapHiddenStates(network, model, sentences, TagScheme::Bio, 0, 20)});
    // The same characters, but the second layer's states: other numbers altogether.
    others.push_back(
        {"another layer", mapHiddenStates(network, model, sentences, TagScheme::Bio, 1, 1000)});
    for (const auto& [name, other] : others) {
        QVERIFY2(!other.points.empty(), name);
        const StateMap previous = negated(other, true, true);
        const StateMap map =
            mapHiddenStates(network, model, sentences, TagScheme::Bio, 0, 1000, 1000, &previous);
        QVERIFY2(samePoints(map, fresh), name);
        QVERIFY2(largestLoadingPositive(map.axes.row(0)) && largestLoadingPositive(map.axes.row(1)),
                 name);
    }
    // And an empty previous map.
    const StateMap empty;
    QVERIFY(samePoints(
        mapHiddenStates(network, model, sentences, TagScheme::Bio, 0, 1000, 1000, &empty), fresh));
}

void TestStateMap::mapArgumentsChecked() {
    const std::vector<Sentence> sentences = threeSentences(false);
    const Tagger twoLayers = tinyModel(sentences, 2, true, 4, 37);
    const Tagger oneForward = tinyModel(sentences, 1, false, 4, 37);
    TaggerNetwork network;
    for (int layer : {-1, 2, 3})
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            mapHiddenStates(network, twoLayers, sentences, TagScheme::Bio, layer, 100));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mapHiddenStates(network, oneForward, sentences,
                                                                    TagScheme::Bio, 1, 100));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             mapHiddenStates(network, twoLayers, sentences, TagScheme::Bio, 0, 0));
    // A bad layer is an error even with nothing to map.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             mapHiddenStates(network, twoLayers, {}, TagScheme::Bio, 2, 100));

    const StateMap none = mapHiddenStates(network, twoLayers, {}, TagScheme::Bio, 1, 100);
    QCOMPARE(none.sentences, 0);
    QVERIFY(none.points.empty());
    QCOMPARE(none.explained[0], 0.0f);
    QCOMPARE(none.explained[1], 0.0f);
    QCOMPARE(none.agreement.characters, 0);

    // A forward model's map: H = 4 numbers a state.
    const StateMap forward =
        mapHiddenStates(network, oneForward, sentences, TagScheme::Bio, 0, 100);
    QCOMPARE(forward.axes.cols(), Eigen::Index(4));
    QCOMPARE(forward.points.size(), size_t(14));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, forward.project(Eigen::VectorXd::Zero(8)));
}

void TestStateMap::agreementMatchesABruteForce_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("seed");
    QTest::newRow("bidirectional, layer 0") << true << 0 << 4 << 41;
    QTest::newRow("bidirectional, layer 1") << true << 1 << 4 << 43;
    QTest::newRow("forward, layer 1") << false << 1 << 6 << 47;
}

void TestStateMap::agreementMatchesABruteForce() {
    QFETCH(bool, bidirectional);
    QFETCH(int, layer);
    QFETCH(int, hidden);
    QFETCH(int, seed);
    const std::vector<Sentence> sentences = sixSentences();
    const Tagger model = tinyModel(sentences, 2, bidirectional, hidden, std::uint64_t(seed));
    TaggerNetwork network;
    const StateMap map = mapHiddenStates(network, model, sentences, TagScheme::Bio, layer, 1000);
    QCOMPARE(map.sentences, 6);
    const std::vector<Eigen::VectorXd> states = statesOf(network, model, sentences, map);
    const size_t N = states.size();
    QCOMPARE(N, size_t(28));
    std::vector<Eigen::VectorXd> unit;
    for (const Eigen::VectorXd& s : states)
        unit.push_back(s / s.norm());

    // share and chance with neighbours sought among the points `allowed` lets through.
    const auto agreement = [&](auto allowed) {
        double share = 0, chance = 0;
        int characters = 0;
        for (size_t n = 0; n < N; ++n) {
            const StatePoint& p = map.points[n];
            if (p.type == "O") continue;
            std::vector<std::pair<double, size_t>> candidates; // (−cosine, index)
            long sameType = 0;
            for (size_t m = 0; m < N; ++m)
                if (m != n && allowed(p, map.points[m])) {
                    candidates.push_back({-unit[n].dot(unit[m]), m});
                    sameType += map.points[m].type == p.type;
                }
            if (candidates.empty()) continue;
            std::sort(candidates.begin(), candidates.end());
            const size_t k = std::min(candidates.size(), size_t(kStateNeighbours));
            long same = 0;
            for (size_t j = 0; j < k; ++j)
                same += map.points[candidates[j].second].type == p.type;
            share += double(same) / double(k);
            chance += double(sameType) / double(candidates.size());
            ++characters;
        }
        return std::tuple{characters ? share / characters : 0.0,
                          characters ? chance / characters : 0.0, characters};
    };
    const auto [share, chance, characters] =
        agreement([](const StatePoint& p, const StatePoint& q) {
            return p.sentence != q.sentence && p.character != q.character;
        });
    // 19 of the 28 characters are in entities (5 − 1, 6 − 2, 3 − 2, 5 − 1, 4, 5 − 3).
    QCOMPARE(characters, 19);
    QCOMPARE(map.agreement.characters, characters);
    QVERIFY2(near(map.agreement.share, share),
             qPrintable(QString("%1 against %2").arg(map.agreement.share).arg(share)));
    QVERIFY2(near(map.agreement.chance, chance),
             qPrintable(QString("%1 against %2").arg(map.agreement.chance).arg(chance)));

    // Each exclusion changes the numbers here, so an agreement that dropped one would be
    // seen above.
    const auto differs = [&](const auto& other) {
        return std::abs(std::get<0>(other) - share) > 1e-3 ||
               std::abs(std::get<1>(other) - chance) > 1e-3;
    };
    QVERIFY(differs(agreement(
        [](const StatePoint& p, const StatePoint& q) { return p.character != q.character; })));
    QVERIFY(differs(agreement(
        [](const StatePoint& p, const StatePoint& q) { return p.sentence != q.sentence; })));
}

void TestStateMap::sentencePathFollowsTheMap() {
    const std::vector<Sentence> sentences = sixSentences();
    const Tagger model = tinyModel(sentences, 2, true, 4, 53);
    TaggerNetwork network;
    for (int layer = 0; layer < 2; ++layer) {
        const StateMap map =
            mapHiddenStates(network, model, sentences, TagScheme::Bio, layer, 1000);
        // A sentence the map does not hold, with a character the model has never seen (龙).
        const std::vector<std::string> chars{"王", "明", "去", "北", "京", "龙", "了"};
        for (const int maxLength : {1000, 3}) {
            const SentenceAnalysis a = analyseSentence(network, model, chars, maxLength);
            const std::vector<std::array<float, 2>> path = sentencePath(map, a);
            QCOMPARE(path.size(), size_t(std::min(7, maxLength)));
            for (int t = 0; t < int(path.size()); ++t) {
                const std::array<float, 2> at = map.project(layerState(a, layer, t));
                QCOMPARE(path[size_t(t)][0], at[0]);
                QCOMPARE(path[size_t(t)][1], at[1]);
            }
        }
        // A sentence the map holds: its path runs through its own points.
        const SentenceAnalysis held = analyseSentence(network, model, sentences[1].chars);
        const std::vector<std::array<float, 2>> path = sentencePath(map, held);
        QCOMPARE(path.size(), size_t(6));
        for (const StatePoint& p : map.points)
            if (p.sentence == 1) {
                QVERIFY(near(path[size_t(p.position)][0], p.x));
                QVERIFY(near(path[size_t(p.position)][1], p.y));
            }
        QVERIFY(sentencePath(map, analyseSentence(network, model, {})).empty());
    }
}

QTEST_GUILESS_MAIN(TestStateMap)
#include "tst_state_map.moc"
