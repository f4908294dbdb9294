// lstm-ner compare: configurations × seeds on one dataset, and a table of what they score.
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/compare_report.h"
#include "app/interrupt_guard.h"
#include "app/terminal_progress.h"
#include "app/train_flags.h"
#include "engine/train/comparison.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace cli {

namespace {
// What every run reports, from up to `jobs` training threads at once: a progress bar with an
// estimate of the time left on a terminal, and each run's line (or JSON) as it ends.
class CompareProgress {
public:
    CompareProgress(size_t runs, int epochsPerRun, bool json, bool quiet)
        : m_runs(runs), m_epochs(epochsPerRun), m_json(json), m_quiet(quiet),
          m_bar(!quiet && ::isatty(2)), m_start(std::chrono::steady_clock::now()) {}

    // A batch of the run `slot` (0 … jobs−1) is done: fraction of that run so far.
    void batch(int slot, const std::string& what, double fraction) {
        std::lock_guard lock(m_mutex);
        if (m_running.size() <= size_t(slot)) m_running.resize(size_t(slot) + 1);
        m_running[size_t(slot)] = {what, fraction};
        draw(false);
    }

    void finished(int slot, const ner::RunResult& run) {
        std::lock_guard lock(m_mutex);
        if (size_t(slot) < m_running.size()) m_running[size_t(slot)] = {};
        if (!run.finished) return;
        ++m_done;
        clearBar();
        if (m_json)
            std::cout << runJson(run).dump() << std::endl;
        else if (!m_quiet)
            std::cerr << runLine(run) << "\n";
        draw(true);
    }

    void end() {
        std::lock_guard lock(m_mutex);
        clearBar();
    }

private:
    struct Running {
        std::string what;
        double fraction = 0;
    };

    void clearBar() {
        if (m_bar && m_drawn) std::fprintf(stderr, "\r%120s\r", "");
        m_drawn = false;
    }

    void draw(bool force) {
        if (!m_bar) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - m_lastDraw < std::chrono::milliseconds(200)) return;
        m_lastDraw = now;
        double done = double(m_done);
        std::string running;
        for (const Running& r : m_running)
            if (!r.what.empty()) {
                done += r.fraction;
                running += (running.empty() ? "" : ", ") + r.what;
            }
        const double share = m_runs > 0 ? done / double(m_runs) : 1.0;
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        const double left = share > 0 ? elapsed / share - elapsed : 0;
        const int width = 24, filled = int(share * width + 0.5);
        std::fprintf(stderr, "\r[%s%s] %3.0f%%  %zu/%zu runs done  %s  %s left   ",
                     std::string(size_t(filled), '#').c_str(),
                     std::string(size_t(width - filled), '.').c_str(), share * 100, m_done, m_runs,
                     running.c_str(), duration(left).c_str());
        std::fflush(stderr);
        m_drawn = true;
    }

    static std::string duration(double seconds) {
        char text[32];
        if (seconds < 90)
            std::snprintf(text, sizeof text, "%.0f s", seconds);
        else if (seconds < 5400)
            std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
        else
            std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
        return text;
    }

    std::mutex m_mutex;
    size_t m_runs, m_done = 0;
    int m_epochs;
    bool m_json, m_quiet, m_bar, m_drawn = false;
    std::chrono::steady_clock::time_point m_start, m_lastDraw{};
    std::vector<Running> m_running;
};

// Passes one run's batches to the progress and stops its trainer after a Ctrl-C.
class RunObserver : public ner::TrainingObserver {
public:
    RunObserver(CompareProgress& progress, ner::Trainer& trainer, int slot, std::string what)
        : m_progress(progress), m_trainer(trainer), m_slot(slot), m_what(std::move(what)) {}
    void onBatch(const ner::BatchProgress& p) override {
        m_progress.batch(m_slot, m_what + " epoch " + std::to_string(p.epoch), p.progress);
        if (InterruptFlag::raised()) m_trainer.requestStop();
    }
    void onEpoch(const ner::EpochReport&) override {
        if (InterruptFlag::raised()) m_trainer.requestStop();
    }

private:
    CompareProgress& m_progress;
    ner::Trainer& m_trainer;
    int m_slot;
    std::string m_what;
};

std::vector<ner::ComparedConfiguration> chosen(const std::string& only) {
    const std::vector<ner::ComparedConfiguration> all = ner::originalExperiment();
    if (only.empty()) return all;
    std::vector<ner::ComparedConfiguration> out;
    std::stringstream keys(only);
    for (std::string key; std::getline(keys, key, ',');) {
        const auto found =
            std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.key == key; });
        if (found == all.end()) {
            std::string known;
            for (const auto& c : all)
                known += (known.empty() ? "" : ", ") + c.key;
            throw UsageError("--only: no configuration \"" + key + "\" (there are " + known + ")");
        }
        out.push_back(*found);
    }
    return out;
}
} // namespace

