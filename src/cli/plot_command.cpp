// sparsereg plot: draws the files other commands write as SVG, in the style of
// R's glmnet — `plot path` the coefficient paths (plot.glmnet), `plot cv` the
// cross-validation curve (plot.cv.glmnet). Everything is read and checked
// before the SVG is written, so bad input leaves no half-drawn file behind.

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_output.hpp"
#include "cli/commands.hpp"
#include "cli/csv_table.hpp"
#include "cli/svg_plot.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/text_file.hpp"

namespace sparsereg::cli {

namespace {

constexpr double figure_width = 800;
constexpr double figure_height = 560;
constexpr std::size_t max_path_lines = 500;

// Distinct, colour-blind-friendlier hues (no grey: the zero line is grey);
// cycled when there are more lines than colours.
const char* const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                               "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79"};

struct PlotPathOptions {
    std::string prefix;
    std::string out;
    std::string xvar = "lambda";
    bool label = false;
};

struct PlotCvOptions {
    std::string prefix;
    std::string out;
};

// --- Output ---------------------------------------------------------------------

// Checked before any input is read, so a typo in --out is reported first.
void check_output_location(const std::string& file) { (void)output_files(file, {""}); }

// Writes the whole document; a failed write removes the partial file.
void write_file(const std::string& file, const std::string& content) {
    std::FILE* out = std::fopen(file.c_str(), "wb");
    if (out == nullptr) throw IoError(file, std::string("cannot create: ") + std::strerror(errno));
    const bool written = std::fwrite(content.data(), 1, content.size(), out) == content.size();
    const int saved_errno = errno;
    const bool closed = std::fclose(out) == 0;
    if (!written || !closed) {
        std::remove(file.c_str());
        throw IoError(file, std::string("cannot write: ") + std::strerror(written ? errno : saved_errno));
    }
}

// --- plot path ------------------------------------------------------------------

struct PathData {
    std::vector<double> lambda;
    std::vector<std::int64_t> df;
    std::vector<double> dev_ratio;  // read only for --xvar dev
    std::vector<double> l1_norm;    // of all coefficients, per λ
    // Every feature that is ever nonzero, in the order the path takes them in,
    // with its coefficient at every λ (0 where coef.csv has no row).
    std::vector<std::int64_t> features;
    std::vector<std::vector<double>> coefficients;
};

PathData read_path_data(const std::string& prefix, bool need_dev_ratio) {
    PathData data;
    const CsvTable path = CsvTable::read(prefix + ".path.csv", {"lambda", "df", "dev_ratio"});
    const std::size_t c_lambda = path.column("lambda"), c_df = path.column("df"),
                      c_dev = path.column("dev_ratio");
    const std::size_t n = path.rows();
    for (std::size_t k = 0; k < n; ++k) {
        const double lambda = path.finite(k, c_lambda);
        if (!(lambda > 0)) path.fail(k, c_lambda, "must be > 0 (it is plotted on a log scale)");
        data.lambda.push_back(lambda);
        const std::int64_t df = path.integer(k, c_df);
        if (df < 0) path.fail(k, c_df, "must be >= 0");
        data.df.push_back(df);
        data.dev_ratio.push_back(need_dev_ratio ? path.finite(k, c_dev) : 0.0);
    }

    const CsvTable coef = CsvTable::read(prefix + ".coef.csv", {"lambda_index", "feature", "value"},
                                         /*allow_no_rows=*/true);  // all-zero path
    const std::size_t c_index = coef.column("lambda_index"), c_feature = coef.column("feature"),
                      c_value = coef.column("value");
    std::map<std::int64_t, std::size_t> slot;  // feature -> its row in `coefficients`
    std::vector<std::vector<char>> seen;
    data.l1_norm.assign(n, 0.0);
    for (std::size_t r = 0; r < coef.rows(); ++r) {
        const std::int64_t index = coef.integer(r, c_index);
        if (index < 0 || static_cast<std::uint64_t>(index) >= n) {
            coef.fail(r, c_index, "is outside [0, " + std::to_string(n) + "): " + path.file() +
                                      " has " + std::to_string(n) + " rows");
        }
        const std::int64_t feature = coef.integer(r, c_feature);
        if (feature < 0) coef.fail(r, c_feature, "must be >= 0");
        const double value = coef.finite(r, c_value);
        const auto [it, inserted] = slot.try_emplace(feature, data.features.size());
        if (inserted) {
            data.features.push_back(feature);
            data.coefficients.emplace_back(n, 0.0);
            seen.emplace_back(n, 0);
        }
        const auto k = static_cast<std::size_t>(index);
        if (seen[it->second][k]) {
            coef.fail(r, c_feature, "appears twice at lambda_index " + std::to_string(index));
        }
        seen[it->second][k] = 1;
        data.coefficients[it->second][k] = value;
        data.l1_norm[k] += std::abs(value);
    }

    // Order of entry into the path (ties: feature number), so the features that
    // enter first, the ones a reader looks at, get the first, most distinct colours.
    std::vector<std::size_t> order(data.features.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto first_nonzero = [&](std::size_t j) {
        const auto& c = data.coefficients[j];
        return static_cast<std::size_t>(
            std::find_if(c.begin(), c.end(), [](double v) { return v != 0; }) - c.begin());
    };
    std::vector<std::size_t> entry(data.features.size());
    for (std::size_t j = 0; j < entry.size(); ++j) entry[j] = first_nonzero(j);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return entry[a] != entry[b] ? entry[a] < entry[b] : data.features[a] < data.features[b];
    });
    PathData sorted = data;
    for (std::size_t j = 0; j < order.size(); ++j) {
        sorted.features[j] = data.features[order[j]];
        sorted.coefficients[j] = std::move(data.coefficients[order[j]]);
    }
    return sorted;
}

