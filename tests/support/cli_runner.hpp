// Runs the real medsearch binary (MEDSEARCH_CLI_PATH) for the CLI tests.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace medsearch::testing {

struct CliRun {
  int exit_code;
  std::string out;  // stdout, and stderr too when asked
};

// `args` is appended to the binary's path and run by the shell.
inline CliRun run_cli(const std::string& args, bool with_stderr = true) {
  const std::string command = std::string(MEDSEARCH_CLI_PATH) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace medsearch::testing
