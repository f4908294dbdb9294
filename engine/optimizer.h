#pragma once
// Optimisers update (value, gradient) pairs; they know nothing about layers.
//   SGD with momentum:  v ← μ v + g;  θ ← θ − η v
//   Adam:  m ← β₁ m + (1−β₁) g;  v ← β₂ v + (1−β₂) g²;  θ ← θ − η m̂ / (√v̂ + ε)
// L2 adds λθ to every gradient first. step() zeroes the gradients it consumed.
#include "engine/parameter.h"

#include <memory>
#include <string>
#include <vector>

namespace ner {

enum class OptimizerKind { Sgd, Adam };

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    double learningRate = 0.005;
    double momentum = 0.9;                             // SGD
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8; // Adam
    double l2 = 1e-5; // best of 0, 1e-5, 3e-5, 1e-4 on the military corpus (README)
};

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // One update with learning rate lr (the schedule lives in the trainer).
    virtual void step(const std::vector<NamedParameter>& params, double lr) = 0;

    static std::unique_ptr<Optimizer> create(const OptimizerConfig& config);
};

class Sgd : public Optimizer {
public:
    explicit Sgd(const OptimizerConfig& c) : m_config(c) {}
    void step(const std::vector<NamedParameter>& params, double lr) override;

private:
    OptimizerConfig m_config;
    std::vector<Matrix> m_velocity;
};

class Adam : public Optimizer {
public:
    explicit Adam(const OptimizerConfig& c) : m_config(c) {}
    void step(const std::vector<NamedParameter>& params, double lr) override;

private:
    OptimizerConfig m_config;
    std::vector<Matrix> m_m, m_v;
    long m_t = 0;
};

// Scales all gradients so that their global L2 norm is at most maxNorm (no-op for
// maxNorm ≤ 0). Returns the norm before clipping.
double clipGradientNorm(const std::vector<NamedParameter>& params, double maxNorm);

std::string optimizerName(OptimizerKind);

} // namespace ner
