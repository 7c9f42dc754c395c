// libFuzzer target: model_from_json on arbitrary bytes.
//
// Expected outcomes: a model, ParseError (not JSON) or InvalidArgument (JSON
// that breaks a rule of the model file format). Everything else is a bug. A
// model that was read must be written by to_json without complaint, and that
// text must read back to the same model, bit for bit, and write the same text.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/model/model.hpp"

namespace {

using namespace sparsereg;

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_model(const Model& a, const Model& b) {
    if (a.family != b.family || !same_bits(a.alpha, b.alpha) || a.standardize != b.standardize ||
        a.intercept != b.intercept || a.n_features != b.n_features ||
        a.feature_base != b.feature_base || a.selection != b.selection ||
        a.labels.has_value() != b.labels.has_value() || a.fits.size() != b.fits.size()) {
        return false;
    }
    if (a.labels && (!same_bits(a.labels->negative, b.labels->negative) ||
                     !same_bits(a.labels->positive, b.labels->positive))) {
        return false;
    }
    for (std::size_t k = 0; k < a.fits.size(); ++k) {
        const ModelFit& f = a.fits[k];
        const ModelFit& g = b.fits[k];
        if (!same_bits(f.lambda, g.lambda) || !same_bits(f.intercept, g.intercept) ||
            f.features != g.features || f.coefficients.size() != g.coefficients.size()) {
            return false;
        }
        for (std::size_t m = 0; m < f.coefficients.size(); ++m) {
            if (!same_bits(f.coefficients[m], g.coefficients[m])) return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<Model> model;
    try {
        model = model_from_json(text, "fuzz.json");
    } catch (const ParseError&) {
        return 0;
    } catch (const InvalidArgument& e) {
        SPARSEREG_FUZZ_CHECK(e.argument() == "fuzz.json", "InvalidArgument names the source");
        return 0;
    }
    std::string written;
    try {
        written = to_json(*model);
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        SPARSEREG_FUZZ_FAIL("to_json refused a model that model_from_json accepted");
    }
    Model again;
    try {
        again = model_from_json(written, "written.json");
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n--- written ---\n%s\n", e.what(), written.c_str());
        SPARSEREG_FUZZ_FAIL("model_from_json refused what to_json wrote");
    }
    SPARSEREG_FUZZ_CHECK(same_model(*model, again), "the model round-trips bit for bit");
    SPARSEREG_FUZZ_CHECK(to_json(again) == written, "writing again gives the same text");
    return 0;
}