// An axis over exactly [lo, hi] with nice ticks inside.
svg::Axis axis_over(double lo, double hi, std::string title) {
    svg::Axis axis;
    axis.lo = lo;
    axis.hi = hi;
    axis.ticks = svg::nice_ticks(lo, hi, 7, &axis.step);
    axis.title = std::move(title);
    return axis;
}

// The index of the λ whose x is nearest to `x` (x need not be sorted).
std::size_t nearest(const std::vector<double>& xs, double x) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < xs.size(); ++k) {
        if (std::abs(xs[k] - x) < std::abs(xs[best] - x)) best = k;
    }
    return best;
}

// Spreads label positions (pixels, any order) at least `spacing` apart within
// [lo, hi], moving each as little as it can (least squares, a 1-D "repel");
// returns them in the input order.
std::vector<double> spread_labels(const std::vector<double>& wanted, double spacing, double lo,
                                  double hi) {
    const std::size_t n = wanted.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return wanted[a] < wanted[b]; });
    // Blocks of labels stacked `spacing` apart; a block's best top is the mean
    // of its members' wishes less their offsets in the block (`sum` / `count`).
    struct Block {
        std::size_t count;
        double sum;
        double top() const { return sum / static_cast<double>(count); }
    };
    std::vector<Block> blocks;
    for (std::size_t i = 0; i < n; ++i) {
        blocks.push_back({1, wanted[order[i]]});
        while (blocks.size() >= 2) {
            Block& a = blocks[blocks.size() - 2];
            const Block& b = blocks.back();
            if (b.top() >= a.top() + spacing * static_cast<double>(a.count)) break;
            a.sum += b.sum - spacing * static_cast<double>(a.count * b.count);
            a.count += b.count;
            blocks.pop_back();
        }
    }
    std::vector<double> y;
    for (const Block& b : blocks) {
        for (std::size_t m = 0; m < b.count; ++m) y.push_back(b.top() + spacing * static_cast<double>(m));
    }
    // Inside [lo, hi] (if they fit), still apart.
    for (std::size_t i = 0; i < n; ++i) y[i] = std::max(y[i], i == 0 ? lo : y[i - 1] + spacing);
    for (std::size_t i = n; i-- > 0;) y[i] = std::min(y[i], i + 1 == n ? hi : y[i + 1] - spacing);
    std::vector<double> placed(n);
    for (std::size_t i = 0; i < n; ++i) placed[order[i]] = y[i];
    return placed;
}

