#pragma once

// A small, dependency-free SVG writer for the plots of `sparsereg plot`: one
// panel with a box, nice (1-2-5) ticks on the bottom and left axes, an
// optional labelled top axis, and data drawn as polylines, points, error bars,
// horizontal and dashed vertical lines, text labels and a legend. Coordinates
// are data units; everything drawn in data units is clipped to the panel.
// Log scales are the caller's: plot log(λ) and title the axis so (as glmnet).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sparsereg::cli::svg {

// Text made safe for XML character data and attribute values.
std::string escape(std::string_view text);

// Tick values at a 1-2-5 step (times a power of ten) inside [lo, hi], about
// `target` of them; `step` receives the step (for tick_label).
std::vector<double> nice_ticks(double lo, double hi, int target, double* step = nullptr);

// A tick value printed with as many decimals as the step needs ("0.05", "-4", "1e-05").
std::string tick_label(double value, double step);

// An axis: its data range (already padded) and its ticks.
struct Axis {
    double lo = 0, hi = 1;
    std::vector<double> ticks;
    double step = 1;
    std::string title;
};

// An axis over [data_lo, data_hi] padded by `pad` of the range on each side
// (R's default 4%); a degenerate range is widened first.
Axis make_axis(double data_lo, double data_hi, std::string title, int target_ticks = 6,
               double pad = 0.04);

struct Stroke {
    std::string colour = "#000000";
    double width = 1.0;
    std::string dash;  // SVG stroke-dasharray, empty: solid
    double opacity = 1.0;
};

enum class Anchor { start, middle, end };

struct Font {
    double size = 13;
    Anchor anchor = Anchor::start;
    std::string colour = "#222222";
    bool bold = false;
    double rotate = 0;  // degrees, about the anchor point
};

// An estimate of the width in pixels of `text` in a sans-serif font of `size`.
double text_width(std::string_view text, double size);

struct LegendEntry {
    enum class Kind { line, point, error_bar, dashed };
    Kind kind = Kind::line;
    std::string colour;
    std::string label;
};

enum class Corner { automatic, top_left, top_right, bottom_left, bottom_right };

class Figure {
public:
    struct Margins {
        double left = 78, right = 24, top = 64, bottom = 62;
    };

    Figure(double width, double height, Margins margins, Axis x, Axis y, std::string description);

    double px(double x) const;  // data x to pixels
    double py(double y) const;  // data y to pixels
    double panel_left() const { return margins_.left; }
    double panel_right() const { return width_ - margins_.right; }
    double panel_top() const { return margins_.top; }
    double panel_bottom() const { return height_ - margins_.bottom; }

    // The box, bottom and left axes with ticks, tick labels and titles.
    void axes();
    // Labels along the top edge at data x positions; labels that would overlap
    // a previous one are left out (as R's axis()). `title` goes above them.
    void top_axis(const std::vector<double>& at, const std::vector<std::string>& labels,
                  const std::string& title = {});
    // A title line centred above the panel (above the top axis), and a smaller
    // line below it.
    void title(const std::string& content, const std::string& subtitle = {});

    // Data-space drawing, clipped to the panel. `css_class` names the element
    // kind (for tests and styling), `tooltip` becomes a <title> child.
    void polyline(const std::vector<double>& xs, const std::vector<double>& ys, const Stroke& stroke,
                  const std::string& css_class = {}, const std::string& tooltip = {});
    void point(double x, double y, double radius, const std::string& fill,
               const std::string& css_class = {}, const std::string& tooltip = {});
    // A vertical bar from lo to hi at x with caps `cap` pixels wide.
    void error_bar(double x, double lo, double hi, double cap, const Stroke& stroke,
                   const std::string& css_class = {});
    void vline(double x, const Stroke& stroke, const std::string& css_class = {});
    void hline(double y, const Stroke& stroke, const std::string& css_class = {});

    // Text in pixel coordinates (unclipped); for labels in the margins or panel.
    void text(double x, double y, const std::string& content, const Font& font,
              const std::string& css_class = {});

    // A boxed legend inside the panel; `automatic` takes the corner with the
    // fewest drawn data points under the box.
    void legend(const std::vector<LegendEntry>& entries, Corner corner = Corner::automatic);

    // The complete document.
    std::string svg() const;

private:
    static std::string number(double value);
    std::string stroke_attributes(const Stroke& stroke) const;
    void remember(double x_pixels, double y_pixels);

    double width_, height_;
    Margins margins_;
    Axis x_, y_;
    std::string description_;
    std::string body_;
    std::vector<std::pair<double, double>> drawn_;  // pixel positions of data, for the legend
};

}  // namespace sparsereg::cli::svg
