// The reader against real data sets: shapes, nonzero counts and label counts
// from shared/datasets/README.md (checked there with scikit-learn's reader),
// and first lines against the text of the files.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>

#include "sparsereg/io/svmlight.hpp"

namespace sparsereg {
namespace {

namespace fs = std::filesystem;

struct Expected {
    const char* file;
    std::int64_t rows, cols, nnz;
    std::int64_t positives, negatives;  // -1 for regression sets
};

void check_dataset(const fs::path& path, const Expected& e) {
    const auto d = read_svmlight<double, std::int32_t>(path, {.threads = 2});
    EXPECT_EQ(d.compression, Compression::xz);
    EXPECT_EQ(d.X.rows(), e.rows) << e.file;
    EXPECT_EQ(d.X.cols(), e.cols) << e.file;
    EXPECT_EQ(d.X.nnz(), e.nnz) << e.file;
    EXPECT_EQ(d.index_base, IndexBase::one) << e.file;
    if (e.positives >= 0) {
        EXPECT_EQ(std::count(d.y.begin(), d.y.end(), 1.0), e.positives) << e.file;
        EXPECT_EQ(std::count(d.y.begin(), d.y.end(), -1.0), e.negatives) << e.file;
    }
}

std::string dataset_test_name(const ::testing::TestParamInfo<Expected>& param) {
    const std::string file = param.param.file;
    return file.substr(0, file.find('.'));
}

class BundledDataset : public ::testing::TestWithParam<Expected> {};

TEST_P(BundledDataset, MatchesTheCatalogue) {
    check_dataset(fs::path(SPARSEREG_DATASETS_DIR) / GetParam().file, GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Datasets, BundledDataset,
    ::testing::Values(Expected{"heart_scale.binary.svm.xz", 270, 13, 3378, 120, 150},
                      Expected{"sonar.binary.svm.xz", 208, 60, 12471, 111, 97},
                      Expected{"glmnet_binomial_sim.binary.svm.xz", 100, 30, 3000, 56, 44},
                      Expected{"rcv1_vw_small_train.binary.svm.xz", 1000, 47117, 77739, 459, 541},
                      Expected{"diabetes.regression.svm.xz", 442, 10, 4420, -1, -1},
                      Expected{"prostate_lpsa.regression.svm.xz", 97, 8, 665, -1, -1},
                      Expected{"glmnet_quickstart_sim.regression.svm.xz", 100, 20, 2000, -1, -1}),
    dataset_test_name);

// Larger sets from ../shared/datasets, present in CI and on developer machines.
class SharedDataset : public ::testing::TestWithParam<Expected> {};

TEST_P(SharedDataset, MatchesTheCatalogue) {
    const fs::path path = fs::path(SPARSEREG_SHARED_DATASETS_DIR) / GetParam().file;
    if (!fs::exists(path)) GTEST_SKIP() << path << " is not here";
    check_dataset(path, GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Datasets, SharedDataset,
    ::testing::Values(Expected{"a9a.binary.svm.xz", 32561, 123, 451592, 7841, 24720},
                      Expected{"w8a.binary.svm.xz", 49749, 300, 579586, 1479, 48270},
                      Expected{"finefoods_tfidf_train.binary.svm.xz", 4000, 13211, 199692, 2600, 1400},
                      Expected{"rcv1_vw_small_test.binary.svm.xz", 500, 47042, 39448, 245, 255},
                      Expected{"colon_alon.binary.svm.xz", 62, 2000, 124000, 40, 22},
                      Expected{"ionosphere.binary.svm.xz", 351, 34, 10513, 225, 126}),
    dataset_test_name);

TEST(RealDatasetLines, HeartScaleFirstRow) {
    // 1 1:0.708333 2:1 3:1 4:-0.320755 5:-0.105023 6:-1 7:1 8:-0.419847 9:-1 10:-0.225806 12:1 13:-1
    const auto d = read_svmlight<double, std::int32_t>(fs::path(SPARSEREG_DATASETS_DIR) /
                                                       "heart_scale.binary.svm.xz");
    EXPECT_EQ(d.y[0], 1.0);
    EXPECT_EQ(d.y[1], -1.0);
    const auto v = d.X.view();
    const std::vector<std::int32_t> cols{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12};
    const std::vector<double> vals{0.708333, 1, 1, -0.320755, -0.105023, -1,
                                   1, -0.419847, -1, -0.225806, 1, -1};
    EXPECT_EQ(std::vector<std::int32_t>(v.row_indices(0).begin(), v.row_indices(0).end()), cols);
    EXPECT_EQ(std::vector<double>(v.row_values(0).begin(), v.row_values(0).end()), vals);
}

TEST(RealDatasetLines, DiabetesFirstRowAsFloat) {
    // 151 1:59 2:2 3:32.1 4:101 5:157 6:93.2 7:38 8:4 9:4.8598 10:87
    const auto d = read_svmlight<float, std::int64_t>(fs::path(SPARSEREG_DATASETS_DIR) /
                                                      "diabetes.regression.svm.xz");
    EXPECT_EQ(d.y[0], 151.0);
    const auto row = d.X.view().row_values(0);
    const std::vector<float> expected{59, 2, 32.1f, 101, 157, 93.2f, 38, 4, 4.8598f, 87};
    EXPECT_EQ(std::vector<float>(row.begin(), row.end()), expected);
}

}  // namespace
}  // namespace sparsereg
