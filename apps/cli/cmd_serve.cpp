// `medsearch serve`: the HTTP API and web page over one index (docs/api.md), reopened when a
// writer commits (a new manifest.json, or a sync switching ROOT/current: index_reloader.hpp).
// SIGINT/SIGTERM stop it gracefully: the listener closes, in-flight requests finish.
//
// Signals: libraries start threads before main() (OpenBLAS's pool, loaded with FAISS), so a
// signal mask set here cannot cover every thread, and a process-directed SIGTERM may land
// on one of theirs. A handler covers every thread: it only writes the signal's number to a
// pipe (async-signal-safe), and a normal thread reads it and stops the server.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "commands.hpp"
#include "index_reloader.hpp"
#include "medsearch/core/memory_reuse.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "serve_limits.hpp"
#include "server.hpp"

namespace medsearch::cli {
namespace {

int stop_pipe_write_end = -1;

extern "C" void on_stop_signal(int signal_number) {
  const int saved_errno = errno;
  const unsigned char byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] const ssize_t written = ::write(stop_pipe_write_end, &byte, 1);
  errno = saved_errno;
}

}  // namespace

Action register_serve(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto options = std::make_shared<server::ServerOptions>();
  auto reload_ms = std::make_shared<int>(2000);
  app.add_option("--index", *dir, "Index directory")->required();
  app.add_option("--host", options->host, "Address to listen on")->capture_default_str();
  app.add_option("--port", options->port, "Port (0: any free port)")->check(CLI::Range(0, 65535))->capture_default_str();
  add_serve_limit_options(app, *options);
  app.add_option("--judgments", options->judgments_path,
                 "Judgments database (default: DIR/judgments.sqlite; 'none' turns judging off)");
  auto wechat_config = std::make_shared<std::string>();
  app.add_option("--wechat-config", *wechat_config,
                 "WeChat Official Account settings, a JSON file (docs/wechat.md); MEDSEARCH_WECHAT_* variables override it");
  app.add_option("--mesh-tree", options->suggest.vocabulary.mesh_tree,
                 "MeSH tree file (e.g. ../shared/data/mesh/2017MeshTree.txt): heading names for autocomplete "
                 "(default: $MEDSEARCH_MESH_TREE)");
  app.add_option("--mesh-descriptors", options->suggest.vocabulary.mesh_descriptors,
                 "NLM's ASCII MeSH descriptor file (dYYYY.bin): headings and their entry terms for autocomplete "
                 "(default: $MEDSEARCH_MESH_DESCRIPTORS)");
  app.add_option("--reload-ms", *reload_ms, "How often to check the index for newer commits, in ms (0: never)")
      ->check(CLI::Range(0, 3'600'000))->capture_default_str();
  return [dir, options, reload_ms, wechat_config] {
    keep_freed_memory_for_reuse();  // requests reuse what earlier ones freed (core/memory_reuse.hpp)
    options->wechat = server::load_wechat_config(*wechat_config);
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create the signal pipe");
    stop_pipe_write_end = pipe_fds[1];
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    // Judgments belong to DIR, not to one generation of an index root (index_root.hpp).
    if (options->judgments_path.empty()) options->judgments_path = judgments::JudgmentStore::default_path(*dir);
    const std::optional<engine::IndexVersion> opened = engine::index_version(*dir);
    auto index = std::make_shared<const engine::IndexReader>(*dir);
    server::Server server(index, *options);
    server.bind();
    // The first query must not pay for loading dictionaries or the dense model: load them
    // before announcing the address.
    std::string loaded;
    for (const std::string& part : server.api()->warm_up()) loaded += (loaded.empty() ? "" : ", ") + part;
    std::printf("medsearch: loaded %s\n", loaded.c_str());
    std::printf("medsearch: serving %llu documents at http://%s:%d/\n", static_cast<unsigned long long>(index->live_count()),
                server.host().c_str(), server.port());
    if (options->wechat.enabled()) {
      std::printf("medsearch: WeChat endpoint at /wechat (%s%s)\n",
                  options->wechat.encoding_aes_key.empty() ? "plaintext mode" : "plaintext and safe mode",
                  options->wechat.push_enabled() ? ", customer-service push on" : "");
    }
    std::fflush(stdout);
    index.reset();  // the server holds it while it serves it
    server::IndexReloader reloader(
        *dir, opened, std::chrono::milliseconds(*reload_ms),
        [&server](std::shared_ptr<const engine::IndexReader> reader) {
          const std::uint64_t documents = reader->live_count();
          const std::uint64_t generation = reader->manifest().generation;
          const std::string where = reader->dir();
          server.replace_index(std::move(reader));
          std::fprintf(stderr, "medsearch: reloaded %s (generation %llu): serving %llu documents\n", where.c_str(),
                       static_cast<unsigned long long>(generation), static_cast<unsigned long long>(documents));
        },
        [](const std::string& message) { std::fprintf(stderr, "medsearch: warning: %s\n", message.c_str()); });
    std::thread waiter([&server, read_end = pipe_fds[0]] {
      unsigned char signal_number = 0;
      while (::read(read_end, &signal_number, 1) < 0 && errno == EINTR) {
      }
      if (signal_number == SIGINT || signal_number == SIGTERM) {
        std::fprintf(stderr, "medsearch: %s received, stopping\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
      }
      server.stop();
    });
    server.run();
    // run() returns only after stop(), which only the waiter calls.
    waiter.join();
    std::fprintf(stderr, "medsearch: stopped\n");
    return 0;
  };
}

}  // namespace medsearch::cli
