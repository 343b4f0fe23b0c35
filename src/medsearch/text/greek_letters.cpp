#include "medsearch/text/greek_letters.hpp"

#include <array>

namespace medsearch::text {
namespace {

// Indexed by cp - U+03B1. U+03C2 (final sigma) sits between rho and sigma in the block;
// case folding maps it to sigma, but a caller that skips folding still gets a name.
constexpr std::array<std::string_view, 25> kNames = {
    "alpha", "beta", "gamma",   "delta", "epsilon", "zeta",    "eta", "theta", "iota",
    "kappa", "lambda", "mu",    "nu",    "xi",      "omicron", "pi",  "rho",   "sigma",
    "sigma", "tau",  "upsilon", "phi",   "chi",     "psi",     "omega"};

}  // namespace

std::string_view greek_letter_name(char32_t cp) {
  if (cp < 0x03B1 || cp > 0x03C9) return {};
  return kNames[cp - 0x03B1];
}

}  // namespace medsearch::text
