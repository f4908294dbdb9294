#include "engine/nn/linear.h"

namespace ner {

void Linear::forward(const LinearParams& p, const Matrix& h, Matrix& s) {
    s.resize(p.W.value.rows(), h.cols());
    s.noalias() = p.W.value * h; // (1)
    s.colwise() += p.b.value.col(0);
}

void Linear::backward(LinearParams& p, const Matrix& h, const Matrix& ds, Matrix& dh) {
    p.W.grad.noalias() += ds * h.transpose(); // dL/dW = ds hᵀ
    p.b.grad.col(0) += ds.rowwise().sum();    // dL/db = Σ_n ds_n
    dh.resize(h.rows(), h.cols());
    dh.noalias() = p.W.value.transpose() * ds; // dL/dh = Wᵀ ds
}

} // namespace ner
