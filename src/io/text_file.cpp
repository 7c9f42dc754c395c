#include "sparsereg/io/text_file.hpp"

#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "io/size_text.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

std::string_view to_string(Compression compression) noexcept {
    switch (compression) {
        case Compression::none: return "none";
        case Compression::gzip: return "gzip";
        case Compression::bzip2: return "bzip2";
        case Compression::xz: return "xz";
    }
    return "unknown";
}

namespace {

// Large enough that the read syscalls vanish next to decompression, small
// enough to stay in cache while the decoder consumes it.
constexpr std::size_t input_chunk = std::size_t{1} << 20;
// The decoders count in 32-bit unsigned ints, and Linux caps one read() near 2 GiB.
constexpr std::size_t max_step = std::size_t{1} << 30;
// Text formats usually compress 3-10x; starting near the final size saves
// most reallocation copies, and geometric growth bounds the rest.
constexpr std::uint64_t initial_ratio_guess = 4;
// Deflate's largest compression ratio: no gzip text is larger than this
// times its file.
constexpr std::uint64_t max_deflate_ratio = 1032;
constexpr std::size_t min_output = std::size_t{1} << 16;

std::string errno_text(int err) { return std::system_category().message(err); }

class InputFile {
public:
    InputFile(const std::filesystem::path& path, const std::string& name) : name_(name) {
        do {
            fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        } while (fd_ < 0 && errno == EINTR);
        if (fd_ < 0) throw IoError(name_, "cannot open: " + errno_text(errno));
        struct stat st {};
        if (::fstat(fd_, &st) != 0) {
            const int err = errno;
            ::close(fd_);
            throw IoError(name_, "cannot stat: " + errno_text(err));
        }
        if (S_ISDIR(st.st_mode)) {
            ::close(fd_);
            throw IoError(name_, "is a directory, not a file");
        }
        regular_ = S_ISREG(st.st_mode);
        size_ = regular_ ? static_cast<std::uint64_t>(st.st_size) : 0;
    }
    ~InputFile() { ::close(fd_); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    bool regular() const noexcept { return regular_; }
    std::uint64_t size() const noexcept { return size_; }  // 0 unless regular
    std::uint64_t bytes_read() const noexcept { return bytes_read_; }

    // Reads up to n bytes; 0 only at end of file.
    std::size_t read_some(char* buffer, std::size_t n) {
        n = std::min(n, max_step);
        for (;;) {
            const ssize_t got = ::read(fd_, buffer, n);
            if (got >= 0) {
                bytes_read_ += static_cast<std::uint64_t>(got);
                return static_cast<std::size_t>(got);
            }
            if (errno != EINTR) {
                throw IoError(name_, "read failed after " + std::to_string(bytes_read_) +
                                         " bytes: " + errno_text(errno));
            }
        }
    }

    // Reads exactly n bytes at `offset` without moving the read position;
    // false when that is not possible (not a regular file, short read, error).
    bool read_at(std::uint64_t offset, void* buffer, std::size_t n) noexcept {
        if (!regular_ || offset > size_ || n > size_ - offset) return false;
        auto* out = static_cast<char*>(buffer);
        std::size_t total = 0;
        while (total < n) {
            const ssize_t got =
                ::pread(fd_, out + total, n - total, static_cast<off_t>(offset + total));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;
            total += static_cast<std::size_t>(got);
        }
        return true;
    }

    // Reads n bytes or up to the end of the file, whichever comes first.
    std::size_t read_full(char* buffer, std::size_t n) {
        std::size_t total = 0;
        while (total < n) {
            const std::size_t got = read_some(buffer + total, n - total);
            if (got == 0) break;
            total += got;
        }
        return total;
    }

private:
    const std::string& name_;
    int fd_ = -1;
    bool regular_ = false;
    std::uint64_t size_ = 0;
    std::uint64_t bytes_read_ = 0;
};

// The text being produced. Capacity is capped at max_bytes + 1 so that
// exceeding the limit is noticed without ever holding more than that.
class Output {
public:
    explicit Output(std::uint64_t max_bytes)
        : cap_(max_bytes == 0 || max_bytes >= std::numeric_limits<std::size_t>::max()
                   ? std::numeric_limits<std::size_t>::max()
                   : static_cast<std::size_t>(max_bytes) + 1) {}