void run_plot_path(const PlotPathOptions& o) {
    const std::string out = o.out.empty() ? o.prefix + ".path.svg" : o.out;
    check_output_location(out);
    const PathData data = read_path_data(o.prefix, o.xvar == "dev");
    const std::size_t n = data.lambda.size();

    // x as glmnet: log(λ) increasing to the right (the path runs right to left),
    // or the L1 norm, or the deviance ratio (the path runs left to right).
    std::vector<double> x(n);
    std::string x_title;
    for (std::size_t k = 0; k < n; ++k) {
        x[k] = o.xvar == "norm" ? data.l1_norm[k]
               : o.xvar == "dev" ? data.dev_ratio[k]
                                 : std::log(data.lambda[k]);
    }
    x_title = o.xvar == "norm" ? "L1 Norm" : o.xvar == "dev" ? "Fraction Deviance Explained" : "Log Lambda";

    // Which lines: every ever-nonzero feature, or the max_path_lines largest.
    std::vector<std::size_t> shown(data.features.size());
    std::iota(shown.begin(), shown.end(), std::size_t{0});
    std::string subtitle;
    if (shown.size() > max_path_lines) {
        std::vector<double> largest(shown.size(), 0.0);
        for (std::size_t j = 0; j < shown.size(); ++j) {
            for (const double v : data.coefficients[j]) largest[j] = std::max(largest[j], std::abs(v));
        }
        std::stable_sort(shown.begin(), shown.end(),
                         [&](std::size_t a, std::size_t b) { return largest[a] > largest[b]; });
        shown.resize(max_path_lines);
        std::sort(shown.begin(), shown.end());  // back to the order of entry
        subtitle = "showing the " + std::to_string(max_path_lines) + " of " +
                   std::to_string(data.features.size()) +
                   " ever-nonzero features with the largest |coefficient|";
    } else if (shown.empty()) {
        subtitle = "no coefficient is nonzero anywhere on the path";
    }

    double y_lo = 0, y_hi = 0;
    for (const std::size_t j : shown) {
        for (const double v : data.coefficients[j]) {
            y_lo = std::min(y_lo, v);
            y_hi = std::max(y_hi, v);
        }
    }
    if (y_lo == y_hi) {
        y_lo = -1;
        y_hi = 1;
    }

    double x_lo = *std::min_element(x.begin(), x.end());
    double x_hi = *std::max_element(x.begin(), x.end());
    svg::Figure::Margins margins;
    if (!subtitle.empty()) margins.top += 20;
    const double panel_width = figure_width - margins.left - margins.right;
    // The labels go at the path's end: the left for log λ, the right otherwise;
    // room is made for them inside the panel, as R's 4% padding does for glmnet.
    constexpr double label_font = 10;
    const bool labels_left = o.xvar == "lambda";
    double label_room = 0;
    if (o.label && !shown.empty()) {
        for (const std::size_t j : shown) {
            label_room = std::max(label_room,
                                  svg::text_width(std::to_string(data.features[j]), label_font));
        }
        label_room += 10;
    }
    {
        const svg::Axis base = svg::make_axis(x_lo, x_hi, x_title);
        double lo = base.lo, hi = base.hi;
        if (label_room > 0) {
            const double span = hi - lo;
            const double total = span / (1 - std::min(0.4, label_room / panel_width));
            (labels_left ? lo : hi) += (labels_left ? -1 : 1) * (total - span);
        }
        x_lo = lo;
        x_hi = hi;
    }
    const svg::Axis y_axis = svg::make_axis(y_lo, y_hi, "Coefficients", 7);
    svg::Figure figure(figure_width, figure_height, margins, axis_over(x_lo, x_hi, x_title), y_axis,
                       "sparsereg coefficient paths: " + o.prefix);
    figure.title({}, subtitle);
    figure.axes();

    // The number of nonzero coefficients along the top, at the bottom axis's ticks.
    std::vector<double> at;
    std::vector<std::string> df_labels;
    for (const double t : svg::nice_ticks(x_lo, x_hi, 7)) {
        at.push_back(t);
        df_labels.push_back(std::to_string(data.df[nearest(x, t)]));
    }
    figure.top_axis(at, df_labels, "Nonzero coefficients");
    figure.hline(0, svg::Stroke{"#888888", 1, "2 3", 1.0}, "zero-line");

    // The earliest features on top: drawn last; many lines thinner.
    const double line_width = shown.size() > 100 ? 1.0 : shown.size() > 30 ? 1.3 : 1.6;
    for (std::size_t i = shown.size(); i-- > 0;) {
        const std::size_t j = shown[i];
        const std::string colour = palette[i % std::size(palette)];
        figure.polyline(x, data.coefficients[j], svg::Stroke{colour, line_width, "", 1.0},
                        "coef", "feature " + std::to_string(data.features[j]));
    }

    if (o.label && !shown.empty()) {
        const std::size_t end = labels_left ? static_cast<std::size_t>(
                                                  std::min_element(x.begin(), x.end()) - x.begin())
                                            : static_cast<std::size_t>(
                                                  std::max_element(x.begin(), x.end()) - x.begin());
        std::vector<double> wanted;
        wanted.reserve(shown.size());
        for (const std::size_t j : shown) wanted.push_back(figure.py(data.coefficients[j][end]));
        const std::vector<double> placed =
            spread_labels(wanted, label_font + 1, figure.panel_top() + label_font,
                          figure.panel_bottom() - 2);
        const double x_end = figure.px(x[end]);
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const std::size_t j = shown[i];
            const std::string colour = palette[i % std::size(palette)];
            const double tx = labels_left ? x_end - 6 : x_end + 6;
            figure.text(tx, placed[i] + 0.35 * label_font, std::to_string(data.features[j]),
                        svg::Font{label_font, labels_left ? svg::Anchor::end : svg::Anchor::start, colour},
                        "coef-label");
        }
    }
    write_file(out, figure.svg());
}

