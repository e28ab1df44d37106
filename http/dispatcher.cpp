#include "http/dispatcher.hpp"

#include "http/api_cache.hpp"
#include "http/api_error.hpp"
#include "http/request_target.hpp"
#include "http/static_files.hpp"
#include "metrics/shared_families.hpp"
#include "storage/connection_pool.hpp"
#include "storage/sqlstate.hpp"
#include "storage/workspace_store.hpp"

#include <chrono>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace upsync::http {

namespace bhttp = boost::beast::http;

namespace {

// Boost 1.74's Beast speaks boost::string_view.
std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

storage::role required_role(access level) {
  switch (level) {
  case access::super_admin: return storage::role::super_admin;
  case access::manager: return storage::role::manager;
  default: return storage::role::member;
  }
}

// The caller may use the route: authenticated, with the role it needs.
void check_access(const route& r, const api_request& req) {
  if (!req.caller)
    throw unauthenticated();
  if (!storage::at_least(req.caller->member_role, required_role(r.level)))
    throw forbidden("this action needs the " + std::string{storage::to_string(required_role(r.level))}
                    + " role or higher");
}

// What a cached-read route's answer depends on besides the workspace: the route, its path
// parameters and the whole query (length-prefixed, so no two targets share a key).
std::string page_key(const route& r, const std::vector<std::string>& params,
                     const std::map<std::string, std::string>& query) {
  std::string key = r.pattern;
  auto add = [&key](const std::string& part) {
    key += '\n';
    key += std::to_string(part.size());
    key += ':';
    key += part;
  };
  for (const auto& p : params)
    add(p);
  key += "\n?";
  for (const auto& [name, value] : query) {
    add(name);
    add(value);
  }
  return key;
}

} // namespace

// API answers take milliseconds; imports and discovery through Upwork take seconds.
const std::vector<double> latency_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

dispatcher::dispatcher(const router& routes, storage::connection_pool& pool, metrics::registry* metrics,
                       api_cache* cache)
    : routes_(routes), pool_(pool), cache_(cache) {
  if (!metrics)
    return;
  if (cache_) {
    auto& lookups = metrics->counters("upsync_api_cache_requests_total",
                                      "Requests to cached reads (the interval list) by how the API cache "
                                      "answered: hit (from memory), miss (asked PostgreSQL), off (cache "
                                      "disabled or change listener down).",
                                      {"result"});
    cache_hits_ = &lookups.with({"hit"});
    cache_misses_ = &lookups.with({"miss"});
    cache_off_ = &lookups.with({"off"});
  }
  requests_ =
    &metrics->counters("upsync_http_requests_total", "HTTP requests answered, by route pattern, method and status.",
                       {"route", "method", "status"});
  latency_ =
    &metrics->histograms("upsync_http_request_duration_seconds",
                         "Time from a parsed request to its answer, by route pattern.", {"route"}, latency_buckets);
  database_errors_ = &metrics::postgres_errors(*metrics);
}

void dispatcher::count_database_error(const std::exception& e) const {
  if (database_errors_)
    database_errors_->with({storage::sqlstate_class(e)}).inc();
}

