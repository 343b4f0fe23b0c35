#include "medsearch/eval/qrels.hpp"

#include <fstream>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/eval/text_fields.hpp"

namespace medsearch::eval {
namespace {

using detail::LineRef;
using detail::throw_format_error;

bool is_beir_header(const std::vector<std::string_view>& fields) {
  return fields.size() == 3 && fields[0] == "query-id" && fields[1] == "corpus-id" && fields[2] == "score";
}

void add_judgment(QrelsFile& out, std::string_view qid, std::string_view doc_id, std::string_view grade_text,
                  const LineRef& at) {
  if (qid.empty()) throw_format_error(at, "empty query id");
  if (doc_id.empty()) throw_format_error(at, "empty document id");
  const int grade = detail::parse_int_field(grade_text, at, "grade");
  Judgments& judgments = out.qrels[std::string(qid)];
  const auto [it, inserted] = judgments.emplace(std::string(doc_id), grade);
  if (!inserted) {
    throw_format_error(at, "second judgment of document '" + std::string(doc_id) + "' for query '" +
                               std::string(qid) + "' (trec_eval rejects duplicates too)");
  }
  ++out.judgments;
}

}  // namespace

std::string_view qrels_format_name(QrelsFormat format) {
  return format == QrelsFormat::Beir ? "beir" : "trec";
}

QrelsFile parse_qrels(std::istream& in, std::string_view source) {
  QrelsFile out;
  bool format_known = false;
  std::string raw;
  LineRef at{source, 0};
  while (std::getline(in, raw)) {
    ++at.line;
    const std::string_view line = detail::strip_cr(raw);
    if (detail::is_blank(line) || detail::is_comment(line)) continue;
    if (!format_known) {
      format_known = true;
      const std::vector<std::string_view> tabbed = detail::split_tabs(line);
      if (is_beir_header(tabbed)) {
        out.format = QrelsFormat::Beir;
        continue;
      }
      // Headerless: TREC lines have four fields, BEIR lines three (tab separated).
      out.format = tabbed.size() == 3 && detail::split_whitespace(line).size() == 3 ? QrelsFormat::Beir
                                                                                    : QrelsFormat::Trec;
    }
    if (out.format == QrelsFormat::Beir) {
      const std::vector<std::string_view> fields = detail::split_tabs(line);
      if (fields.size() != 3) {
        throw_format_error(at, "expected 3 tab-separated fields (query-id, corpus-id, score), found " +
                                   std::to_string(fields.size()));
      }
      add_judgment(out, fields[0], fields[1], fields[2], at);
    } else {
      const std::vector<std::string_view> fields = detail::split_whitespace(line);
      if (fields.size() != 4) {
        throw_format_error(at, "expected 4 fields (qid iter docid grade), found " + std::to_string(fields.size()));
      }
      add_judgment(out, fields[0], fields[2], fields[3], at);
    }
  }
  if (in.bad()) throw Error(ErrorCode::Io, std::string(source) + ": read failed");
  if (out.judgments == 0) throw Error(ErrorCode::InvalidArgument, std::string(source) + ": no judgments in qrels file");
  return out;
}

QrelsFile read_qrels_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io_error("cannot open qrels file", path);
  return parse_qrels(in, path);
}

Qrels read_qrels(const std::string& path) { return read_qrels_file(path).qrels; }

std::size_t count_relevant(const Judgments& judgments, int relevance_level) {
  std::size_t n = 0;
  for (const auto& [doc_id, grade] : judgments) {
    if (grade >= relevance_level) ++n;
  }
  return n;
}

}  // namespace medsearch::eval
