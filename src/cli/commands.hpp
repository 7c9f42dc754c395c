#pragma once

#include <CLI/CLI.hpp>

namespace sparsereg::cli {

// Each subcommand registers its options on the app and runs from the
// callback CLI11 calls after a successful parse.
void register_info_command(CLI::App& app);
void register_path_command(CLI::App& app);
void register_cv_command(CLI::App& app);
void register_plot_command(CLI::App& app);
void register_predict_command(CLI::App& app);

}  // namespace sparsereg::cli
