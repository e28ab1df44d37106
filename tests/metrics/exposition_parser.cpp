// The strict exposition-format parser (see the header for what it refuses).
#include "tests/metrics/exposition_parser.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <sstream>

namespace upsync::testing {

namespace {

bool name_char(char c, bool first, bool colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

// Reads a name at `pos`; empty when none starts there.
std::string read_name(const std::string& s, std::size_t& pos, bool colon) {
  std::size_t start = pos;
  while (pos < s.size() && name_char(s[pos], pos == start, colon))
    ++pos;
  return s.substr(start, pos - start);
}

double parse_value(const std::string& text, std::size_t line) {
  if (text == "+Inf" || text == "Inf")
    return INFINITY;
  if (text == "-Inf")
    return -INFINITY;
  if (text == "NaN")
    return NAN;
  if (text.empty())
    throw exposition_error(line, "missing value");
  for (char c : text)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
      throw exposition_error(line, "not a number: " + text);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size())
    throw exposition_error(line, "not a number: " + text);
  return v;
}

std::string unescape_help(const std::string& s, std::size_t line) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size())
      throw exposition_error(line, "dangling backslash in HELP");
    if (s[i] == '\\')
      out += '\\';
    else if (s[i] == 'n')
      out += '\n';
    else
      throw exposition_error(line, std::string{"bad escape \\"} + s[i] + " in HELP");
  }
  return out;
}

std::map<std::string, std::string> parse_labels(const std::string& s, std::size_t& pos, std::size_t line) {
  std::map<std::string, std::string> out;
  ++pos; // '{'
  if (pos < s.size() && s[pos] == '}') {
    ++pos;
    return out;
  }
  for (;;) {
    auto name = read_name(s, pos, false);
    if (name.empty())
      throw exposition_error(line, "label name expected");
    if (name.rfind("__", 0) == 0)
      throw exposition_error(line, "reserved label name " + name);
    if (pos + 1 >= s.size() || s[pos] != '=' || s[pos + 1] != '"')
      throw exposition_error(line, "=\" expected after label " + name);
    pos += 2;
    std::string value;
    for (;;) {
      if (pos >= s.size())
        throw exposition_error(line, "unterminated label value");
      char c = s[pos++];
      if (c == '"')
        break;
      if (c == '\n')
        throw exposition_error(line, "raw newline in label value");
      if (c == '\\') {
        if (pos >= s.size())
          throw exposition_error(line, "dangling backslash");
        char e = s[pos++];
        if (e == '\\')
          value += '\\';
        else if (e == '"')
          value += '"';
        else if (e == 'n')
          value += '\n';
        else
          throw exposition_error(line, std::string{"bad escape \\"} + e + " in label value");
      } else {
        value += c;
      }
    }
    if (!out.emplace(name, value).second)
      throw exposition_error(line, "label " + name + " repeated");
    if (pos >= s.size())
      throw exposition_error(line, "unterminated label set");
    if (s[pos] == '}') {
      ++pos;
      return out;
    }
    if (s[pos] != ',')
      throw exposition_error(line, ", or } expected in label set");
    ++pos;
  }
}

// The family a sample belongs to: its own name, or the histogram/summary it suffixes.
std::string family_of(const std::string& sample, const std::map<std::string, parsed_family>& known) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string sfx{suffix};
    if (sample.size() > sfx.size() && sample.compare(sample.size() - sfx.size(), sfx.size(), sfx) == 0) {
      auto base = sample.substr(0, sample.size() - sfx.size());
      auto it = known.find(base);
      if (it != known.end() && (it->second.type == "histogram" || it->second.type == "summary"))
        return base;
    }
  }
  return sample;
}

std::string series_key(const std::string& name, const std::map<std::string, std::string>& labels) {
  std::string key = name;
  for (const auto& [k, v] : labels)
    key += '\x1f' + k + '\x1e' + v;
  return key;
}

void check_histogram(const parsed_family& f) {
  // Group by the labels other than le.
  struct series {
    std::vector<std::pair<double, double>> buckets; // le, count in order of appearance
    std::optional<double> count, sum;
  };
  std::map<std::map<std::string, std::string>, series> groups;
  for (const auto& s : f.samples) {
    auto labels = s.labels;
    if (s.name == f.name + "_bucket") {
      auto le = labels.find("le");
      if (le == labels.end())
        throw exposition_error(0, f.name + "_bucket without le");
      double bound = le->second == "+Inf" ? INFINITY : std::strtod(le->second.c_str(), nullptr);
      labels.erase(le);
      groups[labels].buckets.emplace_back(bound, s.value);
    } else if (s.name == f.name + "_count") {
      groups[labels].count = s.value;
    } else if (s.name == f.name + "_sum") {
      groups[labels].sum = s.value;
    } else {
      throw exposition_error(0, "histogram " + f.name + " has a sample " + s.name);
    }
  }
  for (const auto& [labels, g] : groups) {
    if (g.buckets.empty() || !std::isinf(g.buckets.back().first))
      throw exposition_error(0, "histogram " + f.name + " lacks its +Inf bucket");
    for (std::size_t i = 1; i < g.buckets.size(); ++i) {
      if (!(g.buckets[i].first > g.buckets[i - 1].first))
        throw exposition_error(0, "histogram " + f.name + " buckets not ascending");
      if (g.buckets[i].second < g.buckets[i - 1].second)
        throw exposition_error(0, "histogram " + f.name + " buckets not cumulative");
    }
    if (!g.count || !g.sum)
      throw exposition_error(0, "histogram " + f.name + " lacks _count or _sum");
    if (*g.count != g.buckets.back().second)
      throw exposition_error(0, "histogram " + f.name + " _count differs from the +Inf bucket");
  }
}

} // namespace

