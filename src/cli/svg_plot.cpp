#include "cli/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace sparsereg::cli::svg {

namespace {

const char* anchor_name(Anchor anchor) {
    switch (anchor) {
        case Anchor::start: return "start";
        case Anchor::middle: return "middle";
        case Anchor::end: return "end";
    }
    return "start";
}

constexpr double tick_length = 6;
constexpr double tick_font = 13;
constexpr double title_font = 15;
const char* const axis_colour = "#333333";

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                // Control characters are not allowed in XML 1.0 (tab, newline excepted).
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
                    out += '?';
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::vector<double> nice_ticks(double lo, double hi, int target, double* step_out) {
    std::vector<double> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
        if (step_out != nullptr) *step_out = 1;
        return ticks;
    }
    const double raw = (hi - lo) / std::max(1, target);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double residual = raw / magnitude;
    const double nice = residual <= 1.2 ? 1 : residual <= 2.5 ? 2 : residual <= 6 ? 5 : 10;
    const double step = nice * magnitude;
    if (step_out != nullptr) *step_out = step;
    const double first = std::ceil(lo / step - 1e-9);
    // An integer counter: a double one stops moving (k + 1 == k) past 2^53,
    // which a span of a few ulps far from zero reaches, and the loop never ends.
    for (std::int64_t k = 0;; ++k) {
        double value = (first + static_cast<double>(k)) * step;
        if (value > hi + 1e-9 * step) break;
        if (!ticks.empty() && value <= ticks.back()) break;  // no distinct ticks left
        if (std::abs(value) < 1e-9 * step) value = 0;  // no "-1.4e-17" for zero
        ticks.push_back(value);
    }
    return ticks;
}

std::string tick_label(double value, double step) {
    char buffer[48];
    const double largest = std::max(std::abs(value), step);
    if (step >= 1e-4 && largest < 1e7) {
        const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.3g", value);
    }
    std::string label = buffer;
    if (label.find_first_not_of("-0.") == std::string::npos && label.starts_with("-")) label.erase(0, 1);
    return label;
}

Axis make_axis(double data_lo, double data_hi, std::string title, int target_ticks, double pad) {
    if (data_lo > data_hi) std::swap(data_lo, data_hi);
    const double scale = std::max({1e-300, std::abs(data_lo), std::abs(data_hi)});
    if (data_hi - data_lo <= 1e-12 * scale) {
        if (data_lo == 0) {
            data_lo = -1;
            data_hi = 1;
        } else {
            const double half = 0.1 * std::abs(data_lo);
            data_lo -= half;
            data_hi += half;
        }
    }
    Axis axis;
    const double margin = pad * (data_hi - data_lo);
    axis.lo = data_lo - margin;
    axis.hi = data_hi + margin;
    axis.ticks = nice_ticks(axis.lo, axis.hi, target_ticks, &axis.step);
    axis.title = std::move(title);
    return axis;
}

double text_width(std::string_view text, double size) {
    // DejaVu Sans / Helvetica: digits are ~0.6 em, most letters a little less.
    double em = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
        if (c == '.' || c == ',' || c == ':' || c == ';' || c == 'i' || c == 'l' || c == ' ' ||
            c == '|' || c == '(' || c == ')') {
            em += 0.33;
        } else if (c == 'm' || c == 'M' || c == 'W' || c == 'w') {
            em += 0.85;
        } else if (c >= 'A' && c <= 'Z') {
            em += 0.68;
        } else {
            em += 0.6;
        }
    }
    return em * size;
}

Figure::Figure(double width, double height, Margins margins, Axis x, Axis y, std::string description)
    : width_(width),
      height_(height),
      margins_(margins),
      x_(std::move(x)),
      y_(std::move(y)),
      description_(std::move(description)) {}

double Figure::px(double x) const {
    return panel_left() + (x - x_.lo) / (x_.hi - x_.lo) * (panel_right() - panel_left());
}

double Figure::py(double y) const {
    return panel_bottom() - (y - y_.lo) / (y_.hi - y_.lo) * (panel_bottom() - panel_top());
}

std::string Figure::number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string s = buffer;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

