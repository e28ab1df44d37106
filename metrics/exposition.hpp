// The Prometheus text exposition format, version 0.0.4: what `GET /metrics` answers.
#pragma once

#include "metrics/registry.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace upsync::metrics {

/// The Content-Type of the rendered text.
inline constexpr const char* exposition_content_type = "text/plain; version=0.0.4; charset=utf-8";

/// One `# HELP`, one `# TYPE` and the samples of each family, families in the given
/// order. A family with no samples is still announced (HELP and TYPE), so a scraper
/// learns the metric before its first event.
std::string render(const std::vector<family_snapshot>& families);

/// HELP text: backslash and newline escaped.
std::string escape_help(std::string_view text);
/// Label value: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view text);
/// A sample value: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
std::string format_value(double v);
/// Metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`; label names `[a-zA-Z_][a-zA-Z0-9_]*`.
bool valid_metric_name(std::string_view name);
bool valid_label_name(std::string_view name);

} // namespace upsync::metrics
