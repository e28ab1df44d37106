// A strict parser of the Prometheus text format 0.0.4 for tests: everything upsync
// serves on /metrics must pass it. It refuses what a lenient scraper might let through:
// malformed lines, bad escapes, HELP/TYPE repeated or after the samples, a family split
// in two, duplicate series, counters that are negative, histograms whose buckets are not
// ascending and cumulative or lack +Inf, _count unequal to the +Inf bucket.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace upsync::testing {

struct exposition_error : std::runtime_error {
  exposition_error(std::size_t line, const std::string& what)
      : std::runtime_error("line " + std::to_string(line) + ": " + what) {}
};

struct parsed_sample {
  std::string name; ///< with its suffix (`_bucket`, `_sum`, `_count`)
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct parsed_family {
  std::string name;
  std::string help;
  std::string type; ///< counter, gauge, histogram, summary, untyped
  std::vector<parsed_sample> samples;
};

class exposition {
public:
  /// Parses `text` or throws exposition_error naming the line.
  explicit exposition(const std::string& text);

  const std::map<std::string, parsed_family>& families() const { return families_; }
  bool has(const std::string& family) const { return families_.count(family) > 0; }

  /// The sum of the samples named `name` whose labels include every pair of `match`.
  double sum(const std::string& name, const std::map<std::string, std::string>& match = {}) const;
  /// Whether any sample named `name` matches.
  bool any(const std::string& name, const std::map<std::string, std::string>& match = {}) const;

private:
  std::map<std::string, parsed_family> families_;
};

} // namespace upsync::testing