std::string Figure::stroke_attributes(const Stroke& stroke) const {
    std::string out = " stroke=\"" + escape(stroke.colour) + "\" stroke-width=\"" +
                      number(stroke.width) + "\"";
    if (!stroke.dash.empty()) out += " stroke-dasharray=\"" + escape(stroke.dash) + "\"";
    if (stroke.opacity < 1) out += " stroke-opacity=\"" + number(stroke.opacity) + "\"";
    return out;
}

void Figure::remember(double x_pixels, double y_pixels) {
    drawn_.emplace_back(x_pixels, y_pixels);
}

void Figure::axes() {
    body_ += "<g class=\"axes\" fill=\"none\" stroke=\"" + std::string(axis_colour) +
             "\" stroke-width=\"1\">\n";
    body_ += "<rect x=\"" + number(panel_left()) + "\" y=\"" + number(panel_top()) + "\" width=\"" +
             number(panel_right() - panel_left()) + "\" height=\"" +
             number(panel_bottom() - panel_top()) + "\"/>\n";
    for (const double t : x_.ticks) {
        const double x = px(t);
        body_ += "<line x1=\"" + number(x) + "\" y1=\"" + number(panel_bottom()) + "\" x2=\"" +
                 number(x) + "\" y2=\"" + number(panel_bottom() + tick_length) + "\"/>\n";
    }
    for (const double t : y_.ticks) {
        const double y = py(t);
        body_ += "<line x1=\"" + number(panel_left() - tick_length) + "\" y1=\"" + number(y) +
                 "\" x2=\"" + number(panel_left()) + "\" y2=\"" + number(y) + "\"/>\n";
    }
    body_ += "</g>\n";

    Font tick{tick_font, Anchor::middle, axis_colour};
    for (const double t : x_.ticks) {
        text(px(t), panel_bottom() + tick_length + 15, tick_label(t, x_.step), tick, "tick-label");
    }
    tick.anchor = Anchor::end;
    double widest = 0;
    for (const double t : y_.ticks) {
        const std::string label = tick_label(t, y_.step);
        widest = std::max(widest, text_width(label, tick_font));
        text(panel_left() - tick_length - 4, py(t) + 0.35 * tick_font, label, tick, "tick-label");
    }

    Font title_style{title_font, Anchor::middle, "#111111"};
    text(0.5 * (panel_left() + panel_right()), panel_bottom() + tick_length + 42, x_.title,
         title_style, "axis-title");
    title_style.rotate = -90;
    const double title_x = std::max(title_font + 2, panel_left() - tick_length - 4 - widest - 14);
    text(title_x, 0.5 * (panel_top() + panel_bottom()), y_.title, title_style, "axis-title");
}

void Figure::top_axis(const std::vector<double>& at, const std::vector<std::string>& labels,
                      const std::string& title) {
    constexpr double size = 12;
    constexpr double gap = 6;
    std::string ticks;
    double last_right = -std::numeric_limits<double>::infinity();
    std::vector<std::size_t> order(std::min(at.size(), labels.size()));
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return at[a] < at[b]; });
    for (const std::size_t k : order) {
        const double x = px(at[k]);
        if (x < panel_left() - 0.5 || x > panel_right() + 0.5) continue;
        const double half = 0.5 * text_width(labels[k], size);
        if (x - half < last_right + gap) continue;
        last_right = x + half;
        ticks += "<line x1=\"" + number(x) + "\" y1=\"" + number(panel_top() - 4) + "\" x2=\"" +
                 number(x) + "\" y2=\"" + number(panel_top()) + "\"/>\n";
        text(x, panel_top() - 8, labels[k], Font{size, Anchor::middle, axis_colour}, "top-label");
    }
    body_ += "<g class=\"top-axis\" stroke=\"" + std::string(axis_colour) + "\" stroke-width=\"1\">\n" +
             ticks + "</g>\n";
    if (!title.empty()) {
        text(0.5 * (panel_left() + panel_right()), panel_top() - 26, title,
             Font{12, Anchor::middle, "#555555"}, "top-title");
    }
}

