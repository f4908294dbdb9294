#include "engine/model/model_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace ner {

namespace {
constexpr char kMagic[8] = {'L', 'N', 'E', 'R', 'M', 'O', 'D', 'L'};

std::uint64_t fnv1a(const char* data, size_t n) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (size_t k = 0; k < n; ++k) {
        h ^= std::uint8_t(data[k]);
        h *= 0x100000001b3ull;
    }
    return h;
}

template <typename T> void put(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T)); // the engine targets little-endian machines
    out.append(bytes, sizeof(T));
}

template <typename T> T get(const std::string& in, size_t& pos) {
    T value;
    std::memcpy(&value, in.data() + pos, sizeof(T));
    pos += sizeof(T);
    return value;
}

nlohmann::json configToJson(const ModelConfig& c) {
    return {{"embedding", c.embeddingDim},
            {"hidden", c.hiddenDim},
            {"layers", c.layers},
            {"bidirectional", c.bidirectional},
            {"cell", cellName(c.cell)},
            {"linear_between", c.linearBetween},
            {"output", outputLayerName(c.output)},
            {"dropout", c.dropout},
            {"embedding_dropout", c.embeddingDropout},
            {"dropout_per_sentence", c.dropoutPerSentence},
            {"recurrent_dropout", c.recurrentDropout},
            {"language_model_weight", c.languageModelWeight},
            {"language_model_hidden", c.languageModelHidden},
            {"scheme", schemeName(c.scheme)},
            {"decoding", c.constrainedDecoding ? "constrained" : "free"},
            {"full_width_to_half", c.normalize.fullWidthToHalf},
            {"digits_to_zero", c.normalize.digitsToZero},
            {"min_count", c.minCount}};
}

ModelConfig configFromJson(const nlohmann::json& j) {
    ModelConfig c;
    c.embeddingDim = j.at("embedding").get<int>();
    c.hiddenDim = j.at("hidden").get<int>();
    c.layers = j.at("layers").get<int>();
    c.bidirectional = j.at("bidirectional").get<bool>();
    // Files from before the cells were written are LSTMs.
    const std::string cell = j.value("cell", std::string("lstm"));
    const auto parsedCell = parseCell(cell);
    if (!parsedCell)
        throw std::invalid_argument("unknown cell \"" + cell +
                                    "\" in header (this program knows rnn, gru and lstm)");
    c.cell = *parsedCell;
    c.linearBetween = j.value("linear_between", false);
    c.output = j.at("output").get<std::string>() == "crf" ? OutputLayer::Crf : OutputLayer::Softmax;
    c.dropout = j.at("dropout").get<double>();
    c.embeddingDropout = j.value("embedding_dropout", c.dropout);
    c.dropoutPerSentence = j.value("dropout_per_sentence", false);
    c.recurrentDropout = j.value("recurrent_dropout", 0.0);
    c.languageModelWeight = j.value("language_model_weight", 0.0);
    c.languageModelHidden = j.value("language_model_hidden", 50);
    const auto scheme = parseScheme(j.at("scheme").get<std::string>());
    if (!scheme) throw std::invalid_argument("unknown tag scheme in header");
    c.scheme = *scheme;
    // Every file keeps decoding the way its best epoch was chosen, so it scores as it did.
    // Before "decoding", "constrained_decoding" applied to a CRF only (a softmax tagger
    // took each character's argmax whatever it said); before that, nothing was constrained.
    if (j.contains("decoding")) {
        const std::string decoding = j.at("decoding").get<std::string>();
        if (decoding != "constrained" && decoding != "free")
            throw std::invalid_argument("unknown decoding \"" + decoding + "\" in header");
        c.constrainedDecoding = decoding == "constrained";
    } else {
        c.constrainedDecoding =
            c.output == OutputLayer::Crf && j.value("constrained_decoding", false);
    }
    c.normalize.fullWidthToHalf = j.at("full_width_to_half").get<bool>();
    c.normalize.digitsToZero = j.at("digits_to_zero").get<bool>();
    c.minCount = j.at("min_count").get<int>();
    return c;
}
} // namespace

std::string serializeModel(const Tagger& model) {
    Tagger& m = const_cast<Tagger&>(model); // named() hands out pointers; nothing is written
    const auto params = m.namedParameters();
    nlohmann::json header;
    header["config"] = configToJson(model.config());
    header["vocabulary"] = model.vocabulary().tokens();
    header["tags"] = model.tags().names();
    if (const Lexicon* lexicon = model.lexicon())
        header["lexicon"] = {{"source", lexicon->source()}, {"words", lexicon->toText()}};
    nlohmann::json shapes = nlohmann::json::array();
    for (const NamedParameter& p : params)
        shapes.push_back({{"name", p.name},
                          {"rows", p.parameter->value.rows()},
                          {"cols", p.parameter->value.cols()}});
    header["parameters"] = shapes;
    const std::string headerText = header.dump();

    std::string out(kMagic, sizeof kMagic);
    put<std::uint32_t>(out, kModelFormatVersion);
    put<std::uint64_t>(out, headerText.size());
    out += headerText;
    for (const NamedParameter& p : params) {
        const Eigen::MatrixXf w = p.parameter->value.cast<float>();
        out.append(reinterpret_cast<const char*>(w.data()), size_t(w.size()) * sizeof(float));
    }
    put<std::uint64_t>(out, fnv1a(out.data(), out.size()));
    return out;
}

