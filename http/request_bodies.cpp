#include "http/request_bodies.hpp"

#include "http/api_error.hpp"
#include "http/json_body.hpp"
#include "common/money.hpp"
#include "common/time_format.hpp"

#include <simdjson.h>

namespace upsync::http {

namespace {

constexpr std::size_t max_selected = 10000;
constexpr std::size_t max_organization_id_length = 64;

std::int64_t body_time(const json_body& body, std::string_view key) {
  auto text = body.string(key, 64);
  if (!text)
    throw invalid_request("is required", std::string{key});
  auto t = time_format::parse_rfc3339(*text);
  if (!t)
    throw invalid_request("must be an RFC 3339 time such as 2026-08-15T09:10:00Z", std::string{key});
  return *t;
}

/// A rate: absent -> nullopt; null -> holds nullopt; else normalized ("25.00").
std::optional<std::optional<std::string>> rate_field(const json_body& body, const std::string& key,
                                                     std::size_t max_length) {
  auto text = body.nullable_string(key, max_length);
  if (!text || !*text)
    return text;
  auto cents = money::parse_cents(**text);
  if (!cents)
    throw invalid_request("must be a decimal string like \"25.00\": at most two decimals, not negative", key);
  return std::optional<std::string>{money::format_cents(*cents)};
}

/// A nested object field: absent -> nullopt; null -> holds nullopt; an object -> its JSON
/// text, read with json_body like a body of its own. `body` has passed json_body already.
std::optional<std::optional<std::string>> nested_object(std::string_view body, const std::string& key) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, value;
  if (parser.parse(body.data(), body.size()).get(root) || root.at_key(key).get(value))
    return std::nullopt;
  if (value.is_null())
    return std::optional<std::string>{};
  if (!value.is_object())
    throw invalid_request("must be an object", key);
  return std::optional<std::string>{simdjson::minify(value)};
}

/// Reads a nested object's fields, naming them "outer.inner" in every refusal.
template <class Read>
auto read_nested(const std::string& key, const std::string& text, Read read) {
  try {
    json_body inner{text, true};
    return read(inner);
  } catch (const api_error& e) {
    throw api_error(e.status, e.code, e.what(), key + (e.field ? "." + *e.field : std::string{}));
  }
}

project_body project_fields(const json_body& body) {
  body.allow_only({"name", "client_name", "billable"});
  return project_body{body.required_string("name"), body.nullable_string("client_name").value_or(std::nullopt),
                      body.boolean("billable").value_or(false)};
}

} // namespace