void Figure::title(const std::string& content, const std::string& subtitle) {
    const double centre = 0.5 * (panel_left() + panel_right());
    if (!content.empty()) {
        text(centre, 24, content, Font{16, Anchor::middle, "#111111", true}, "title");
    }
    if (!subtitle.empty()) {
        text(centre, content.empty() ? 24 : 43, subtitle, Font{12, Anchor::middle, "#555555"},
             "subtitle");
    }
}

void Figure::polyline(const std::vector<double>& xs, const std::vector<double>& ys,
                      const Stroke& stroke, const std::string& css_class, const std::string& tooltip) {
    std::string points;
    for (std::size_t k = 0; k < xs.size() && k < ys.size(); ++k) {
        const double x = px(xs[k]), y = py(ys[k]);
        if (!points.empty()) points += ' ';
        points += number(x) + "," + number(y);
        remember(x, y);
    }
    body_ += "<polyline";
    if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
    body_ += " points=\"" + points + "\" fill=\"none\"" + stroke_attributes(stroke) +
             " stroke-linejoin=\"round\" stroke-linecap=\"round\" clip-path=\"url(#panel)\"";
    if (tooltip.empty()) {
        body_ += "/>\n";
    } else {
        body_ += "><title>" + escape(tooltip) + "</title></polyline>\n";
    }
}

void Figure::point(double x, double y, double radius, const std::string& fill,
                   const std::string& css_class, const std::string& tooltip) {
    const double cx = px(x), cy = py(y);
    remember(cx, cy);
    body_ += "<circle";
    if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
    body_ += " cx=\"" + number(cx) + "\" cy=\"" + number(cy) + "\" r=\"" + number(radius) +
             "\" fill=\"" + escape(fill) + "\" clip-path=\"url(#panel)\"";
    if (tooltip.empty()) {
        body_ += "/>\n";
    } else {
        body_ += "><title>" + escape(tooltip) + "</title></circle>\n";
    }
}

void Figure::error_bar(double x, double lo, double hi, double cap, const Stroke& stroke,
                       const std::string& css_class) {
    const double cx = px(x), y0 = py(lo), y1 = py(hi), h = 0.5 * cap;
    remember(cx, y0);
    remember(cx, y1);
    body_ += "<path";
    if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
    body_ += " d=\"M" + number(cx) + " " + number(y0) + "V" + number(y1) + "M" + number(cx - h) +
             " " + number(y1) + "H" + number(cx + h) + "M" + number(cx - h) + " " + number(y0) +
             "H" + number(cx + h) + "\" fill=\"none\"" + stroke_attributes(stroke) +
             " clip-path=\"url(#panel)\"/>\n";
}

void Figure::vline(double x, const Stroke& stroke, const std::string& css_class) {
    const double cx = px(x);
    body_ += "<line";
    if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
    body_ += " x1=\"" + number(cx) + "\" y1=\"" + number(panel_top()) + "\" x2=\"" + number(cx) +
             "\" y2=\"" + number(panel_bottom()) + "\"" + stroke_attributes(stroke) +
             " clip-path=\"url(#panel)\"/>\n";
}

void Figure::hline(double y, const Stroke& stroke, const std::string& css_class) {
    const double cy = py(y);
    body_ += "<line";
    if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
    body_ += " x1=\"" + number(panel_left()) + "\" y1=\"" + number(cy) + "\" x2=\"" +
             number(panel_right()) + "\" y2=\"" + number(cy) + "\"" + stroke_attributes(stroke) +
             " clip-path=\"url(#panel)\"/>\n";
}

void Figure::text(double x, double y, const std::string& content, const Font& font,
                  const std::string& css_class) {
    if (content.empty()) return;
    body_ += "<text";
    if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
    body_ += " x=\"" + number(x) + "\" y=\"" + number(y) + "\" font-size=\"" + number(font.size) +
             "\" fill=\"" + escape(font.colour) + "\"";
    if (font.anchor != Anchor::start) {
        body_ += " text-anchor=\"" + std::string(anchor_name(font.anchor)) + "\"";
    }
    if (font.bold) body_ += " font-weight=\"bold\"";
    if (font.rotate != 0) {
        body_ += " transform=\"rotate(" + number(font.rotate) + " " + number(x) + " " + number(y) + ")\"";
    }
    body_ += ">" + escape(content) + "</text>\n";
}

