#include "engine/nn/recurrent_stack.h"

#include <stdexcept>

namespace ner {

void permuteColumns(const Matrix& in, const std::vector<int>& index, Matrix& out) {
    out.resize(in.rows(), in.cols());
    for (size_t n = 0; n < index.size(); ++n)
        out.col(Eigen::Index(n)) = in.col(index[n]);
}

static std::vector<int> reverseWithinLengths(const std::vector<int>& lengths, int T, int B) {
    std::vector<int> index(size_t(T) * size_t(B));
    for (int t = 0; t < T; ++t)
        for (int b = 0; b < B; ++b) {
            const int len = lengths[size_t(b)];
            const int source = t < len ? len - 1 - t : t;
            index[size_t(t * B + b)] = source * B + b;
        }
    return index;
}

void RecurrentStack::forEachDirection(bool bidirectional, int threads,
                                      const std::function<void(int)>& job) {
    if (!bidirectional) return job(0);
    if (threads < 2) {
        job(0);
        job(1);
        return;
    }
    if (!m_pair) m_pair = std::make_unique<ParallelPair>();
    m_pair->run([&] { job(0); }, [&] { job(1); });
}

const Matrix& RecurrentStack::forward(const StackParams& p, const Matrix& x,
                                      const std::vector<int>& lengths, int T, int B,
                                      const StackDropout& dropout, Random* rng, int threads) {
    const size_t L = p.layers.size();
    m_layers.resize(L);
    m_T = T;
    m_B = B;
    m_reverse = reverseWithinLengths(lengths, T, B);

    for (size_t l = 0; l < L; ++l) {
        LayerState& s = m_layers[l];
        const auto& dirs = p.layers[l];
        for (size_t d = 0; d < dirs.size(); ++d)
            if (!s.dirs[d] || s.dirs[d]->type() != p.cell) s.dirs[d] = makeCell(p.cell);
        if (l == 0)
            s.input = x;
        else if (!p.between.empty())
            Linear::forward(p.between[l - 1], m_layers[l - 1].output, s.input);
        else
            s.input = m_layers[l - 1].output;
        s.inputDropout.forward(s.input, l == 0 ? dropout.input : dropout.between, rng,
                               dropout.perSequence ? B : 0);
        const bool bi = dirs.size() == 2;
        if (bi) permuteColumns(s.input, m_reverse, s.inputRev);
        // Drawn here, not in the direction jobs: the generator is not shared across threads.
        const bool recurrentDropout = dropout.recurrent > 0.0 && rng != nullptr;
        if (recurrentDropout)
            for (size_t d = 0; d < dirs.size(); ++d)
                drawDropoutMask(s.recurrentMask[d], dirs[d].hidden(), B, dropout.recurrent, *rng);
        forEachDirection(bi, threads, [&](int d) {
            s.dirs[d]->forward(dirs[size_t(d)], d == 0 ? s.input : s.inputRev, T, B,
                               recurrentDropout ? &s.recurrentMask[d] : nullptr);
        });

        const int H = dirs[0].hidden();
        s.output.resize(Eigen::Index(bi ? 2 : 1) * H, Eigen::Index(T) * B);
        s.output.topRows(H) = s.dirs[0]->output();
        if (bi) {
            const Matrix& hb = s.dirs[1]->output();
            for (size_t n = 0; n < m_reverse.size(); ++n)
                s.output.col(Eigen::Index(n)).bottomRows(H) = hb.col(m_reverse[n]);
        }
    }
    Matrix& top = m_layers.back().output;
    m_outputDropout.forward(top, dropout.between, rng, dropout.perSequence ? B : 0);
    m_haveForward = true;
    return top;
}

void RecurrentStack::backward(StackParams& p, Matrix& dout, Matrix& dx, int threads) {
    if (!m_haveForward) throw std::logic_error("RecurrentStack::backward called without forward");
    m_haveForward = false;
    m_outputDropout.backward(dout);
    for (size_t l = p.layers.size(); l-- > 0;) {
        LayerState& s = m_layers[l];
        auto& dirs = p.layers[l];
        const bool bi = dirs.size() == 2;
        const int H = dirs[0].hidden();
        // dout holds the gradient w.r.t. this layer's output
        m_dFwd = dout.topRows(H); // workspace kept across batches
        if (bi) permuteColumns(dout.bottomRows(H), m_reverse, m_dRev);
        forEachDirection(bi, threads, [&](int dd) {
            s.dirs[dd]->backward(dirs[size_t(dd)], dd == 0 ? s.input : s.inputRev,
                                 dd == 0 ? m_dFwd : m_dRev, m_dxDir[dd]);
        });
        // dL/dx = dx_fwd + reverse(dx_bwd)
        dx = m_dxDir[0];
        if (bi)
            for (size_t n = 0; n < m_reverse.size(); ++n)
                dx.col(Eigen::Index(n)) += m_dxDir[1].col(m_reverse[n]);
        s.inputDropout.backward(dx);
        if (l == 0) break;
        // The gradient w.r.t. layer l−1's output: through the affine layer between, if any.
        if (!p.between.empty()) {
            Linear::backward(p.between[l - 1], m_layers[l - 1].output, dx, m_dBetween);
            dout = m_dBetween;
        } else {
            dout = dx;
        }
    }
}

} // namespace ner
