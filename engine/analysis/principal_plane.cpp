#include "engine/analysis/principal_plane.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ner {

PrincipalPlane principalPlane(const Eigen::MatrixXd& columns, const Eigen::MatrixXd* previous) {
    const Eigen::Index D = columns.rows(), N = columns.cols();
    if (N < 1) throw std::invalid_argument("a plane needs at least one column");
    if (previous && (previous->rows() != 2 || previous->cols() != N))
        throw std::invalid_argument("the earlier coordinates are for other columns");
    PrincipalPlane plane;
    plane.mean = columns.rowwise().mean();                            // (D)
    const Eigen::MatrixXd X = columns.colwise() - plane.mean;         // (D, N)
    const Eigen::MatrixXd covariance = X * X.transpose() / double(N); // (D, D)
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    const double total = covariance.trace();

    plane.coordinates = Eigen::MatrixXd::Zero(2, N);
    plane.axes = Eigen::MatrixXd::Zero(2, D);
    for (int axis = 0; axis < 2 && axis < D; ++axis) {
        // Eigenvalues come in increasing order: the largest is last.
        const Eigen::Index k = D - 1 - axis;
        Eigen::VectorXd direction = solver.eigenvectors().col(k);
        Eigen::RowVectorXd at = direction.transpose() * X; // (N)
        double agreement = 0;
        if (previous)
            for (Eigen::Index n = 0; n < N; ++n)
                if (const double before = (*previous)(axis, n); !std::isnan(before))
                    agreement += before * at(n);
        if (agreement == 0) { // nothing to agree with: the largest loading > 0
            Eigen::Index largest = 0;
            direction.cwiseAbs().maxCoeff(&largest);
            agreement = direction(largest);
        }
        if (agreement < 0) {
            at *= -1;
            direction *= -1;
        }
        plane.coordinates.row(axis) = at;
        plane.axes.row(axis) = direction.transpose();
        plane.explained[axis] =
            total > 0 ? float(std::max(0.0, solver.eigenvalues()(k)) / total) : 0.0f;
    }
    return plane;
}

Eigen::MatrixXd unitLengthColumns(Eigen::MatrixXd columns) {
    for (Eigen::Index n = 0; n < columns.cols(); ++n)
        if (const double norm = columns.col(n).norm(); norm > 0) columns.col(n) /= norm;
    return columns;
}

TypeAgreement typeAgreement(const Eigen::MatrixXd& unit, const std::vector<std::string>& types,
                            int k, const ComparablePair& comparable) {
    const Eigen::Index N = unit.cols();
    if (types.size() != size_t(N)) throw std::invalid_argument("one type per column");
    TypeAgreement result;
    if (N < 2 || k < 1) return result;
    const Eigen::MatrixXd cosine = unit.transpose() * unit; // (N, N)
    std::vector<Eigen::Index> others;
    others.reserve(size_t(N));
    double agree = 0, expected = 0;
    for (Eigen::Index n = 0; n < N; ++n) {
        const std::string& type = types[size_t(n)];
        if (type == "O") continue;
        others.clear();
        long sameType = 0; // among the candidates: what chance draws from
        for (Eigen::Index m = 0; m < N; ++m)
            if (m != n && (!comparable || comparable(n, m))) {
                others.push_back(m);
                sameType += types[size_t(m)] == type;
            }
        if (others.empty()) continue;
        const long keep = std::min<long>(k, long(others.size()));
        std::partial_sort(others.begin(), others.begin() + keep, others.end(),
                          [&](Eigen::Index a, Eigen::Index b) {
                              return cosine(n, a) != cosine(n, b) ? cosine(n, a) > cosine(n, b)
                                                                  : a < b;
                          });
        long same = 0;
        for (long j = 0; j < keep; ++j)
            same += types[size_t(others[size_t(j)])] == type;
        agree += double(same) / double(keep);
        expected += double(sameType) / double(others.size());
        ++result.characters;
    }
    if (result.characters > 0) {
        result.share = float(agree / result.characters);
        result.chance = float(expected / result.characters);
    }
    return result;
}

} // namespace ner
