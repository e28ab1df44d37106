// Parsers for ContractDetails and the four contract operations.
#include "protocol/upwork/graphql_response.hpp"
#include "protocol/upwork/parse_common.hpp"
#include "protocol/upwork/parsers.hpp"

#include <algorithm>
#include <cctype>

namespace upsync::upwork {
namespace detail {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;
using scope = json_in::reader::scope;

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

contract_status read_status(json_in::reader& r, object o) {
  auto e = r.require(o, "status");
  scope s{r, "status"};
  const std::string v = upper(r.string(e));
  if (v == "ACTIVE")
    return contract_status::active;
  if (v == "PAUSED")
    return contract_status::paused;
  if (v == "CLOSED" || v == "ENDED")
    return contract_status::closed;
  r.fail("expected ACTIVE, PAUSED or CLOSED, got \"" + v.substr(0, 40) + "\"");
}

org_ref read_org_ref(json_in::reader& r, element e) {
  auto o = r.object(e);
  return org_ref{r.required(o, "id", &json_in::reader::id), r.optional_string(o, "name")};
}

hourly_term read_hourly_term(json_in::reader& r, element e) {
  auto o = r.object(e);
  hourly_term t;
  t.id = r.optional_lenient(o, "id", &json_in::reader::id).value_or(std::string{});
  {
    auto rate = r.require(o, "hourlyRate");
    scope s{r, "hourlyRate"};
    t.hourly_rate = read_money(r, rate);
  }
  if (auto d = json_in::reader::get(o, "startDate")) {
    scope s{r, "startDate"};
    t.start_date = read_day(r, *d);
  }
  if (auto d = json_in::reader::get(o, "endDate")) {
    scope s{r, "endDate"};
    t.end_date = read_day(r, *d);
  }
  t.manual_time_allowed = r.optional_lenient(o, "manualTimeAllowed", &json_in::reader::boolean);
  return t;
}

/// Reads `terms`; returns whether fixed-price terms were present.
bool read_terms(json_in::reader& r, element e, std::vector<hourly_term>& hourly) {
  auto o = r.object(e);
  if (auto h = json_in::reader::get(o, "hourlyTerms")) {
    scope s{r, "hourlyTerms"};
    if (h->type() == element_type::OBJECT) {
      hourly.push_back(read_hourly_term(r, *h)); // a single term instead of a list
    } else {
      // Never partial: a rate history with a hole would price hours wrongly, so a broken
      // term fails the whole contract.
      for_each_item_strict(r, r.array(*h), [&](element item) { hourly.push_back(read_hourly_term(r, item)); });
    }
  }
  bool fixed = false;
  if (auto f = json_in::reader::get(o, "fixedPriceTerms")) {
    scope s{r, "fixedPriceTerms"};
    if (f->type() == element_type::ARRAY)
      fixed = r.array(*f).size() > 0;
    else if (f->type() == element_type::OBJECT)
      fixed = true;
    else
      r.fail(std::string{"expected object or array, got "} + json_in::type_name(f->type()));
  }
  return fixed;
}

std::optional<contract_kind> kind_from_text(const std::string& text) {
  const std::string v = upper(text);
  if (v.find("HOURLY") != std::string::npos)
    return contract_kind::hourly;
  if (v.find("FIXED") != std::string::npos)
    return contract_kind::fixed_price;
  return std::nullopt;
}

} // namespace

contract read_contract(json_in::reader& r, element e) {
  auto o = r.object(e);
  contract c;
  c.id = r.required(o, "id", &json_in::reader::id);
  c.title = r.optional_string(o, "title");
  c.status = read_status(r, o);
  c.delivery_model = r.optional_string(o, "deliveryModel");
  const std::string kind_text = r.optional_string(o, "kind");
  if (auto v = json_in::reader::get(o, "createDate")) {
    scope s{r, "createDate"};
    c.create_date = read_instant(r, *v);
  }
  if (auto v = json_in::reader::get(o, "modifyDate")) {
    scope s{r, "modifyDate"};
    c.modify_date = read_instant(r, *v);
  }
  if (auto v = json_in::reader::get(o, "startDate")) {
    scope s{r, "startDate"};
    c.start_date = read_day(r, *v);
  }
  if (auto v = json_in::reader::get(o, "endDate")) {
    scope s{r, "endDate"};
    c.end_date = read_day(r, *v);
  }
  if (auto v = json_in::reader::get(o, "freelancer")) {
    scope s{r, "freelancer"};
    c.freelancer = read_person(r, *v);
  }
  if (auto v = json_in::reader::get(o, "clientOrganization")) {
    scope s{r, "clientOrganization"};
    c.client_organization = read_org_ref(r, *v);
  }
  if (auto v = json_in::reader::get(o, "vendorOrganization")) {
    scope s{r, "vendorOrganization"};
    c.vendor_organization = read_org_ref(r, *v);
  }
  if (auto v = json_in::reader::get(o, "terms")) {
    scope s{r, "terms"};
    c.has_fixed_price_terms = read_terms(r, *v, c.hourly_terms);
  }
  // Terms say it best (spec: a fixed-price contract has fixedPriceTerms and no hourly
  // terms); the model names decide when terms were not sent.
  if (!c.hourly_terms.empty())
    c.kind = contract_kind::hourly;
  else if (c.has_fixed_price_terms)
    c.kind = contract_kind::fixed_price;
  else if (auto k = kind_from_text(c.delivery_model))
    c.kind = *k;
  else if (auto k2 = kind_from_text(kind_text))
    c.kind = *k2;
  else
    r.fail("cannot tell hourly from fixed-price: no terms, deliveryModel or kind");
  // Rate history in effective order: open start first, then by start day.
  std::stable_sort(c.hourly_terms.begin(), c.hourly_terms.end(), [](const hourly_term& a, const hourly_term& b) {
    if (!a.start_date || !b.start_date)
      return !a.start_date && b.start_date;
    return *a.start_date < *b.start_date;
  });
  return c;
}

} // namespace detail