static int compare(int argc, char** argv, int first) {
    TrainFlags f;
    int seeds = 5, jobs = 1;
    std::string only;
    bool json = false, csv = false, list = false;
    ArgParser args(
        "lstm-ner compare",
        "Train several configurations with several seeds on one dataset and print, per "
        "configuration, the mean, spread and 95 % interval of the mean of its test entity F1, "
        "token accuracy and best dev F1, its training speed and its parameter count. By "
        "default the configurations are the experiment this project grew from, each with a "
        "softmax output (a 3-layer RNN, a 1-layer LSTM, a 3-layer LSTM with linear layers "
        "between, a 1-layer BiLSTM), then a BiLSTM-CRF, then the GRU counterparts of the LSTM "
        "rows; every other setting is train's default (or the flags below). The 80/10/10 split "
        "of a single file is drawn once, with --seed; the runs use seeds --seed, --seed + 1, … "
        "Ctrl-C stops the running runs and prints the finished ones.");
    declareTrainFlags(args, f, kDataFlags | kRecipeFlags);
    args.option("--seeds", &seeds, 1, 1000, "runs per configuration, one seed each");
    args.option("--only", &only, "KEYS",
                "comma-separated configurations to run (see --list); default: all");
    args.option("--jobs", &jobs, 1, 64,
                "runs trained at once, sharing --threads (2 on a 2-core machine halves the "
                "time; speeds are then measured two at a time)");
    args.flag("--list", &list, "list the configurations and exit");
    args.flag("--json", &json, "one JSON object per run as it ends, then the summary");
    args.flag("--csv", &csv, "the summary as CSV");
    args.flag("--quiet", &f.quiet, "no progress output");
    if (!args.parse(argc, argv, first).empty())
        throw UsageError("compare takes no positional arguments");
    if (args.helpRequested()) {
        std::cout << args.help();
        return 0;
    }
    if (json && csv) throw UsageError("give --json or --csv, not both");
    const std::vector<ner::ComparedConfiguration> configurations = chosen(only);
    if (list) {
        for (const auto& c : configurations)
            std::cout << c.key << "\t" << c.name << "\n";
        return 0;
    }

    ner::DataSources sources = dataSources(f);
    sources.load.progress = readingProgress(f.quiet);
    const ner::TrainingData data = ner::loadTrainingData(sources);
    reportSkipped(data);
    const ner::ModelConfig base = modelConfig(f);
    ner::TrainConfig train = trainConfig(f);
    train.evaluateTrain = false; // the table does not show it; a fifth of a run's time
    train.threads = std::max(1, f.threads / jobs);
    const ner::SharedLexicon lexicon = readDictionary(f);
    const double allOutside = ner::allOutsideAccuracy(data.test);

    struct Job {
        const ner::ComparedConfiguration* configuration;
        std::uint64_t seed;
    };
    std::vector<Job> queue;
    for (const auto& c : configurations)
        for (int s = 0; s < seeds; ++s)
            queue.push_back({&c, f.seed + std::uint64_t(s)});
    if (!f.quiet && !json)
        std::cerr << data.name << ": " << data.train.size() << " train / " << data.dev.size()
                  << " dev / " << data.test.size() << " test sentences; " << configurations.size()
                  << " configurations × " << seeds << " seeds = " << queue.size() << " runs, "
                  << jobs << " at a time\n";

    InterruptFlag interrupt;
    CompareProgress progress(queue.size(), train.epochs, json, f.quiet);
    std::vector<ner::RunResult> results(queue.size());
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto worker = [&](int slot) {
        for (size_t k; (k = next.fetch_add(1)) < queue.size();) {
            if (InterruptFlag::raised()) return;
            try {
                const Job& job = queue[k];
                ner::ComparisonRun run(data, *job.configuration, base, train, job.seed, lexicon);
                RunObserver observer(progress, run.trainer(), slot,
                                     job.configuration->name + " seed " + std::to_string(job.seed));
                results[k] = run.run(&observer);
                progress.finished(slot, results[k]);
            } catch (...) {
                std::lock_guard lock(failureMutex);
                if (!failure) failure = std::current_exception();
                next = queue.size(); // no more runs
                return;
            }
        }
    };
    std::vector<std::thread> workers;
    for (int slot = 1; slot < std::min<int>(jobs, int(queue.size())); ++slot)
        workers.emplace_back(worker, slot);
    worker(0);
    for (std::thread& t : workers)
        t.join();
    progress.end();
    if (failure) std::rethrow_exception(failure);

    const bool interrupted = InterruptFlag::raised();
    std::vector<std::string> order;
    for (const auto& c : configurations)
        order.push_back(c.key);
    const std::vector<ner::ConfigurationSummary> summaries = ner::summariseRuns(results, order);
    if (interrupted && !f.quiet) {
        size_t done = 0;
        for (const ner::RunResult& r : results)
            done += r.finished ? 1 : 0;
        std::cerr << "interrupted: " << done << " of " << queue.size() << " runs finished\n";
    }
    if (json)
        std::cout << summaryJson(summaries, allOutside, interrupted).dump() << std::endl;
    else if (csv)
        std::cout << summaryCsv(summaries);
    else
        std::cout << summaryTable(summaries, allOutside);
    return interrupted ? 130 : 0;
}

int runCompare(int argc, char** argv, int first) {
    return compare(argc, argv, first);
}

} // namespace cli