// --- plot cv --------------------------------------------------------------------

struct CvData {
    std::vector<double> lambda, mean, se;
    std::vector<std::int64_t> df;
    std::string measure;
    double lambda_min = 0, lambda_1se = 0;
    std::optional<std::string> family;
    std::optional<double> alpha;
    std::optional<std::int64_t> folds;
};

// "file:line:column" of a byte offset in a text.
[[noreturn]] void json_syntax_error(const std::string& file, const std::string& text,
                                    std::size_t byte, const std::string& message) {
    std::int64_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    std::string problem = message;
    // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    if (const std::size_t colon = problem.find(": "); colon != std::string::npos) {
        problem.erase(0, colon + 2);
    }
    throw ParseError(file, line, column, "", "not valid JSON: " + problem);
}

const char* json_type(const nlohmann::json& value) {
    return value.is_null() ? "null" : value.type_name();
}

void read_cv_json(const std::string& file, CvData& data) {
    const std::string text = read_text_file(file).text;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        json_syntax_error(file, text, e.byte, e.what());
    }
    if (!j.is_object()) throw Error(file + ": must hold a JSON object, not " + json_type(j));
    const auto get = [&](const char* key, bool required) -> const nlohmann::json* {
        const auto it = j.find(key);
        if (it == j.end()) {
            if (required) throw Error(file + ": \"" + key + "\" is missing");
            return nullptr;
        }
        return &*it;
    };
    const auto positive = [&](const char* key) {
        const nlohmann::json& value = *get(key, true);
        if (!value.is_number() || !(value.get<double>() > 0) || !std::isfinite(value.get<double>())) {
            throw Error(file + ": \"" + key + "\" must be a number > 0, got " + value.dump());
        }
        return value.get<double>();
    };
    const nlohmann::json& measure = *get("measure", true);
    if (!measure.is_string() || measure.get<std::string>().empty()) {
        throw Error(file + ": \"measure\" must be a non-empty string, got " + measure.dump());
    }
    data.measure = measure.get<std::string>();
    data.lambda_min = positive("lambda_min");
    data.lambda_1se = positive("lambda_1se");
    if (const nlohmann::json* family = get("family", false); family && !family->is_null()) {
        if (!family->is_string()) throw Error(file + ": \"family\" must be a string, got " + family->dump());
        data.family = family->get<std::string>();
    }
    if (const nlohmann::json* alpha = get("alpha", false); alpha && !alpha->is_null()) {
        if (!alpha->is_number() || !std::isfinite(alpha->get<double>())) {
            throw Error(file + ": \"alpha\" must be a number, got " + alpha->dump());
        }
        data.alpha = alpha->get<double>();
    }
    if (const nlohmann::json* folds = get("folds", false); folds && !folds->is_null()) {
        if (!folds->is_number_integer() || folds->get<std::int64_t>() < 1) {
            throw Error(file + ": \"folds\" must be an integer >= 1, got " + folds->dump());
        }
        data.folds = folds->get<std::int64_t>();
    }
}

