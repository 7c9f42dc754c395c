// Uses the installed package the way a downstream project would: public headers
// only, linked through sparsereg::sparsereg. Exits non-zero on any mismatch.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/data/eigen_interop.hpp"  // Eigen is a public dependency
#include "sparsereg/error.hpp"
#include "sparsereg/version.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "consumer: FAILED: %s\n", what);
        ++failures;
    }
}

template <class A, class B>
bool same(const A& a, const B& b) {
    return std::vector(a.begin(), a.end()) == std::vector(b.begin(), b.end());
}

}  // namespace

int main() {
    // The compiled library and the installed headers must be the same release.
    const std::string header_version = std::to_string(SPARSEREG_VERSION_MAJOR) + "." +
                                       std::to_string(SPARSEREG_VERSION_MINOR) + "." +
                                       std::to_string(SPARSEREG_VERSION_PATCH);
    check(header_version == sparsereg::library_version(),
          "library_version() equals the header's SPARSEREG_VERSION_* macros");

    // 3 x 4:  [ 1 0 2 0 ]
    //         [ 0 0 0 0 ]
    //         [ 0 3 0 4 ]
    using Csr = sparsereg::CsrMatrix<double, std::int32_t>;
    using Csc = sparsereg::CscMatrix<double, std::int32_t>;
    const Csr csr(3, 4, {0, 2, 2, 4}, {0, 2, 1, 3}, {1.0, 2.0, 3.0, 4.0});
    check(csr.rows() == 3 && csr.cols() == 4 && csr.nnz() == 4, "CsrMatrix shape");

    const Csc csc = Csc::from_csr(csr.view());
    check(csc.rows() == 3 && csc.cols() == 4 && csc.nnz() == 4, "CscMatrix shape");
    check(same(csc.col_ptr(), std::vector<std::int32_t>{0, 1, 2, 3, 4}), "CscMatrix col_ptr");
    check(same(csc.row_indices(), std::vector<std::int32_t>{0, 2, 0, 2}),
          "CscMatrix row_indices");
    check(same(csc.values(), std::vector<double>{1.0, 3.0, 2.0, 4.0}), "CscMatrix values");

    // Eigen reaches the consumer through the package's find_dependency(Eigen3).
    const auto eigen_csc = sparsereg::eigen_map(csc);
    check(eigen_csc.nonZeros() == 4 && eigen_csc.coeff(2, 3) == 4.0, "eigen_map of the CscMatrix");

    // Validation errors cross the library boundary as sparsereg::Error.
    bool threw = false;
    try {
        const Csr bad(1, 2, {0, 1}, {5}, {1.0});  // column 5 of a 2-column matrix
    } catch (const sparsereg::Error&) {
        threw = true;
    }
    check(threw, "an out-of-range column index throws sparsereg::Error");

    if (failures != 0) return 1;
    std::printf("consumer: sparsereg %s found and working\n", sparsereg::library_version());
    return 0;
}