response dispatcher::operator()(request&& raw) const {
  auto started = std::chrono::steady_clock::now();
  api_request req;
  req.clock = &clock_;
  req.method = raw.method();
  req.request_id = request_id_for(raw);
  if (auto token = bearer_token(raw))
    req.headers["authorization"] = std::move(*token);
  // The OAuth callback answers JSON or a redirect by what the client accepts.
  if (auto accept = sv(raw[bhttp::field::accept]); !accept.empty())
    req.headers["accept"] = std::string{accept.substr(0, 256)};
  std::string route_name = "unmatched";
  api_response answer;
  try {
    auto target = parse_request_target(sv(raw.target()));
    req.path = std::move(target.path);
    req.query = std::move(target.query);
    if (auto page =
          console_ ? console_->answer(req.method, req.path, sv(raw[bhttp::field::if_none_match])) : std::nullopt)
      return finish(raw, req.request_id, page->route, std::move(page->response), started);
    auto m = routes_.match(req.method, req.path);
    if (!m.found)
      throw m.path_known ? api_error{405, "method_not_allowed", "method not allowed on this path"} : not_found("route");
    route_name = m.found->pattern;
    req.params = std::move(m.params);
    req.body = std::move(raw.body());
    answer = call(*m.found, req);
  } catch (const api_error& e) {
    answer.status = e.status;
    answer.body = error_body(e.code, e.what(), e.field);
  }
  // Whatever a non-GET request of a known caller did (or half did before failing), the
  // caller's next read must see it: its workspace's cached answers are void from now on,
  // before this answer leaves. Cheap, and needs no route to remember it.
  if (cache_ && req.caller && req.method != bhttp::verb::get)
    cache_->clock().workspace_changed(req.caller->workspace_id);
  return finish(raw, req.request_id, route_name, std::move(answer), started);
}

response dispatcher::finish(const request& raw, const std::string& request_id, const std::string& route_name,
                            api_response answer, std::chrono::steady_clock::time_point started) const {
  response res{static_cast<bhttp::status>(answer.status), raw.version()};
  res.set(bhttp::field::content_type, answer.content_type);
  res.set("X-Request-Id", request_id);
  if (answer.status == 401)
    res.set(bhttp::field::www_authenticate, "Bearer");
  for (auto& [name, value] : answer.headers)
    res.set(name, value);
  res.keep_alive(raw.keep_alive());
  res.body() = std::move(answer.body);
  res.prepare_payload();
  if (raw.method() == bhttp::verb::head && answer.status != 304) {
    // The length a GET would get, and no body: a HEAD answer never has one.
    auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }

  auto micros =
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  std::string method{bhttp::to_string(raw.method())};
  spdlog::info("http_request request_id={} method={} route={} status={} duration_ms={:.3f}", request_id, method,
               route_name, answer.status, micros / 1000.0);
  if (requests_) {
    requests_->with({route_name, method, std::to_string(answer.status)}).inc();
    latency_->with({route_name}).observe(micros / 1e6);
  }
  return res;
}

std::optional<response> dispatcher::answer_quickly(const request& raw) const {
  if (!console_)
    return answer_from_cache(raw);
  auto started = std::chrono::steady_clock::now();
  request_target target;
  try {
    target = parse_request_target(sv(raw.target()));
  } catch (const api_error&) {
    return std::nullopt; // operator() answers the 400
  }
  if (auto page = console_->answer(raw.method(), target.path, sv(raw[bhttp::field::if_none_match])))
    return finish(raw, request_id_for(raw), page->route, std::move(page->response), started);
  return from_cache(raw, target, started);
}

std::optional<response> dispatcher::answer_from_cache(const request& raw) const {
  if (!cache_ || raw.method() != bhttp::verb::get)
    return std::nullopt;
  auto started = std::chrono::steady_clock::now();
  request_target target;
  try {
    target = parse_request_target(sv(raw.target()));
  } catch (const api_error&) {
    return std::nullopt;
  }
  return from_cache(raw, target, started);
}

std::optional<response> dispatcher::from_cache(const request& raw, const request_target& target,
                                               std::chrono::steady_clock::time_point started) const {
  if (!cache_ || raw.method() != bhttp::verb::get)
    return std::nullopt;
  auto m = routes_.match_cached(target.path);
  if (!m.found)
    return std::nullopt;
  auto miss = [](metrics::counter* c) -> std::optional<response> {
    if (c)
      c->inc();
    return std::nullopt;
  };
  if (!cache_->enabled() || !cache_->clock().listening())
    return miss(cache_off_);
  auto token = bearer_token(raw);
  if (!token)
    return miss(cache_misses_);
  auto caller = cache_->caller(storage::workspace_store::token_hash_hex(*token));
  if (!caller || !storage::at_least(caller->member_role, required_role(m.found->level)))
    return miss(cache_misses_);
  auto body = cache_->page(caller->workspace_id, page_key(*m.found, m.params, target.query));
  if (!body)
    return miss(cache_misses_);
  if (cache_hits_)
    cache_hits_->inc();
  return finish(raw, request_id_for(raw), m.found->pattern, api_response{200, *body}, started);
}

