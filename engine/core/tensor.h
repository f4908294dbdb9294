#pragma once
// Numeric conventions of the whole engine, stated once.
//
// * Scalar is float in the product and double in the gradient-check build
//   (target ner_engine_f64), chosen by NER_SCALAR_DOUBLE.
// * Matrices are column-major, features × positions. A mini-batch of B padded
//   sequences of length T is stored as (features, T*B) with column t*B + b, so
//   the B columns of one time step are contiguous: X.middleCols(t*B, B).
#include <Eigen/Core>

namespace ner {

#ifdef NER_SCALAR_DOUBLE
using Scalar = double;
#else
using Scalar = float;
#endif

using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;

} // namespace ner
