// The Searcher's Chinese query understanding (docs/chinese.md): one process-wide
// query::ChineseQueryTranslator, loaded on first use from the default dictionary paths
// (scripts/install-deps.sh installs them). When they are absent the translator is null and
// the reason is kept, so Chinese text is searched as typed (CJK bigrams).
#pragma once

#include <memory>
#include <string>

#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::engine {

struct ChineseSupport {
  std::shared_ptr<const query::ChineseQueryTranslator> translator;  // null: dictionaries absent
  std::string unavailable_reason;
};

// Loaded once (thread-safe); later calls return the same object.
const ChineseSupport& default_chinese_support();

}  // namespace medsearch::engine
