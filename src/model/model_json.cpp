// The model file: JSON as documented in sparsereg/model/model.hpp. Numbers are
// written by nlohmann's shortest round-trip formatting, so every double reads
// back as the same bits (-0.0, subnormals and 1e-300 included).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

#include "model/model_rules.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/text_file.hpp"
#include "sparsereg/model/model.hpp"

namespace sparsereg {

namespace {

using Json = nlohmann::json;

constexpr std::string_view format_name = "sparsereg-model";

// One JSON value as text: numbers in shortest round-trip form, strings escaped
// (invalid UTF-8 replaced rather than failing the whole save).
std::string dump(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- Reading ----------------------------------------------------------------------

// Byte offset (0-based) to 1-based line and column.
std::pair<std::int64_t, std::int64_t> line_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::int64_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t k = 0; k < offset; ++k) {
        if (text[k] == '\n') {
            ++line;
            line_start = k + 1;
        }
    }
    return {line, static_cast<std::int64_t>(offset - line_start) + 1};
}

// nlohmann's message without its "[json.exception...] parse error at line L, column C: " prefix.
std::string problem_of(const Json::exception& e) {
    std::string what = e.what();
    const std::size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what.erase(0, bracket + 2);
    if (what.starts_with("parse error")) {
        const std::size_t colon = what.find(": ");
        if (colon != std::string::npos) what.erase(0, colon + 2);
    }
    return "not a valid JSON model file: " + what;
}

Json parse_json(std::string_view text, const std::string& source) {
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // e.byte counts the bytes read, the offending one included.
        const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
        throw ParseError(source, line, column, "", problem_of(e));
    } catch (const Json::exception& e) {
        // A number too large for a double ("number overflow parsing '1e400'"):
        // nlohmann does not say where, so find the token it names.
        std::size_t offset = 0;
        const std::string what = e.what();
        const std::size_t open = what.find('\'');
        const std::size_t close = what.rfind('\'');
        std::string token;
        if (open != std::string::npos && close > open) {
            token = what.substr(open + 1, close - open - 1);
            const std::size_t at = text.find(token);
            if (at != std::string_view::npos) offset = at;
        }
        const auto [line, column] = line_column(text, offset);
        throw ParseError(source, line, column, token, problem_of(e));
    }
}

// Reads one object's keys by name, each error naming the file and the key path.
class Reader {
public:
    explicit Reader(const std::string& source) : source_(source) {}

    [[noreturn]] void fail(const std::string& message) const { throw InvalidArgument(source_, message); }

    [[noreturn]] void fail_value(const std::string& key, const Json& value, const std::string& problem) const {
        std::string shown = dump(value);
        if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
        fail(key + " = " + shown + ": " + problem);
    }

    // The object at `path` ("" for the top level) must hold every required key
    // and nothing but the allowed ones.
    void check_keys(const Json& object, const std::string& path,
                    std::initializer_list<std::string_view> required,
                    std::initializer_list<std::string_view> optional) const {
        for (std::string_view key : required) {
            if (!object.contains(key)) fail("missing key \"" + join(path, key) + "\"");
        }
        for (const auto& item : object.items()) {
            const std::string& key = item.key();
            if (std::find(required.begin(), required.end(), key) == required.end() &&
                std::find(optional.begin(), optional.end(), key) == optional.end()) {
                fail("unknown key \"" + join(path, key) + "\"");
            }
        }
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }

    const Json& object(const Json& value, const std::string& key) const {
        if (!value.is_object()) fail_value(key, value, "must be a JSON object {...}");
        return value;
    }
    const Json& array(const Json& value, const std::string& key) const {
        if (!value.is_array()) fail_value(key, value, "must be a JSON array [...]");
        return value;
    }
    double number(const Json& value, const std::string& key) const {
        if (!value.is_number()) fail_value(key, value, "must be a number");
        return value.get<double>();
    }
    std::int64_t integer(const Json& value, const std::string& key) const {
        if (value.is_number_unsigned()) {
            const auto u = value.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                fail_value(key, value, "is too large");
            }
            return static_cast<std::int64_t>(u);
        }
        if (!value.is_number_integer()) fail_value(key, value, "must be an integer");
        return value.get<std::int64_t>();
    }
    bool boolean(const Json& value, const std::string& key) const {
        if (!value.is_boolean()) fail_value(key, value, "must be true or false");
        return value.get<bool>();
    }
    std::string string(const Json& value, const std::string& key) const {
        if (!value.is_string()) fail_value(key, value, "must be a string");
        return value.get<std::string>();
    }

private:
    const std::string& source_;
};

}  // namespace

Model model_from_json(std::string_view text, const std::string& source) {
    const Json root = parse_json(text, source);
    const Reader r(source);
    if (!root.is_object()) r.fail_value("the model", root, "must be a JSON object {...}");
    // The format first, so a different kind of JSON file says what it is not.
    if (!root.contains("format")) {
        r.fail("missing key \"format\"; a sparsereg model file starts with "
               "{\"format\": \"sparsereg-model\", ...");
    }
    if (r.string(root.at("format"), "format") != format_name) {
        r.fail_value("format", root.at("format"), "not a sparsereg model file (\"format\" must be \"sparsereg-model\")");
    }
    if (!root.contains("format_version")) r.fail("missing key \"format_version\"");
    const std::int64_t version = r.integer(root.at("format_version"), "format_version");
    if (version > Model::format_version) {
        r.fail("format_version = " + std::to_string(version) +
               ": written by a newer sparsereg; this one reads format_version " +
               std::to_string(Model::format_version) + " (upgrade sparsereg)");
    }
    if (version < 1) r.fail_value("format_version", root.at("format_version"), "must be >= 1");
    r.check_keys(root, "",
                 {"format", "format_version", "family", "alpha", "standardize", "intercept",
                  "n_features", "feature_base", "fits"},
                 {"labels", "selection"});

    Model model;
    const std::string family = r.string(root.at("family"), "family");
    if (family == "gaussian") model.family = Family::gaussian;
    else if (family == "binomial") model.family = Family::binomial;
    else r.fail_value("family", root.at("family"), "unknown family; one of \"gaussian\", \"binomial\"");
    model.alpha = r.number(root.at("alpha"), "alpha");
    model.standardize = r.boolean(root.at("standardize"), "standardize");
    model.intercept = r.boolean(root.at("intercept"), "intercept");
    model.n_features = r.integer(root.at("n_features"), "n_features");
    if (model.n_features < 1) r.fail_value("n_features", root.at("n_features"), "must be >= 1");
    const std::int64_t base = r.integer(root.at("feature_base"), "feature_base");
    if (base != 0 && base != 1) r.fail_value("feature_base", root.at("feature_base"), "must be 0 or 1");
    model.feature_base = static_cast<int>(base);
    if (root.contains("labels")) {
        const Json& labels = r.object(root.at("labels"), "labels");
        r.check_keys(labels, "labels", {"negative", "positive"}, {});
        model.labels = ClassLabels{r.number(labels.at("negative"), "labels.negative"),
                                   r.number(labels.at("positive"), "labels.positive")};
    }
    if (root.contains("selection")) model.selection = r.string(root.at("selection"), "selection");

    const Json& fits = r.array(root.at("fits"), "fits");
    model.fits.reserve(fits.size());
    const std::int64_t highest = model.n_features - 1 + base;
    for (std::size_t k = 0; k < fits.size(); ++k) {
        const std::string at = "fits[" + std::to_string(k) + "]";
        const Json& f = r.object(fits[k], at);
        r.check_keys(f, at, {"lambda", "intercept", "features", "coefficients"}, {});
        ModelFit fit;
        fit.lambda = r.number(f.at("lambda"), at + ".lambda");
        fit.intercept = r.number(f.at("intercept"), at + ".intercept");
        const Json& features = r.array(f.at("features"), at + ".features");
        const Json& coefficients = r.array(f.at("coefficients"), at + ".coefficients");
        fit.features.reserve(features.size());
        for (std::size_t m = 0; m < features.size(); ++m) {
            const std::string key = at + ".features[" + std::to_string(m) + "]";
            const std::int64_t feature = r.integer(features[m], key);
            // Checked here, in the file's numbering, before it is shifted to 0-based.
            if (feature < base || feature > highest) {
                r.fail(key + " = " + std::to_string(feature) + ": outside [" + std::to_string(base) +
                       ", " + std::to_string(highest) + "] (n_features = " +
                       std::to_string(model.n_features) + ", feature_base = " +
                       std::to_string(base) + ")");
            }
            fit.features.push_back(feature - base);
        }
        fit.coefficients.reserve(coefficients.size());
        for (std::size_t m = 0; m < coefficients.size(); ++m) {
            fit.coefficients.push_back(
                r.number(coefficients[m], at + ".coefficients[" + std::to_string(m) + "]"));
        }
        model.fits.push_back(std::move(fit));
    }
    detail::check_model(model, source, model.feature_base);
    return model;
}

