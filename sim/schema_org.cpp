// Resolvers of organizations: companySelector, organization, staffs, clientOffers.
#include "sim/schema_support.hpp"

namespace upsync::sim::schema {

namespace {

struct kind_shape {
  const char* type;
  const char* legacy_type;
  bool client, vendor, agency, individual;
  const char* title;
};

// The table of docs/upwork-api.md: how each kind of organization shows.
kind_shape shape_of(org_kind kind) {
  switch (kind) {
  case org_kind::agency: return {"Business", "Vendor", false, true, true, false, "Agency"};
  case org_kind::client: return {"Business", "Client", true, false, false, false, "Client"};
  case org_kind::freelancer: return {"SoleProprietor", "Vendor", false, true, false, true, "Freelancer"};
  }
  return {"Business", "Client", true, false, false, false, "Client"};
}

constexpr std::size_t max_staffs_page = 100;

// null unless the control API gave the organization a photo.
result_value photo_of(const query_scope& scope, const org_record& o) {
  auto url = scope.quirks ? scope.quirks->photo_of(o.id) : std::nullopt;
  return url ? result_value{*url} : result_value{};
}
constexpr std::size_t max_offers_page = 50;

result_value staff_object(const member_record& m, const org_record& o) {
  return object_builder{"Staff"}
    .add("id", m.id)
    .add("user", user_object(m.user))
    .add("activationStatus", m.activation_status)
    .add("staffType", m.staff_type)
    .add("organization", org_ref(o))
    .build();
}

result_value resolve_staffs(const query_scope& scope, const org_record& o, const field_args& args, exec_context& ctx) {
  auto p = cursor_page(args, "pagination", 10, max_staffs_page, ctx);
  if (!p)
    return {};
  auto members = scope.w.data().members(o.index);
  std::vector<result_value> nodes;
  for (auto i = p->offset; i < members.size() && nodes.size() < p->size; ++i)
    nodes.push_back(staff_object(members[i], o));
  return connection("Staffs", members.size(), *p, std::move(nodes));
}

result_value resolve_client_offers(const query_scope& scope, const org_record& o, const field_args& args,
                                   exec_context& ctx) {
  auto p = cursor_page(args, "pagination", 10, max_offers_page, ctx);
  if (!p)
    return {};
  std::vector<std::uint32_t> ids;
  if (o.kind == org_kind::client)
    ids = scope.w.data().contracts_of(o.index);
  // Pending offers (sent, not accepted) follow the contracts: no contract yet, so their
  // contractDetails is null, as the real API answers.
  const std::size_t pending = scope.quirks && o.kind == org_kind::client ? scope.quirks->pending_offers_of(o.id) : 0;
  const std::size_t total = ids.size() + pending;
  std::vector<result_value> nodes;
  for (auto i = p->offset; i < total && nodes.size() < p->size; ++i) {
    if (i >= ids.size()) {
      nodes.push_back(object_builder{"Offer"}
                        .add("id", "pending-offer-" + std::to_string(i - ids.size() + 1))
                        .add("title", "Offer awaiting acceptance")
                        .add("status", "PENDING")
                        .add("contractDetails", result_value{})
                        .build());
      continue;
    }
    auto c = scope.w.data().contract(ids[i]);
    nodes.push_back(object_builder{"Offer"}
                      .add("id", c.id)
                      .add("title", c.title)
                      .add("status", to_string(c.status))
                      .add("contractDetails", contract_object(scope.w, c))
                      .build());
  }
  return connection("ClientOffers", total, *p, std::move(nodes));
}

} // namespace

result_value org_object(const query_scope& scope, const org_record& o) {
  auto shape = shape_of(o.kind);
  auto flag = object_builder{"OrganizationFlag"}
                .add("client", shape.client)
                .add("vendor", shape.vendor)
                .add("agency", shape.agency)
                .add("individual", shape.individual)
                .build();
  const query_scope* s = &scope;
  return object_builder{"Organization"}
    .add("id", o.id)
    .add("rid", o.rid)
    .add("legacyId", o.legacy_id)
    .add("name", o.name)
    .add("type", shape.type)
    .add("legacyType", shape.legacy_type)
    .add("flag", std::move(flag))
    .add("photoUrl", photo_of(scope, o))
    .add("typeTitle",
         result_value::deferred([s, title = std::string{shape.title}](const field_args&, exec_context& ctx) {
           if (!s->type_title_scope) {
             // Real tokens often lack this scope, and the whole query aborts.
             ctx.abort("The client or authentication token doesn't have enough oauth2 "
                       "permissions/scopes to access: [typeTitle].",
                       ctx.current);
             return result_value{};
           }
           return result_value{title};
         }))
    .add("staffs", result_value::deferred(
                     [s, o](const field_args& args, exec_context& ctx) { return resolve_staffs(*s, o, args, ctx); }))
    .add("clientOffers", result_value::deferred([s, o](const field_args& args, exec_context& ctx) {
           return resolve_client_offers(*s, o, args, ctx);
         }))
    .build();
}

result_value resolve_company_selector(const query_scope& scope) {
  std::vector<result_value> items;
  for (auto index : scope.reachable()) {
    auto o = scope.w.data().org(index);
    auto shape = shape_of(o.kind);
    items.push_back(object_builder{"CompanySelectorItem"}
                      .add("title", o.name)
                      .add("organizationId", o.id)
                      .add("organizationRid", o.rid)
                      .add("organizationType", shape.type)
                      .add("organizationLegacyType", shape.legacy_type)
                      .add("photoUrl", photo_of(scope, o))
                      .build());
  }
  return object_builder{"CompanySelector"}.add("items", std::move(items)).build();
}

} // namespace upsync::sim::schema
