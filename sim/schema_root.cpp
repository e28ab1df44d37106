// The Query root of the simulated schema and the grant's reach.
#include "sim/schema_support.hpp"

#include <algorithm>

namespace upsync::sim {

bool query_scope::reaches(std::uint32_t org) const {
  if (org >= w.data().org_count())
    return false;
  return grant->orgs.empty() || std::binary_search(grant->orgs.begin(), grant->orgs.end(), org);
}

std::vector<std::uint32_t> query_scope::reachable() const {
  if (!grant->orgs.empty())
    return grant->orgs;
  std::vector<std::uint32_t> all(w.data().org_count());
  for (std::uint32_t i = 0; i < all.size(); ++i)
    all[i] = i;
  return all;
}

std::optional<std::uint32_t> default_org(const world& w, const grant_scope& grant) {
  if (w.data().org_count() == 0)
    return std::nullopt;
  return grant.primary;
}

gql::result_value make_query_root(const query_scope& scope) {
  using namespace schema;
  const query_scope* s = &scope;
  auto op = [s](result_value (*fn)(const query_scope&, const field_args&, exec_context&)) {
    return result_value::deferred([s, fn](const field_args& args, exec_context& ctx) { return fn(*s, args, ctx); });
  };
  return object_builder{"Query"}
    .add("companySelector",
         result_value::deferred([s](const field_args&, exec_context&) { return resolve_company_selector(*s); }))
    .add("organization", result_value::deferred([s](const field_args&, exec_context&) {
           return org_object(*s, s->w.data().org(s->tenant));
         }))
    .add("vendorContracts", op(resolve_vendor_contracts))
    .add("contractList", op(resolve_contract_list))
    .add("contractDetails", op(resolve_contract_details))
    .add("workDays", op(resolve_work_days))
    .add("workDiaryContract", op(resolve_work_diary))
    .add("contractTimeReport", op(resolve_time_report))
    .build();
}

} // namespace upsync::sim