    void reserve_guess(std::uint64_t bytes) {
        const std::uint64_t want = std::max<std::uint64_t>(bytes, min_output);
        text_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(want, cap_)));
    }

    char* tail() noexcept { return text_.data() + used_; }
    std::size_t room() noexcept { return std::min(text_.size() - used_, max_step); }
    std::size_t used() const noexcept { return used_; }
    void advance(std::size_t n) noexcept { used_ += n; }
    bool over_limit() const noexcept { return used_ >= cap_; }

    // Only called with room() == 0 and the limit not yet exceeded, so the
    // string can always grow by at least one byte.
    void grow() {
        const std::size_t size = text_.size();
        std::size_t next = size > cap_ / 2 ? cap_ : std::max(size * 2, min_output);
        next = std::min(next, cap_);
        text_.resize(next);
    }

    std::string take() && {
        // Shrinking copies the text, so it only pays when much memory is idle.
        const bool mostly_idle = text_.size() - used_ > used_ / 8 + min_output;
        text_.resize(used_);
        if (mostly_idle) text_.shrink_to_fit();
        return std::move(text_);
    }

private:
    std::size_t cap_;
    std::size_t used_ = 0;
    std::string text_;
};

Compression detect(const unsigned char* head, std::size_t n) noexcept {
    if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) return Compression::gzip;
    // "BZh" then the block size digit; the digit keeps a text file that
    // happens to start with "BZh" from being taken for bzip2.
    if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' &&
        head[3] <= '9') {
        return Compression::bzip2;
    }
    static constexpr unsigned char xz_magic[6] = {0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00};
    if (n >= 6 && std::memcmp(head, xz_magic, 6) == 0) return Compression::xz;
    return Compression::none;
}

// One call into a decoder: how much it consumed and produced, whether a
// stream (or gzip member) ended, and what went wrong if anything did.
struct Step {
    std::size_t consumed = 0;
    std::size_t produced = 0;
    bool stream_end = false;
    std::string error;  // empty: no error
};

class GzipDecoder {
public:
    static constexpr bool concatenates_itself = false;
    GzipDecoder() {
        // 15 + 32: the largest window with automatic gzip / zlib header detection.
        if (inflateInit2(&z_, 15 + 32) != Z_OK) throw std::bad_alloc();
    }
    ~GzipDecoder() { inflateEnd(&z_); }
    GzipDecoder(const GzipDecoder&) = delete;
    GzipDecoder& operator=(const GzipDecoder&) = delete;

    Step step(const char* in, std::size_t in_len, char* out, std::size_t out_len, bool /*eof*/) {
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
        z_.avail_in = static_cast<uInt>(std::min(in_len, max_step));
        z_.next_out = reinterpret_cast<Bytef*>(out);
        z_.avail_out = static_cast<uInt>(out_len);
        const uInt avail_in = z_.avail_in;
        const int ret = inflate(&z_, Z_NO_FLUSH);
        Step s;
        s.consumed = avail_in - z_.avail_in;
        s.produced = out_len - z_.avail_out;
        if (ret == Z_STREAM_END) {
            s.stream_end = true;
        } else if (ret == Z_NEED_DICT) {
            s.error = "needs a preset dictionary";
        } else if (ret == Z_DATA_ERROR) {
            s.error = z_.msg != nullptr ? z_.msg : "invalid compressed data";
        } else if (ret == Z_MEM_ERROR) {
            s.error = "out of memory";
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            s.error = "zlib error " + std::to_string(ret);
        }
        return s;
    }
    void next_member() { inflateReset(&z_); }

private:
    z_stream z_{};
};

class Bzip2Decoder {
public:
    static constexpr bool concatenates_itself = false;
    Bzip2Decoder() { init(); }
    ~Bzip2Decoder() { BZ2_bzDecompressEnd(&b_); }
    Bzip2Decoder(const Bzip2Decoder&) = delete;
    Bzip2Decoder& operator=(const Bzip2Decoder&) = delete;

