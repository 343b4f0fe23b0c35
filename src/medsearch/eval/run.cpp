#include "medsearch/eval/run.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>

#include "medsearch/core/error.hpp"
#include "medsearch/eval/text_fields.hpp"

namespace medsearch::eval {
namespace {

using detail::LineRef;
using detail::throw_format_error;

bool has_whitespace(std::string_view s) {
  return s.find_first_of(" \t\r\n\v\f") != std::string_view::npos;
}

void check_token(std::string_view token, std::string_view what) {
  if (token.empty() || has_whitespace(token)) {
    throw Error(ErrorCode::InvalidArgument,
                "run: " + std::string(what) + " '" + std::string(token) + "' is empty or contains whitespace");
  }
}

// The shortest decimal text that parses back to exactly `score` (std::to_chars).
std::string score_text(double score) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, score);
  return std::string(buf, ec == std::errc() ? end : buf);
}

// Duplicates are found by sorting indexes by doc id (cheaper than a set of every pair for
// runs of millions of lines); the error names the later of the two lines.
void check_no_duplicates(const std::string& qid, const Ranking& ranking, const std::vector<std::size_t>& lines,
                         std::string_view source) {
  std::vector<std::size_t> order(ranking.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ranking[a].doc_id != ranking[b].doc_id ? ranking[a].doc_id < ranking[b].doc_id : a < b;
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (ranking[order[i]].doc_id != ranking[order[i - 1]].doc_id) continue;
    throw_format_error(LineRef{source, lines[order[i]]},
                       "document '" + ranking[order[i]].doc_id + "' listed twice for query '" + qid + "' (first at line " +
                           std::to_string(lines[order[i - 1]]) + "; trec_eval rejects duplicates too)");
  }
}

}  // namespace

bool ranks_before(const ScoredDoc& a, const ScoredDoc& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.doc_id > b.doc_id;  // std::string compares bytes like strcmp
}

void sort_ranking(Ranking& ranking) { std::sort(ranking.begin(), ranking.end(), ranks_before); }

Run parse_run(std::istream& in, std::string_view source) {
  Run run;
  std::map<std::string, std::vector<std::size_t>, std::less<>> line_numbers;  // parallel to run's rankings
  std::string raw;
  LineRef at{source, 0};
  while (std::getline(in, raw)) {
    ++at.line;
    const std::string_view line = detail::strip_cr(raw);
    if (detail::is_blank(line) || detail::is_comment(line)) continue;
    const std::vector<std::string_view> fields = detail::split_whitespace(line);
    if (fields.size() != 6) {
      throw_format_error(at, "expected 6 fields (qid Q0 docid rank score tag), found " + std::to_string(fields.size()));
    }
    const double score = detail::parse_score_field(fields[4], at);
    run[std::string(fields[0])].push_back(ScoredDoc{std::string(fields[2]), score});
    line_numbers[std::string(fields[0])].push_back(at.line);
  }
  if (in.bad()) throw Error(ErrorCode::Io, std::string(source) + ": read failed");
  for (auto& [qid, ranking] : run) {
    check_no_duplicates(qid, ranking, line_numbers.find(qid)->second, source);
    sort_ranking(ranking);
  }
  return run;
}

Run read_run(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io_error("cannot open run file", path);
  return parse_run(in, path);
}

void write_run(std::ostream& out, const Run& run, std::string_view tag) {
  check_token(tag, "tag");
  for (const auto& [qid, ranking] : run) {
    check_token(qid, "query id");
    Ranking sorted = ranking;
    for (const ScoredDoc& doc : sorted) {
      check_token(doc.doc_id, "document id");
      if (std::isnan(doc.score)) {
        throw Error(ErrorCode::InvalidArgument, "run: NaN score for document '" + doc.doc_id + "' of query '" + qid + "'");
      }
    }
    sort_ranking(sorted);
    std::size_t rank = 0;
    for (const ScoredDoc& doc : sorted) {
      out << qid << " Q0 " << doc.doc_id << ' ' << ++rank << ' ' << score_text(doc.score) << ' ' << tag << '\n';
    }
  }
}

void write_run_file(const std::string& path, const Run& run, std::string_view tag) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw_io_error("cannot create run file", path);
  write_run(out, run, tag);
  out.flush();
  if (!out) throw_io_error("cannot write run file", path);
}

}  // namespace medsearch::eval
