// The flags of `medsearch serve` that bound what clients can cost it (docs/cli.md, docs/api.md
// "Limits"): workers and their queue, keep-alive and read deadlines, the caps on costly
// search parameters and the time budget of a search. Defaults are ServerOptions'
// (server.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include "server.hpp"

namespace medsearch::cli {

void add_serve_limit_options(CLI::App& app, server::ServerOptions& options);

}  // namespace medsearch::cli
