#include "bench/support/args.hpp"

#include <stdexcept>

namespace upsync::bench {

args::args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0)
      throw std::invalid_argument("unexpected argument " + a);
    std::string name = a.substr(2);
    if (i + 1 < argc && std::string{argv[i + 1]}.rfind("--", 0) != 0)
      values_[name] = argv[++i];
    else
      values_[name] = "";
  }
}

std::optional<std::string> args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty())
    return std::nullopt;
  return it->second;
}

std::string args::get(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

long long args::get(const std::string& name, long long fallback) const {
  auto v = get(name);
  return v ? std::stoll(*v) : fallback;
}

double args::get_double(const std::string& name, double fallback) const {
  auto v = get(name);
  return v ? std::stod(*v) : fallback;
}

} // namespace upsync::bench