api_response dispatcher::call(const route& r, api_request& req) const {
  if (!r.uses_database && r.level == access::anyone)
    return r.handler(req);
  try {
    auto conn = pool_.acquire();
    if (r.one_read)
      return read_once(r, req, *conn);
    std::optional<pqxx::work> tx;
    tx.emplace(*conn);
    req.tx = &*tx;
    req.commit_step = [&tx, &req] {
      tx->commit();
      tx.reset();
      req.tx = nullptr;
    };
    req.begin_step = [&tx, &req, &conn] {
      tx.reset(); // a step that failed is rolled back
      tx.emplace(*conn);
      req.tx = &*tx;
    };
    if (r.level != access::anyone) {
      if (!req.headers.count("authorization"))
        throw unauthenticated();
      req.caller = storage::workspace_store::authenticate(*tx, req.headers["authorization"]);
      check_access(r, req);
    }
    auto answer = r.handler(req);
    if (tx)
      tx->commit();
    for (auto& task : req.after_commit) {
      try {
        task();
      } catch (const std::exception& e) {
        spdlog::warn("after_commit_failed request_id={} error=\"{}\"", req.request_id, e.what());
      }
    }
    return answer;
  } catch (const api_error&) {
    throw;
  } catch (const storage::duplicate_error& e) {
    throw conflict(e.what());
  } catch (const pqxx::broken_connection& e) {
    count_database_error(e);
    spdlog::warn("database_unavailable request_id={} error=\"{}\"", req.request_id, e.what());
    throw api_error{503, "unavailable", "the database is not reachable; try again"};
  } catch (const pqxx::data_exception& e) {
    // Values PostgreSQL refuses (out-of-range numbers, timestamps) are the client's.
    count_database_error(e);
    throw invalid_request("a value is out of range");
  } catch (const std::exception& e) {
    if (dynamic_cast<const pqxx::sql_error*>(&e))
      count_database_error(e);
    spdlog::error("http_handler_failed request_id={} route={} error=\"{}\"", req.request_id, r.pattern, e.what());
    throw api_error{500, "internal", "internal error (request " + req.request_id + ")"};
  }
}

// One statement, outside a transaction (a single statement is atomic and sees one
// snapshot on its own), authenticating as it reads.
api_response dispatcher::read_once(const route& r, api_request& req, pqxx::connection_base& conn) const {
  auto token = req.headers.find("authorization");
  if (token == req.headers.end())
    throw unauthenticated();
  pqxx::nontransaction tx{conn};
  req.tx = &tx;
  req.token_hash = storage::workspace_store::token_hash_hex(token->second);
  // Taken before the statement: a change committed after it voids what is kept below.
  auto before = cache_ ? cache_->clock().now() : change_clock::stamp{};
  api_response answer;
  try {
    answer = r.handler(req);
  } catch (const api_error& e) {
    // Refused before its statement ran (bad input): who asks is checked first, as on
    // every other route, so an unknown token is still told 401.
    if (!req.caller && e.status != 401)
      req.caller = storage::workspace_store::authenticate(tx, token->second);
    check_access(r, req);
    throw;
  }
  check_access(r, req);
  if (r.cached && cache_ && answer.status == 200) {
    cache_->keep_caller(req.token_hash, *req.caller, before);
    cache_->keep_page(req.caller->workspace_id, page_key(r, req.params, req.query), answer.body, before);
  }
  return answer;
}

} // namespace upsync::http