    Step step(const char* in, std::size_t in_len, char* out, std::size_t out_len, bool /*eof*/) {
        b_.next_in = const_cast<char*>(in);
        b_.avail_in = static_cast<unsigned>(std::min(in_len, max_step));
        b_.next_out = out;
        b_.avail_out = static_cast<unsigned>(out_len);
        const unsigned avail_in = b_.avail_in;
        const int ret = BZ2_bzDecompress(&b_);
        Step s;
        s.consumed = avail_in - b_.avail_in;
        s.produced = out_len - b_.avail_out;
        if (ret == BZ_STREAM_END) {
            s.stream_end = true;
        } else if (ret == BZ_DATA_ERROR) {
            s.error = "data integrity error (bad block or CRC mismatch)";
        } else if (ret == BZ_DATA_ERROR_MAGIC) {
            s.error = "bad stream header (not bzip2 data)";
        } else if (ret == BZ_MEM_ERROR) {
            s.error = "out of memory";
        } else if (ret != BZ_OK) {
            s.error = "libbz2 error " + std::to_string(ret);
        }
        return s;
    }
    void next_member() {
        BZ2_bzDecompressEnd(&b_);
        init();
    }

private:
    void init() {
        b_ = bz_stream{};
        if (BZ2_bzDecompressInit(&b_, 0, 0) != BZ_OK) throw std::bad_alloc();
    }
    bz_stream b_{};
};

