// Rendering families as Prometheus text 0.0.4.
#include "metrics/exposition.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace upsync::metrics {

namespace {

const char* type_name(metric_type t) {
  switch (t) {
  case metric_type::counter: return "counter";
  case metric_type::histogram: return "histogram";
  default: return "gauge";
  }
}

bool name_char(char c, bool first, bool colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view name, bool colon) {
  if (name.empty())
    return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, colon))
      return false;
  return true;
}

} // namespace

bool valid_metric_name(std::string_view name) { return valid_name(name, true); }
bool valid_label_name(std::string_view name) { return valid_name(name, false) && name.substr(0, 2) != "__"; }

std::string escape_help(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string escape_label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string render(const std::vector<family_snapshot>& families) {
  std::string out;
  out.reserve(families.size() * 256);
  for (const auto& f : families) {
    if (!valid_metric_name(f.name))
      throw std::invalid_argument("invalid metric name: " + f.name);
    out += "# HELP " + f.name + " " + escape_help(f.help) + "\n";
    out += "# TYPE " + f.name + " " + type_name(f.type) + "\n";
    for (const auto& s : f.samples) {
      out += f.name;
      out += s.suffix;
      if (!s.labels.empty()) {
        out += '{';
        bool first = true;
        for (const auto& [name, value] : s.labels) {
          if (!valid_label_name(name))
            throw std::invalid_argument("invalid label name: " + name);
          if (!first)
            out += ',';
          first = false;
          out += name + "=\"" + escape_label_value(value) + "\"";
        }
        out += '}';
      }
      out += ' ';
      out += format_value(s.value);
      out += '\n';
    }
  }
  return out;
}

} // namespace upsync::metrics
