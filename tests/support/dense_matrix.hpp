#pragma once

// A dense row-major matrix for tests: the independent truth sparse results
// are compared with, and a way to build CSR arrays from it.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"

namespace sparsereg::testing {

struct Dense {
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::vector<double> a;
    double at(std::int64_t i, std::int64_t j) const {
        return a[static_cast<std::size_t>(i * cols + j)];
    }
};

// CSR arrays owned by the test, viewed (and so validated) on demand.
template <class T, class I>
struct CsrArrays {
    I rows = 0;
    I cols = 0;
    std::vector<I> indptr{0};
    std::vector<I> indices;
    std::vector<T> values;
    CsrView<T, I> view() const { return CsrView<T, I>(rows, cols, indptr, indices, values); }
};

// The nonzeros of d, row by row.
template <class T, class I>
CsrArrays<T, I> csr_of(const Dense& d) {
    CsrArrays<T, I> csr{static_cast<I>(d.rows), static_cast<I>(d.cols), {0}, {}, {}};
    for (std::int64_t i = 0; i < d.rows; ++i) {
        for (std::int64_t j = 0; j < d.cols; ++j) {
            if (d.at(i, j) != 0.0) {
                csr.indices.push_back(static_cast<I>(j));
                csr.values.push_back(static_cast<T>(d.at(i, j)));
            }
        }
        csr.indptr.push_back(static_cast<I>(csr.indices.size()));
    }
    return csr;
}

// A CSR matrix or view holds exactly these arrays.
template <class M, class T, class I>
void expect_same_arrays(const M& m, const CsrArrays<T, I>& csr) {
    EXPECT_EQ(m.rows(), csr.rows);
    EXPECT_EQ(m.cols(), csr.cols);
    EXPECT_EQ(std::vector<I>(m.indptr().begin(), m.indptr().end()), csr.indptr);
    EXPECT_EQ(std::vector<I>(m.indices().begin(), m.indices().end()), csr.indices);
    EXPECT_EQ(std::vector<T>(m.values().begin(), m.values().end()), csr.values);
}

// A matrix given as rows of dense values, as an owning CSR without its zeros.
inline CsrMatrix<double, std::int32_t> csr_from_rows(const std::vector<std::vector<double>>& rows,
                                                     std::size_t cols) {
    std::vector<std::int32_t> indptr{0}, indices;
    std::vector<double> values;
    for (const auto& row : rows) {
        for (std::size_t j = 0; j < row.size(); ++j) {
            if (row[j] != 0.0) {
                indices.push_back(static_cast<std::int32_t>(j));
                values.push_back(row[j]);
            }
        }
        indptr.push_back(static_cast<std::int32_t>(indices.size()));
    }
    return CsrMatrix<double, std::int32_t>(static_cast<std::int32_t>(rows.size()),
                                           static_cast<std::int32_t>(cols), indptr, indices, values);
}

}  // namespace sparsereg::testing