// --- Writing --------------------------------------------------------------------------

std::string to_json(const Model& model) {
    validate_model(model);
    const auto number = [](double value) { return dump(Json(value)); };
    std::string out;
    out += "{\n";
    out += "  \"format\": " + dump(Json(format_name)) + ",\n";
    out += "  \"format_version\": " + std::to_string(Model::format_version) + ",\n";
    out += "  \"family\": " + dump(Json(to_string(model.family))) + ",\n";
    out += "  \"alpha\": " + number(model.alpha) + ",\n";
    out += std::string("  \"standardize\": ") + (model.standardize ? "true" : "false") + ",\n";
    out += std::string("  \"intercept\": ") + (model.intercept ? "true" : "false") + ",\n";
    out += "  \"n_features\": " + std::to_string(model.n_features) + ",\n";
    out += "  \"feature_base\": " + std::to_string(model.feature_base) + ",\n";
    if (model.labels) {
        out += "  \"labels\": {\"negative\": " + number(model.labels->negative) +
               ", \"positive\": " + number(model.labels->positive) + "},\n";
    }
    out += "  \"selection\": " + dump(Json(model.selection)) + ",\n";
    // One fit a line: a path of 100 λ stays a file a person can scroll through.
    out += "  \"fits\": [\n";
    for (std::size_t k = 0; k < model.fits.size(); ++k) {
        const ModelFit& fit = model.fits[k];
        out += "    {\"lambda\": " + number(fit.lambda) + ", \"intercept\": " + number(fit.intercept) +
               ", \"features\": [";
        for (std::size_t m = 0; m < fit.features.size(); ++m) {
            if (m > 0) out += ", ";
            out += std::to_string(fit.features[m] + model.feature_base);
        }
        out += "], \"coefficients\": [";
        for (std::size_t m = 0; m < fit.coefficients.size(); ++m) {
            if (m > 0) out += ", ";
            out += number(fit.coefficients[m]);
        }
        out += k + 1 < model.fits.size() ? "]},\n" : "]}\n";
    }
    out += "  ]\n}\n";
    return out;
}

void save_model(const std::filesystem::path& file, const Model& model) {
    const std::string text = to_json(model);
    const std::string name = file.string();
    std::FILE* out = std::fopen(name.c_str(), "wb");
    if (out == nullptr) throw IoError(name, std::string("cannot create: ") + std::strerror(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
    const int write_errno = errno;
    if (std::fclose(out) != 0 || !written) {
        throw IoError(name, std::string("cannot write: ") + std::strerror(written ? errno : write_errno));
    }
}

Model load_model(const std::filesystem::path& file) {
    const TextFile text = read_text_file(file);
    return model_from_json(text.text, text.name);
}

}  // namespace sparsereg
