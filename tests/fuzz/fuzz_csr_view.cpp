// libFuzzer target: CsrView's validating constructor on arbitrary arrays.
//
// The bytes are read as: a mode byte, then rows and cols (each an I), the
// lengths of indptr, indices and values (a byte each), then the arrays' raw
// little-endian elements (missing bytes read as 0). Mode bits pick the types
// and make consistent shapes likelier, so the fuzzer gets past the shape
// checks into the per-row ones:
//   bit 0  int64 indices (else int32)      bit 1  float values (else double)
//   bit 2  allow_nonfinite                 bit 3  rows = len(indptr) - 1
//   bit 4  len(values) = len(indices)      bit 5  indptr from small steps
//   bit 6  indptr[rows] raw (e.g. claiming a huge nnz) even with bit 5
// The constructor must either throw InvalidArgument or produce a view whose
// every row, index and value is in bounds: the target walks all of it (with
// exactly sized arrays, so AddressSanitizer sees any read past them).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/error.hpp"

namespace {

using namespace sparsereg;

class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    template <class V>
    V take() {
        unsigned char raw[sizeof(V)] = {};
        const std::size_t n = std::min(sizeof(V), size_ - pos_);
        if (n > 0) std::memcpy(raw, data_ + pos_, n);
        pos_ += n;
        V value;
        std::memcpy(&value, raw, sizeof(V));
        return value;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

template <class T, class I>
void fuzz(std::uint8_t mode, Bytes& in) {
    const bool allow_nonfinite = (mode & 4) != 0;
    I rows = in.take<I>();
    const I cols = in.take<I>();
    const std::size_t n_indptr = in.take<std::uint8_t>();
    const std::size_t n_indices = in.take<std::uint8_t>();
    std::size_t n_values = in.take<std::uint8_t>();
    if (mode & 8) rows = static_cast<I>(n_indptr) - 1;
    if (mode & 16) n_values = n_indices;

    std::vector<I> indptr(n_indptr);
    for (std::size_t k = 0; k < n_indptr; ++k) {
        if (mode & 32) {
            indptr[k] = k == 0 ? I{0} : static_cast<I>(indptr[k - 1] + in.take<std::uint8_t>() % 4);
        } else {
            indptr[k] = in.take<I>();
        }
    }
    if ((mode & 64) && n_indptr > 0) indptr.back() = in.take<I>();
    std::vector<I> indices(n_indices);
    for (auto& j : indices) j = in.take<I>();
    std::vector<T> values(n_values);
    for (auto& v : values) v = in.take<T>();

    CsrView<T, I> view;
    try {
        view = CsrView<T, I>(rows, cols, indptr, indices, values,
                             {.allow_nonfinite = allow_nonfinite, .threads = 1});
    } catch (const InvalidArgument&) {
        return;
    }
    // Accepted: walk every row and entry.
    SPARSEREG_FUZZ_CHECK(view.rows() == rows && view.cols() == cols, "shape kept");
    SPARSEREG_FUZZ_CHECK(rows >= 0 && cols >= 0, "non-negative shape");
    SPARSEREG_FUZZ_CHECK(static_cast<std::size_t>(rows) + 1 == indptr.size(), "rows + 1 pointers");
    SPARSEREG_FUZZ_CHECK(view.nnz() == static_cast<std::int64_t>(indices.size()), "nnz");
    SPARSEREG_FUZZ_CHECK(values.size() == indices.size(), "one value an index");
    std::int64_t seen = 0;
    double sum = 0;
    for (I r = 0; r < rows; ++r) {
        const auto idx = view.row_indices(r);
        const auto val = view.row_values(r);
        SPARSEREG_FUZZ_CHECK(idx.size() == val.size(), "row sizes");
        SPARSEREG_FUZZ_CHECK(idx.data() >= indices.data() &&
                                 idx.data() + idx.size() <= indices.data() + indices.size(),
                             "row inside indices");
        for (std::size_t k = 0; k < idx.size(); ++k) {
            SPARSEREG_FUZZ_CHECK(idx[k] >= 0 && idx[k] < cols, "column in range");
            SPARSEREG_FUZZ_CHECK(k == 0 || idx[k] > idx[k - 1], "columns increase");
            SPARSEREG_FUZZ_CHECK(allow_nonfinite || std::isfinite(val[k]), "finite value");
            sum += static_cast<double>(val[k]);
        }
        seen += static_cast<std::int64_t>(idx.size());
    }
    SPARSEREG_FUZZ_CHECK(seen == view.nnz(), "rows cover every entry");
    volatile double sink = sum;
    (void)sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in(data, size);
    const auto mode = in.take<std::uint8_t>();
    switch (mode & 3) {
        case 0: fuzz<double, std::int32_t>(mode, in); break;
        case 1: fuzz<double, std::int64_t>(mode, in); break;
        case 2: fuzz<float, std::int32_t>(mode, in); break;
        default: fuzz<float, std::int64_t>(mode, in); break;
    }
    return 0;
}
