// `medsearch users add` and `medsearch judgments export|list`: the judges and the expert
// relevance judgments kept in <index dir>/judgments.sqlite (docs/eval.md "Judging in the
// web page"). The server records judgments; these commands manage judges and take the
// judgments out for `medsearch eval` and `tune`.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "medsearch/judgments/qrels_export.hpp"

namespace medsearch::cli {
namespace {

judgments::JudgmentStore open_store(const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) throw Error(ErrorCode::NotFound, "no index directory '" + dir + "'");
  return judgments::JudgmentStore(judgments::JudgmentStore::default_path(dir));
}

void strip_line_end(std::string& line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
}

// The first line of `path`, or of stdin for "" (prompting, echo off, when it is a terminal).
std::string read_password(const std::string& path) {
  std::string password;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error("cannot read password file", path);
    std::getline(in, password);
    strip_line_end(password);
    return password;
  }
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "Password: ");
    std::fflush(stderr);
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::getline(std::cin, password);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
  }
  strip_line_end(password);
  return password;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw_io_error("cannot write", path);
  out << text;
  if (!out.flush()) throw_io_error("cannot write", path);
}

}  // namespace

Action register_users(CLI::App& app) {
  struct Args {
    std::string dir;
    std::string name;
    std::string password_file;
  };
  auto args = std::make_shared<Args>();
  app.require_subcommand(1);
  CLI::App* add = app.add_subcommand("add", "Add a judge who can sign in to the web page and record judgments");
  add->add_option("--index", args->dir, "Index directory (judges are kept in DIR/judgments.sqlite)")->required();
  add->add_option("name", args->name, "The judge's sign-in name")->required();
  add->add_option("--password-file", args->password_file,
                  "Read the password from the first line of this file (default: stdin, not echoed)");
  return [args] {
    judgments::JudgmentStore store = open_store(args->dir);
    const std::string password = read_password(args->password_file);
    const judgments::UserId id = store.add_user(args->name, password);
    std::printf("added user '%s' (id %lld)\n", args->name.c_str(), static_cast<long long>(id));
    return 0;
  };
}

Action register_judgments(CLI::App& app) {
  struct Args {
    std::string dir;
    std::string format = "trec";
    std::string queries;
    std::string query;
  };
  auto args = std::make_shared<Args>();
  app.require_subcommand(1);
  CLI::App* export_cmd = app.add_subcommand("export", "Print the judgments as qrels (grade: the judges' rounded mean)");
  export_cmd->add_option("--index", args->dir, "Index directory")->required();
  export_cmd->add_option("--format", args->format, "trec (qid 0 docid grade, query texts as # comments) or tsv (BEIR)")
      ->check(CLI::IsMember({"trec", "tsv"}))
      ->capture_default_str();
  export_cmd->add_option("--queries", args->queries, "Also write the query texts here (qid<TAB>text), for search/tune --queries");
  CLI::App* list = app.add_subcommand("list", "Print every judgment: query, doc_id, grade, user, time (TSV)");
  list->add_option("--index", args->dir, "Index directory")->required();
  list->add_option("--query", args->query, "Only this query's judgments");
  return [args, export_cmd] {
    judgments::JudgmentStore store = open_store(args->dir);
    std::string out;
    if (export_cmd->parsed()) {
      const judgments::JudgedQrels judged = judgments::to_qrels(store.list());
      out = args->format == "tsv" ? judgments::qrels_tsv_text(judged) : judgments::qrels_trec_text(judged);
      if (!args->queries.empty()) write_file(args->queries, judgments::queries_tsv_text(judged));
    } else {
      out = "query\tdoc_id\tgrade\tuser\tcreated_utc\n";
      const auto rows = args->query.empty() ? store.list() : store.list(args->query);
      for (const judgments::Judgment& j : rows) {
        out += j.query + "\t" + j.doc_id + "\t" + std::to_string(j.grade) + "\t" + j.user + "\t" +
               std::to_string(j.created_utc) + "\n";
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  };
}

}  // namespace medsearch::cli
