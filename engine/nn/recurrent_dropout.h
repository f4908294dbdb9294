#pragma once
// Recurrent dropout as every cell applies it (recurrent_cell.h): with a mask M (H, B), each
// step multiplies W_h by h_{t−1} ⊙ M instead of h_{t−1}, the same mask at every step of a
// sequence, and backward masks the gradient that flows through W_h alike. This keeps the
// mask and the masked states h ⊙ M (H, T*B) that backward's dW_h needs.
#include "engine/core/tensor.h"

namespace ner {

class RecurrentDropout {
public:
    // Starts a forward pass of T*B columns; mask: (H, B) or null for none. Throws
    // std::logic_error naming `cell` when the mask has another shape.
    void begin(const Matrix* mask, Eigen::Index H, int B, Eigen::Index N, const char* cell);
    // After step t has written h's columns [col, col + B): keeps their masked copy.
    void record(const Matrix& h, Eigen::Index col, int B) {
        if (m_active)
            m_masked.middleCols(col, B).array() = h.middleCols(col, B).array() * m_mask.array();
    }
    // What the step after reads through W_h: h itself, or h ⊙ M. (H, T*B)
    const Matrix& recurrent(const Matrix& h) const { return m_active ? m_masked : h; }
    // dL/dh_{t−1} through W_h: masked like the input it came from. (H, B)
    void maskGradient(Matrix& dh) const {
        if (m_active) dh.array() *= m_mask.array();
    }

private:
    bool m_active = false;
    Matrix m_mask;   // (H, B)
    Matrix m_masked; // (H, T*B)
};

} // namespace ner
