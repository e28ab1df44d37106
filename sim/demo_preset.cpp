// The hand-written demo world: the three account kinds the product description names.
#include "sim/civil_time.hpp"
#include "sim/presets.hpp"
#include "sim/table_dataset.hpp"

#include <stdexcept>

namespace upsync::sim {

namespace {

member_record person(std::string membership, std::string user_id, std::string rid, std::string name, std::string email,
                     int staff_type = 2) {
  member_record m;
  m.id = std::move(membership);
  m.user = {std::move(user_id), std::move(rid), std::move(name), std::move(email)};
  m.staff_type = staff_type;
  return m;
}

org_record organization(std::string id, std::string rid, std::string name, org_kind kind) {
  org_record o;
  o.id = std::move(id);
  o.rid = rid;
  o.legacy_id = "1" + rid;
  o.name = std::move(name);
  o.kind = kind;
  return o;
}

struct rate_step {
  std::int64_t from_day;
  std::int64_t cents;
};

contract_record hourly(std::string id, std::string title, std::uint32_t client, std::uint32_t vendor, user_record who,
                       std::int64_t start_day, std::vector<rate_step> rates, work_habits habits) {
  contract_record c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.client_org = client;
  c.vendor_org = vendor;
  c.freelancer = std::move(who);
  c.start_day = start_day;
  c.create_ms = (start_day - 2) * ms_per_day + 9 * 3'600'000;
  auto number = std::stoll(c.id);
  for (std::size_t i = 0; i < rates.size(); ++i) {
    hourly_term t;
    t.id = std::to_string(number * 100 + static_cast<std::int64_t>(i) + 1);
    t.rate_cents = rates[i].cents;
    t.start_day = rates[i].from_day;
    if (i + 1 < rates.size())
      t.end_day = rates[i + 1].from_day - 1;
    c.hourly_terms.push_back(t);
  }
  c.modify_ms = rates.back().from_day * ms_per_day + 11 * 3'600'000;
  c.habits = habits;
  c.memos = {"Sprint work", "Code review", "Call with client"};
  return c;
}

} // namespace

std::unique_ptr<dataset> make_demo_dataset(std::uint64_t seed, std::int64_t today, std::uint32_t days) {
  auto d = std::make_unique<table_dataset>(seed, today - days + 1);
  auto nomadic = d->add_org(
    organization("1426081917340139521", "4810233", "Nomadic Soft", org_kind::agency),
    {person("1509821349871230011", "1387711212009881601", "30118201", "Olena Kovalenko", "olena@nomadicsoft.example",
            1),
     person("1509821349871230012", "1387711212009881602", "30118202", "José Müller",
            "jose.mueller@nomadicsoft.example"),
     person("1509821349871230013", "1387711212009881603", "30118203", "Zoë Ørsted", "zoe.orsted@nomadicsoft.example"),
     person("1509821349871230014", "1387711212009881604", "30118204", "Łukasz Wójcik",
            "lukasz.wojcik@nomadicsoft.example"),
     person("1509821349871230015", "1387711212009881605", "30118205", "Priya Patel",
            "priya.patel@nomadicsoft.example")});
  auto acme = d->add_org(
    organization("1426081917340139522", "4810234", "Acme Corp", org_kind::client),
    {person("1509821349871230021", "1387711212009881611", "30118211", "Sarah Connor", "sarah@acme.example", 1),
     person("1509821349871230022", "1387711212009881612", "30118212", "Renée Lefèvre", "renee@acme.example")});
  auto john = d->add_org(
    organization("1426081917340139523", "4810235", "John Smith", org_kind::freelancer),
    {person("1509821349871230031", "1387711212009881621", "30118221", "John Smith", "john.smith@example.com", 1)});
  auto globex = d->add_org(organization("1426081917340139524", "4810236", "Globex GmbH", org_kind::client),
                           {person("1509821349871230041", "1387711212009881631", "30118231", "Jürgen Bauer",
                                   "juergen.bauer@globex.example", 1)});

  auto staff = [&](std::uint32_t org, std::size_t i) { return d->members(org).at(i).user; };
  work_habits regular;
  work_habits early{40, 42, 0.1, 0.05, 0.05, false};
  work_habits owl{128, 30, 0.15, 0.3, 0.1, true};

  d->add_contract(hourly("38117204", "Backend development", acme, nomadic, staff(nomadic, 1), today - 200,
                         {{today - 200, 3500}, {today - 45, 4000}}, regular));
  d->add_contract(hourly("38117205", "Mobile app (iOS & Android)", acme, nomadic, staff(nomadic, 2), today - 60,
                         {{today - 60, 4500}}, early));
  d->add_contract(hourly("38117206", "DevOps: Kubernetes migration", globex, nomadic, staff(nomadic, 3), today - 120,
                         {{today - 120, 5500}}, owl));
  auto qa =
    hourly("38117207", "QA automation", globex, nomadic, staff(nomadic, 4), today - 80, {{today - 80, 3000}}, regular);
  qa.status = contract_status::paused;
  qa.paused_day = today - 10;
  d->add_contract(qa);
  d->add_contract(hourly("38117208", "Data pipeline maintenance", acme, john, staff(john, 0), today - 300,
                         {{today - 300, 6000}, {today - 70, 6500}, {today - 20, 7000}}, regular));
  contract_record writing;
  writing.id = "38117209";
  writing.title = "Technical writing – API guide";
  writing.hourly = false;
  writing.client_org = globex;
  writing.vendor_org = john;
  writing.freelancer = staff(john, 0);
  writing.start_day = today - 30;
  writing.create_ms = writing.modify_ms = (today - 31) * ms_per_day;
  writing.fixed_terms.push_back({"3811720901", 120000, today - 30, std::nullopt});
  d->add_contract(writing);
  auto wp = hourly("38117210", "WordPress site care", acme, nomadic, staff(nomadic, 1), today - 150,
                   {{today - 150, 2500}}, early);
  wp.status = contract_status::closed;
  wp.end_day = today - 20;
  wp.hourly_terms.back().end_day = wp.end_day;
  d->add_contract(wp);
  return d;
}

std::unique_ptr<dataset> make_dataset(const std::string& preset, const scale_options& scale, std::int64_t anchor_day) {
  if (preset.empty() || preset == "generated")
    return std::make_unique<generated_dataset>(scale, anchor_day);
  if (preset == "demo")
    return make_demo_dataset(scale.seed, anchor_day, scale.days);
  throw std::invalid_argument("unknown preset: " + preset + " (known: generated, demo)");
}

} // namespace upsync::sim
