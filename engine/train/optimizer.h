#pragma once
// Optimisers update (value, gradient) pairs; they know nothing about layers.
//   SGD with momentum:  v ← μ v + g;  θ ← θ − η v
//   Adam:  m ← β₁ m + (1−β₁) g;  v ← β₂ v + (1−β₂) g²;  θ ← θ − η m̂ / (√v̂ + ε)
// L2 adds λθ to every gradient first. step() zeroes the gradients it consumed.
#include "engine/core/parameter.h"

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

// What one step did, per parameter (in the order of the params passed): the squared norm of
// the change it made, ‖θ_new − θ_old‖², and of the weights after it, ‖θ_new‖². Measured
// while the step passes over the weights anyway, so it costs no extra pass.
struct StepNorms {
    std::vector<double> update, weight;
};

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // One update with learning rate lr (the schedule lives in the trainer); with norms, also
    // what it did to each parameter.
    void step(const std::vector<NamedParameter>& params, double lr, StepNorms* norms = nullptr) {
        if (norms) {
            norms->update.assign(params.size(), 0.0);
            norms->weight.assign(params.size(), 0.0);
        }
        apply(params, lr, norms);
    }

    static std::unique_ptr<Optimizer> create(const OptimizerConfig& config);

private:
    virtual void apply(const std::vector<NamedParameter>& params, double lr, StepNorms* norms) = 0;
};

class Sgd : public Optimizer {
public:
    explicit Sgd(const OptimizerConfig& c) : m_config(c) {}

private:
    void apply(const std::vector<NamedParameter>& params, double lr, StepNorms* norms) override;

    OptimizerConfig m_config;
    std::vector<Matrix> m_velocity;
};

class Adam : public Optimizer {
public:
    explicit Adam(const OptimizerConfig& c) : m_config(c) {}

private:
    void apply(const std::vector<NamedParameter>& params, double lr, StepNorms* norms) override;

    OptimizerConfig m_config;
    std::vector<Matrix> m_m, m_v;
    long m_t = 0;
};

// Scales all gradients so that their global L2 norm is at most maxNorm (no-op for
// maxNorm ≤ 0). Returns the norm before clipping; with squares, also each parameter's squared
// gradient norm before clipping (in the order of params).
double clipGradientNorm(const std::vector<NamedParameter>& params, double maxNorm,
                        std::vector<double>* squares = nullptr);

std::string optimizerName(OptimizerKind);

} // namespace ner
