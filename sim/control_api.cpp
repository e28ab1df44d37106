// The control API under /__control/: ground truth, retroactive edits, faults, stats, clock.
#include "common/json_writer.hpp"
#include "sim/civil_time.hpp"
#include "sim/control_views.hpp"
#include "sim/endpoints.hpp"
#include "sim/json_input.hpp"
#include "sim/url_codec.hpp"

#include <algorithm>

namespace upsync::sim {

namespace {

using params = std::map<std::string, std::string>;

std::string param(const params& q, const char* key, std::string fallback = {}) {
  auto it = q.find(key);
  return it == q.end() ? fallback : it->second;
}

reply ok_json(const http_request& req, std::string body) { return json_reply(req, http::status::ok, std::move(body)); }

reply problem(const http_request& req, http::status status, const std::string& message) {
  return control_problem(req, status, message);
}

// GET /__control/truth?contract=ID&from=YYYY-MM-DD&to=YYYY-MM-DD[&cells=false]
reply truth(sim_state& s, const http_request& req, const params& q) {
  const auto& d = s.w.data();
  auto index = d.find_contract(param(q, "contract"));
  if (!index)
    return problem(req, http::status::not_found, "unknown contract");
  auto c = d.contract(*index);
  auto today = s.w.today();
  auto from = parse_day(param(q, "from", format_iso_day(today - 13)));
  auto to = parse_day(param(q, "to", format_iso_day(today)));
  if (!from || !to || *to < *from || *to - *from > 400)
    return problem(req, http::status::bad_request, "from/to must be dates, at most 400 days apart");
  bool with_cells = param(q, "cells", "true") != "false";
  json::writer w;
  w.begin_object().field("contract", c.id).key("days").begin_array();
  std::int64_t total_cells = 0, total_charge = 0;
  for (auto day = *from; day <= *to; ++day) {
    auto cells = s.w.cells(c, day);
    if (cells.empty())
      continue;
    auto t = s.w.total(c, day);
    total_cells += t.cells;
    total_charge += t.charge_cents;
    w.begin_object()
      .field("date", format_iso_day(day))
      .field("cell_count", t.cells)
      .field("manual_cells", t.manual_cells)
      .field("minutes", static_cast<std::int64_t>(t.minutes()))
      .field("rate", money_raw(rate_on(c, day)))
      .field("charges", money_raw(t.charge_cents));
    if (with_cells) {
      w.key("cells").begin_array();
      for (const auto& x : cells)
        w.begin_object()
          .field("start_ms", static_cast<std::int64_t>(x.start_ms))
          .field("start", format_iso_instant(x.start_ms))
          .field("manual", x.manual)
          .field("activity", x.activity)
          .field("memo", x.memo)
          .end_object();
      w.end_array();
    }
    w.end_object();
  }
  w.end_array()
    .field("total_cells", static_cast<std::int64_t>(total_cells))
    .field("total_minutes", static_cast<std::int64_t>(total_cells * 10))
    .field("total_charges", money_raw(total_charge))
    .end_object();
  return ok_json(req, std::move(w).str());
}

std::optional<std::int64_t> instant_of(const gql::value& v) {
  if (v.type == gql::value::kind::integer)
    return v.as_integer();
  if (v.type == gql::value::kind::string) {
    if (auto ms = parse_iso_instant(v.text))
      return ms;
    return v.as_integer();
  }
  if (v.type == gql::value::kind::object)
    if (const auto* start = v.field("start"))
      return instant_of(*start);
  return std::nullopt;
}

// POST /__control/cells {"contract":"…","date":"YYYY-MM-DD","add":[…],"remove":[…]}
reply edit_cells(sim_state& s, const http_request& req) {
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return problem(req, http::status::bad_request, "body must be a JSON object");
  const auto* contract = body->field("contract");
  const auto* date = body->field("date");
  auto index = contract && contract->as_text() ? s.w.data().find_contract(*contract->as_text()) : std::nullopt;
  if (!index)
    return problem(req, http::status::not_found, "unknown contract");
  auto day = date && date->as_text() ? parse_day(*date->as_text()) : std::nullopt;
  if (!day)
    return problem(req, http::status::bad_request, "date must be YYYY-MM-DD");
  std::vector<cell> add;
  std::vector<std::int64_t> remove;
  if (const auto* list = body->field("add"))
    for (const auto& item : list->items) {
      auto start = instant_of(item);
      if (!start)
        return problem(req, http::status::bad_request, "add: each cell needs a start");
      cell x;
      x.start_ms = *start;
      if (const auto* m = item.field("manual"))
        x.manual = m->as_bool().value_or(false);
      x.activity = x.manual ? 0 : 5;
      if (const auto* a = item.field("activity"))
        x.activity = static_cast<int>(a->as_integer().value_or(x.activity));
      if (const auto* memo = item.field("memo"))
        x.memo = memo->as_text().value_or("");
      add.push_back(std::move(x));
    }
  if (const auto* list = body->field("remove"))
    for (const auto& item : list->items) {
      auto start = instant_of(item);
      if (!start)
        return problem(req, http::status::bad_request, "remove: each entry needs a start");
      remove.push_back(*start);
    }
  auto result = s.w.edit_cells(*index, *day, add, remove);
  if (!result.ok)
    return problem(req, http::status::bad_request, result.error);
  json::writer w;
  w.begin_object()
    .field("added", result.added)
    .field("removed", result.removed)
    .field("cells", result.cells_now)
    .end_object();
  return ok_json(req, std::move(w).str());
}

reply set_faults(sim_state& s, const http_request& req) {
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return problem(req, http::status::bad_request, "body must be a JSON object of knobs");
  auto cfg = s.faults.config();
  if (const auto* reset = body->field("reset"); reset && reset->as_bool().value_or(false))
    cfg = fault_config{};
  for (const auto& [name, v] : body->fields) {
    if (name == "reset")
      continue;
    std::string text = v.type == gql::value::kind::boolean ? (v.flag ? "true" : "false") : v.as_text().value_or("");
    if (!cfg.set(name, text))
      return problem(req, http::status::bad_request, "invalid knob or value: " + name);
  }
  s.faults.set_config(cfg);
  return ok_json(req, cfg.to_json());
}

reply advance_clock(sim_state& s, const http_request& req) {
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return problem(req, http::status::bad_request, "body must be {\"seconds\":N}");
  std::int64_t ms = 0;
  static constexpr std::pair<const char*, std::int64_t> units[] = {
    {"milliseconds", 1}, {"seconds", 1000}, {"minutes", 60'000}, {"hours", 3'600'000}, {"days", 86'400'000}};
  for (auto [name, factor] : units)
    if (const auto* v = body->field(name))
      ms += v->as_integer().value_or(0) * factor;
  if (ms < 0)
    return problem(req, http::status::bad_request, "the clock only moves forward");
  s.clock->advance(std::chrono::milliseconds(ms));
  json::writer w;
  w.begin_object()
    .field("now_ms", static_cast<std::int64_t>(s.w.now_ms()))
    .field("now", format_iso_instant(s.w.now_ms()))
    .end_object();
  return ok_json(req, std::move(w).str());
}

reply info(sim_state& s, const http_request& req) {
  const auto& d = s.w.data();
  json::writer w;
  w.begin_object()
    .field("preset", s.preset)
    .field("seed", static_cast<std::int64_t>(d.seed()))
    .field("orgs", static_cast<std::int64_t>(d.org_count()))
    .field("contracts", static_cast<std::int64_t>(d.contract_count()))
    .field("first_day", format_iso_day(d.first_day()))
    .field("today", format_iso_day(s.w.today()))
    .field("now_ms", static_cast<std::int64_t>(s.w.now_ms()))
    .field("now", format_iso_instant(s.w.now_ms()))
    .field("frozen_clock", s.clock->frozen())
    .field("edited_days", static_cast<std::int64_t>(s.w.edit_count()))
    .end_object();
  return ok_json(req, std::move(w).str());
}

} // namespace

reply handle_control(sim_state& s, const http_request& req) {
  std::string_view target{req.target().data(), req.target().size()};
  auto qpos = target.find('?');
  auto path = target.substr(0, qpos);
  auto q = parse_form(qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1));
  bool get = req.method() == http::verb::get;
  bool post = req.method() == http::verb::post;
  const auto& d = s.w.data();

  if (path == "/__control/health")
    return ok_json(req, "{\"ok\":true}");
  if (path == "/__control/info" && get)
    return info(s, req);
  if (path == "/__control/orgs" && get) {
    auto offset = std::stoull(param(q, "offset", "0"));
    auto limit = std::min<std::uint64_t>(std::stoull(param(q, "limit", "100")), 10'000);
    json::writer w;
    w.begin_object().field("total", static_cast<std::int64_t>(d.org_count())).key("orgs").begin_array();
    for (auto i = offset; i < d.org_count() && i < offset + limit; ++i)
      write_org_view(w, s.w, d.org(static_cast<std::uint32_t>(i)), false);
    w.end_array().end_object();
    return ok_json(req, std::move(w).str());
  }
  if (path.substr(0, 16) == "/__control/orgs/" && path.size() > 23 && path.substr(path.size() - 7) == "/quirks" && post)
    return set_org_quirks(s, req, path.substr(16, path.size() - 23));
  if (path == "/__control/discovery/failure" && post)
    return set_discovery_failure(s, req);
  if (path == "/__control/quirks" && get)
    return list_quirks(s, req);
  if (path.substr(0, 16) == "/__control/orgs/" && path.size() > 24 && path.substr(path.size() - 8) == "/members"
      && post)
    return add_member(s, req, path.substr(16, path.size() - 24));
  if (path.substr(0, 16) == "/__control/orgs/" && get) {
    auto org = d.find_org(path.substr(16));
    if (!org)
      return problem(req, http::status::not_found, "unknown organization");
    json::writer w;
    write_org_view(w, s.w, d.org(*org), true);
    return ok_json(req, std::move(w).str());
  }
  if (path == "/__control/contracts" && get) {
    auto org = d.find_org(param(q, "org"));
    if (!org)
      return problem(req, http::status::not_found, "unknown organization (?org=ID)");
    json::writer w;
    w.begin_object().key("contracts").begin_array();
    for (auto c : d.contracts_of(*org))
      write_contract_view(w, s.w, d.contract(c));
    w.end_array().end_object();
    return ok_json(req, std::move(w).str());
  }
  if (path == "/__control/contracts" && post)
    return add_contract(s, req);
  if (path.substr(0, 21) == "/__control/contracts/" && path.size() > 29 && path.substr(path.size() - 8) == "/failure"
      && post)
    return set_contract_failure(s, req, path.substr(21, path.size() - 29));
  if (path == "/__control/failures" && get)
    return list_contract_failures(s, req);
  if (path.substr(0, 21) == "/__control/contracts/" && post)
    return change_contract(s, req, path.substr(21));
  if (path.substr(0, 21) == "/__control/contracts/" && get) {
    auto c = d.find_contract(path.substr(21));
    if (!c)
      return problem(req, http::status::not_found, "unknown contract");
    json::writer w;
    write_contract_view(w, s.w, d.contract(*c));
    return ok_json(req, std::move(w).str());
  }
  if (path == "/__control/truth" && get)
    return truth(s, req, q);
  if (path == "/__control/cells" && post)
    return edit_cells(s, req);
  if (path == "/__control/cells/reset" && post) {
    s.w.clear_edits();
    return ok_json(req, "{\"ok\":true}");
  }
  if (path == "/__control/faults" && get)
    return ok_json(req, s.faults.config().to_json());
  if (path == "/__control/faults" && post)
    return set_faults(s, req);
  if (path == "/__control/stats" && get)
    return ok_json(req, s.stats.to_json());
  if (path == "/__control/stats/reset" && post) {
    s.stats.reset();
    return ok_json(req, "{\"ok\":true}");
  }
  if (path == "/__control/clock" && get)
    return info(s, req);
  if (path == "/__control/clock/advance" && post)
    return advance_clock(s, req);
  if (path == "/__control/tokens/revoke" && post) {
    s.oauth.revoke_all();
    return ok_json(req, "{\"ok\":true}");
  }
  return problem(req, http::status::not_found, "no such control endpoint");
}

} // namespace upsync::sim
