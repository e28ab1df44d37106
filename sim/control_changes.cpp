// The control API's run-time changes of the world: POST /__control/contracts (a new
// contract), POST /__control/contracts/{id} (status, rate change), POST
// /__control/orgs/{id}/members (a new staff member). Answers are the changed records in
// the shape GET answers them.
#include "common/json_writer.hpp"
#include "sim/civil_time.hpp"
#include "sim/control_views.hpp"
#include "sim/json_input.hpp"

#include <cctype>

namespace upsync::sim {

namespace {

// "25", "25.5", "25.50" -> cents; nullopt for anything else (negative, three decimals, text).
std::optional<std::int64_t> cents_of(const gql::value& v) {
  auto text = v.as_text();
  if (!text || text->empty() || text->size() > 12)
    return std::nullopt;
  std::int64_t whole = 0, cents = 0;
  int decimals = -1;
  for (char ch : *text) {
    if (ch == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(ch)) || decimals >= 2)
      return std::nullopt;
    if (decimals < 0) {
      whole = whole * 10 + (ch - '0');
    } else {
      cents = cents * 10 + (ch - '0');
      ++decimals;
    }
  }
  if (decimals == 1)
    cents *= 10;
  return whole * 100 + cents;
}

std::optional<contract_status> status_of(const std::string& text) {
  std::string t;
  for (char ch : text)
    t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  if (t == "active")
    return contract_status::active;
  if (t == "paused")
    return contract_status::paused;
  if (t == "closed")
    return contract_status::closed;
  return std::nullopt;
}

std::string text_field(const gql::value& body, const char* name) {
  const auto* v = body.field(name);
  return v ? v->as_text().value_or("") : "";
}

reply answer(sim_state& s, const http_request& req, const change_result& r, http::status ok) {
  if (r.status != 200)
    return control_problem(req, static_cast<http::status>(r.status), r.error);
  json::writer w;
  write_contract_view(w, s.w, s.w.data().contract(r.index));
  return json_reply(req, ok, std::move(w).str());
}

} // namespace

// {"org","vendor_org"|"client_org"|"client_name","freelancer"|"new_freelancer":{name,email},
//  "title","hourly","rate"|"fixed_amount","status","start_date","work","id","currency"}
reply add_contract(sim_state& s, const http_request& req) {
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return control_problem(req, http::status::bad_request, "body must be a JSON object");
  contract_request q;
  q.org_id = text_field(*body, "org");
  q.vendor_org_id = text_field(*body, "vendor_org");
  q.client_org_id = text_field(*body, "client_org");
  q.client_name = text_field(*body, "client_name");
  q.freelancer_id = text_field(*body, "freelancer");
  q.id = text_field(*body, "id");
  q.title = text_field(*body, "title");
  if (auto c = text_field(*body, "currency"); !c.empty())
    q.currency = c;
  if (const auto* f = body->field("new_freelancer")) {
    if (f->type != gql::value::kind::object || text_field(*f, "name").empty())
      return control_problem(req, http::status::bad_request, "new_freelancer needs a name");
    q.new_freelancer = std::make_pair(text_field(*f, "name"), text_field(*f, "email"));
  }
  if (const auto* h = body->field("hourly"))
    q.hourly = h->as_bool().value_or(true);
  if (const auto* w = body->field("work"))
    q.with_time = w->as_bool().value_or(true);
  if (const auto* rate = body->field(q.hourly ? "rate" : "fixed_amount")) {
    auto cents = cents_of(*rate);
    if (!cents)
      return control_problem(req, http::status::bad_request, "amounts are decimals like \"25.00\"");
    (q.hourly ? q.rate_cents : q.fixed_cents) = *cents;
  }
  if (auto st = text_field(*body, "status"); !st.empty()) {
    auto status = status_of(st);
    if (!status)
      return control_problem(req, http::status::bad_request, "status is active, paused or closed");
    q.status = *status;
  }
  if (auto start = text_field(*body, "start_date"); !start.empty()) {
    q.start_day = parse_day(start);
    if (!q.start_day)
      return control_problem(req, http::status::bad_request, "start_date must be YYYY-MM-DD");
  }
  return answer(s, req, s.w.add_contract(q), http::status::created);
}

// {"status":"paused","rate":"30.00","rate_from":"YYYY-MM-DD"}
reply change_contract(sim_state& s, const http_request& req, std::string_view id) {
  auto index = s.w.data().find_contract(id);
  if (!index)
    return control_problem(req, http::status::not_found, "unknown contract");
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return control_problem(req, http::status::bad_request, "body must be a JSON object");
  contract_change change;
  if (auto st = text_field(*body, "status"); !st.empty()) {
    change.status = status_of(st);
    if (!change.status)
      return control_problem(req, http::status::bad_request, "status is active, paused or closed");
  }
  if (const auto* rate = body->field("rate")) {
    change.rate_cents = cents_of(*rate);
    if (!change.rate_cents)
      return control_problem(req, http::status::bad_request, "rate is a decimal like \"30.00\"");
  }
  if (auto from = text_field(*body, "rate_from"); !from.empty()) {
    change.rate_from_day = parse_day(from);
    if (!change.rate_from_day || !change.rate_cents)
      return control_problem(req, http::status::bad_request, "rate_from must be YYYY-MM-DD and comes with a rate");
  }
  if (!change.status && !change.rate_cents)
    return control_problem(req, http::status::bad_request, "nothing to change: status and/or rate");
  return answer(s, req, s.w.change_contract(*index, change), http::status::ok);
}

// {"name":"…","email":"…"}
reply add_member(sim_state& s, const http_request& req, std::string_view org_id) {
  auto org = s.w.data().find_org(org_id);
  if (!org)
    return control_problem(req, http::status::not_found, "unknown organization");
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return control_problem(req, http::status::bad_request, "body must be a JSON object");
  auto r = s.w.add_member(*org, text_field(*body, "name"), text_field(*body, "email"));
  if (r.status != 200)
    return control_problem(req, static_cast<http::status>(r.status), r.error);
  json::writer w;
  for (const auto& m : s.w.data().members(*org))
    if (m.id == r.id)
      w.begin_object()
        .field("id", m.id)
        .field("user_id", m.user.id)
        .field("name", m.user.name)
        .field("email", m.user.email)
        .end_object();
  return json_reply(req, http::status::created, std::move(w).str());
}

} // namespace upsync::sim
