#include "app/cli_args.h"

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace cli {

ArgParser::ArgParser(std::string program, std::string summary, std::string positionalHelp)
    : m_program(std::move(program)), m_summary(std::move(summary)),
      m_positional(std::move(positionalHelp)) {}

void ArgParser::flag(const std::string& name, bool* target, const std::string& help) {
    m_specs.push_back(
        {name, "", help, "", false, [target](const std::string&) { *target = true; }});
}

void ArgParser::option(const std::string& name, std::string* target, const std::string& metavar,
                       const std::string& help) {
    m_specs.push_back(
        {name, metavar, help, *target, true, [target](const std::string& v) { *target = v; }});
}

void ArgParser::option(const std::string& name, int* target, int min, int max,
                       const std::string& help) {
    m_specs.push_back({name, "N", help, std::to_string(*target), true, [=](const std::string& v) {
                           char* end = nullptr;
                           errno = 0;
                           const long x = std::strtol(v.c_str(), &end, 10);
                           if (v.empty() || *end || errno || x < min || x > max)
                               throw UsageError(name + " expects a whole number from " +
                                                std::to_string(min) + " to " + std::to_string(max) +
                                                ", not '" + v + "'");
                           *target = int(x);
                       }});
}

void ArgParser::option(const std::string& name, double* target, double min, double max,
                       const std::string& help) {
    std::ostringstream def;
    def << *target;
    m_specs.push_back({name, "X", help, def.str(), true, [=](const std::string& v) {
                           char* end = nullptr;
                           const double x = std::strtod(v.c_str(), &end);
                           if (v.empty() || *end || !(x >= min && x <= max)) {
                               std::ostringstream msg;
                               msg << name << " expects a number from " << min << " to " << max
                                   << ", not '" << v << "'";
                               throw UsageError(msg.str());
                           }
                           *target = x;
                       }});
}

void ArgParser::option(const std::string& name, std::uint64_t* target, const std::string& help) {
    m_specs.push_back({name, "N", help, std::to_string(*target), true, [=](const std::string& v) {
                           char* end = nullptr;
                           errno = 0;
                           const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
                           if (v.empty() || *end || errno || v[0] == '-')
                               throw UsageError(
                                   name + " expects a non-negative whole number, not '" + v + "'");
                           *target = x;
                       }});
}

void ArgParser::choice(const std::string& name, std::string* target,
                       std::vector<std::string> choices, const std::string& help) {
    std::string list;
    for (const auto& c : choices)
        list += (list.empty() ? "" : "|") + c;
    m_specs.push_back({name, list, help, *target, true, [=](const std::string& v) {
                           for (const auto& c : choices)
                               if (v == c) {
                                   *target = v;
                                   return;
                               }
                           throw UsageError(name + " expects one of " + list + ", not '" + v + "'");
                       }});
}

const ArgParser::Spec* ArgParser::find(const std::string& name) const {
    for (const Spec& s : m_specs)
        if (s.name == name) return &s;
    return nullptr;
}

std::vector<std::string> ArgParser::parse(int argc, char** argv, int first) {
    std::vector<std::string> positional;
    for (int k = first; k < argc; ++k) {
        std::string arg = argv[k];
        if (arg == "-h" || arg == "--help") {
            m_help = true;
            return positional;
        }
        if (arg == "--") {
            for (++k; k < argc; ++k)
                positional.emplace_back(argv[k]);
            break;
        }
        if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
            std::string value;
            bool inlineValue = false;
            if (const auto eq = arg.find('='); eq != std::string::npos) {
                value = arg.substr(eq + 1);
                arg.resize(eq);
                inlineValue = true;
            }
            const Spec* spec = find(arg);
            if (!spec)
                throw UsageError("unknown option " + arg + " (see " + m_program + " --help)");
            if (spec->takesValue && !inlineValue) {
                if (k + 1 >= argc) throw UsageError(arg + " needs a value");
                value = argv[++k];
            } else if (!spec->takesValue && inlineValue) {
                throw UsageError(arg + " takes no value");
            }
            spec->set(value);
            continue;
        }
        positional.push_back(arg);
    }
    return positional;
}

std::string ArgParser::help() const {
    std::ostringstream out;
    out << "usage: " << m_program << " [options]" << (m_positional.empty() ? "" : " ")
        << m_positional << "\n\n"
        << m_summary << "\n\noptions:\n";
    for (const Spec& s : m_specs) {
        std::string left = "  " + s.name + (s.metavar.empty() ? "" : " " + s.metavar);
        if (left.size() < 28)
            left.resize(28, ' ');
        else
            left += "\n" + std::string(28, ' ');
        out << left << s.help;
        if (s.takesValue && !s.defaultText.empty()) out << " (default " << s.defaultText << ")";
        out << "\n";
    }
    out << "  -h, --help                show this help\n";
    return out.str();
}

} // namespace cli
