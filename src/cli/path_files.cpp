#include "cli/path_files.hpp"

#include "cli/cli_output.hpp"

namespace sparsereg::cli {

void write_path_csv(const std::string& name, const PathResult& result) {
    OutputFile out(name);
    out.text("lambda,df,objective,dev_ratio,duality_gap,intercept,iterations,status\n");
    for (const PathPoint& point : result.points) {
        out.number(point.lambda).text(",").integer(point.df).text(",");
        out.number(point.objective).text(",").number(point.dev_ratio).text(",");
        out.number(point.duality_gap).text(",").number(point.intercept).text(",");
        out.integer(point.epochs).text(",").text(to_string(point.status)).text("\n");
    }
    out.close();
}

void write_coef_csv(const std::string& name, const PathResult& result, std::int64_t feature_offset) {
    OutputFile out(name);
    out.text("lambda_index,feature,value\n");
    for (std::size_t k = 0; k < result.points.size(); ++k) {
        const PathPoint& point = result.points[k];
        for (std::size_t m = 0; m < point.features.size(); ++m) {
            out.integer(static_cast<std::int64_t>(k)).text(",");
            out.integer(point.features[m] + feature_offset).text(",");
            out.number(point.coefficients[m]).text("\n");
        }
    }
    out.close();
}

}  // namespace sparsereg::cli
