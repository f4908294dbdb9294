#pragma once
// A small declarative argument parser: each subcommand declares its flags once, and the
// same table produces --help and the one-line errors.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

// A bad flag or value: printed as one line, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ArgParser {
public:
    ArgParser(std::string program, std::string summary, std::string positionalHelp = {});

    void flag(const std::string& name, bool* target, const std::string& help);
    void option(const std::string& name, std::string* target, const std::string& metavar,
                const std::string& help);
    void option(const std::string& name, int* target, int min, int max, const std::string& help);
    void option(const std::string& name, double* target, double min, double max,
                const std::string& help);
    void option(const std::string& name, std::uint64_t* target, const std::string& help);
    // A string option restricted to choices.
    void choice(const std::string& name, std::string* target, std::vector<std::string> choices,
                const std::string& help);

    // Parses argv[first..]; returns the positional arguments. Throws UsageError.
    // Sets helpRequested() instead of parsing on -h/--help.
    std::vector<std::string> parse(int argc, char** argv, int first);
    bool helpRequested() const { return m_help; }
    std::string help() const;

private:
    struct Spec {
        std::string name, metavar, help, defaultText;
        bool takesValue;
        std::function<void(const std::string&)> set;
    };
    const Spec* find(const std::string& name) const;

    std::string m_program, m_summary, m_positional;
    std::vector<Spec> m_specs;
    bool m_help = false;
};

} // namespace cli
