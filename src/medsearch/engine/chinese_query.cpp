#include "medsearch/engine/chinese_query.hpp"

#include <exception>

namespace medsearch::engine {

const ChineseSupport& default_chinese_support() {
  static const ChineseSupport support = [] {
    ChineseSupport s;
    try {
      s.translator = std::make_shared<const query::ChineseQueryTranslator>(query::ChineseDictionaries::load());
    } catch (const std::exception& e) {
      s.unavailable_reason = e.what();
    }
    return s;
  }();
  return support;
}

}  // namespace medsearch::engine
