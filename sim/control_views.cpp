// How the control API shows organizations and contracts, and its error answers.
#include "sim/control_views.hpp"

#include "common/json_writer.hpp"
#include "sim/civil_time.hpp"

namespace upsync::sim {

reply control_problem(const http_request& req, http::status status, const std::string& message) {
  json::writer w;
  w.begin_object().field("error", message).end_object();
  return json_reply(req, status, std::move(w).str());
}

void write_org_view(json::writer& w, const world& wd, const org_record& o, bool details) {
  const auto& d = wd.data();
  w.begin_object()
    .field("index", static_cast<std::int64_t>(o.index))
    .field("id", o.id)
    .field("rid", o.rid)
    .field("name", o.name)
    .field("kind", to_string(o.kind));
  if (!details) {
    w.end_object();
    return;
  }
  w.key("members").begin_array();
  for (const auto& m : d.members(o.index))
    w.begin_object()
      .field("id", m.id)
      .field("user_id", m.user.id)
      .field("name", m.user.name)
      .field("email", m.user.email)
      .field("activation_status", m.activation_status)
      .field("staff_type", m.staff_type)
      .end_object();
  w.end_array().key("contracts").begin_array();
  for (auto c : d.contracts_of(o.index))
    w.value(d.contract(c).id);
  w.end_array().end_object();
}

void write_contract_view(json::writer& w, const world& wd, const contract_record& c) {
  const auto& d = wd.data();
  w.begin_object()
    .field("index", static_cast<std::int64_t>(c.index))
    .field("id", c.id)
    .field("title", c.title)
    .field("status", to_string(c.status))
    .field("hourly", c.hourly)
    .field("start_date", format_iso_day(c.start_day))
    .key("end_date");
  c.end_day ? w.value(format_iso_day(*c.end_day)) : w.null();
  w.key("paused_from");
  c.paused_day ? w.value(format_iso_day(*c.paused_day)) : w.null();
  w.field("client_org", d.org(c.client_org).id)
    .field("vendor_org", d.org(c.vendor_org).id)
    .field("freelancer_id", c.freelancer.id)
    .field("freelancer_name", c.freelancer.name)
    .field("currency", c.currency)
    .key("rates")
    .begin_array();
  for (const auto& t : c.hourly_terms) {
    w.begin_object()
      .field("id", t.id)
      .field("rate", money_raw(t.rate_cents))
      .field("start_date", format_iso_day(t.start_day))
      .key("end_date");
    t.end_day ? w.value(format_iso_day(*t.end_day)) : w.null();
    w.end_object();
  }
  w.end_array().key("paused_periods").begin_array();
  for (const auto& p : c.off) {
    w.begin_object().field("from", format_iso_instant(p.from_ms)).key("to");
    p.to_ms ? w.value(format_iso_instant(*p.to_ms)) : w.null();
    w.end_object();
  }
  w.end_array().key("fixed_price").begin_array();
  for (const auto& t : c.fixed_terms)
    w.begin_object().field("id", t.id).field("amount", money_raw(t.amount_cents)).end_object();
  w.end_array().end_object();
}

} // namespace upsync::sim