class XzDecoder {
public:
    // LZMA_CONCATENATED makes liblzma walk over every stream and the padding
    // between them itself, reporting the end only after LZMA_FINISH.
    static constexpr bool concatenates_itself = true;
    XzDecoder() {
        if (lzma_stream_decoder(&x_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
            throw std::bad_alloc();
        }
    }
    ~XzDecoder() { lzma_end(&x_); }
    XzDecoder(const XzDecoder&) = delete;
    XzDecoder& operator=(const XzDecoder&) = delete;

    Step step(const char* in, std::size_t in_len, char* out, std::size_t out_len, bool eof) {
        x_.next_in = reinterpret_cast<const std::uint8_t*>(in);
        x_.avail_in = in_len;
        x_.next_out = reinterpret_cast<std::uint8_t*>(out);
        x_.avail_out = out_len;
        const lzma_ret ret = lzma_code(&x_, eof ? LZMA_FINISH : LZMA_RUN);
        Step s;
        s.consumed = in_len - x_.avail_in;
        s.produced = out_len - x_.avail_out;
        switch (ret) {
            case LZMA_OK: break;
            case LZMA_STREAM_END: s.stream_end = true; break;
            // No progress possible: the driver reports it as truncation.
            case LZMA_BUF_ERROR: break;
            case LZMA_FORMAT_ERROR: s.error = "not in the xz format"; break;
            case LZMA_OPTIONS_ERROR: s.error = "unsupported compression options"; break;
            case LZMA_DATA_ERROR: s.error = "compressed data is corrupt"; break;
            case LZMA_MEM_ERROR: s.error = "out of memory"; break;
            case LZMA_MEMLIMIT_ERROR: s.error = "memory limit reached"; break;
            default: s.error = "liblzma error " + std::to_string(static_cast<int>(ret)); break;
        }
        return s;
    }
    void next_member() {}

private:
    lzma_stream x_ = LZMA_STREAM_INIT;
};

// --- max_bytes: how large the text is, before or while decompressing it ------------

// "<name>: 64.8 MB of text (from the xz index) exceeds max_bytes = 10 MB"
[[noreturn]] void throw_too_large(const std::string& name, const std::string& size,
                                  const std::string& how, std::uint64_t max_bytes) {
    throw IoError(name, size + " of text" + (how.empty() ? "" : " (" + how + ")") +
                            " exceeds max_bytes = " + detail::format_bytes(max_bytes));
}

// The uncompressed size an xz file records in the index of each of its
// streams, read from the end of the file without decompressing anything;
// nothing when the file cannot be seeked or its footers and indexes do not
// parse (the decoder then reports what is wrong, if anything is).
std::optional<std::uint64_t> xz_index_size(InputFile& file) {
    constexpr std::size_t footer_size = LZMA_STREAM_HEADER_SIZE;
    constexpr std::uint64_t max_index_bytes = std::uint64_t{1} << 26;
    std::uint64_t end = file.size();
    std::uint64_t total = 0;
    bool any_stream = false;
    while (end > 0) {
        if (end < 2 * footer_size) return std::nullopt;
        std::uint8_t footer[footer_size];
        if (!file.read_at(end - footer_size, footer, footer_size)) return std::nullopt;
        if (footer[8] == 0 && footer[9] == 0 && footer[10] == 0 && footer[11] == 0) {
            end -= 4;  // stream padding: zero bytes in fours, between or after streams
            continue;
        }
        lzma_stream_flags flags{};
        if (lzma_stream_footer_decode(&flags, footer) != LZMA_OK) return std::nullopt;
        const std::uint64_t index_bytes = flags.backward_size;
        if (index_bytes > max_index_bytes || index_bytes > end - 2 * footer_size) {
            return std::nullopt;
        }
        std::vector<std::uint8_t> index_data(static_cast<std::size_t>(index_bytes));
        if (!file.read_at(end - footer_size - index_bytes, index_data.data(), index_data.size())) {
            return std::nullopt;
        }
        lzma_index* index = nullptr;
        std::uint64_t memlimit = std::uint64_t{1} << 28;
        std::size_t in_pos = 0;
        if (lzma_index_buffer_decode(&index, &memlimit, nullptr, index_data.data(), &in_pos,
                                     index_data.size()) != LZMA_OK) {
            return std::nullopt;
        }
        const std::uint64_t stream_bytes = lzma_index_stream_size(index);
        const std::uint64_t text_bytes = lzma_index_uncompressed_size(index);
        lzma_index_end(index, nullptr);
        if (stream_bytes > end || text_bytes > std::numeric_limits<std::uint64_t>::max() - total) {
            return std::nullopt;
        }
        end -= stream_bytes;
        total += text_bytes;
        any_stream = true;
    }
    if (!any_stream) return std::nullopt;
    return total;
}

// The size a gzip file's trailer states (ISIZE: the last member's text size
// mod 2^32), lifted to the one multiple of 2^32 consistent with at least
// `at_least` bytes of text and deflate's largest ratio (1032:1) on the file's
// size; nothing when no or more than one value is consistent.
std::optional<std::uint64_t> gzip_trailer_size(InputFile& file, std::uint64_t at_least) {
    std::uint8_t trailer[4];
    if (file.size() < 18 || !file.read_at(file.size() - 4, trailer, 4)) return std::nullopt;
    const std::uint64_t isize = std::uint64_t{trailer[0]} | std::uint64_t{trailer[1]} << 8 |
                                std::uint64_t{trailer[2]} << 16 | std::uint64_t{trailer[3]} << 24;
    const std::uint64_t most = (file.size() + 1) * max_deflate_ratio;
    constexpr std::uint64_t wrap = std::uint64_t{1} << 32;
    std::uint64_t candidate = isize;
    if (candidate < at_least) candidate += (at_least - candidate + wrap - 1) / wrap * wrap;
    if (candidate > most || candidate + wrap <= most) return std::nullopt;
    return candidate;
}

// The text size a compressed file's own metadata states (the xz index; the
// gzip trailer when consistent), or nothing where it states none.
std::optional<std::uint64_t> declared_text_size(InputFile& file, Compression compression) {
    if (!file.regular()) return std::nullopt;
    if (compression == Compression::xz) return xz_index_size(file);
    if (compression == Compression::gzip) return gzip_trailer_size(file, 0);
    return std::nullopt;
}

// Before decompressing: refuses a file whose declared text is larger than max_bytes.
void check_declared_size(const std::optional<std::uint64_t>& declared, const std::string& name,
                         Compression compression, std::uint64_t max_bytes) {
    if (max_bytes == 0 || !declared || *declared <= max_bytes) return;
    throw_too_large(name, detail::format_bytes(*declared),
                    compression == Compression::xz ? "from the xz index" : "from the gzip trailer",
                    max_bytes);
}

// While decompressing, the text passed max_bytes: the best size we can give.
[[noreturn]] void throw_limit(InputFile& file, const std::string& name, std::uint64_t max_bytes,
                              std::uint64_t produced, std::uint64_t consumed,
                              Compression compression) {
    if (compression == Compression::gzip && file.regular()) {
        if (const auto size = gzip_trailer_size(file, produced)) {
            throw_too_large(name, detail::format_bytes(*size), "from the gzip trailer", max_bytes);
        }
    }
    if (compression == Compression::xz && file.regular()) {
        if (const auto size = xz_index_size(file); size && *size >= produced) {
            throw_too_large(name, detail::format_bytes(*size), "from the xz index", max_bytes);
        }
    }
    if (file.regular() && consumed >= file.size()) {
        throw_too_large(name, detail::format_bytes(produced), "", max_bytes);  // all decoded
    }
    if (file.regular() && consumed > 0 && file.size() > 0) {
        // The ratio so far, carried over to the whole compressed file.
        const double estimate = static_cast<double>(produced) *
                                (static_cast<double>(file.size()) / static_cast<double>(consumed));
        throw_too_large(name, "about " + detail::format_bytes(static_cast<std::uint64_t>(estimate)),
                        "estimated from the first " +
                            detail::format_percent(static_cast<double>(consumed),
                                                   static_cast<double>(file.size())) +
                            " of the " + std::string(to_string(compression)) + " file",
                        max_bytes);
    }
    throw_too_large(name, "at least " + detail::with_commas(produced) + " bytes",
                    "a " + std::string(to_string(compression)) + " stream of unknown size",
                    max_bytes);
}

// Feeds the file through the decoder into `out`, starting with the bytes
// already read to recognize the format.
template <class Decoder>
void decompress(InputFile& file, const std::string& name, Compression compression,
                std::uint64_t max_bytes, const unsigned char* head, std::size_t head_len,
                Output& out) {
    const std::string format(to_string(compression));
    Decoder decoder;
    std::vector<char> input(input_chunk);
    std::memcpy(input.data(), head, head_len);
    std::size_t in_len =
        head_len + file.read_full(input.data() + head_len, input.size() - head_len);
    std::size_t in_pos = 0;
    bool eof = in_len < input.size();
    std::uint64_t consumed = 0;  // compressed bytes the decoder has taken
    std::int64_t member = 1;
    const auto refill = [&] {
        in_len = file.read_some(input.data(), input.size());
        in_pos = 0;
        eof = in_len == 0;
    };
    const auto member_note = [&] {
        return member > 1 ? " (in " + format + " member " + std::to_string(member) + ")"
                          : std::string();
    };

    for (;;) {
        if (in_pos == in_len && !eof) refill();
        if (out.room() == 0) out.grow();
        Step s = decoder.step(input.data() + in_pos, in_len - in_pos, out.tail(), out.room(),
                              eof && in_pos == in_len);
        in_pos += s.consumed;
        consumed += s.consumed;
        out.advance(s.produced);
        if (!s.error.empty()) {
            throw IoError(name, "corrupt " + format + " stream near compressed byte " +
                                    std::to_string(consumed) + " of " +
                                    std::to_string(std::max(file.size(), file.bytes_read())) +
                                    member_note() + ": " + s.error);
        }
        if (out.over_limit()) {
            // The ratio at this point underestimates the text: the decoder has
            // taken input whose text it has not produced yet (a bzip2 block is
            // up to 900 kB). Decoding on into a small scratch buffer, up to
            // twice the input so far, makes the estimate much closer for at
            // most twice the work, and never holds more than max_bytes.
            std::uint64_t produced = out.used();
            if (file.regular()) {
                std::vector<char> scratch(min_output);
                const std::uint64_t target = std::min(file.size(), 2 * consumed);
                while (consumed < target) {
                    if (in_pos == in_len && !eof) refill();
                    const Step t = decoder.step(input.data() + in_pos, in_len - in_pos,
                                                scratch.data(), scratch.size(),
                                                eof && in_pos == in_len);
                    in_pos += t.consumed;
                    consumed += t.consumed;
                    produced += t.produced;
                    if (!t.error.empty() || (t.consumed == 0 && t.produced == 0)) break;
                    if (t.stream_end) {
                        if (in_pos == in_len && !eof) refill();
                        if (in_pos == in_len || Decoder::concatenates_itself) break;
                        decoder.next_member();
                    }
                }
            }
            throw_limit(file, name, max_bytes, produced, consumed, compression);
        }
        if (s.stream_end) {
            if (in_pos == in_len && !eof) refill();
            if (in_pos == in_len) return;  // eof: every member ended cleanly
            if constexpr (Decoder::concatenates_itself) {
                throw IoError(name, format + " decoder stopped at compressed byte " +
                                        std::to_string(consumed) + " before the end of the file");
            } else {
                decoder.next_member();
                ++member;
                continue;
            }
        }
        if (s.consumed == 0 && s.produced == 0) {
            if (eof && in_pos == in_len) {
                throw IoError(name, "truncated " + format + " stream: the file ends after " +
                                        std::to_string(consumed) + " compressed bytes" +
                                        member_note() + " before the stream is complete");
            }
            if (in_pos < in_len && out.room() > 0) {
                // Input and room available yet nothing moved: never loop on it.
                throw IoError(name, "corrupt " + format + " stream near compressed byte " +
                                        std::to_string(consumed) +
                                        ": the decoder made no progress");
            }
        }
    }
}

}  // namespace

