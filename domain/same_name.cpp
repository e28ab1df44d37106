#include "domain/same_name.hpp"

#include <cctype>

namespace upsync::domain {

std::string case_folded(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

} // namespace upsync::domain
