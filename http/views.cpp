#include "http/views.hpp"

#include "common/time_format.hpp"

namespace upsync::http::views {

namespace {

void id_or_null(json::writer& w, std::string_view key, const std::optional<storage::db_id>& id) {
  w.key(key);
  if (id)
    w.value(std::to_string(*id));
  else
    w.null();
}

} // namespace

void write(json::writer& w, const storage::member_record& m) {
  w.begin_object()
    .field("id", std::to_string(m.id))
    .field("name", m.name)
    .field("email", m.email)
    .field("role", storage::to_string(m.member_role))
    .field("active", m.active)
    .end_object();
}

void write(json::writer& w, const storage::workspace_record& ws) {
  w.begin_object()
    .field("id", std::to_string(ws.id))
    .field("name", ws.name)
    .field("timezone", ws.timezone)
    .end_object();
}

void write(json::writer& w, const storage::project_record& p) {
  w.begin_object().field("id", std::to_string(p.id)).field("name", p.name);
  w.key("client_name").value_or_null(p.client_name);
  w.field("billable", p.billable).field("archived", p.archived).end_object();
}

void time_or_null(json::writer& w, std::string_view key, const std::optional<std::int64_t>& t) {
  w.key(key);
  if (t)
    w.value(time_format::format_rfc3339(*t));
  else
    w.null();
}

void write(json::writer& w, const storage::workspace_store::token_record& t) {
  w.begin_object().field("id", std::to_string(t.id)).field("created_at", time_format::format_rfc3339(t.created_at));
  w.key("revoked_at");
  if (t.revoked_at)
    w.value(time_format::format_rfc3339(*t.revoked_at));
  else
    w.null();
  w.end_object();
}

void write(json::writer& w, const storage::interval_record& i) {
  w.begin_object().field("id", std::to_string(i.id)).field("member_id", std::to_string(i.member_id));
  id_or_null(w, "project_id", i.project_id);
  w.field("started_at", time_format::format_rfc3339(i.started_at))
    .field("ended_at", time_format::format_rfc3339(i.ended_at))
    .field("seconds", i.seconds);
  w.key("pay_rate").value_or_null(i.pay_rate);
  w.key("bill_rate").value_or_null(i.bill_rate);
  w.key("currency").value_or_null(i.currency);
  w.field("source", i.source);
  w.key("upwork_contract_id").value_or_null(i.upwork_contract_id);
  w.end_object();
}

} // namespace upsync::http::views
