// The sync history (issue 20): GET /api/v1/upwork/organizations/{org_id}/runs, an
// organization's cycles, imports and refreshes, newest first, paged by run id.
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "storage/sync_history.hpp"
#include "storage/upwork_organizations_store.hpp"

namespace upsync::http {

namespace {

constexpr int default_limit = 20;
constexpr int max_limit = 100;
constexpr std::size_t max_organization_id_length = 64;

int limit_of(const api_request& req) {
  auto it = req.query.find("limit");
  if (it == req.query.end())
    return default_limit;
  auto n = parse_id(it->second);
  if (!n || *n > max_limit)
    throw invalid_request("must be between 1 and 100", "limit");
  return static_cast<int>(*n);
}

std::optional<std::int64_t> before_of(const api_request& req) {
  auto it = req.query.find("before");
  if (it == req.query.end())
    return std::nullopt;
  auto id = parse_id(it->second);
  if (!id)
    throw invalid_request("must be a run id from next_before", "before");
  return *id;
}

void write_run(json::writer& w, const storage::sync_history::run& r) {
  w.begin_object()
    .field("id", std::to_string(r.id))
    .field("kind", r.kind)
    .field("result", r.result)
    .field("started_at", time_format::format_rfc3339_millis(r.started_at))
    .field("finished_at", time_format::format_rfc3339_millis(r.finished_at))
    .field("cycles", r.cycles)
    .field("contract_days_read", r.contract_days_read)
    .field("cells_written", r.cells_written)
    .field("intervals_written", r.intervals_written)
    .field("requests", r.requests);
  w.key("error").value_or_null(r.error);
  w.end_object();
}

api_response runs(api_request& req) {
  const auto& id = req.params.at(0);
  auto ws = req.who().workspace_id;
  if (id.empty() || id.size() > max_organization_id_length
      || !storage::upwork_store::find_organization(req.db(), ws, id))
    throw not_found("organization");
  auto limit = limit_of(req);
  // One more than asked says whether an older page exists.
  auto found = storage::sync_history::list(req.db(), ws, id, limit + 1, before_of(req));
  bool more = static_cast<int>(found.size()) > limit;
  if (more)
    found.resize(static_cast<std::size_t>(limit));
  json::writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& r : found)
    write_run(w, r);
  w.end_array().key("next_before");
  if (more)
    w.value(std::to_string(found.back().id));
  else
    w.null();
  w.end_object();
  return {200, std::move(w).str()};
}

} // namespace

void add_upwork_run_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/upwork/organizations/{org_id}/runs", access::manager, runs);
}

} // namespace upsync::http
