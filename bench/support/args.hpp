// The command line every benchmark shares: `--name value` options and `--flag`s.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace upsync::bench {

class args {
public:
  /// Every argument must start with "--"; one not followed by a value (or followed by
  /// another "--name") is a flag. Throws std::invalid_argument otherwise.
  args(int argc, char** argv);

  bool flag(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback) const;
  long long get(const std::string& name, long long fallback) const;
  double get_double(const std::string& name, double fallback) const;

private:
  std::map<std::string, std::string> values_;
};

} // namespace upsync::bench
