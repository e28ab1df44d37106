// Run-time changes of the world through the control API: new contracts and members,
// status changes and new rates. What changes is what Upwork would show afterwards; the
// past a sync may already have read stays as it was (pauses cut time from now on).
#include "sim/civil_time.hpp"
#include "sim/prng.hpp"
#include "sim/world.hpp"

#include <algorithm>
#include <cctype>

namespace upsync::sim {

namespace {

constexpr std::uint64_t tag_live_habits = 201;

change_result refuse(int status, std::string error) {
  change_result r;
  r.status = status;
  r.error = std::move(error);
  return r;
}

bool digits_only(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A plausible working pattern for a contract made at run time, fixed by its index.
work_habits habits_for(std::uint64_t seed, std::uint32_t index, bool with_time) {
  prng rng{seed, tag_live_habits, index};
  work_habits h;
  h.start_slot = static_cast<int>(rng.between(48, 72));
  h.daily_slots = static_cast<int>(rng.between(24, 48));
  h.day_off = 0.1;
  h.weekend_work = 0.1;
  h.manual_share = 0.05;
  if (!with_time) {
    h.day_off = 1.0;      // every weekday off...
    h.weekend_work = 0.0; // ...and no weekend either: an empty diary
  }
  return h;
}

// `n` as a 19-digit id under `prefix` (two digits no generated or demo id starts with).
std::string long_id(const char* prefix, std::uint64_t n) {
  auto digits = std::to_string(n);
  return prefix + std::string(17 - digits.size(), '0') + digits;
}

} // namespace

member_record world::new_member(const std::string& name, const std::string& email) {
  auto n = ++serial_;
  member_record m;
  m.id = long_id("19", n);
  m.user.id = long_id("18", n);
  m.user.rid = "9" + std::string(7 - std::min<std::size_t>(7, std::to_string(n).size()), '0') + std::to_string(n);
  m.user.name = name;
  m.user.email = email.empty() ? m.user.id + "@example.com" : email;
  return m;
}

std::uint32_t world::client_named(const std::string& name) {
  for (std::uint32_t o = 0; o < data_->org_count(); ++o) {
    auto org = data_->org(o);
    if (org.kind == org_kind::client && org.name == name)
      return o;
  }
  auto n = ++serial_;
  org_record org;
  org.id = long_id("17", n);
  org.rid = std::to_string(9'000'000 + n % 1'000'000);
  org.legacy_id = "1" + org.rid;
  org.name = name;
  org.kind = org_kind::client;
  return data_->add_org(std::move(org), {});
}

std::string world::fresh_contract_id() {
  for (;;) {
    auto id = std::to_string(90'000'000 + ++serial_ % 10'000'000);
    if (!data_->find_contract(id))
      return id;
  }
}

change_result world::add_member(std::uint32_t org, const std::string& name, const std::string& email) {
  std::lock_guard lock{change_mutex_};
  if (org >= data_->org_count())
    return refuse(404, "unknown organization");
  if (data_->org(org).kind == org_kind::freelancer)
    return refuse(400, "a freelancer's organization has one person");
  if (name.empty())
    return refuse(400, "name is required");
  auto m = new_member(name, email);
  change_result r;
  r.index = org;
  r.id = m.id;
  data_->add_member(org, std::move(m));
  return r;
}

change_result world::add_contract(const contract_request& q) {
  std::lock_guard lock{change_mutex_};
  auto org = data_->find_org(q.org_id);
  if (!org)
    return refuse(404, "unknown organization");
  if (q.title.empty())
    return refuse(400, "title is required");
  if (q.hourly ? q.rate_cents <= 0 : q.fixed_cents <= 0)
    return refuse(400, q.hourly ? "rate must be positive" : "fixed_amount must be positive");
  if (!q.id.empty() && (!digits_only(q.id) || data_->find_contract(q.id)))
    return refuse(409, "id must be digits and not taken");
  std::uint32_t vendor = *org;
  std::uint32_t client = *org;
  if (data_->org(*org).kind == org_kind::client) {
    auto v = data_->find_org(q.vendor_org_id);
    if (!v || data_->org(*v).kind == org_kind::client)
      return refuse(400, "vendor_org must name an agency or freelancer organization");
    vendor = *v;
  } else if (!q.client_org_id.empty()) {
    auto c = data_->find_org(q.client_org_id);
    if (!c || data_->org(*c).kind != org_kind::client)
      return refuse(400, "client_org must name a client organization");
    client = *c;
  } else if (q.client_name.empty()) {
    return refuse(400, "client_org or client_name is required");
  }
  auto staff = data_->members(vendor);
  bool freelancer_org = data_->org(vendor).kind == org_kind::freelancer;
  if (q.new_freelancer && freelancer_org)
    return refuse(400, "a freelancer's organization has one person; new_freelancer needs an agency");
  auto named =
    std::find_if(staff.begin(), staff.end(), [&](const member_record& m) { return m.user.id == q.freelancer_id; });
  if (!q.new_freelancer && !q.freelancer_id.empty() && named == staff.end())
    return refuse(400, "freelancer must be a user id of the vendor's staff");
  if (!q.new_freelancer && staff.empty())
    return refuse(400, "the vendor has no staff; name a new_freelancer");
  if (client == vendor)
    client = client_named(q.client_name); // only now: nothing above may refuse any more

  contract_record c;
  c.id = q.id.empty() ? fresh_contract_id() : q.id;
  c.title = q.title;
  c.hourly = q.hourly;
  c.currency = q.currency;
  c.client_org = client;
  c.vendor_org = vendor;
  if (q.new_freelancer) {
    auto m = new_member(q.new_freelancer->first, q.new_freelancer->second);
    c.freelancer = m.user;
    data_->add_member(vendor, std::move(m));
  } else if (named != staff.end()) {
    c.freelancer = named->user;
  } else {
    c.freelancer = staff.back().user;
  }

  auto now = now_ms();
  auto today_day = today();
  c.start_day = q.start_day.value_or(today_day);
  c.create_ms = std::min(now, c.start_day * ms_per_day);
  c.modify_ms = now;
  auto number = std::stoll(c.id);
  if (c.hourly) {
    hourly_term t;
    t.id = std::to_string(number * 100 + 1);
    t.rate_cents = q.rate_cents;
    t.start_day = c.start_day;
    c.hourly_terms.push_back(t);
  } else {
    c.fixed_terms.push_back({std::to_string(number * 100 + 1), q.fixed_cents, c.start_day, std::nullopt});
  }
  c.memos = {"Feature work", "Bug fixes", "Call with client"};
  // Its place in the dataset decides its habits; the index is the next one.
  c.habits = habits_for(data_->seed(), data_->contract_count(), q.with_time);
  if (q.status != contract_status::active) {
    // Made paused or closed: it worked until now and holds no time from now on.
    c.status = q.status;
    c.off.push_back({now, std::nullopt});
    if (q.status == contract_status::closed) {
      c.end_day = std::max(c.start_day, today_day);
      if (c.hourly)
        c.hourly_terms.back().end_day = c.end_day;
    }
  }
  change_result r;
  r.id = c.id;
  r.index = data_->add_contract(std::move(c));
  return r;
}

change_result world::change_contract(std::uint32_t index, const contract_change& change) {
  std::lock_guard lock{change_mutex_};
  if (index >= data_->contract_count())
    return refuse(404, "unknown contract");
  auto c = data_->contract(index);
  auto now = now_ms();
  auto today_day = today();
  bool reopens = change.status && *change.status != contract_status::closed;
  if (c.status == contract_status::closed && (reopens || change.rate_cents))
    return refuse(409, "a closed contract stays closed");
  if (change.rate_cents) {
    if (!c.hourly)
      return refuse(400, "a fixed-price contract has no hourly rate");
    if (*change.rate_cents <= 0)
      return refuse(400, "rate must be positive");
    auto from = change.rate_from_day.value_or(today_day);
    if (from < c.start_day)
      return refuse(400, "the rate cannot start before the contract");
    std::int64_t last_id = 0;
    for (const auto& t : c.hourly_terms)
      last_id = std::max<std::int64_t>(last_id, std::stoll(t.id));
    auto manual = c.hourly_terms.empty() || c.hourly_terms.back().manual_time_allowed;
    // Later terms give way; the one in force on `from` ends the day before.
    c.hourly_terms.erase(std::remove_if(c.hourly_terms.begin(), c.hourly_terms.end(),
                                        [&](const hourly_term& t) { return t.start_day >= from; }),
                         c.hourly_terms.end());
    if (!c.hourly_terms.empty())
      c.hourly_terms.back().end_day = from - 1;
    hourly_term t;
    t.id = std::to_string(last_id + 1);
    t.rate_cents = *change.rate_cents;
    t.start_day = from;
    t.end_day = c.end_day;
    t.manual_time_allowed = manual;
    c.hourly_terms.push_back(t);
  }
  if (change.status && *change.status != c.status) {
    bool off_now = !c.off.empty() && !c.off.back().to_ms;
    switch (*change.status) {
    case contract_status::paused:
      if (!off_now)
        c.off.push_back({now, std::nullopt});
      break;
    case contract_status::active:
      if (off_now)
        c.off.back().to_ms = now;
      // A generated pause ends too: time resumes from today.
      if (c.paused_day) {
        c.off.push_back({*c.paused_day * ms_per_day, now});
        c.paused_day.reset();
      }
      break;
    case contract_status::closed:
      if (!off_now)
        c.off.push_back({now, std::nullopt});
      c.end_day = std::max(c.start_day, today_day);
      for (auto& t : c.hourly_terms)
        if (!t.end_day || *t.end_day > *c.end_day)
          t.end_day = std::max(t.start_day, *c.end_day);
      break;
    }
    c.status = *change.status;
  }
  c.modify_ms = now;
  change_result r;
  r.index = index;
  r.id = c.id;
  data_->replace_contract(std::move(c));
  return r;
}

} // namespace upsync::sim
