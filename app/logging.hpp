// spdlog set-up: text lines, or JSON lines whose keys come from the message's
// `event key=value key="quoted value"` shape, so both formats carry the same fields.
#pragma once

#include <string>

namespace upsync::app {

/// format: "text" | "json"; level: spdlog level name. Logs go to stderr.
void setup_logging(const std::string& format, const std::string& level);

/// Renders one log message as a JSON object (exposed for tests).
std::string json_log_line(const std::string& timestamp, const std::string& level, const std::string& message);

} // namespace upsync::app