void Figure::legend(const std::vector<LegendEntry>& entries, Corner corner) {
    if (entries.empty()) return;
    constexpr double size = 12, row = 19, sample = 24, pad = 8, inset = 10;
    double widest = 0;
    for (const LegendEntry& e : entries) widest = std::max(widest, text_width(e.label, size));
    const double w = pad + sample + 8 + widest + pad;
    const double h = pad + row * static_cast<double>(entries.size()) + pad - 4;

    const auto origin = [&](Corner c) -> std::pair<double, double> {
        const bool left = c == Corner::top_left || c == Corner::bottom_left;
        const bool top = c == Corner::top_left || c == Corner::top_right;
        return {left ? panel_left() + inset : panel_right() - inset - w,
                top ? panel_top() + inset : panel_bottom() - inset - h};
    };
    if (corner == Corner::automatic) {
        std::size_t fewest = std::numeric_limits<std::size_t>::max();
        for (const Corner c : {Corner::top_right, Corner::top_left, Corner::bottom_right,
                               Corner::bottom_left}) {
            const auto [x0, y0] = origin(c);
            std::size_t count = 0;
            for (const auto& [x, y] : drawn_) {
                count += (x >= x0 - 4 && x <= x0 + w + 4 && y >= y0 - 4 && y <= y0 + h + 4) ? 1 : 0;
            }
            if (count < fewest) {
                fewest = count;
                corner = c;
            }
        }
    }
    const auto [x0, y0] = origin(corner);
    body_ += "<g class=\"legend\">\n<rect x=\"" + number(x0) + "\" y=\"" + number(y0) + "\" width=\"" +
             number(w) + "\" height=\"" + number(h) +
             "\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>\n";
    double y = y0 + pad + 0.5 * row - 2;
    for (const LegendEntry& e : entries) {
        const double sx = x0 + pad, mid = sx + 0.5 * sample;
        const std::string colour = escape(e.colour);
        switch (e.kind) {
            case LegendEntry::Kind::line:
            case LegendEntry::Kind::dashed:
                body_ += "<line x1=\"" + number(sx) + "\" y1=\"" + number(y) + "\" x2=\"" +
                         number(sx + sample) + "\" y2=\"" + number(y) + "\" stroke=\"" + colour +
                         "\" stroke-width=\"1.5\"" +
                         (e.kind == LegendEntry::Kind::dashed ? " stroke-dasharray=\"5 4\"" : "") +
                         "/>\n";
                break;
            case LegendEntry::Kind::point:
                body_ += "<circle cx=\"" + number(mid) + "\" cy=\"" + number(y) +
                         "\" r=\"3.5\" fill=\"" + colour + "\"/>\n";
                break;
            case LegendEntry::Kind::error_bar:
                body_ += "<path d=\"M" + number(mid) + " " + number(y - 7) + "V" + number(y + 7) +
                         "M" + number(mid - 4) + " " + number(y - 7) + "H" + number(mid + 4) + "M" +
                         number(mid - 4) + " " + number(y + 7) + "H" + number(mid + 4) +
                         "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.2\"/>\n";
                break;
        }
        text(sx + sample + 8, y + 0.35 * size, e.label, Font{size, Anchor::start, "#222222"});
        y += row;
    }
    body_ += "</g>\n";
}

std::string Figure::svg() const {
    std::string out;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + number(width_) +
           "\" height=\"" + number(height_) + "\" viewBox=\"0 0 " + number(width_) + " " +
           number(height_) + "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n";
    out += "<desc>" + escape(description_) + "</desc>\n";
    out += "<defs><clipPath id=\"panel\"><rect x=\"" + number(panel_left()) + "\" y=\"" +
           number(panel_top()) + "\" width=\"" + number(panel_right() - panel_left()) +
           "\" height=\"" + number(panel_bottom() - panel_top()) + "\"/></clipPath></defs>\n";
    out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    out += body_;
    out += "</svg>\n";
    return out;
}

}  // namespace sparsereg::cli::svg