exposition::exposition(const std::string& text) {
  if (!text.empty() && text.back() != '\n')
    throw exposition_error(0, "the last line lacks its newline");
  std::istringstream in{text};
  std::string s;
  std::size_t line = 0;
  std::string current; // the family whose samples are being read
  std::set<std::string> closed, series;
  std::set<std::string> helped, typed;
  while (std::getline(in, s)) {
    ++line;
    if (s.empty())
      continue;
    if (s[0] == '#') {
      std::istringstream words{s};
      std::string hash, keyword, name;
      words >> hash >> keyword >> name;
      if (hash != "#" || (keyword != "HELP" && keyword != "TYPE"))
        continue; // a plain comment
      std::size_t pos = 0;
      if (read_name(name, pos, true) != name || name.empty())
        throw exposition_error(line, "bad metric name in " + keyword);
      auto rest_at = s.find(name, 2 + keyword.size()) + name.size();
      std::string rest = rest_at < s.size() ? s.substr(rest_at + 1) : "";
      if (closed.count(name) || (current == name && !families_[name].samples.empty()))
        throw exposition_error(line, keyword + " for " + name + " after its samples");
      auto& f = families_[name];
      f.name = name;
      if (keyword == "HELP") {
        if (!helped.insert(name).second)
          throw exposition_error(line, "second HELP for " + name);
        f.help = unescape_help(rest, line);
      } else {
        if (!typed.insert(name).second)
          throw exposition_error(line, "second TYPE for " + name);
        if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" && rest != "untyped")
          throw exposition_error(line, "unknown type " + rest);
        f.type = rest;
      }
      if (current != name && !current.empty())
        closed.insert(current);
      current = name;
      continue;
    }
    std::size_t pos = 0;
    auto name = read_name(s, pos, true);
    if (name.empty())
      throw exposition_error(line, "metric name expected");
    std::map<std::string, std::string> labels;
    if (pos < s.size() && s[pos] == '{')
      labels = parse_labels(s, pos, line);
    if (pos >= s.size() || s[pos] != ' ')
      throw exposition_error(line, "one space expected before the value");
    ++pos;
    auto space = s.find(' ', pos);
    double value = parse_value(s.substr(pos, space - pos), line);
    if (space != std::string::npos) {
      auto ts = s.substr(space + 1);
      if (ts.empty() || ts.find_first_not_of("-0123456789") != std::string::npos)
        throw exposition_error(line, "bad timestamp: " + ts);
    }
    auto family = family_of(name, families_);
    if (closed.count(family))
      throw exposition_error(line, "family " + family + " split in two");
    if (family != current && !current.empty())
      closed.insert(current);
    current = family;
    auto& f = families_[family];
    f.name = family;
    if (f.type.empty())
      f.type = "untyped";
    if (!series.insert(series_key(name, labels)).second)
      throw exposition_error(line, "duplicate series " + name);
    if (f.type == "histogram" && name == family)
      throw exposition_error(line, "histogram " + family + " sample without a suffix");
    if (f.type == "histogram" && labels.count("le") && name != family + "_bucket")
      throw exposition_error(line, "le label outside _bucket");
    if (f.type == "counter" && (std::isnan(value) || value < 0))
      throw exposition_error(line, "counter " + name + " is negative");
    f.samples.push_back(parsed_sample{name, std::move(labels), value});
  }
  for (const auto& [name, f] : families_) {
    if (f.type == "histogram")
      check_histogram(f);
    if (!helped.count(name) || !typed.count(name))
      throw exposition_error(0, name + " lacks its HELP or TYPE line");
  }
}

namespace {
bool matches(const parsed_sample& s, const std::string& name, const std::map<std::string, std::string>& match) {
  if (s.name != name)
    return false;
  for (const auto& [k, v] : match)
    if (!s.labels.count(k) || s.labels.at(k) != v)
      return false;
  return true;
}
} // namespace

double exposition::sum(const std::string& name, const std::map<std::string, std::string>& match) const {
  double total = 0;
  for (const auto& [family, f] : families_)
    for (const auto& s : f.samples)
      if (matches(s, name, match))
        total += s.value;
  return total;
}

bool exposition::any(const std::string& name, const std::map<std::string, std::string>& match) const {
  for (const auto& [family, f] : families_)
    for (const auto& s : f.samples)
      if (matches(s, name, match))
        return true;
  return false;
}

} // namespace upsync::testing
