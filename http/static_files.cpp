#include "http/static_files.hpp"

#include "http/api_error.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <spdlog/spdlog.h>
#include <system_error>

namespace upsync::http {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

namespace {

// The console's own scripts and styles only (no inline ones: W2 builds none), pictures from
// Upwork (organization photos are http(s) URLs), the API on the same origin.
constexpr const char* content_security_policy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; "
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The file names carry their content's hash (assets/app-<hash>.js): a name never changes
// its content, so browsers keep them; index.html names them and is checked every time.
constexpr const char* cache_asset = "public, max-age=31536000, immutable";
constexpr const char* cache_index = "no-cache";
constexpr const char* cache_error = "no-store";

// FNV-1a 64: a stable validator for If-None-Match, not a security measure.
std::string etag_of(const std::string& body) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return std::string{"\""} + text + "\"";
}

bool inside(const fs::path& real, const fs::path& root) {
  auto r = root.native();
  auto p = real.native();
  return p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/';
}

bool hidden(const fs::path& relative) {
  for (const auto& part : relative)
    if (!part.empty() && part.native().front() == '.')
      return true;
  return false;
}

// The file `path` names when it is a regular file inside `root` (after every symlink) and
// within the limits; nullopt (logged) otherwise.
std::optional<std::string> read_inside(const fs::path& root, const fs::path& path, const static_files_limits& limits,
                                       std::uintmax_t total) {
  std::error_code ec;
  auto real = fs::canonical(path, ec);
  auto skip = [&path](const char* why) -> std::optional<std::string> {
    spdlog::warn("console_file_skipped file=\"{}\" reason=\"{}\"", path.string(), why);
    return std::nullopt;
  };
  if (ec)
    return skip("cannot resolve it");
  if (!inside(real, root))
    return skip("it lies outside the console directory");
  if (!fs::is_regular_file(real, ec))
    return std::nullopt; // a directory below assets/ (walked on its own), a device, ...
  auto size = fs::file_size(real, ec);
  if (ec || size > limits.file_bytes || total + size > limits.total_bytes)
    return skip("too large");
  std::ifstream in{real, std::ios::binary};
  std::string body{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (!in.good() && !in.eof())
    return skip("cannot read it");
  return body;
}

api_response error_answer(unsigned status, const std::string& code, const std::string& message) {
  api_response a{status, error_body(code, message)};
  a.headers.emplace_back("Cache-Control", cache_error);
  return a;
}

bool matches(std::string_view if_none_match, const std::string& etag) {
  return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

} // namespace

static_files static_files::load(const fs::path& dir, const static_files_limits& limits) {
  static_files out;
  std::error_code ec;
  auto root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) {
    out.problem_ = "the console directory " + dir.string() + " does not exist";
    return out;
  }
  auto add = [&](const fs::path& path) -> std::optional<file> {
    auto body = read_inside(root, path, limits, out.bytes_);
    if (!body)
      return std::nullopt;
    out.bytes_ += body->size();
    auto etag = etag_of(*body);
    return file{std::move(*body), content_type_for(path.filename().string()), std::move(etag)};
  };
  out.index_ = add(root / "index.html");
  if (!out.index_) {
    out.problem_ = "the console directory " + root.string() + " holds no index.html";
    return out;
  }
  out.problem_.clear();
  auto assets = root / "assets";
  if (!fs::is_directory(assets, ec))
    return out;
  for (auto it = fs::recursive_directory_iterator{assets, fs::directory_options::skip_permission_denied, ec};
       !ec && it != fs::recursive_directory_iterator{}; it.increment(ec)) {
    auto relative = it->path().lexically_relative(assets);
    if (hidden(relative)) {
      if (it->is_directory(ec))
        it.disable_recursion_pending();
      continue;
    }
    if (out.assets_.size() >= limits.files) {
      spdlog::warn("console_file_skipped file=\"{}\" reason=\"more than {} files\"", it->path().string(), limits.files);
      break;
    }
    if (auto f = add(it->path()))
      out.assets_.emplace(relative.generic_string(), std::move(*f));
  }
  return out;
}

std::optional<console_answer> static_files::answer(bhttp::verb method, std::string_view path,
                                                   std::string_view if_none_match) const {
  auto target = classify_console_path(path);
  if (target.kind == console_target::api)
    return std::nullopt;
  console_answer out;
  out.route = target.kind == console_target::asset ? "/console/assets/{file}" : "/console";
  auto& a = out.response;
  const file* found = nullptr;
  if (method != bhttp::verb::get && method != bhttp::verb::head) {
    a = error_answer(405, "method_not_allowed", "the console answers GET and HEAD only");
    a.headers.emplace_back("Allow", "GET, HEAD");
  } else if (!available()) {
    a = error_answer(503, "console_unavailable",
                     "the web console is not installed (" + problem_
                       + "): build it with ./run build or set UPSYNC_CONSOLE_DIR; the API is unaffected");
  } else if (target.kind == console_target::index) {
    found = &*index_;
    a.headers.emplace_back("Cache-Control", cache_index);
  } else if (auto it = assets_.find(target.name); target.kind == console_target::asset && it != assets_.end()) {
    found = &it->second;
    a.headers.emplace_back("Cache-Control", cache_asset);
  } else {
    a = error_answer(404, "not_found", "no such file in the console");
  }
  if (found) {
    a.headers.emplace_back("ETag", found->etag);
    a.content_type = std::string{found->content_type};
    a.status = matches(if_none_match, found->etag) ? 304 : 200;
    if (a.status == 200)
      a.body = found->body;
  }
  a.headers.emplace_back("Content-Security-Policy", content_security_policy);
  a.headers.emplace_back("X-Content-Type-Options", "nosniff");
  a.headers.emplace_back("Referrer-Policy", "no-referrer");
  return out;
}

} // namespace upsync::http
