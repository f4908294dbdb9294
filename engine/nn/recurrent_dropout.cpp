#include "engine/nn/recurrent_dropout.h"

#include <stdexcept>
#include <string>

namespace ner {

void RecurrentDropout::begin(const Matrix* mask, Eigen::Index H, int B, Eigen::Index N,
                             const char* cell) {
    m_active = mask != nullptr;
    if (!m_active) return;
    if (mask->rows() != H || mask->cols() != B)
        throw std::logic_error(std::string(cell) + "::forward: recurrent mask is not (H, B)");
    m_mask = *mask;
    m_masked.resize(H, N);
}

} // namespace ner