using detail::read_contract;
using simdjson::dom::element;
using simdjson::dom::object;
using scope = json_in::reader::scope;

result<contract_offset_page> parse_vendor_contracts_page(std::string_view body) {
  return parse_graphql<contract_offset_page>(body, [](json_in::reader& r, object data, bool partial) {
    contract_offset_page p;
    auto vc_el = r.require(data, "vendorContracts");
    scope s{r, "vendorContracts"};
    auto vc = r.object(vc_el);
    if (auto paging = json_in::reader::get(vc, "paging")) {
      scope ps{r, "paging"};
      auto po = r.object(*paging);
      p.limit = r.optional_lenient(po, "limit", &json_in::reader::integer).value_or(0);
      p.offset = r.optional_lenient(po, "offset", &json_in::reader::integer).value_or(0);
    }
    if (auto list = r.list(vc, "contracts")) {
      scope cs{r, "contracts"};
      for_each_item(r, r.array(*list), partial, [&](element e) { p.contracts.push_back(read_contract(r, e)); });
    }
    return p;
  });
}

result<page<contract>> parse_client_offers_page(std::string_view body) {
  return parse_graphql<page<contract>>(body, [](json_in::reader& r, object data, bool partial) {
    page<contract> p;
    auto org_el = r.require(data, "organization");
    scope s{r, "organization"};
    auto org = r.object(org_el);
    auto conn_el = r.require(org, "clientOffers");
    scope cs{r, "clientOffers"};
    auto conn = r.object(conn_el);
    detail::read_connection(r, conn, partial, p, [&](element node_el) {
      auto node = r.object(node_el);
      // A pending offer (sent, not yet accepted) has no contract yet: contractDetails is
      // null, and the entry is skipped like any other unusable one.
      auto details = r.require(node, "contractDetails");
      scope ds{r, "contractDetails"};
      return read_contract(r, details);
    });
    return p;
  });
}

result<contract> parse_contract_details(std::string_view body) {
  return parse_graphql<contract>(body, [](json_in::reader& r, object data, bool partial) {
    auto e = r.require(data, "contractDetails");
    scope s{r, "contractDetails"};
    (void)partial;
    return read_contract(r, e);
  });
}

result<std::vector<contract>> parse_contract_list(std::string_view body) {
  return parse_graphql<std::vector<contract>>(body, [](json_in::reader& r, object data, bool partial) {
    std::vector<contract> out;
    auto list_el = r.require(data, "contractList");
    scope s{r, "contractList"};
    auto list = r.object(list_el);
    if (auto contracts = r.list(list, "contracts")) {
      scope cs{r, "contracts"};
      for_each_item(r, r.array(*contracts), partial, [&](element e) { out.push_back(read_contract(r, e)); });
    }
    return out;
  });
}

} // namespace upsync::upwork
