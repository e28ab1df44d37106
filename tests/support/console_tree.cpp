#include "tests/support/console_tree.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace upsync::testing {

namespace fs = std::filesystem;

const std::string console_tree::index_html =
  "<!doctype html><html><head><link rel=stylesheet href=/console/assets/app-1a2b.css></head>"
  "<body><div id=app></div><script type=module src=/console/assets/app-1a2b.js></script></body></html>";
const std::string console_tree::app_js = "console.log('upsync console');";
const std::string console_tree::secret = "TOP-SECRET-outside-the-console-7c1e";

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream{path, std::ios::binary} << text;
}

console_tree::console_tree() {
  char name[] = "/tmp/upsync-console-test.XXXXXX";
  if (!::mkdtemp(name))
    throw std::runtime_error("mkdtemp failed");
  root = name;
  dir = root / "console";
  write_file(root / "secret.txt", secret);
  write_file(root / "outside" / "secret.js", secret);
  write_file(dir / "index.html", index_html);
  write_file(dir / "robots.txt", "not served: only index.html and assets/ are");
  write_file(dir / "assets" / "app-1a2b.js", app_js);
  write_file(dir / "assets" / "app-1a2b.css", "body{margin:0}");
  write_file(dir / "assets" / "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  write_file(dir / "assets" / "pic.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  write_file(dir / "assets" / "favicon.ico", std::string("\0\0\1\0", 4));
  write_file(dir / "assets" / "data.json", "{\"a\":1}");
  write_file(dir / "assets" / "font.woff2", "wOF2");
  write_file(dir / "assets" / "chunks" / "chunk-9.js", "export const x = 9;");
  write_file(dir / "assets" / ".env", secret);
  write_file(dir / "assets" / ".git" / "config", secret);
  fs::create_symlink("../../secret.txt", dir / "assets" / "leak.js");
  fs::create_symlink("../../outside", dir / "assets" / "out");
  fs::create_symlink("/etc/passwd", dir / "assets" / "passwd.js");
  fs::create_symlink("app-1a2b.js", dir / "assets" / "same.js"); // stays inside: served
}

console_tree::~console_tree() {
  std::error_code ignored;
  fs::remove_all(root, ignored);
}

} // namespace upsync::testing
