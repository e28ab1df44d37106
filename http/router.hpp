// Routes: method + path pattern ("/api/v1/members/{id}/tokens") -> handler, with the
// access level each route demands. Matching only; the dispatcher does the rest.
#pragma once

#include "domain/clock.hpp"
#include "storage/records.hpp"

#include <ostream> // Boost 1.74's verb.hpp needs it but does not include it
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::http {

/// Who may call a route. Everything but `anyone` needs a bearer token.
enum class access { anyone, member, manager, super_admin };

/// One request as a handler sees it.
struct api_request {
  boost::beast::http::verb method;
  std::string path;
  std::map<std::string, std::string> query;
  std::vector<std::string> params; ///< path parameters, in pattern order
  std::string body;
  std::string request_id;
  std::map<std::string, std::string> headers; ///< lower-case names of the few headers kept
  /// The authenticated caller (routes other than `anyone`).
  std::optional<storage::member_record> caller;
  /// The request's transaction (routes that use the database): committed when the handler
  /// returns, rolled back when it throws, so a change is applied whole or not at all.
  pqxx::transaction_base* tx = nullptr;
  /// For routes added with add_one_read: the bearer token's hash, with which the handler's
  /// one statement authenticates; the handler sets `caller` from its answer.
  std::string token_hash;
  /// Work that must see the committed change (e.g. telling the sync engine); run by the
  /// dispatcher after COMMIT, dropped when the request fails.
  std::vector<std::function<void()>> after_commit;
  /// For a handler that calls out between short transactions (the OAuth callback): commit
  /// the request's transaction now, leaving none open (`tx` null) while it waits on the
  /// outside; then open the next one on the same connection. What the last one holds is
  /// committed when the handler returns; after_commit work runs only then. Set by the
  /// dispatcher on transactional routes.
  std::function<void()> commit_step;
  std::function<void()> begin_step;
  /// The clock "now" and "today" come from (the dispatcher's); the system clock without one.
  const domain::wall_clock* clock = nullptr;

  const storage::member_record& who() const { return *caller; }
  /// Now as Unix seconds, by `clock`: handlers never read the wall clock themselves, so
  /// rules about "today" can be tested with a fixed clock.
  std::int64_t now() const { return clock && *clock ? (*clock)() : domain::system_now(); }
  pqxx::transaction_base& db() const { return *tx; }
};

struct api_response {
  api_response() = default;
  api_response(unsigned status, std::string body) : status(status), body(std::move(body)) {}

  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

using route_handler = std::function<api_response(api_request&)>;

struct route {
  boost::beast::http::verb method;
  std::string pattern;
  access level;
  bool uses_database;
  route_handler handler;
  /// Answers with one read-only statement that also authenticates the caller (see
  /// router::add_one_read): no transaction around it, no token lookup of its own.
  bool one_read = false;
  /// A one-read route whose answer depends only on the caller's workspace and the request
  /// target (see router::add_cached_read).
  bool cached = false;
};

class router {
public:
  void add(boost::beast::http::verb method, std::string pattern, access level, route_handler handler,
           bool uses_database = true);

  /// A read answered with one statement that authenticates the caller as it reads (the
  /// handler uses api_request::token_hash and sets api_request::caller, or throws
  /// unauthenticated()): one round trip to PostgreSQL where a transactional route takes
  /// four (BEGIN, token lookup, query, COMMIT). The dispatcher still checks the role.
  void add_one_read(boost::beast::http::verb method, std::string pattern, access level, route_handler handler);

  /// An add_one_read GET whose answer is the same for every member of the caller's
  /// workspace who may call it (it depends only on the workspace's data and the request
  /// target): a dispatcher with an api_cache keeps its 200 answers and serves repeats on
  /// the network thread without asking PostgreSQL.
  void add_cached_read(std::string pattern, access level, route_handler handler);

  struct match_result {
    const route* found = nullptr; ///< the route, when method and path match
    bool path_known = false;      ///< some route has this path (405 vs 404)
    std::vector<std::string> params;
  };
  match_result match(boost::beast::http::verb method, std::string_view path) const;
  /// The cached-read route (add_cached_read) for a GET of `path`, if any.
  match_result match_cached(std::string_view path) const;

private:
  std::vector<route> routes_;
};

} // namespace upsync::http
