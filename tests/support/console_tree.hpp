// A web console directory for tests of how upsyncd serves it (tests/http/static_files_test,
// the abuse sweep): index.html and assets of every content type in a temporary folder, with
// bait beside it — a secret file and a folder outside the console, symlinks from assets/ to
// them and to /etc/passwd, hidden files inside — that no request may ever read.
#pragma once

#include <filesystem>
#include <string>

namespace upsync::testing {

struct console_tree {
  /// What index.html and assets/app-1a2b.js hold.
  static const std::string index_html;
  static const std::string app_js;
  /// What lies outside the console directory (and in its hidden files); never served.
  static const std::string secret;

  console_tree();
  ~console_tree();
  console_tree(const console_tree&) = delete;
  console_tree& operator=(const console_tree&) = delete;

  std::filesystem::path root; ///< the temporary folder
  std::filesystem::path dir;  ///< root/console: what UPSYNC_CONSOLE_DIR names
};

/// Writes `text` to `path`, making its folders.
void write_file(const std::filesystem::path& path, const std::string& text);

} // namespace upsync::testing