bool plausible_email(std::string_view email) {
  auto at = email.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < email.size()
         && email.find('@', at + 1) == std::string_view::npos
         && email.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

member_body read_member_body(std::string_view text) {
  json_body body{text};
  body.allow_only({"name", "email", "role"});
  member_body m;
  m.name = body.required_string("name");
  m.email = body.required_string("email", 320);
  if (!plausible_email(m.email))
    throw invalid_request("not an email address", "email");
  auto role = storage::role_from_string(body.string("role", 20).value_or("member"));
  if (!role)
    throw invalid_request("must be member, manager or super_admin", "role");
  m.member_role = *role;
  return m;
}

domain::member_change read_member_patch_body(std::string_view text) {
  json_body body{text};
  body.allow_only({"role", "active"});
  domain::member_change change;
  if (auto role = body.string("role", 20)) {
    change.new_role = storage::role_from_string(*role);
    if (!change.new_role)
      throw invalid_request("must be member, manager or super_admin", "role");
  }
  change.active = body.boolean("active");
  if (!change.new_role && !change.active)
    throw invalid_request("nothing to change: give role or active");
  return change;
}

project_body read_project_body(std::string_view text) { return project_fields(json_body{text}); }

storage::project_store::project_patch read_project_patch_body(std::string_view text) {
  json_body body{text};
  body.allow_only({"name", "client_name", "billable", "archived"});
  storage::project_store::project_patch patch;
  patch.name = body.string("name");
  patch.client_name = body.nullable_string("client_name");
  patch.billable = body.boolean("billable");
  patch.archived = body.boolean("archived");
  if (!patch.name && !patch.client_name && !patch.billable && !patch.archived)
    throw invalid_request("nothing to change: give name, client_name, billable or archived");
  return patch;
}

interval_body read_interval_body(std::string_view text) {
  json_body body{text};
  body.allow_only({"member_id", "project_id", "started_at", "ended_at", "pay_rate", "bill_rate", "currency"});
  interval_body v;
  v.member_id = body.id("member_id").value_or(std::nullopt);
  v.project_id = body.id("project_id").value_or(std::nullopt);
  v.started_at = body_time(body, "started_at");
  v.ended_at = body_time(body, "ended_at");
  v.pay_rate = rate_field(body, "pay_rate", 32).value_or(std::nullopt);
  v.bill_rate = rate_field(body, "bill_rate", 32).value_or(std::nullopt);
  auto currency = body.nullable_string("currency", 3).value_or(std::nullopt);
  if (currency && !money::is_currency_code(*currency))
    throw invalid_request("must be a three-letter currency code such as USD", "currency");
  if (v.pay_rate || v.bill_rate)
    v.currency = currency.value_or("USD");
  else if (currency)
    throw invalid_request("a currency needs a pay_rate or bill_rate", "currency");
  return v;
}

interval_patch_body read_interval_patch_body(std::string_view text) {
  json_body body{text};
  body.allow_only({"started_at", "ended_at", "project_id"});
  interval_patch_body patch;
  if (body.has("started_at"))
    patch.started_at = body_time(body, "started_at");
  if (body.has("ended_at"))
    patch.ended_at = body_time(body, "ended_at");
  if (body.has("project_id"))
    patch.project_id = body.id("project_id").value_or(std::nullopt);
  if (!patch.started_at && !patch.ended_at && !patch.project_id)
    throw invalid_request("nothing to change: give started_at, ended_at or project_id");
  return patch;
}

std::set<std::string> read_account_selection(std::string_view text) {
  json_body body{text};
  body.allow_only({"selected"});
  if (!body.has("selected"))
    throw invalid_request("is required", "selected");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array list;
  if (parser.parse(text.data(), text.size()).get(root) || root.at_key("selected").get(list))
    throw invalid_request("must be an array of organization ids", "selected");
  if (list.size() > max_selected)
    throw invalid_request("too many organization ids", "selected");
  std::set<std::string> ids;
  for (auto item : list) {
    std::string_view id;
    if (item.get(id) || id.empty() || id.size() > max_organization_id_length)
      throw invalid_request("must be an array of organization ids", "selected");
    ids.emplace(id);
  }
  return ids;
}

user_mapping_body read_user_mapping_body(std::string_view text) {
  json_body body{text};
  body.allow_only({"member_id", "create_member", "sync"});
  user_mapping_body u;
  u.member_id = body.id("member_id");
  u.sync = body.boolean("sync");
  if (auto nested = nested_object(text, "create_member")) {
    u.create_member.emplace();
    if (*nested)
      u.create_member->emplace(read_nested("create_member", **nested, [](const json_body& b) {
        b.allow_only({"name", "email"});
        user_mapping_body::new_member m{b.required_string("name"), b.required_string("email", 320)};
        if (!plausible_email(m.email))
          throw invalid_request("not an email address", "email");
        return m;
      }));
  }
  if (u.member_id && *u.member_id && u.create_member && *u.create_member)
    throw invalid_request("give member_id or create_member, not both", "create_member");
  return u;
}

contract_mapping_body read_contract_mapping_body(std::string_view text) {
  json_body body{text};
  body.allow_only(
    {"project_id", "create_project", "pay_rate", "bill_rate", "sync", "upwork_rate_override", "effective_from"});
  contract_mapping_body c;
  c.project_id = body.id("project_id");
  c.sync = body.boolean("sync");
  for (const char* side : {"pay", "bill"})
    if (auto r = rate_field(body, std::string{side} + "_rate", 20))
      c.rates[side] = *r;
  c.upwork_rate_override = rate_field(body, "upwork_rate_override", 20);
  if (auto from = body.string("effective_from", 10)) {
    c.effective_from = time_format::parse_date(*from);
    if (!c.effective_from)
      throw invalid_request("must be a date such as 2026-08-15", "effective_from");
    if (c.rates.empty() && !c.upwork_rate_override)
      throw invalid_request("effective_from dates a rate: send pay_rate, bill_rate or upwork_rate_override with it",
                            "effective_from");
  }
  if (auto nested = nested_object(text, "create_project"); nested && *nested)
    c.create_project = read_nested("create_project", **nested, project_fields);
  if (c.project_id && *c.project_id && c.create_project)
    throw invalid_request("give project_id or create_project, not both", "create_project");
  return c;
}

void read_empty_body(std::string_view text) {
  json_body body{text, true};
  body.allow_only({});
}

} // namespace upsync::http