CvData read_cv_data(const std::string& prefix) {
    CvData data;
    const CsvTable cv = CsvTable::read(prefix + ".cv.csv", {"lambda", "mean", "se", "df"});
    const std::size_t c_lambda = cv.column("lambda"), c_mean = cv.column("mean"),
                      c_se = cv.column("se"), c_df = cv.column("df");
    for (std::size_t k = 0; k < cv.rows(); ++k) {
        const double lambda = cv.finite(k, c_lambda);
        if (!(lambda > 0)) cv.fail(k, c_lambda, "must be > 0 (it is plotted on a log scale)");
        data.lambda.push_back(lambda);
        data.mean.push_back(cv.finite(k, c_mean));
        const double se = cv.finite(k, c_se);
        if (se < 0) cv.fail(k, c_se, "must be >= 0");
        data.se.push_back(se);
        const std::int64_t df = cv.integer(k, c_df);
        if (df < 0) cv.fail(k, c_df, "must be >= 0");
        data.df.push_back(df);
    }
    read_cv_json(prefix + ".cv.json", data);
    return data;
}

// glmnet's names for the measures (cv.glmnet's `name`).
std::string measure_name(const CvData& data) {
    const std::string& m = data.measure;
    if (m == "deviance") {
        if (data.family == "binomial") return "Binomial Deviance";
        if (data.family == "gaussian") return "Mean-Squared Error";
        if (data.family == "poisson") return "Poisson Deviance";
        return "Deviance";
    }
    if (m == "class") return "Misclassification Error";
    if (m == "auc") return "AUC";
    if (m == "mse") return "Mean-Squared Error";
    if (m == "mae") return "Mean Absolute Error";
    return m;  // a measure this version does not know: its own name
}

