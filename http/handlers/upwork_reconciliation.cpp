// GET /api/v1/upwork/contracts/{id}/reconciliation (issue 16): per UTC day of a range,
// Upwork's reported total beside what sync wrote and what happened to it since, with the
// billing week's state. Reads only; sync never deletes or edits an interval (F14).
#include "domain/billing_week.hpp"
#include "domain/calendar.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "common/json_writer.hpp"
#include "common/time_format.hpp"
#include "storage/upwork_reconciliation_store.hpp"

namespace upsync::http {

namespace {

namespace recon = storage::upwork_reconciliation_store;
namespace week = domain::billing_week;

constexpr std::size_t max_contract_id_length = 64;

std::optional<std::int64_t> query_date(const api_request& req, const std::string& key) {
  auto it = req.query.find(key);
  if (it == req.query.end())
    return std::nullopt;
  auto day = time_format::parse_date(it->second);
  if (!day)
    throw invalid_request("must be a date such as 2026-08-15", key);
  return day;
}

const char* week_state(std::int64_t day, std::int64_t now) { return week::is_open(day, now) ? "open" : "locked"; }

api_response reconciliation(api_request& req) {
  const auto& id = req.params.at(0);
  if (id.empty() || id.size() > max_contract_id_length)
    throw invalid_request("not a contract id", "contract_id");
  auto now = req.now();
  // Defaults: the last 14 UTC days ending today (or ending `to`).
  auto to = query_date(req, "to").value_or(domain::day_of(now));
  auto from = query_date(req, "from").value_or(to - recon::default_days + 1);
  if (from > to)
    throw invalid_request("must not be after to", "from");
  if (to - from + 1 > recon::max_days)
    throw unprocessable("a range may span at most " + std::to_string(recon::max_days) + " days", "to");
  auto ws = req.who().workspace_id;
  if (!recon::contract_exists(req.db(), ws, id))
    throw not_found("contract");

  json::writer w;
  w.begin_object()
    .field("contract_id", id)
    .field("from", time_format::format_date(from))
    .field("to", time_format::format_date(to));
  w.key("days").begin_array();
  for (const auto& d : recon::contract_days(req.db(), ws, id, from, to))
    w.begin_object()
      .field("date", time_format::format_date(d.day))
      .field("upwork_seconds", d.upwork_seconds)
      .field("synced_seconds", d.synced_seconds)
      .field("removed_upstream_seconds", d.removed_upstream_seconds)
      .field("changed_locally_seconds", d.changed_locally_seconds)
      .field("status", d.status)
      .field("week", week_state(d.day, now))
      .end_object();
  w.end_array();
  // Every billing week the range touches (Upwork's weeks start on Monday).
  w.key("weeks").begin_array();
  for (auto monday = week::week_start(from); monday <= to; monday += 7)
    w.begin_object()
      .field("week_start", time_format::format_date(monday))
      .field("state", week_state(monday, now))
      .field("locks_at", time_format::format_rfc3339(week::locks_at(monday)))
      .end_object();
  w.end_array().end_object();
  return {200, std::move(w).str()};
}

} // namespace

void add_upwork_reconciliation_routes(router& r) {
  r.add(boost::beast::http::verb::get, "/api/v1/upwork/contracts/{contract_id}/reconciliation", access::manager,
        reconciliation);
}

} // namespace upsync::http
