#include "http/dispatcher.hpp"

#include "http/api_error.hpp"
#include "http/request_target.hpp"
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

} // namespace

// API answers take milliseconds; imports and discovery through Upwork take seconds.
const std::vector<double> latency_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

dispatcher::dispatcher(const router& routes, storage::connection_pool& pool, metrics::registry* metrics)
  : routes_(routes), pool_(pool) {
  if (!metrics)
    return;
  requests_ = &metrics->counters("upsync_http_requests_total",
                                 "HTTP requests answered, by route pattern, method and status.",
                                 {"route", "method", "status"});
  latency_ = &metrics->histograms("upsync_http_request_duration_seconds",
                                  "Time from a parsed request to its answer, by route pattern.", {"route"},
                                  latency_buckets);
  database_errors_ = &metrics::postgres_errors(*metrics);
}

void dispatcher::count_database_error(const std::exception& e) const {
  if (database_errors_)
    database_errors_->with({storage::sqlstate_class(e)}).inc();
}

response dispatcher::operator()(request&& raw) const {
  auto started = std::chrono::steady_clock::now();
  api_request req;
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
    auto m = routes_.match(req.method, req.path);
    if (!m.found)
      throw m.path_known ? api_error{405, "method_not_allowed", "method not allowed on this path"}
                         : not_found("route");
    route_name = m.found->pattern;
    req.params = std::move(m.params);
    req.body = std::move(raw.body());
    answer = call(*m.found, req);
  } catch (const api_error& e) {
    answer.status = e.status;
    answer.body = error_body(e.code, e.what(), e.field);
  }

  response res{static_cast<bhttp::status>(answer.status), raw.version()};
  res.set(bhttp::field::content_type, answer.content_type);
  res.set("X-Request-Id", req.request_id);
  if (answer.status == 401)
    res.set(bhttp::field::www_authenticate, "Bearer");
  for (auto& [name, value] : answer.headers)
    res.set(name, value);
  res.keep_alive(raw.keep_alive());
  res.body() = std::move(answer.body);
  res.prepare_payload();

  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
  std::string method{bhttp::to_string(req.method)};
  spdlog::info("http_request request_id={} method={} route={} status={} duration_ms={:.3f}",
               req.request_id, method, route_name, answer.status, micros / 1000.0);
  if (requests_) {
    requests_->with({route_name, method, std::to_string(answer.status)}).inc();
    latency_->with({route_name}).observe(micros / 1e6);
  }
  return res;
}

api_response dispatcher::call(const route& r, api_request& req) const {
  if (!r.uses_database && r.level == access::anyone)
    return r.handler(req);
  try {
    auto conn = pool_.acquire();
    if (r.one_read)
      return read_once(r, req, *conn);
    pqxx::work tx{*conn};
    req.tx = &tx;
    if (r.level != access::anyone) {
      if (!req.headers.count("authorization"))
        throw unauthenticated();
      req.caller = storage::workspace_store::authenticate(tx, req.headers["authorization"]);
      check_access(r, req);
    }
    auto answer = r.handler(req);
    tx.commit();
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
    spdlog::error("http_handler_failed request_id={} route={} error=\"{}\"", req.request_id,
                  r.pattern, e.what());
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
  return answer;
}

} // namespace upsync::http
