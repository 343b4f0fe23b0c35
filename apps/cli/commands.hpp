// The CLI's subcommands. Each register_* adds its options to the app and returns the
// action to run when that subcommand was chosen. Errors propagate as medsearch::Error;
// main() turns them into a message and an exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace medsearch::cli {

using Action = std::function<int()>;

Action register_ingest(CLI::App& app);
Action register_compact(CLI::App& app);
Action register_sync(CLI::App& app);
Action register_embed(CLI::App& app);
Action register_stats(CLI::App& app);
Action register_doc(CLI::App& app);
Action register_search(CLI::App& app);
Action register_export(CLI::App& app);
Action register_eval(CLI::App& app);
Action register_serve(CLI::App& app);
Action register_tune(CLI::App& app);
Action register_train_ranker(CLI::App& app);
Action register_train_transfer(CLI::App& app);
Action register_users(CLI::App& app);
Action register_judgments(CLI::App& app);

}  // namespace medsearch::cli
