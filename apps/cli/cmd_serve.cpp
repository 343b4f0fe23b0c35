// `medsearch serve`: the HTTP API and web page over one index (docs/api.md).
// SIGINT/SIGTERM stop it gracefully: the listener closes, in-flight requests finish.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "commands.hpp"
#include "medsearch/engine/index_reader.hpp"
#include "server.hpp"

namespace medsearch::cli {

Action register_serve(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto options = std::make_shared<server::ServerOptions>();
  app.add_option("--index", *dir, "Index directory")->required();
  app.add_option("--host", options->host, "Address to listen on")->capture_default_str();
  app.add_option("--port", options->port, "Port (0: any free port)")->check(CLI::Range(0, 65535))->capture_default_str();
  app.add_option("--threads", options->threads, "Worker threads (default: the number of cores)")->check(CLI::Range(1, 1024));
  app.add_option("--judgments", options->judgments_path,
                 "Judgments database (default: DIR/judgments.sqlite; 'none' turns judging off)");
  return [dir, options] {
    // Block the stop signals in every thread (the server's threads inherit the mask);
    // one thread waits for them with sigwait, so no work happens in a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    const engine::IndexReader index(*dir);
    server::Server server(index, *options);
    server.bind();
    std::printf("medsearch: serving %llu documents at http://%s:%d/\n", static_cast<unsigned long long>(index.live_count()),
                server.host().c_str(), server.port());
    std::fflush(stdout);
    std::thread waiter([&server, stop_signals] {
      int signal_number = 0;
      sigwait(&stop_signals, &signal_number);
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
