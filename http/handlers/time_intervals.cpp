// Time intervals: list with filters and cursor paging, manual create, edit, delete.
// Synced intervals are ordinary intervals here: people may edit or delete them, and the
// sync engine never touches them again (the cell ledger remembers what it wrote).
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/request_bodies.hpp"
#include "http/views.hpp"
#include "common/encoding.hpp"
#include "common/time_format.hpp"
#include "storage/interval_store.hpp"
#include "storage/project_store.hpp"
#include "storage/workspace_store.hpp"

namespace upsync::http {

namespace {

namespace is = storage::interval_store;
using storage::db_id;

constexpr std::int64_t max_interval_seconds = 24 * 3600;
constexpr int default_limit = 100;
constexpr int max_limit = 1000;

// -- cursors: an opaque, versioned position in (started_at, id) order --------------------

std::string encode_cursor(const storage::interval_record& last) {
  return encoding::to_base64url("v1:" + std::to_string(last.started_at) + ":" + std::to_string(last.id));
}

is::page_key decode_cursor(const std::string& cursor) {
  auto bad = [] { return invalid_request("not a cursor this API issued", "cursor"); };
  auto raw = encoding::from_base64url(cursor);
  if (!raw || raw->rfind("v1:", 0) != 0)
    throw bad();
  auto colon = raw->find(':', 3);
  if (colon == std::string::npos)
    throw bad();
  try {
    std::size_t used = 0;
    std::string start_text = raw->substr(3, colon - 3);
    std::int64_t start = std::stoll(start_text, &used);
    if (used != start_text.size())
      throw bad();
    auto id = parse_id(std::string_view{*raw}.substr(colon + 1));
    if (!id)
      throw bad();
    return {start, *id};
  } catch (const std::logic_error&) {
    throw bad();
  }
}

// -- query and body values -------------------------------------------------------------------

std::optional<std::int64_t> query_time(const api_request& req, const std::string& key) {
  auto it = req.query.find(key);
  if (it == req.query.end())
    return std::nullopt;
  auto t = time_format::parse_rfc3339(it->second);
  if (!t)
    throw invalid_request("must be an RFC 3339 time such as 2026-08-15T09:10:00Z", key);
  return t;
}

std::optional<db_id> query_id(const api_request& req, const std::string& key) {
  auto it = req.query.find(key);
  if (it == req.query.end())
    return std::nullopt;
  auto id = parse_id(it->second);
  if (!id)
    throw invalid_request("must be an id", key);
  return id;
}

void check_span(std::int64_t started, std::int64_t ended) {
  if (ended <= started)
    throw invalid_request("must be after started_at", "ended_at");
  if (ended - started > max_interval_seconds)
    throw unprocessable("an interval may last at most 24 hours", "ended_at");
}

void check_project(api_request& req, const std::optional<db_id>& project_id) {
  if (project_id && !storage::project_store::find(req.db(), req.who().workspace_id, *project_id))
    throw invalid_request("no such project", "project_id");
}

// Owners and managers may change an interval; anyone else only sees it.
storage::interval_record editable_interval(api_request& req) {
  auto id = parse_id(req.params.at(0));
  auto found = id ? is::find(req.db(), req.who().workspace_id, *id) : std::nullopt;
  if (!found)
    throw not_found("time interval");
  if (found->member_id != req.who().id && !storage::at_least(req.who().member_role, storage::role::manager))
    throw forbidden("only the interval's member or a manager may change it");
  return *found;
}

// -- handlers -----------------------------------------------------------------------------------

api_response list_intervals(api_request& req) {
  is::interval_filter filter;
  filter.from = query_time(req, "from");
  filter.to = query_time(req, "to");
  filter.member_id = query_id(req, "member_id");
  filter.project_id = query_id(req, "project_id");
  if (auto it = req.query.find("source"); it != req.query.end()) {
    if (it->second != "upwork" && it->second != "manual")
      throw invalid_request("must be upwork or manual", "source");
    filter.source = it->second;
  }
  int limit = default_limit;
  if (auto it = req.query.find("limit"); it != req.query.end()) {
    auto n = parse_id(it->second);
    if (!n || *n > max_limit)
      throw invalid_request("must be between 1 and 1000", "limit");
    limit = static_cast<int>(*n);
  }
  std::optional<is::page_key> after;
  if (auto it = req.query.find("cursor"); it != req.query.end() && !it->second.empty())
    after = decode_cursor(it->second);

  // One row more than asked tells whether another page exists. The statement also
  // authenticates the caller (a one-read route).
  auto page = is::list_for_token(req.db(), req.token_hash, filter, after, limit + 1);
  if (!page)
    throw unauthenticated();
  req.caller = std::move(page->caller);
  auto& rows = page->rows;
  bool more = static_cast<int>(rows.size()) > limit;
  if (more)
    rows.pop_back();
  json::writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& r : rows)
    views::write(w, r);
  w.end_array().key("next_cursor");
  if (more)
    w.value(encode_cursor(rows.back()));
  else
    w.null();
  w.end_object();
  return {200, std::move(w).str()};
}

api_response create_interval(api_request& req) {
  auto body = read_interval_body(req.body);
  const auto& caller = req.who();
  bool manager = storage::at_least(caller.member_role, storage::role::manager);

  is::new_interval v;
  v.member_id = body.member_id.value_or(caller.id);
  if (v.member_id != caller.id && !manager)
    throw forbidden("members may only record their own time");
  if (!storage::workspace_store::find_member(req.db(), caller.workspace_id, v.member_id))
    throw invalid_request("no such member", "member_id");
  v.project_id = body.project_id;
  check_project(req, v.project_id);
  v.started_at = body.started_at;
  v.ended_at = body.ended_at;
  check_span(v.started_at, v.ended_at);
  v.pay_rate = body.pay_rate;
  v.bill_rate = body.bill_rate;
  v.currency = body.currency;
  if ((v.pay_rate || v.bill_rate) && !manager)
    throw forbidden("only managers set rates");

  auto created = is::create_manual(req.db(), caller.workspace_id, v);
  return {201, views::one(created)};
}

api_response update_interval(api_request& req) {
  auto current = editable_interval(req);
  auto body = read_interval_patch_body(req.body);
  is::interval_patch patch;
  patch.started_at = body.started_at;
  patch.ended_at = body.ended_at;
  if (body.project_id) {
    patch.project_id = *body.project_id;
    check_project(req, *patch.project_id);
  }
  check_span(patch.started_at.value_or(current.started_at), patch.ended_at.value_or(current.ended_at));
  auto updated = is::update(req.db(), req.who().workspace_id, current.id, patch);
  if (!updated)
    throw not_found("time interval");
  return {200, views::one(*updated)};
}

api_response delete_interval(api_request& req) {
  auto current = editable_interval(req);
  if (!is::remove(req.db(), req.who().workspace_id, current.id))
    throw not_found("time interval");
  return {204, ""};
}

} // namespace

void add_interval_routes(router& r) {
  using boost::beast::http::verb;
  // Every member sees the same page (no filter by who asks): cacheable per workspace.
  r.add_cached_read("/api/v1/time-intervals", access::member, list_intervals);
  r.add(verb::post, "/api/v1/time-intervals", access::member, create_interval);
  r.add(verb::patch, "/api/v1/time-intervals/{id}", access::member, update_interval);
  r.add(verb::delete_, "/api/v1/time-intervals/{id}", access::member, delete_interval);
}

} // namespace upsync::http