TextFile read_text_file(const std::filesystem::path& path, const TextFileOptions& options) {
    TextFile result;
    result.name = path.string();
    const std::string& name = result.name;
    InputFile file(path, name);
    const std::uint64_t max_bytes = options.max_bytes;

    unsigned char head[6];
    const std::size_t head_len = file.read_full(reinterpret_cast<char*>(head), sizeof head);
    result.compression = detect(head, head_len);

    Output out(max_bytes);
    if (result.compression == Compression::none) {
        // A plain file's size is its text's: checked before reading anything.
        if (file.regular() && max_bytes != 0 && file.size() > max_bytes) {
            throw_too_large(name, detail::format_bytes(file.size()), "", max_bytes);
        }
        // A pipe or /proc file reports no size, so its first bytes alone may
        // exceed a tiny limit (and the buffer capped by it).
        const auto unknown_size = [&](std::uint64_t at_least) {
            throw_too_large(name, "at least " + detail::with_commas(at_least) + " bytes",
                            file.regular() ? "its size said " + detail::with_commas(file.size()) +
                                                 " bytes: it grew, or is a /proc file"
                                           : "not a regular file: its size is unknown",
                            max_bytes);
        };
        if (max_bytes != 0 && head_len > max_bytes) unknown_size(head_len);
        // One byte past the size so the end of file shows without growing;
        // a file that grows meanwhile still reads through the growth path.
        out.reserve_guess(file.size() + 1);
        std::memcpy(out.tail(), head, head_len);
        out.advance(head_len);
        for (;;) {
            if (out.over_limit()) unknown_size(out.used());
            if (out.room() == 0) out.grow();
            const std::size_t got = file.read_some(out.tail(), out.room());
            if (got == 0) break;
            out.advance(got);
        }
    } else {
        const std::uint64_t compressed = std::max(file.size(), std::uint64_t{1});
        const auto declared = declared_text_size(file, result.compression);
        check_declared_size(declared, name, result.compression, max_bytes);
        // The declared size (one byte past it, so the end shows without
        // growing) spares the growth and the shrinking copy a guess costs:
        // each leaves a hole of text size in the heap, and bladder's fit peaked
        // 8 MB higher for them. A size past deflate's largest ratio is not
        // trusted with an allocation before the decoder has checked it.
        const bool believable = declared && *declared / max_deflate_ratio <= compressed;
        out.reserve_guess(believable ? *declared + 1 : compressed * initial_ratio_guess);
        switch (result.compression) {
            case Compression::gzip:
                decompress<GzipDecoder>(file, name, result.compression, max_bytes, head, head_len,
                                        out);
                break;
            case Compression::bzip2:
                decompress<Bzip2Decoder>(file, name, result.compression, max_bytes, head, head_len,
                                         out);
                break;
            case Compression::xz:
                decompress<XzDecoder>(file, name, result.compression, max_bytes, head, head_len,
                                      out);
                break;
            case Compression::none: break;
        }
    }
    result.file_bytes =
        file.regular() ? std::max(file.size(), file.bytes_read()) : file.bytes_read();
    result.text = std::move(out).take();
    return result;
}

}  // namespace sparsereg
