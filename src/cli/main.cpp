// sparsereg: command-line front end. Every error a user can cause ends as one
// line on stderr naming the problem, and a non-zero exit (DESIGN.md, 1).

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "io/release_freed_memory.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/runtime.hpp"
#include "sparsereg/version.hpp"

// A function-try-block: building the command line (before the inner try) can
// throw too, e.g. std::bad_alloc, and must not end in std::terminate.
int main(int argc, char** argv) try {
    sparsereg::detail::keep_large_arrays_mapped();  // cv fits many paths in one process
    CLI::App app{"sparsereg: L1/L2/ElasticNet regularized linear and logistic regression "
                 "on large sparse data"};
    app.set_version_flag("--version", std::string("sparsereg ") + sparsereg::library_version() +
                                          " (" + sparsereg::instruction_set() + " kernels)");
    app.require_subcommand(1);
    sparsereg::cli::register_info_command(app);
    sparsereg::cli::register_path_command(app);
    sparsereg::cli::register_cv_command(app);
    sparsereg::cli::register_plot_command(app);
    sparsereg::cli::register_predict_command(app);
    // A command-line mistake reads like any other error: one line, with where to look.
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        std::string help = "sparsereg --help";
        for (const CLI::App* command : failed->get_subcommands()) {
            help = "sparsereg " + command->get_name() + " --help";
        }
        return "sparsereg: error: " + std::string(e.what()) + " (see " + help + ")\n";
    });

    // The library ignores a name it cannot honour; a user who asked should know.
    if (const char* requested = std::getenv("SPARSEREG_INSTRUCTION_SET");
        requested != nullptr && std::string(requested) != sparsereg::instruction_set()) {
        std::cerr << "sparsereg: error: SPARSEREG_INSTRUCTION_SET=" << requested
                  << ": not an instruction set this CPU runs (scalar, sse2, avx2+fma or avx512f, "
                     "as far as it supports them)\n";
        return 1;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const sparsereg::Error& e) {
        std::cerr << "sparsereg: error: " << e.what() << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "sparsereg: error: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "sparsereg: internal error: " << e.what() << '\n';
        return 3;
    }
    return 0;
} catch (const std::bad_alloc&) {
    std::cerr << "sparsereg: error: out of memory\n";
    return 1;
} catch (const std::exception& e) {
    std::cerr << "sparsereg: internal error: " << e.what() << '\n';
    return 3;
}
