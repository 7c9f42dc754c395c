// cv_path against cv.glmnet 4.1-6 on the same folds and λ grid (stored by
// tests/reference/make_cv_glmnet_reference.R): the CV means and standard
// errors agree to 1e-6 relative at every λ, and lambda_min and lambda_1se
// are the same grid points.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/io/vector_file.hpp"
#include "sparsereg/model_selection/cross_validation.hpp"

namespace sparsereg {
namespace {

namespace fs = std::filesystem;

const fs::path reference_dir = fs::path(SPARSEREG_DATASETS_DIR).parent_path() / "tests" / "reference" / "cv_glmnet";

struct Case {
    std::string name, dataset, family, measure;
    double alpha = 1;
};

std::vector<Case> read_cases() {
    std::ifstream in(reference_dir / "cases.csv");
    std::string line;
    std::getline(in, line);  // header: case,dataset,family,alpha,measure,nfolds
    std::vector<Case> cases;
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        Case c;
        std::string alpha;
        std::getline(fields, c.name, ',');
        std::getline(fields, c.dataset, ',');
        std::getline(fields, c.family, ',');
        std::getline(fields, alpha, ',');
        std::getline(fields, c.measure, ',');
        c.alpha = std::stod(alpha);
        cases.push_back(c);
    }
    return cases;
}

// Columns of a numeric CSV with one header line.
std::vector<std::vector<double>> read_columns(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    std::vector<std::vector<double>> columns;
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string field;
        for (std::size_t k = 0; std::getline(fields, field, ','); ++k) {
            if (columns.size() <= k) columns.emplace_back();
            columns[k].push_back(std::stod(field));
        }
    }
    return columns;
}

class CvGlmnetReference : public ::testing::TestWithParam<Case> {};

TEST_P(CvGlmnetReference, SameCurveAndChoices) {
    const Case& c = GetParam();
    const auto data = read_svmlight<double, std::int32_t>(fs::path(SPARSEREG_DATASETS_DIR) / c.dataset);
    const std::vector<double> y = read_vector(reference_dir / (c.name + ".y.txt"));
    const std::vector<double> folds = read_vector(reference_dir / (c.name + ".foldid.txt"));
    const auto cv_table = read_columns(reference_dir / (c.name + ".cv.csv"));
    const auto choice = read_columns(reference_dir / (c.name + ".choice.csv"));
    ASSERT_EQ(cv_table.size(), 3u);

    FitOptions fit;
    fit.family = c.family == "binomial" ? Family::binomial : Family::gaussian;
    fit.alpha = c.alpha;
    fit.lambdas = cv_table[0];
    fit.tol = 1e-12;
    CvOptions cv;
    cv.measure = parse_measure(c.measure);
    for (double f : folds) cv.foldid.push_back(static_cast<int>(f));

    const CvResult result = cv_path(data.X.view(), y, fit, cv);
    ASSERT_EQ(result.curves.size(), 1u);
    const CvCurve& curve = result.curves[0];
    ASSERT_EQ(curve.lambdas.size(), cv_table[0].size());
    for (std::size_t l = 0; l < curve.lambdas.size(); ++l) {
        const double cvm = cv_table[1][l], cvsd = cv_table[2][l];
        EXPECT_NEAR(curve.mean[l], cvm, 1e-6 * std::abs(cvm)) << c.name << " λ index " << l;
        EXPECT_NEAR(curve.se[l], cvsd, 1e-6 * std::abs(cvm)) << c.name << " λ index " << l;
    }
    EXPECT_EQ(curve.lambda_min, choice[0][0]) << c.name;
    EXPECT_EQ(curve.lambda_1se, choice[1][0]) << c.name;
}

std::string case_name(const ::testing::TestParamInfo<Case>& param) { return param.param.name; }

INSTANTIATE_TEST_SUITE_P(CvGlmnet, CvGlmnetReference, ::testing::ValuesIn(read_cases()), case_name);

}  // namespace
}  // namespace sparsereg
