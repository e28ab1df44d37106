// Shared building blocks of the schema resolvers.
#include "sim/schema_support.hpp"

#include "sim/civil_time.hpp"
#include "sim/url_codec.hpp"

namespace upsync::sim::schema {

const gql::value* value_at(const field_args& args, std::initializer_list<const char*> path) {
  const gql::value* v = nullptr;
  bool first = true;
  for (const char* name : path) {
    v = first ? args.get(name) : (v && v->type == gql::value::kind::object ? v->field(name) : nullptr);
    first = false;
    if (!v)
      return nullptr;
  }
  return v;
}

std::optional<std::string> text_at(const field_args& args, std::initializer_list<const char*> path) {
  const auto* v = value_at(args, path);
  return v ? v->as_text() : std::nullopt;
}

std::vector<std::string> texts_of(const gql::value* list) {
  std::vector<std::string> out;
  if (!list)
    return out;
  if (list->type != gql::value::kind::list) { // GraphQL coerces a single value to a list
    if (auto t = list->as_text())
      out.push_back(*t);
    return out;
  }
  for (const auto& item : list->items)
    if (auto t = item.as_text())
      out.push_back(*t);
  return out;
}

std::string encode_cursor(std::size_t index) { return base64_encode("arrayconnection:" + std::to_string(index)); }

std::optional<page> cursor_page(const field_args& args, const char* arg_name, std::size_t default_first,
                                std::size_t max_first, exec_context& ctx) {
  page p;
  p.size = default_first;
  const auto* pagination = args.get(arg_name);
  if (!pagination || pagination->is_null())
    return p;
  if (const auto* first = pagination->field("first"); first && !first->is_null()) {
    auto n = first->as_integer();
    if (!n || *n <= 0) {
      ctx.validation_error("Argument '" + std::string{arg_name} + ".first' must be a positive Int", ctx.current);
      return std::nullopt;
    }
    p.size = std::min<std::size_t>(static_cast<std::size_t>(*n), max_first);
  }
  if (const auto* after = pagination->field("after"); after && !after->is_null()) {
    auto text = after->as_text();
    auto raw = text ? base64_decode(*text) : std::nullopt;
    const std::string prefix = "arrayconnection:";
    if (!raw || raw->compare(0, prefix.size(), prefix) != 0 || raw->size() == prefix.size()
        || raw->find_first_not_of("0123456789", prefix.size()) != std::string::npos) {
      ctx.validation_error("Invalid cursor in '" + std::string{arg_name} + ".after'", ctx.current);
      return std::nullopt;
    }
    p.offset = static_cast<std::size_t>(std::stoull(raw->substr(prefix.size()))) + 1;
  }
  return p;
}

result_value connection(const std::string& type, std::size_t total, const page& p, std::vector<result_value> nodes) {
  std::vector<result_value> edges;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    edges.push_back(object_builder{type + "Edge"}
                      .add("cursor", encode_cursor(p.offset + i))
                      .add("node", std::move(nodes[i]))
                      .build());
  auto end = p.offset + edges.size();
  result_value end_cursor = edges.empty() ? result_value{} : result_value{encode_cursor(end - 1)};
  result_value start_cursor = edges.empty() ? result_value{} : result_value{encode_cursor(p.offset)};
  auto page_info = object_builder{"PageInfo"}
                     .add("endCursor", end_cursor)
                     .add("hasNextPage", end < total)
                     .add("startCursor", start_cursor)
                     .add("hasPreviousPage", p.offset > 0)
                     .build();
  return object_builder{type + "Connection"}
    .add("totalCount", static_cast<std::int64_t>(total))
    .add("edges", std::move(edges))
    .add("pageInfo", std::move(page_info))
    .build();
}

result_value money(std::int64_t cents, const std::string& currency) {
  return object_builder{"Money"}
    .add("rawValue", money_raw(cents))
    .add("currency", currency)
    .add("displayValue", money_display(cents, currency))
    .build();
}

result_value user_object(const user_record& u) {
  return object_builder{"GenericUser"}
    .add("id", u.id)
    .add("rid", u.rid)
    .add("name", u.name)
    .add("email", u.email)
    .build();
}

result_value org_ref(const org_record& o) {
  return object_builder{"Organization"}.add("id", o.id).add("rid", o.rid).add("name", o.name).build();
}

namespace {

result_value day_or_null(const std::optional<std::int64_t>& day) {
  return day ? result_value{format_iso_day(*day)} : result_value{};
}

result_value terms_object(const contract_record& c) {
  std::vector<result_value> hourly;
  for (const auto& t : c.hourly_terms)
    hourly.push_back(object_builder{"HourlyContractTerm"}
                       .add("id", t.id)
                       .add("hourlyRate", money(t.rate_cents, c.currency))
                       .add("startDate", format_iso_day(t.start_day))
                       .add("endDate", day_or_null(t.end_day))
                       .add("manualTimeAllowed", t.manual_time_allowed)
                       .build());
  std::vector<result_value> fixed;
  for (const auto& t : c.fixed_terms)
    fixed.push_back(object_builder{"FixedPriceContractTerm"}
                      .add("id", t.id)
                      .add("fixedAmount", money(t.amount_cents, c.currency))
                      .add("startDate", format_iso_day(t.start_day))
                      .add("endDate", day_or_null(t.end_day))
                      .build());
  return object_builder{"ContractTerms"}
    .add("hourlyTerms", std::move(hourly))
    .add("fixedPriceTerms", std::move(fixed))
    .build();
}

} // namespace

result_value contract_object(const world& w, const contract_record& c, bool with_terms) {
  const auto& d = w.data();
  const char* model = c.hourly ? "HOURLY" : "FIXED_PRICE";
  return object_builder{"ContractDetails"}
    .add("id", c.id)
    .add("title", c.title)
    .add("status", to_string(c.status))
    .add("deliveryModel", model)
    .add("kind", model)
    .add("createDate", format_iso_instant(c.create_ms))
    .add("modifyDate", format_iso_instant(c.modify_ms))
    .add("startDate", format_iso_day(c.start_day))
    .add("endDate", day_or_null(c.end_day))
    .add("freelancer", user_object(c.freelancer))
    .add("clientOrganization", org_ref(d.org(c.client_org)))
    .add("vendorOrganization", org_ref(d.org(c.vendor_org)))
    .add("terms", with_terms ? terms_object(c) : result_value{})
    .build();
}

std::vector<contract_record> contracts_of(const query_scope& scope, std::uint32_t org) {
  std::vector<contract_record> out;
  if (!scope.reaches(org))
    return out;
  for (auto index : scope.w.data().contracts_of(org))
    out.push_back(scope.w.data().contract(index));
  return out;
}

} // namespace upsync::sim::schema
