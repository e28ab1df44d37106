#include "app/logging.hpp"

#include "common/json_writer.hpp"
#include "common/time_format.hpp"

#include <chrono>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace upsync::app {

namespace {

class json_formatter final : public spdlog::formatter {
public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto since_epoch = msg.time.time_since_epoch();
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    std::string ts = time_format::format_rfc3339(seconds);
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(millis));
    ts.replace(ts.size() - 1, 1, frac);
    auto level = spdlog::level::to_string_view(msg.level);
    std::string line =
      json_log_line(ts, std::string{level.data(), level.size()}, std::string{msg.payload.data(), msg.payload.size()});
    line.push_back('\n');
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<json_formatter>(); }
};

bool is_key(const std::string& s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'))
      return false;
  return true;
}

} // namespace

std::string json_log_line(const std::string& timestamp, const std::string& level, const std::string& message) {
  json::writer w;
  w.begin_object().field("ts", timestamp).field("level", level);
  // First word is the event; then key=value pairs, values optionally "quoted".
  std::size_t pos = message.find(' ');
  std::string event = message.substr(0, pos);
  if (!is_key(event)) {
    w.field("msg", message).end_object();
    return std::move(w).str();
  }
  w.field("event", event);
  std::string rest;
  while (pos != std::string::npos && pos < message.size()) {
    while (pos < message.size() && message[pos] == ' ')
      ++pos;
    auto eq = message.find('=', pos);
    if (eq == std::string::npos || !is_key(message.substr(pos, eq - pos))) {
      rest = message.substr(pos);
      break;
    }
    std::string key = message.substr(pos, eq - pos);
    std::string value;
    std::size_t next;
    if (eq + 1 < message.size() && message[eq + 1] == '"') {
      auto close = message.find('"', eq + 2);
      if (close == std::string::npos) {
        rest = message.substr(pos);
        break;
      }
      value = message.substr(eq + 2, close - eq - 2);
      next = close + 1;
    } else {
      next = message.find(' ', eq + 1);
      value = message.substr(eq + 1, next == std::string::npos ? std::string::npos : next - eq - 1);
    }
    w.field(key, value);
    pos = next;
  }
  if (!rest.empty())
    w.field("msg", rest);
  w.end_object();
  return std::move(w).str();
}

void setup_logging(const std::string& format, const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("upsync");
  if (format == "json")
    logger->set_formatter(std::make_unique<json_formatter>());
  else
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

} // namespace upsync::app
