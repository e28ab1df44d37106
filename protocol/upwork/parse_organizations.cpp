// Parsers for companySelector, organization and its staffs connection.
#include "protocol/upwork/graphql_response.hpp"
#include "protocol/upwork/parse_common.hpp"
#include "protocol/upwork/parsers.hpp"

namespace upsync::upwork {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;
using scope = json_in::reader::scope;

org_flags read_flags(json_in::reader& r, element e) {
  auto o = r.object(e);
  org_flags f;
  f.client = r.optional_lenient(o, "client", &json_in::reader::boolean);
  f.vendor = r.optional_lenient(o, "vendor", &json_in::reader::boolean);
  f.agency = r.optional_lenient(o, "agency", &json_in::reader::boolean);
  f.individual = r.optional_lenient(o, "individual", &json_in::reader::boolean);
  return f;
}

staff_member read_staff_node(json_in::reader& r, element node_el) {
  auto node = r.object(node_el);
  staff_member m;
  m.staff_id = r.optional_lenient(node, "id", &json_in::reader::id).value_or(std::string{});
  {
    // The membership id is not the person: the person is user.id.
    auto user = r.require(node, "user");
    scope us{r, "user"};
    m.user = detail::read_person(r, user);
  }
  // Numeric codes nobody decides on: an odd one reads as absent.
  m.activation_status = r.optional_lenient(node, "activationStatus", &json_in::reader::integer);
  m.staff_type = r.optional_lenient(node, "staffType", &json_in::reader::integer);
  return m;
}

// A picture the console may show: an http(s) URL of sane length, else none (a missing,
// empty or odd photo is no reason to fail; a `javascript:` one must never reach a page).
std::optional<std::string> photo_url(std::optional<std::string> given) {
  if (!given || given->size() > 2048)
    return std::nullopt;
  if (given->rfind("https://", 0) != 0 && given->rfind("http://", 0) != 0)
    return std::nullopt;
  for (char c : *given)
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>')
      return std::nullopt;
  return given;
}

} // namespace

result<std::vector<company_selector_item>> parse_company_selector(std::string_view body) {
  return parse_graphql<std::vector<company_selector_item>>(body, [](json_in::reader& r, object data, bool partial) {
    std::vector<company_selector_item> out;
    auto cs_el = r.require(data, "companySelector");
    scope s{r, "companySelector"};
    auto cs = r.object(cs_el);
    auto items = r.list(cs, "items");
    if (!items)
      return out;
    scope is{r, "items"};
    for_each_item(r, r.array(*items), partial, [&](element e) {
      auto o = r.object(e);
      company_selector_item it;
      it.organization_id = r.required(o, "organizationId", &json_in::reader::id);
      it.organization_rid = r.optional_lenient(o, "organizationRid", &json_in::reader::id).value_or(std::string{});
      it.title = r.optional_string(o, "title");
      it.type = r.optional_string(o, "organizationType");
      it.legacy_type = r.optional_string(o, "organizationLegacyType");
      it.kind = decide_org_kind(std::nullopt, it.type, it.legacy_type);
      it.photo_url = photo_url(r.optional_lenient(o, "photoUrl", &json_in::reader::string));
      out.push_back(std::move(it));
    });
    return out;
  });
}

result<organization> parse_organization(std::string_view body) {
  return parse_graphql<organization>(body, [](json_in::reader& r, object data, bool) {
    auto org_el = r.require(data, "organization");
    scope s{r, "organization"};
    auto o = r.object(org_el);
    organization org;
    org.id = r.required(o, "id", &json_in::reader::id);
    org.rid = r.optional_lenient(o, "rid", &json_in::reader::id).value_or(std::string{});
    org.legacy_id = r.optional_lenient(o, "legacyId", &json_in::reader::id).value_or(std::string{});
    org.name = r.optional_string(o, "name");
    org.type = r.optional_string(o, "type");
    org.legacy_type = r.optional_string(o, "legacyType");
    if (auto f = json_in::reader::get(o, "flag")) {
      scope fs{r, "flag"};
      org.flag = read_flags(r, *f);
    }
    org.kind = decide_org_kind(org.flag, org.type, org.legacy_type);
    return org;
  });
}

result<page<staff_member>> parse_staffs_page(std::string_view body) {
  return parse_graphql<page<staff_member>>(body, [](json_in::reader& r, object data, bool partial) {
    page<staff_member> p;
    auto org_el = r.require(data, "organization");
    scope s{r, "organization"};
    auto org = r.object(org_el);
    auto conn_el = r.require(org, "staffs");
    scope ss{r, "staffs"};
    auto conn = r.object(conn_el);
    detail::read_connection(r, conn, partial, p, [&](element node) { return read_staff_node(r, node); });
    return p;
  });
}

} // namespace upsync::upwork
