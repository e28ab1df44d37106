// Resolvers of contracts: vendorContracts (offset paging), contractList, contractDetails.
#include "sim/schema_support.hpp"

#include <algorithm>

namespace upsync::sim::schema {

namespace {

constexpr long long max_vendor_page = 100;

std::optional<std::uint32_t> visible_contract(const query_scope& scope, const std::string& id) {
  auto index = scope.w.data().find_contract(id);
  if (!index)
    return std::nullopt;
  if (!scope.sees(scope.w.data().contract(*index)))
    return std::nullopt;
  return index;
}

} // namespace

result_value resolve_vendor_contracts(const query_scope& scope, const field_args& args, exec_context& ctx) {
  const auto& d = scope.w.data();
  std::uint32_t vendor = scope.tenant;
  if (auto id = text_at(args, {"filter", "vendorId"})) {
    auto found = d.find_org(*id);
    if (!found || !scope.reaches(*found)) {
      ctx.field_error("Vendor " + *id + " not found or not accessible", ctx.current, "DataFetchingException");
      return {};
    }
    vendor = *found;
  }
  auto statuses = texts_of(value_at(args, {"filter", "contractStatuses"}));
  bool add_terms = true;
  if (const auto* v = value_at(args, {"options", "addTerms"}))
    add_terms = v->as_bool().value_or(true);
  long long limit = 10, offset = 0;
  if (const auto* v = value_at(args, {"paging", "limit"}))
    limit = v->as_integer().value_or(-1);
  if (const auto* v = value_at(args, {"paging", "offset"}))
    offset = v->as_integer().value_or(-1);
  if (limit <= 0 || offset < 0) {
    ctx.validation_error("paging.limit must be positive and paging.offset not negative", ctx.current);
    return {};
  }
  limit = std::min(limit, max_vendor_page);

  std::vector<result_value> contracts;
  std::int64_t total = 0;
  if (d.org(vendor).kind != org_kind::client) {
    for (auto index : d.contracts_of(vendor)) {
      auto c = d.contract(index);
      if (c.vendor_org != vendor)
        continue;
      if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), to_string(c.status)) == statuses.end())
        continue;
      if (total >= offset && total < offset + limit)
        contracts.push_back(contract_object(scope.w, c, add_terms));
      ++total;
    }
  }
  return object_builder{"VendorContracts"}
    .add("paging", object_builder{"Paging"}
                     .add("limit", static_cast<std::int64_t>(limit))
                     .add("offset", static_cast<std::int64_t>(offset))
                     .add("total", total)
                     .add("count", static_cast<std::int64_t>(contracts.size()))
                     .build())
    .add("contracts", std::move(contracts))
    .build();
}

result_value resolve_contract_list(const query_scope& scope, const field_args& args, exec_context& ctx) {
  const auto* ids = args.get("ids");
  if (!ids) {
    ctx.validation_error("Missing field argument 'ids'", ctx.current);
    return {};
  }
  std::vector<result_value> contracts;
  for (const auto& id : texts_of(ids))
    if (auto index = visible_contract(scope, id))
      contracts.push_back(contract_object(scope.w, scope.w.data().contract(*index)));
  return object_builder{"ContractList"}.add("contracts", std::move(contracts)).build();
}

result_value resolve_contract_details(const query_scope& scope, const field_args& args, exec_context& ctx) {
  auto id = text_at(args, {"id"});
  if (!id) {
    ctx.validation_error("Missing field argument 'id'", ctx.current);
    return {};
  }
  auto index = visible_contract(scope, *id);
  if (!index) {
    ctx.field_error("Contract " + *id + " not found", ctx.current, "DataFetchingException");
    return {};
  }
  return contract_object(scope.w, scope.w.data().contract(*index));
}

} // namespace upsync::sim::schema
