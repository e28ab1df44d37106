#include "http/console_paths.hpp"

#include <utility>

namespace upsync::http {

namespace {

constexpr std::string_view console_root = "/console";
constexpr std::string_view assets_prefix = "/console/assets/";

bool has_odd_byte(std::string_view path) {
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\')
      return true;
  }
  return false;
}

// Every segment after the leading '/' is a plain name: not empty (except a trailing one,
// "/console/"), not "." or "..", not hidden (".env", ".git").
bool plain_segments(std::string_view path) {
  std::size_t pos = 1;
  while (pos <= path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string_view::npos)
      end = path.size();
    auto segment = path.substr(pos, end - pos);
    bool last = end == path.size();
    if (segment.empty() && !last)
      return false;
    if (!segment.empty() && segment.front() == '.')
      return false; // ".", "..", and hidden names
    pos = end + 1;
  }
  return true;
}

} // namespace

console_target classify_console_path(std::string_view path) {
  if (path == "/")
    return {console_target::index, {}};
  bool console = path == console_root
                 || (path.size() > console_root.size() && path.substr(0, console_root.size()) == console_root
                     && path[console_root.size()] == '/');
  if (!console)
    return {};
  if (has_odd_byte(path) || !plain_segments(path))
    return {console_target::not_found, {}};
  if (path.substr(0, assets_prefix.size()) == assets_prefix) {
    auto name = path.substr(assets_prefix.size());
    if (name.empty() || name.back() == '/')
      return {console_target::not_found, {}};
    return {console_target::asset, std::string{name}};
  }
  // A client-side route (/console/wizard/mapping): the page decides what it shows. A dot in
  // the last segment means a file was asked for (/console/favicon.ico), and there is none.
  auto last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos)
    return {console_target::not_found, {}};
  return {console_target::index, {}};
}

std::string_view content_type_for(std::string_view file_name) {
  static const std::pair<std::string_view, std::string_view> types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
  };
  auto dot = file_name.rfind('.');
  auto slash = file_name.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    auto extension = file_name.substr(dot);
    for (const auto& [ext, type] : types)
      if (ext == extension)
        return type;
  }
  return "application/octet-stream";
}

} // namespace upsync::http
