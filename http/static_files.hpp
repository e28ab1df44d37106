// The web console's files (issue 18), served by upsyncd beside the API.
//
// Read once into memory when upsyncd starts, not on each request:
// - no request ever becomes a filesystem path: a request names an entry of a map filled at
//   start from what lies inside the console directory (index.html and assets/**; a symlink
//   whose target lies outside, a hidden name, a non-regular file are skipped), so
//   traversal, encoded or not, and symlinks out of the directory reach nothing;
// - answers come from memory on the network thread (dispatcher::answer_quickly): a page
//   load never takes one of the few handler threads that hold database connections, and
//   never waits on a disk;
// - the console is small (a few hundred KiB; capped by static_files_limits), and its files
//   only change with a build — which is followed by a restart of upsyncd (the one cost).
#pragma once

#include "http/console_paths.hpp"
#include "http/router.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace upsync::http {

/// What the console may hold in memory; files beyond are skipped (and logged).
struct static_files_limits {
  std::uintmax_t file_bytes = 16u << 20;
  std::uintmax_t total_bytes = 64u << 20;
  std::size_t files = 4096;
};

/// A console answer and the route it is counted and logged under.
struct console_answer {
  api_response response;
  std::string route;
};

class static_files {
public:
  /// No console: every console path answers 503 console_unavailable.
  static_files() = default;

  /// Reads `dir`'s index.html and everything below `dir/assets`. A missing directory or
  /// index.html leaves the console unavailable (see problem()); never throws for that.
  static static_files load(const std::filesystem::path& dir, const static_files_limits& limits = {});

  bool available() const { return index_.has_value(); }
  /// Why the console is unavailable ("" when it is available).
  const std::string& problem() const { return problem_; }
  std::size_t files() const { return assets_.size() + (index_ ? 1 : 0); }
  std::uintmax_t bytes() const { return bytes_; }

  /// The answer to a request for a console path (`/`, `/console/...`; see
  /// classify_console_path), or nullopt for any other path (the API's). GET and HEAD only
  /// (405 otherwise); `if_none_match` is the request's If-None-Match (304 on a match).
  std::optional<console_answer> answer(boost::beast::http::verb method, std::string_view path,
                                       std::string_view if_none_match = {}) const;

private:
  struct file {
    std::string body;
    std::string_view content_type;
    std::string etag;
  };

  std::optional<file> index_;
  std::map<std::string, file, std::less<>> assets_; ///< by name below assets/
  std::uintmax_t bytes_ = 0;
  std::string problem_ = "no console directory was given";
};

} // namespace upsync::http