void run_plot_cv(const PlotCvOptions& o) {
    const std::string out = o.out.empty() ? o.prefix + ".cv.svg" : o.out;
    check_output_location(out);
    const CvData data = read_cv_data(o.prefix);
    const std::size_t n = data.lambda.size();

    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) x[k] = std::log(data.lambda[k]);
    const double x_min = std::log(data.lambda_min), x_1se = std::log(data.lambda_1se);
    const double x_lo = std::min({*std::min_element(x.begin(), x.end()), x_min, x_1se});
    const double x_hi = std::max({*std::max_element(x.begin(), x.end()), x_min, x_1se});
    double y_lo = std::numeric_limits<double>::infinity(), y_hi = -y_lo;
    for (std::size_t k = 0; k < n; ++k) {
        y_lo = std::min(y_lo, data.mean[k] - data.se[k]);
        y_hi = std::max(y_hi, data.mean[k] + data.se[k]);
    }

    std::string title;
    if (data.folds) title = std::to_string(*data.folds) + "-fold cross-validation";
    else title = "Cross-validation";
    if (data.family) title += ", " + *data.family;
    if (data.alpha) {
        title += ", alpha " + format_g(*data.alpha, 6);
        title += *data.alpha == 1 ? " (lasso)" : *data.alpha == 0 ? " (ridge)" : " (elastic net)";
    }
    const auto df_at = [&](double lambda) { return data.df[nearest(data.lambda, lambda)]; };
    const std::string subtitle = "λ min " + format_g(data.lambda_min) + " (df " +
                                 std::to_string(df_at(data.lambda_min)) + "), λ 1se " +
                                 format_g(data.lambda_1se) + " (df " +
                                 std::to_string(df_at(data.lambda_1se)) + ")";

    svg::Figure::Margins margins;
    margins.top += 40;
    const svg::Axis x_axis = svg::make_axis(x_lo, x_hi, "Log(λ)", 7);
    svg::Figure figure(figure_width, figure_height, margins, x_axis,
                       svg::make_axis(y_lo, y_hi, measure_name(data), 7),
                       "sparsereg cross-validation curve: " + o.prefix);
    figure.title(title, subtitle);
    figure.axes();

    std::vector<std::string> df_labels;
    for (const std::int64_t df : data.df) df_labels.push_back(std::to_string(df));
    figure.top_axis(x, df_labels, "Nonzero coefficients");

    // Error-bar caps: glmnet's 0.01 on each side in log λ, kept narrower than
    // the spacing of the points.
    double spacing = std::numeric_limits<double>::infinity();
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 1; k < n; ++k) {
        if (sorted[k] > sorted[k - 1]) spacing = std::min(spacing, figure.px(sorted[k]) - figure.px(sorted[k - 1]));
    }
    const double cap = std::clamp(std::min(figure.px(x_axis.lo + 0.02) - figure.px(x_axis.lo), 0.8 * spacing), 2.0, 8.0);

    const svg::Stroke bar{"#a9a9a9", 1.2, "", 1.0};
    for (std::size_t k = 0; k < n; ++k) {
        figure.error_bar(x[k], data.mean[k] - data.se[k], data.mean[k] + data.se[k], cap, bar, "cv-se");
    }
    const svg::Stroke dashed{"#333333", 1.2, "6 4", 1.0};
    figure.vline(x_min, dashed, "lambda-min");
    figure.vline(x_1se, dashed, "lambda-1se");
    for (std::size_t k = 0; k < n; ++k) {
        figure.point(x[k], data.mean[k], 3.2, "#e41a1c", "cv-mean",
                     "λ " + format_g(data.lambda[k]) + ": " + format_g(data.mean[k]) + " ± " +
                         format_g(data.se[k]) + ", df " + std::to_string(data.df[k]));
    }
    // The two lines named where they are: λmin on the outer side of each.
    const bool min_left = x_min <= x_1se;
    const svg::Font note{11, svg::Anchor::end, "#333333"};
    svg::Font min_font = note, se_font = note;
    min_font.anchor = min_left ? svg::Anchor::end : svg::Anchor::start;
    se_font.anchor = min_left ? svg::Anchor::start : svg::Anchor::end;
    const double label_y = figure.panel_top() + 14;
    figure.text(figure.px(x_min) + (min_left ? -4 : 4), label_y, "λ min", min_font, "line-label");
    figure.text(figure.px(x_1se) + (min_left ? 4 : -4), label_y, "λ 1se", se_font, "line-label");

    figure.legend({{svg::LegendEntry::Kind::point, "#e41a1c", "mean over folds"},
                   {svg::LegendEntry::Kind::error_bar, "#a9a9a9", "± 1 standard error"}});
    write_file(out, figure.svg());
}

}  // namespace

void register_plot_command(CLI::App& app) {
    CLI::App* plot = app.add_subcommand(
        "plot", "Draw a regularization path or a cross-validation curve as SVG (as R's glmnet)");
    plot->require_subcommand(1);

    auto path_options = std::make_shared<PlotPathOptions>();
    CLI::App* path = plot->add_subcommand(
        "path", "Coefficient paths from PREFIX.path.csv and PREFIX.coef.csv (written by "
                "`sparsereg path`) to PREFIX.path.svg");
    path->add_option("prefix", path_options->prefix, "The --out PREFIX of `sparsereg path`")->required();
    path->add_option("--out", path_options->out, "SVG file to write (default: PREFIX.path.svg)");
    path->add_option("--xvar", path_options->xvar,
                     "x axis: lambda (log λ), norm (L1 norm of the coefficients) or dev "
                     "(fraction of deviance explained)")
        ->check(CLI::IsMember({"lambda", "norm", "dev"}))
        ->capture_default_str();
    path->add_flag("--label", path_options->label, "Write the feature number at each line's end");
    path->callback([path_options] { run_plot_path(*path_options); });

    auto cv_options = std::make_shared<PlotCvOptions>();
    CLI::App* cv = plot->add_subcommand(
        "cv", "Cross-validation curve from PREFIX.cv.csv and PREFIX.cv.json to PREFIX.cv.svg");
    cv->add_option("prefix", cv_options->prefix, "The output prefix of the cross-validation run")
        ->required();
    cv->add_option("--out", cv_options->out, "SVG file to write (default: PREFIX.cv.svg)");
    cv->callback([cv_options] { run_plot_cv(*cv_options); });
}

}  // namespace sparsereg::cli
