// The lazily generated world.
#include "sim/generated_dataset.hpp"

#include "sim/civil_time.hpp"
#include "sim/name_pool.hpp"
#include "sim/prng.hpp"

#include <algorithm>
#include <stdexcept>

namespace upsync::sim {

namespace {

// Distinct tags keep the random streams of different record kinds independent.
enum tag : std::uint64_t {
  tag_org = 1,
  tag_user,
  tag_member,
  tag_contract,
  tag_client_pick,
};

constexpr org_kind period[10] = {org_kind::agency, org_kind::client, org_kind::freelancer, org_kind::client,
                                 org_kind::agency, org_kind::client, org_kind::freelancer, org_kind::client,
                                 org_kind::agency, org_kind::client};

std::string numeric_string(prng& rng, int digits) {
  std::string s(1, static_cast<char>('1' + rng.below(9)));
  for (int i = 1; i < digits; ++i)
    s.push_back(static_cast<char>('0' + rng.below(10)));
  return s;
}

} // namespace

generated_dataset::generated_dataset(const scale_options& opts, std::int64_t anchor_day)
    : opts_(opts), anchor_day_(anchor_day), org_ids_(14, 17, opts.seed ^ tag_org),
      user_ids_(13, 17, opts.seed ^ tag_user), member_ids_(15, 17, opts.seed ^ tag_member),
      contract_ids_(3, 7, opts.seed ^ tag_contract) {
  if (opts_.orgs < 3)
    throw std::invalid_argument("the generator needs at least 3 organizations");
  if (opts_.days < 1)
    throw std::invalid_argument("the generator needs at least 1 day of history");
  opts_.members_per_org = std::max<std::uint32_t>(1, opts_.members_per_org);
  std::uint64_t total = static_cast<std::uint64_t>(opts_.orgs) * opts_.contracts_per_org;
  if (total >= 10'000'000)
    throw std::invalid_argument("at most 9,999,999 contracts (8-digit ids)");
  contracts_ = static_cast<std::uint32_t>(total);
  vendors_ = (opts_.orgs + 1) / 2;
  clients_ = opts_.orgs / 2;
  stride_ = opts_.members_per_org;

  // Counting sort of contracts by client: two passes, no per-client vectors.
  client_begin_.assign(clients_ + 1, 0);
  for (std::uint32_t c = 0; c < contracts_; ++c)
    ++client_begin_[client_of(c) + 1];
  for (std::uint32_t k = 0; k < clients_; ++k)
    client_begin_[k + 1] += client_begin_[k];
  by_client_.resize(contracts_);
  std::vector<std::uint32_t> fill(client_begin_.begin(), client_begin_.end() - 1);
  for (std::uint32_t c = 0; c < contracts_; ++c)
    by_client_[fill[client_of(c)]++] = c;
}

org_kind generated_dataset::kind_of(std::uint32_t org_index) { return period[org_index % 10]; }

std::uint32_t generated_dataset::client_of(std::uint32_t contract) const {
  return static_cast<std::uint32_t>(hash_keys({opts_.seed, tag_client_pick, contract}) % clients_);
}

org_record generated_dataset::org(std::uint32_t index) const {
  prng rng{opts_.seed, tag_org, index};
  org_record o;
  o.index = index;
  o.kind = kind_of(index);
  o.id = org_ids_.encode(index);
  o.rid = numeric_string(rng, 7);
  o.legacy_id = numeric_string(rng, 9);
  switch (o.kind) {
  case org_kind::agency: o.name = names::agency_name(rng); break;
  case org_kind::client: o.name = names::client_name(rng); break;
  case org_kind::freelancer: o.name = user(index, 0).name; break;
  }
  return o;
}

std::optional<std::uint32_t> generated_dataset::find_org(std::string_view id) const {
  auto index = org_ids_.decode(id);
  if (!index || *index >= opts_.orgs)
    return std::nullopt;
  return static_cast<std::uint32_t>(*index);
}

std::uint32_t generated_dataset::member_count(std::uint32_t org) const {
  return kind_of(org) == org_kind::freelancer ? 1 : opts_.members_per_org;
}

user_record generated_dataset::user(std::uint32_t org, std::uint32_t m) const {
  prng rng{opts_.seed, tag_user, org, m};
  auto p = names::pick_person(rng);
  user_record u;
  u.id = user_ids_.encode(static_cast<std::uint64_t>(org) * stride_ + m);
  u.rid = numeric_string(rng, 8);
  u.name = p.full();
  u.email = names::email_local(p) + std::to_string(org) + "." + std::to_string(m) + "@example.com";
  return u;
}

member_record generated_dataset::member(std::uint32_t org, std::uint32_t m) const {
  prng rng{opts_.seed, tag_member, org, m};
  member_record r;
  r.id = member_ids_.encode(static_cast<std::uint64_t>(org) * stride_ + m);
  r.user = user(org, m);
  r.staff_type = m == 0 ? 1 : 2;
  r.activation_status = (m == 0 || rng.chance(0.9)) ? 1 : 2;
  return r;
}

std::vector<member_record> generated_dataset::members(std::uint32_t org) const {
  std::vector<member_record> out;
  if (org >= opts_.orgs)
    return out;
  auto n = member_count(org);
  out.reserve(n);
  for (std::uint32_t m = 0; m < n; ++m)
    out.push_back(member(org, m));
  return out;
}

std::vector<std::uint32_t> generated_dataset::orgs_of_user(std::string_view user_id) const {
  auto index = user_ids_.decode(user_id);
  if (!index)
    return {};
  auto org = static_cast<std::uint32_t>(*index / stride_);
  auto m = static_cast<std::uint32_t>(*index % stride_);
  if (org >= opts_.orgs || m >= member_count(org))
    return {};
  return {org};
}

contract_record generated_dataset::contract(std::uint32_t index) const {
  prng rng{opts_.seed, tag_contract, index};
  contract_record c;
  c.index = index;
  c.id = contract_ids_.encode(index);
  auto vendor = index % vendors_;
  c.vendor_org = vendor * 2;
  c.client_org = client_of(index) * 2 + 1;
  c.hourly = rng.chance(0.8);
  double s = rng.unit();
  c.status = s < 0.7 ? contract_status::active : s < 0.8 ? contract_status::paused : contract_status::closed;

  // Some contracts predate the history window, most start inside it.
  auto window = static_cast<std::int64_t>(opts_.days);
  c.start_day = rng.chance(0.4) ? anchor_day_ - window - rng.between(1, 600) : anchor_day_ - rng.between(0, window - 1);
  if (c.status == contract_status::closed)
    c.end_day = std::max(c.start_day, anchor_day_ - rng.between(1, window));
  if (c.status == contract_status::paused)
    c.paused_day = rng.between(c.start_day, anchor_day_);
  c.create_ms = (c.start_day - rng.between(0, 5)) * ms_per_day + rng.between(0, ms_per_day - 1);

  prng title_rng{opts_.seed, tag_contract, index, 1};
  c.title = names::contract_title(title_rng);
  auto m =
    kind_of(c.vendor_org) == org_kind::freelancer ? 0 : static_cast<std::uint32_t>(rng.below(opts_.members_per_org));
  c.freelancer = user(c.vendor_org, m);

  auto contract_number = std::stoll(c.id);
  std::int64_t last_change = c.start_day;
  if (c.hourly) {
    // A rate history: the first term from the start, raises on later days.
    auto horizon = std::min(anchor_day_, c.end_day.value_or(anchor_day_));
    auto span = horizon - c.start_day;
    int terms = span < 2 ? 1 : static_cast<int>(1 + rng.below(span < 30 ? 2 : 4));
    std::vector<std::int64_t> starts{c.start_day};
    for (int t = 1; t < terms; ++t)
      starts.push_back(c.start_day + 1 + rng.between(0, span - 1));
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    std::int64_t rate = 1500 + 50 * rng.between(0, 200);
    bool manual_allowed = rng.chance(0.85);
    for (std::size_t t = 0; t < starts.size(); ++t) {
      hourly_term term;
      term.id = std::to_string(contract_number * 100 + static_cast<std::int64_t>(t) + 1);
      term.rate_cents = rate;
      term.start_day = starts[t];
      if (t + 1 < starts.size())
        term.end_day = starts[t + 1] - 1;
      else
        term.end_day = c.end_day;
      term.manual_time_allowed = manual_allowed;
      c.hourly_terms.push_back(term);
      rate = (rate * (105 + rng.between(0, 15)) / 100 + 49) / 50 * 50;
    }
    last_change = starts.back();
  } else {
    fixed_term term;
    term.id = std::to_string(contract_number * 100 + 1);
    term.amount_cents = 100 * rng.between(200, 5000);
    term.start_day = c.start_day;
    term.end_day = c.end_day;
    c.fixed_terms.push_back(term);
  }
  auto modified_day = std::max({last_change, c.end_day.value_or(0), c.paused_day.value_or(0)});
  c.modify_ms = std::max(c.create_ms, modified_day * ms_per_day + rng.between(0, ms_per_day - 1));

  c.habits.start_slot = static_cast<int>(rng.between(36, 84));
  c.habits.daily_slots = static_cast<int>(rng.between(12, 54));
  c.habits.day_off = 0.05 + rng.unit() * 0.2;
  c.habits.weekend_work = rng.unit() * 0.35;
  c.habits.manual_share = rng.unit() * 0.15;
  c.habits.night_owl = rng.chance(0.12);
  if (c.habits.night_owl)
    c.habits.start_slot = static_cast<int>(rng.between(120, 138));
  for (int i = 0; i < 3; ++i)
    c.memos.push_back(names::memo(rng));
  return c;
}

std::optional<std::uint32_t> generated_dataset::find_contract(std::string_view id) const {
  auto index = contract_ids_.decode(id);
  if (!index || *index >= contracts_)
    return std::nullopt;
  return static_cast<std::uint32_t>(*index);
}

std::vector<std::uint32_t> generated_dataset::contracts_of(std::uint32_t org) const {
  std::vector<std::uint32_t> out;
  if (org >= opts_.orgs)
    return out;
  if (kind_of(org) == org_kind::client) {
    auto k = org / 2;
    out.assign(by_client_.begin() + client_begin_[k], by_client_.begin() + client_begin_[k + 1]);
  } else {
    for (std::uint32_t c = org / 2; c < contracts_; c += vendors_)
      out.push_back(c);
  }
  return out;
}

} // namespace upsync::sim