Tagger deserializeModel(const std::string& in, const std::string& name) {
    const size_t fixed = sizeof kMagic + 4 + 8;
    if (in.empty()) throw ModelFileError(name, "the file is empty");
    // A prefix of the magic is a truncated model file (reported below); anything else is not one.
    if (std::memcmp(in.data(), kMagic, std::min(in.size(), sizeof kMagic)) != 0)
        throw ModelFileError(name, "not an LSTM NER model file (wrong magic number)");
    if (in.size() < fixed + 8) throw ModelFileError(name, "the file is truncated");
    size_t pos = sizeof kMagic;
    const auto version = get<std::uint32_t>(in, pos);
    if (version != kModelFormatVersion)
        throw ModelFileError(name, "format version " + std::to_string(version) +
                                       " is not supported (this program reads version " +
                                       std::to_string(kModelFormatVersion) + ")");
    const auto headerSize = get<std::uint64_t>(in, pos);
    if (headerSize > in.size() - fixed - 8) throw ModelFileError(name, "the file is truncated");
    // Checksum before anything is parsed: a damaged file is reported as damaged.
    std::uint64_t stored;
    std::memcpy(&stored, in.data() + in.size() - 8, 8);
    if (stored != fnv1a(in.data(), in.size() - 8))
        throw ModelFileError(name, "checksum mismatch: the file is truncated or damaged");
    try {
        // Parsed in place: with a dictionary the header is megabytes, and every copy of it
        // showed in the time to open a model.
        const auto header =
            nlohmann::json::parse(in.begin() + long(pos), in.begin() + long(pos + headerSize));
        pos += headerSize;
        const ModelConfig config = configFromJson(header.at("config"));
        Vocabulary vocab = Vocabulary::fromTokens(
            header.at("vocabulary").get<std::vector<std::string>>(), config.normalize);
        TagSet tags = TagSet::fromNames(header.at("tags").get<std::vector<std::string>>());
        SharedLexicon lexicon;
        if (header.contains("lexicon")) {
            auto parsed = std::make_shared<Lexicon>(
                Lexicon::parse(header.at("lexicon").at("words").get_ref<const std::string&>(),
                               name + " (its dictionary)"));
            parsed->setSource(header.at("lexicon").at("source").get<std::string>());
            lexicon = std::move(parsed);
        }
        Tagger model =
            Tagger::withShape(config, std::move(vocab), std::move(tags), std::move(lexicon));
        const auto params = model.namedParameters();
        const auto& shapes = header.at("parameters");
        if (shapes.size() != params.size()) {
            // Say where they part: a cell or shape other than the weights' shows in the names.
            size_t k = 0;
            while (k < params.size() && k < shapes.size() &&
                   shapes[k].value("name", std::string()) == params[k].name)
                ++k;
            const std::string expected = k < params.size() ? params[k].name : "nothing";
            const std::string found =
                k < shapes.size() ? shapes[k].value("name", std::string("?")) : "nothing";
            throw ModelFileError(name,
                                 "parameter list does not match the configuration (" +
                                     cellTitle(config.cell) + ", " + std::to_string(params.size()) +
                                     " parameters): " + found + " where it needs " + expected);
        }
        for (size_t k = 0; k < params.size(); ++k) {
            Matrix& value = params[k].parameter->value;
            if (shapes[k].at("name").get<std::string>() != params[k].name ||
                shapes[k].at("rows").get<long>() != value.rows() ||
                shapes[k].at("cols").get<long>() != value.cols())
                throw ModelFileError(name, "parameter " + params[k].name + " has the wrong shape");
            const size_t bytes = size_t(value.size()) * sizeof(float);
            if (pos + bytes > in.size() - 8) throw ModelFileError(name, "the file is truncated");
            Eigen::MatrixXf w(value.rows(), value.cols());
            std::memcpy(w.data(), in.data() + pos, bytes);
            value = w.cast<Scalar>();
            pos += bytes;
        }
        if (pos != in.size() - 8) throw ModelFileError(name, "unexpected bytes after the weights");
        return model;
    } catch (const ModelFileError&) {
        throw;
    } catch (const std::exception& e) {
        throw ModelFileError(name, std::string("bad header: ") + e.what());
    }
}

void saveModel(const Tagger& model, const std::string& path) {
    const std::string bytes = serializeModel(model);
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw ModelFileError(path, std::string("cannot write: ") + std::strerror(errno));
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            throw ModelFileError(path, std::string("cannot write: ") + std::strerror(err));
        }
        done += size_t(n);
    }
    // On disk before the rename, or a power cut could leave an empty file under the old name.
    const bool synced = ::fsync(fd) == 0;
    int err = errno;
    const bool closed = ::close(fd) == 0;
    if (synced && !closed) err = errno;
    if (!synced || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
        if (synced && closed) err = errno;
        ::unlink(tmp.c_str());
        throw ModelFileError(path, std::string("cannot save: ") + std::strerror(err));
    }
    // Make the rename itself durable.
    const std::string dir =
        path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

Tagger loadModel(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw ModelFileError(path, "is a directory, not a model file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelFileError(path, std::string("cannot open: ") + std::strerror(errno));
    std::string bytes;
    if (const auto size = std::filesystem::file_size(path, error); !error) {
        // One allocation of the file's size: a stringstream grew and then copied it, and
        // with a dictionary a model file is megabytes.
        bytes.resize(size_t(size));
        in.read(bytes.data(), std::streamsize(bytes.size()));
        // A file that shrank meanwhile reads as truncated.
        bytes.resize(size_t(in.gcount()));
    } else {
        // Not a regular file (a pipe, say): read to the end.
        std::ostringstream buffer;
        buffer << in.rdbuf();
        bytes = buffer.str();
    }
    return deserializeModel(bytes, path);
}

} // namespace ner
