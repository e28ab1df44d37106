// Discovery into rows (see upwork_discovery_writer.hpp): every upsert keeps mappings.
#include "storage/upwork_discovery_writer.hpp"

#include "domain/name_match.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/workspace_store.hpp"

#include <map>
#include <set>
#include <string>

namespace upsync::storage {

namespace {

namespace store = upwork_store;

bool vendor_side(domain::organization_kind kind) {
  return kind == domain::organization_kind::agency || kind == domain::organization_kind::freelancer;
}

const char* status_word(domain::contract_status s) {
  switch (s) {
  case domain::contract_status::paused: return "paused";
  case domain::contract_status::closed: return "closed";
  default: return "active";
  }
}

// The schema accepts ISO codes only; a missing or odd one must not abort the transaction.
std::string currency_of(const std::string& given) {
  bool iso = given.size() == 3;
  for (char c : given)
    iso = iso && c >= 'A' && c <= 'Z';
  return iso ? given : "USD";
}

// A rate the schema would refuse (negative) is no rate at all.
std::optional<std::string> rate_text(const domain::decimal& amount) {
  if (amount < domain::decimal{0, 0})
    return std::nullopt;
  return amount.to_string();
}

store::upwork_user_discovery user_of(const std::string& organization_id, const domain::person& p) {
  store::upwork_user_discovery u;
  u.organization_id = organization_id;
  u.upwork_user_id = p.id;
  u.name = p.name.empty() ? p.id : p.name;
  if (!p.email.empty())
    u.email = p.email;
  return u;
}

// The people of one organization: its staff and every freelancer on its contracts (a
// contract's freelancer must be a user of the organization that holds the contract).
std::map<std::string, domain::person> people_of(const domain::organization_snapshot& org) {
  std::map<std::string, domain::person> people;
  for (const auto& p : org.staff)
    if (!p.id.empty())
      people.emplace(p.id, p);
  for (const auto& c : org.contracts)
    if (c.freelancer && !c.freelancer->id.empty())
      people.emplace(c.freelancer->id, *c.freelancer);
  return people;
}

std::vector<store::rate_step> rate_history(const domain::contract& c) {
  std::vector<store::rate_step> steps;
  for (const auto& term : c.hourly_terms) {
    // An open start means "since the contract began" (or since ever).
    std::int64_t from = term.start_date ? term.start_date->days_since_epoch()
                        : c.start_date  ? c.start_date->days_since_epoch()
                                        : 0;
    steps.push_back({from, rate_text(term.hourly_rate.amount), currency_of(term.hourly_rate.currency)});
  }
  return steps;
}

store::contract_discovery contract_of(const domain::contract& c, const std::string& owner, std::int64_t today) {
  store::contract_discovery d;
  d.id = c.id;
  d.organization_id = owner;
  d.upwork_user_id = c.freelancer->id;
  d.title = c.title.empty() ? c.id : c.title;
  if (c.client_organization && !c.client_organization->name.empty())
    d.client_name = c.client_organization->name;
  d.status = status_word(c.status);
  d.kind = c.kind == domain::contract_kind::hourly ? "hourly" : "fixed";
  if (d.kind == "hourly" && !c.hourly_terms.empty()) {
    const auto* now = c.rate_on(domain::date::from_days_since_epoch(today));
    const auto& term = now ? *now : c.hourly_terms.back();
    d.upwork_rate = rate_text(term.hourly_rate.amount);
    d.currency = currency_of(term.hourly_rate.currency);
  }
  return d;
}

// Automatic matching (F5) for the users seen for the first time: a suggestion always; the
// mapping itself only for an exact, uncontested match on a member nobody else holds or was
// offered, so no two Upwork users ever land on one member silently.
void suggest_members(pqxx::transaction_base& tx, db_id workspace_id, const std::set<std::string>& organizations,
                     const std::set<std::pair<std::string, std::string>>& known_before) {
  std::vector<domain::name_match::candidate> members;
  for (const auto& m : workspace_store::list_members(tx, workspace_id))
    members.push_back({m.id, m.name, m.email});
  if (members.empty())
    return;
  // Member -> the Upwork people already holding or offered it (one person may sit in
  // several organizations under the same id: that is no conflict).
  std::map<db_id, std::set<std::string>> claimed;
  std::map<std::string, std::vector<store::upwork_user_record>> users;
  for (const auto& org : organizations) {
    users[org] = store::list_users(tx, workspace_id, org);
    for (const auto& u : users[org])
      for (const auto& id : {u.mapping.member_id, u.mapping.suggested_member_id})
        if (id && known_before.count({org, u.upwork_user_id}))
          claimed[*id].insert(u.upwork_user_id);
  }
  for (const auto& org : organizations) {
    std::vector<store::upwork_user_record> fresh;
    std::vector<domain::name_match::person> people;
    for (const auto& u : users[org])
      if (!known_before.count({org, u.upwork_user_id}) && !u.mapping.member_id && !u.mapping.locked) {
        fresh.push_back(u);
        people.push_back({u.name, u.email.value_or("")});
      }
    auto suggestions = domain::name_match::suggest(people, members);
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      const auto& s = suggestions[i];
      if (!s.member_id)
        continue;
      auto mapping = fresh[i].mapping;
      mapping.suggested_member_id = s.member_id;
      mapping.match = domain::name_match::to_string(s.match);
      auto& holders = claimed[*s.member_id];
      bool taken = holders.size() > (holders.count(fresh[i].upwork_user_id) ? 1u : 0u);
      if (s.match == domain::name_match::quality::exact && !s.contested && !taken) {
        mapping.member_id = s.member_id;
        mapping.sync = true; // mapping a person means syncing them, as choosing a project does
      }
      holders.insert(fresh[i].upwork_user_id);
      store::update_user_mapping(tx, workspace_id, org, fresh[i].upwork_user_id, mapping);
    }
  }
}

} // namespace

