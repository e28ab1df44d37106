#include "http/router.hpp"

namespace upsync::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos)
      end = path.size();
    parts.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return parts;
}

bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  auto want = split_path(pattern);
  auto have = split_path(path);
  if (want.size() != have.size() || (path.size() > 1 && path.back() == '/'))
    return false;
  params.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (have[i].empty())
        return false;
      params.emplace_back(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

void router::add(boost::beast::http::verb method, std::string pattern, access level, route_handler handler,
                 bool uses_database) {
  routes_.push_back(route{method, std::move(pattern), level, uses_database, std::move(handler)});
}

void router::add_one_read(boost::beast::http::verb method, std::string pattern, access level, route_handler handler) {
  routes_.push_back(route{method, std::move(pattern), level, true, std::move(handler), true});
}

void router::add_cached_read(std::string pattern, access level, route_handler handler) {
  route r{boost::beast::http::verb::get, std::move(pattern), level, true, std::move(handler), true};
  r.cached = true;
  routes_.push_back(std::move(r));
}

router::match_result router::match_cached(std::string_view path) const {
  match_result result;
  std::vector<std::string> params;
  for (const auto& r : routes_) {
    if (r.cached && match_pattern(r.pattern, path, params)) {
      result.found = &r;
      result.path_known = true;
      result.params = std::move(params);
      return result;
    }
  }
  return result;
}

router::match_result router::match(boost::beast::http::verb method, std::string_view path) const {
  match_result result;
  std::vector<std::string> params;
  for (const auto& r : routes_) {
    if (!match_pattern(r.pattern, path, params))
      continue;
    result.path_known = true;
    if (r.method == method) {
      result.found = &r;
      result.params = std::move(params);
      return result;
    }
  }
  return result;
}

} // namespace upsync::http
