#pragma once
// The two pictures of a cloud of vectors that the studio draws (the character map of
// embedding columns, the state map of LSTM states) share their arithmetic, kept here: the
// plane along which the vectors differ most (principal component analysis), with each
// axis's sign chosen so that a picture redrawn for newer weights moves instead of flipping;
// and one number for whether the vectors group by entity type, which needs no projection.
#include <Eigen/Dense>

#include <functional>
#include <string>
#include <vector>

namespace ner {

struct PrincipalPlane {
    Eigen::MatrixXd axes;        // (2, D): x = axes.row(0) · (v − mean), y likewise
    Eigen::VectorXd mean;        // (D)
    Eigen::MatrixXd coordinates; // (2, N): each column's x and y
    // The fraction of the columns' variance along x and along y: how much the picture keeps.
    float explained[2] = {0, 0};
};

// columns: (D, N), N ≥ 1. An axis's sign is arbitrary; it is chosen so that the columns'
// coordinates agree with previous (2, N: each column's coordinates on an earlier plane, NaN
// where it had none) or, when there is nothing to agree with, so that the axis's largest
// loading is positive. Computed in double: the covariance sums N products and the eigen
// solver is sensitive to rounding.
PrincipalPlane principalPlane(const Eigen::MatrixXd& columns,
                              const Eigen::MatrixXd* previous = nullptr);

// Each column scaled to length 1 (a zero column stays zero), so that dot products are cosines.
Eigen::MatrixXd unitLengthColumns(Eigen::MatrixXd columns);

struct TypeAgreement {
    float share = 0;
    float chance = 0;
    int characters = 0; // the entity columns it is averaged over
};

// Over the columns whose type is not "O": the share of their k nearest other columns (by
// cosine, in all dimensions) that have the same type, and `chance`, the share of the same type
// among all the columns it chose from (what k neighbours drawn at random would give). unit:
// (D, N) unit-length columns; types: N. With `comparable`, a column's neighbours are sought
// only among the columns m for which comparable(n, m) holds: the state map leaves out the
// same sentence and the same character, whose states are alike for those reasons alone.
using ComparablePair = std::function<bool(Eigen::Index, Eigen::Index)>;
TypeAgreement typeAgreement(const Eigen::MatrixXd& unit, const std::vector<std::string>& types,
                            int k, const ComparablePair& comparable = {});

} // namespace ner