discovery_counts save_discovery(pqxx::transaction_base& tx, db_id workspace_id, db_id connection_id,
                                const std::vector<domain::organization_snapshot>& found, std::int64_t today,
                                std::optional<std::int64_t> now) {
  discovery_counts counts;
  // Who was here before this discovery: only newcomers are matched automatically, so a
  // mapping the manager removed is never put back.
  std::set<std::pair<std::string, std::string>> known_before;
  std::set<std::string> touched;
  for (const auto& o : store::list_organizations(tx, workspace_id))
    for (const auto& u : store::list_users(tx, workspace_id, o.id))
      known_before.emplace(o.id, u.upwork_user_id);

  // Organizations and their people first: contracts refer to both.
  for (const auto& org : found) {
    auto people = people_of(org);
    store::organization_discovery d;
    d.id = org.id;
    d.connection_id = connection_id;
    if (!org.rid.empty())
      d.rid = org.rid;
    d.name = org.name.empty() ? org.id : org.name;
    d.type = domain::to_string(org.kind);
    d.avatar_url = org.avatar_url;
    d.avatar_known = org.photo_known;
    d.users_count = static_cast<std::int32_t>(people.size());
    d.contracts_count = static_cast<std::int32_t>(org.contracts.size());
    store::upsert_organization(tx, workspace_id, d);
    ++counts.organizations;
    touched.insert(org.id);
    for (const auto& [id, person] : people) {
      store::upsert_user(tx, workspace_id, user_of(org.id, person));
      ++counts.users;
    }
  }

  // Each contract once, under the organization that holds it (see the header).
  struct choice {
    const domain::contract* contract;
    const domain::organization_snapshot* org;
  };
  std::map<std::string, choice> owners;
  for (const auto& org : found)
    for (const auto& c : org.contracts) {
      if (c.id.empty() || !c.freelancer || c.freelancer->id.empty())
        continue; // nobody to map the time to
      auto [it, fresh] = owners.emplace(c.id, choice{&c, &org});
      if (!fresh && !vendor_side(it->second.org->kind) && vendor_side(org.kind))
        it->second = choice{&c, &org};
    }
  for (const auto& [id, chosen] : owners) {
    std::string owner = chosen.org->id;
    if (auto existing = store::find_contract(tx, workspace_id, id))
      owner = existing->organization_id; // never move a contract and its mapping
    // The holder may have been found by another grant: make sure the person is its user.
    store::upsert_user(tx, workspace_id, user_of(owner, *chosen.contract->freelancer));
    touched.insert(owner);
    store::upsert_contract(tx, workspace_id, contract_of(*chosen.contract, owner, today), now);
    store::replace_upwork_rates(tx, workspace_id, id, rate_history(*chosen.contract));
    ++counts.contracts;
  }
  suggest_members(tx, workspace_id, touched, known_before);
  counts.organizations_touched = std::move(touched);
  return counts;
}

} // namespace upsync::storage
