#include "sparsereg/io/text_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "sparsereg/error.hpp"
#include "support/expect_invalid.hpp"
#include "support/temp_files.hpp"

namespace sparsereg {
namespace {

namespace fs = std::filesystem;
using testing::bzip2;
using testing::gzip;
using testing::io_error_of;
using testing::TempDir;
using testing::write_bytes;
using testing::xz;

// Several MB of svmlight-like text that compresses well but not trivially,
// so the decoders cross input chunks and the output grows several times.
std::string sample_text(std::size_t rows) {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> feature(1, 5000);
    std::uniform_int_distribution<int> digits(0, 99999);
    std::string text;
    for (std::size_t r = 0; r < rows; ++r) {
        text += (r % 2 == 0) ? "1" : "-1";
        int j = 0;
        for (int k = 0; k < 12; ++k) {
            j += feature(rng) % 400 + 1;
            text += ' ';
            text += std::to_string(j);
            text += ":0.";
            text += std::to_string(digits(rng));
        }
        text += '\n';
    }
    return text;
}

template <class F>
void expect_io_error(F f, const fs::path& path, const std::vector<std::string>& fragments) {
    try {
        f();
        FAIL() << "expected IoError on " << path;
    } catch (const IoError& e) {
        EXPECT_EQ(e.file(), path.string());
        const std::string what = e.what();
        EXPECT_EQ(what.rfind(path.string() + ": ", 0), 0u) << what;
        for (const auto& fragment : fragments) {
            EXPECT_NE(what.find(fragment), std::string::npos)
                << "message '" << what << "' lacks '" << fragment << "'";
        }
    }
}

TEST(TextFile, CompressionNames) {
    EXPECT_EQ(to_string(Compression::none), "none");
    EXPECT_EQ(to_string(Compression::gzip), "gzip");
    EXPECT_EQ(to_string(Compression::bzip2), "bzip2");
    EXPECT_EQ(to_string(Compression::xz), "xz");
}

TEST(TextFile, ReadsAPlainFileWhole) {
    TempDir dir;
    const std::string text = "1 1:2\r\n-1 3:4\nno final newline";
    write_bytes(dir / "a.svm", text);
    const TextFile f = read_text_file(dir / "a.svm");
    EXPECT_EQ(f.text, text);
    EXPECT_EQ(f.compression, Compression::none);
    EXPECT_EQ(f.file_bytes, text.size());
    EXPECT_EQ(f.name, (dir / "a.svm").string());
}

TEST(TextFile, ReadsEmptyAndTinyFiles) {
    TempDir dir;
    for (const std::string text : {"", "1", "\x1f", "BZ", "BZh", "BZhx\n"}) {
        write_bytes(dir / "t", text);
        const TextFile f = read_text_file(dir / "t");
        EXPECT_EQ(f.text, text);
        EXPECT_EQ(f.compression, Compression::none);
    }
}

TEST(TextFile, ReadsAFileWhoseReportedSizeIsWrong) {
    // /proc files report size 0 yet have content: the size is only a hint.
    const TextFile f = read_text_file("/proc/self/status");
    EXPECT_EQ(f.compression, Compression::none);
    EXPECT_NE(f.text.find("Name:"), std::string::npos);
    // The first 6 bytes are read to recognize the format, then up to limit + 1.
    for (const std::uint64_t limit : {2, 6, 20}) {
        const std::string seen = std::to_string(std::max<std::uint64_t>(limit + 1, 6));
        expect_io_error([&] { (void)read_text_file("/proc/self/status", {.max_bytes = limit}); },
                        "/proc/self/status",
                        {": at least " + seen + " bytes of text (its size said 0 bytes: it grew, "
                         "or is a /proc file) exceeds max_bytes = " + std::to_string(limit) +
                         " bytes"});
    }
}

TEST(TextFile, ReadsLargePlainFile) {
    TempDir dir;
    const std::string text = sample_text(40000);
    write_bytes(dir / "big.svm", text);
    EXPECT_EQ(read_text_file(dir / "big.svm").text, text);
}

TEST(TextFile, DecompressesGzipBzip2AndXz) {
    TempDir dir;
    const std::string text = sample_text(40000);  // about 4 MB
    ASSERT_GT(text.size(), 3u << 20);
    write_bytes(dir / "t.gz", gzip(dir, text));
    write_bytes(dir / "t.bz2", bzip2(text));
    write_bytes(dir / "t.xz", xz(text));
    for (const auto& [file, compression] :
         {std::pair{"t.gz", Compression::gzip}, std::pair{"t.bz2", Compression::bzip2},
          std::pair{"t.xz", Compression::xz}}) {
        SCOPED_TRACE(file);
        const TextFile f = read_text_file(dir / file);
        EXPECT_EQ(f.compression, compression);
        EXPECT_EQ(f.file_bytes, fs::file_size(dir / file));
        ASSERT_EQ(f.text.size(), text.size());
        EXPECT_TRUE(f.text == text);
    }
}

TEST(TextFile, DecompressesEmptyStreams) {
    TempDir dir;
    write_bytes(dir / "e.gz", gzip(dir, ""));
    write_bytes(dir / "e.bz2", bzip2(""));
    write_bytes(dir / "e.xz", xz(""));
    EXPECT_EQ(read_text_file(dir / "e.gz").text, "");
    EXPECT_EQ(read_text_file(dir / "e.bz2").text, "");
    EXPECT_EQ(read_text_file(dir / "e.xz").text, "");
    EXPECT_EQ(read_text_file(dir / "e.xz").compression, Compression::xz);
}

TEST(TextFile, ReadsEveryMemberOfConcatenatedStreams) {
    // `cat a.gz b.gz > c.gz` (and the same for bzip2, xz) is valid and means
    // the concatenated text; stopping after the first member would silently truncate.
    TempDir dir;
    const std::string a = sample_text(3000);
    const std::string b = "last line\n";
    const std::string c = sample_text(10);
    write_bytes(dir / "m.gz", gzip(dir, a) + gzip(dir, b) + gzip(dir, "") + gzip(dir, c));
    write_bytes(dir / "m.bz2", bzip2(a) + bzip2(b) + bzip2(c));
    write_bytes(dir / "m.xz", xz(a) + xz(b) + xz(c));
    for (const char* file : {"m.gz", "m.bz2", "m.xz"}) {
        SCOPED_TRACE(file);
        EXPECT_TRUE(read_text_file(dir / file).text == a + b + c);
    }
}

TEST(TextFile, AcceptsXzStreamPadding) {
    TempDir dir;
    write_bytes(dir / "p.xz", xz("a\n") + std::string(8, '\0') + xz("b\n"));
    EXPECT_EQ(read_text_file(dir / "p.xz").text, "a\nb\n");
}

TEST(TextFile, RecognizesFormatByContentNotName) {
    TempDir dir;
    write_bytes(dir / "plain.gz", "1 1:1\n");
    const TextFile plain = read_text_file(dir / "plain.gz");
    EXPECT_EQ(plain.compression, Compression::none);
    EXPECT_EQ(plain.text, "1 1:1\n");

    write_bytes(dir / "data.svm", xz("1 2:3\n"));
    const TextFile packed = read_text_file(dir / "data.svm");
    EXPECT_EQ(packed.compression, Compression::xz);
    EXPECT_EQ(packed.text, "1 2:3\n");
}

TEST(TextFile, MissingFileNamesTheFileAndTheReason) {
    TempDir dir;
    const fs::path path = dir / "nope.svm";
    expect_io_error([&] { (void)read_text_file(path); }, path,
                    {"cannot open", "No such file or directory"});
}

TEST(TextFile, DirectoryIsRefused) {
    TempDir dir;
    expect_io_error([&] { (void)read_text_file(dir.path()); }, dir.path(), {"is a directory"});
}

TEST(TextFile, UnreadableFileNamesTheReason) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
    TempDir dir;
    const fs::path path = dir / "secret.svm";
    write_bytes(path, "1 1:1\n");
    fs::permissions(path, fs::perms::none);
    expect_io_error([&] { (void)read_text_file(path); }, path,
                    {"cannot open", "Permission denied"});
}

// Flips bytes in the middle of the compressed data (past the headers).
std::string corrupt(std::string bytes) {
    for (std::size_t k = bytes.size() / 2; k < bytes.size() / 2 + 8; ++k) bytes[k] ^= 0x55;
    return bytes;
}

TEST(TextFile, CorruptStreamsNameTheFormatAndOffset) {
    TempDir dir;
    const std::string text = sample_text(2000);
    write_bytes(dir / "c.gz", corrupt(gzip(dir, text)));
    write_bytes(dir / "c.bz2", corrupt(bzip2(text)));
    write_bytes(dir / "c.xz", corrupt(xz(text)));
    expect_io_error([&] { (void)read_text_file(dir / "c.gz"); }, dir / "c.gz",
                    {"corrupt gzip stream", "compressed byte"});
    expect_io_error([&] { (void)read_text_file(dir / "c.bz2"); }, dir / "c.bz2",
                    {"corrupt bzip2 stream", "compressed byte"});
    expect_io_error([&] { (void)read_text_file(dir / "c.xz"); }, dir / "c.xz",
                    {"corrupt xz stream", "compressed byte"});
}

TEST(TextFile, CorruptChecksumIsCaught) {
    // The last 8 bytes of a gzip member are CRC32 and size: data decodes
    // fine, only the check can tell.
    TempDir dir;
    std::string bytes = gzip(dir, "1 1:1\n2 2:2\n");
    bytes[bytes.size() - 6] ^= 1;
    write_bytes(dir / "crc.gz", bytes);
    expect_io_error([&] { (void)read_text_file(dir / "crc.gz"); }, dir / "crc.gz",
                    {"corrupt gzip stream", "incorrect data check"});
}

TEST(TextFile, TruncatedStreamsAreErrorsNotShortText) {
    TempDir dir;
    const std::string text = sample_text(2000);
    const std::string streams[3] = {gzip(dir, text), bzip2(text), xz(text)};
    const char* names[3] = {"t.gz", "t.bz2", "t.xz"};
    const char* formats[3] = {"gzip", "bzip2", "xz"};
    for (int k = 0; k < 3; ++k) {
        SCOPED_TRACE(names[k]);
        const std::string& full = streams[k];
        for (const std::size_t keep : {full.size() / 2, full.size() - 1, std::size_t{6}}) {
            write_bytes(dir / names[k], full.substr(0, keep));
            expect_io_error([&] { (void)read_text_file(dir / names[k]); }, dir / names[k],
                            {std::string("truncated ") + formats[k] + " stream",
                             "after " + std::to_string(keep) + " compressed bytes"});
        }
    }
    // Nothing but the magic bytes.
    write_bytes(dir / "magic.gz", "\x1f\x8b");
    expect_io_error([&] { (void)read_text_file(dir / "magic.gz"); }, dir / "magic.gz",
                    {"truncated gzip stream"});
}

TEST(TextFile, TruncatedSecondMemberIsReported) {
    TempDir dir;
    const std::string second = gzip(dir, sample_text(100));
    write_bytes(dir / "two.gz", gzip(dir, "a\n") + second.substr(0, second.size() / 2));
    expect_io_error([&] { (void)read_text_file(dir / "two.gz"); }, dir / "two.gz",
                    {"truncated gzip stream", "member 2"});
}

TEST(TextFile, GarbageAfterTheLastMemberIsAnError) {
    TempDir dir;
    write_bytes(dir / "g.gz", gzip(dir, "a\n") + "trailing junk");
    write_bytes(dir / "g.bz2", bzip2("a\n") + "trailing junk");
    write_bytes(dir / "g.xz", xz("a\n") + "trailing junk");
    expect_io_error([&] { (void)read_text_file(dir / "g.gz"); }, dir / "g.gz",
                    {"corrupt gzip stream", "member 2"});
    expect_io_error([&] { (void)read_text_file(dir / "g.bz2"); }, dir / "g.bz2",
                    {"corrupt bzip2 stream"});
    expect_io_error([&] { (void)read_text_file(dir / "g.xz"); }, dir / "g.xz",
                    {"corrupt xz stream"});
}

// svmlight-like text of exactly `bytes` bytes (the last line cut short).
std::string text_of_size(std::size_t bytes) {
    std::string text = sample_text(bytes / 60 + 1);
    text.resize(bytes);
    return text;
}

TEST(TextFile, MaxBytesOnAPlainFileStatesTheExactSize) {
    TempDir dir;
    write_bytes(dir / "p.txt", std::string(1000, 'x'));
    const std::string p = (dir / "p.txt").string();
    EXPECT_EQ(io_error_of([&] { (void)read_text_file(p, {.max_bytes = 999}); }),
              p + ": 1,000 bytes of text exceeds max_bytes = 999 bytes");
    EXPECT_EQ(read_text_file(dir / "p.txt", {.max_bytes = 1000}).text.size(), 1000u);
    EXPECT_EQ(read_text_file(dir / "p.txt", {.max_bytes = 0}).text.size(), 1000u);
    write_bytes(dir / "q.txt", std::string(123456, 'x'));
    const std::string q = (dir / "q.txt").string();
    EXPECT_EQ(io_error_of([&] { (void)read_text_file(q, {.max_bytes = 100000}); }),
              q + ": 123 KB of text exceeds max_bytes = 100 KB");
}

TEST(TextFile, MaxBytesOnXzReadsTheSizeFromTheIndex) {
    TempDir dir;
    const std::string text = text_of_size(2500000);
    write_bytes(dir / "t.xz", xz(text));
    const std::string t = (dir / "t.xz").string();
    EXPECT_EQ(io_error_of([&] { (void)read_text_file(t, {.max_bytes = 1000000}); }),
              t + ": 2.5 MB of text (from the xz index) exceeds max_bytes = 1 MB");
    EXPECT_EQ(io_error_of([&] { (void)read_text_file(t, {.max_bytes = 2499999}); }),
              t + ": 2.5 MB of text (from the xz index) exceeds max_bytes = 2.5 MB");
    EXPECT_EQ(read_text_file(t, {.max_bytes = 2500000}).text, text);
    // Concatenated streams with padding between and after: the indexes add up.
    write_bytes(dir / "u.xz", xz(text) + std::string(8, '\0') + xz(text) + std::string(4, '\0'));
    const std::string u = (dir / "u.xz").string();
    EXPECT_EQ(io_error_of([&] { (void)read_text_file(u, {.max_bytes = 3000000}); }),
              u + ": 5 MB of text (from the xz index) exceeds max_bytes = 3 MB");
    EXPECT_EQ(read_text_file(u, {.max_bytes = 5000000}).text.size(), 5000000u);
}

TEST(TextFile, MaxBytesOnGzipReadsTheSizeFromTheTrailer) {
    TempDir dir;
    const std::string text = text_of_size(2500000);
    write_bytes(dir / "t.gz", gzip(dir, text));
    const std::string t = (dir / "t.gz").string();
    EXPECT_EQ(io_error_of([&] { (void)read_text_file(t, {.max_bytes = 1000000}); }),
              t + ": 2.5 MB of text (from the gzip trailer) exceeds max_bytes = 1 MB");
    EXPECT_EQ(read_text_file(t, {.max_bytes = 2500000}).text, text);
    // Two members: the trailer only knows the last (tiny) one, so the reader
    // finds out while decompressing and estimates from the ratio so far.
    write_bytes(dir / "m.gz", gzip(dir, text) + gzip(dir, "1 1:1\n"));
    const std::string m = (dir / "m.gz").string();
    const std::string message =
        io_error_of([&] { (void)read_text_file(m, {.max_bytes = 1000000}); });
    EXPECT_EQ(message.rfind(m + ": about ", 0), 0u) << message;
    EXPECT_NE(message.find(" MB of text (estimated from the first "), std::string::npos) << message;
    EXPECT_NE(message.find("% of the gzip file) exceeds max_bytes = 1 MB"), std::string::npos)
        << message;
}

TEST(TextFile, MaxBytesOnBzip2EstimatesFromTheRatioSoFar) {
    TempDir dir;
    const std::string text = text_of_size(2500000);
    write_bytes(dir / "t.bz2", bzip2(text));
    const std::string t = (dir / "t.bz2").string();
    const std::string message =
        io_error_of([&] { (void)read_text_file(t, {.max_bytes = 1000000}); });
    // "<t>: about 2.47 MB of text (estimated from the first 41% of the bzip2 file) ..."
    const std::string head = t + ": about ";
    ASSERT_EQ(message.rfind(head, 0), 0u) << message;
    const double estimate = std::stod(message.substr(head.size()));
    EXPECT_GT(estimate, 1.5) << message;
    EXPECT_LT(estimate, 4.0) << message;
    EXPECT_NE(message.find(" MB of text (estimated from the first "), std::string::npos) << message;
    EXPECT_NE(message.find("% of the bzip2 file) exceeds max_bytes = 1 MB"), std::string::npos)
        << message;
    EXPECT_EQ(read_text_file(t, {.max_bytes = 2500000}).text, text);
}

TEST(TextFile, MaxBytesOnACompressedPipeSaysTheSizeIsUnknown) {
    TempDir dir;
    const std::string text = text_of_size(300000);
    const std::string compressed = gzip(dir, text);
    const std::string fifo = (dir / "pipe.gz").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // The reader stops early; a writer still writing must not die of SIGPIPE.
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    std::thread writer([&] {
        std::ofstream out(fifo, std::ios::binary);
        out.write(compressed.data(), static_cast<std::streamsize>(compressed.size()));
    });
    const std::string message =
        io_error_of([&] { (void)read_text_file(fifo, {.max_bytes = 100000}); });
    writer.join();
    std::signal(SIGPIPE, previous);
    EXPECT_EQ(message, fifo + ": at least 100,001 bytes of text (a gzip stream of unknown size) "
                              "exceeds max_bytes = 100 KB");
}

TEST(TextFile, MaxBytesOnCompressedTextStopsEarly) {
    TempDir dir;
    const std::string text = sample_text(20000);
    write_bytes(dir / "t.gz", gzip(dir, text));
    write_bytes(dir / "t.bz2", bzip2(text));
    write_bytes(dir / "t.xz", xz(text));
    for (const char* file : {"t.gz", "t.bz2", "t.xz"}) {
        SCOPED_TRACE(file);
        expect_io_error([&] { (void)read_text_file(dir / file, {.max_bytes = 100000}); },
                        dir / file, {" of text (", ") exceeds max_bytes = 100 KB"});
        EXPECT_EQ(read_text_file(dir / file, {.max_bytes = text.size()}).text.size(), text.size());
        // One byte over: the size is read from the file (xz, gzip) or all of it
        // was decoded (bzip2), either way it is the exact size.
        expect_io_error(
            [&] { (void)read_text_file(dir / file, {.max_bytes = text.size() - 1}); }, dir / file,
            {" of text", " exceeds max_bytes = "});
    }
}

TEST(TextFile, ReadsASharedDatasetIfPresent) {
    const fs::path path = fs::path(SPARSEREG_SHARED_DATASETS_DIR) / "heart_scale.binary.svm.xz";
    if (!fs::exists(path)) GTEST_SKIP() << path << " not present";
    const TextFile f = read_text_file(path);
    EXPECT_EQ(f.compression, Compression::xz);
    EXPECT_EQ(std::count(f.text.begin(), f.text.end(), '\n'), 270);
}

}  // namespace
}  // namespace sparsereg
