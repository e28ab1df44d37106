// A contract's mapping edit (domain::edit_contract_mapping) against in-memory storage:
// refusals write nothing, F10's sides per organization kind, and where a rate starts.
#include "domain/use_cases/contract_mapping_edit.hpp"
#include "common/time_format.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace upsync::domain;

namespace {

/// One workspace's projects and one contract's mapping, rate steps and import.
struct fake_storage : contract_mapping_storage {
  std::map<std::int64_t, bool> projects{{1, true}, {2, false}}; ///< id -> billable
  std::vector<rate_step> overrides;
  import_progress progress;
  std::vector<contract_mapping> saved;
  std::vector<project_to_create> created;
  /// side, day, rate
  std::vector<std::tuple<std::string, day_number, std::optional<std::string>>> steps;
  std::vector<std::tuple<std::string, day_number, std::optional<std::string>>> corrections;
  std::map<std::string, std::vector<std::int64_t>> repriced; ///< side -> interval ids a correction re-prices

  std::optional<bool> project_billable(std::int64_t id) override {
    auto it = projects.find(id);
    return it == projects.end() ? std::nullopt : std::optional<bool>{it->second};
  }
  bool project_archived(std::int64_t id) override { return archived.count(id) > 0; }
  std::set<std::int64_t> archived;
  std::vector<rate_step> override_steps(const std::string&) override { return overrides; }
  import_progress import_of(const std::string&) override { return progress; }
  std::int64_t create_project(const project_to_create& p) override {
    created.push_back(p);
    projects[100] = p.billable;
    return 100;
  }
  void save(const std::string&, const contract_mapping& m) override { saved.push_back(m); }
  void set_rate_step(const std::string&, const std::string& side, day_number day,
                     const std::optional<std::string>& rate) override {
    steps.emplace_back(side, day, rate);
  }
  std::vector<std::int64_t> correct_rate_from(const std::string&, const std::string& side, day_number day,
                                              const std::optional<std::string>& rate) override {
    corrections.emplace_back(side, day, rate);
    return repriced[side];
  }

  bool wrote_nothing() const { return saved.empty() && created.empty() && steps.empty() && corrections.empty(); }
};

constexpr day_number today = 20000;
const contract_edit_day day{today, 90};
constexpr day_number window_first = today - 90 + 1;

contract_to_edit contract_of(organization_kind kind, bool user_syncs = true) {
  contract_to_edit c;
  c.id = "c1";
  c.kind = kind;
  c.upwork_rate = "30.00";
  c.user_syncs = user_syncs;
  return c;
}

refusal refused(const std::variant<contract_edited, refusal>& out) {
  EXPECT_TRUE(std::holds_alternative<refusal>(out));
  return std::holds_alternative<refusal>(out) ? std::get<refusal>(out) : refusal{};
}

} // namespace

TEST(contract_mapping_edit, choosing_a_project_maps_it_and_switches_sync_on_while_the_user_syncs) {
  fake_storage s;
  contract_mapping_edit edit;
  edit.project_id = std::optional<std::int64_t>{1};
  ASSERT_TRUE(std::holds_alternative<contract_edited>(
    edit_contract_mapping(s, contract_of(organization_kind::agency), edit, day)));
  ASSERT_EQ(s.saved.size(), 1u);
  EXPECT_EQ(s.saved[0].project_id, 1);
  EXPECT_TRUE(s.saved[0].sync);

  fake_storage quiet;
  edit_contract_mapping(quiet, contract_of(organization_kind::agency, false), edit, day);
  ASSERT_EQ(quiet.saved.size(), 1u);
  EXPECT_FALSE(quiet.saved[0].sync); // its user does not sync
}

TEST(contract_mapping_edit, an_archived_project_keeps_its_contracts_but_takes_no_new_one) {
  fake_storage s;
  s.archived = {1};
  contract_mapping_edit edit;
  edit.project_id = std::optional<std::int64_t>{1};
  auto r = refused(edit_contract_mapping(s, contract_of(organization_kind::agency), edit, day));
  EXPECT_EQ(r.code, "project_archived");
  EXPECT_EQ(r.what, refusal::kind::conflict);
  EXPECT_TRUE(s.wrote_nothing());
  auto mapped = contract_of(organization_kind::agency);
  mapped.mapping.project_id = 1; // already there: choosing it again is no change of project
  EXPECT_TRUE(std::holds_alternative<contract_edited>(edit_contract_mapping(s, mapped, edit, day)));
}

TEST(contract_mapping_edit, a_new_project_is_created_at_once_for_the_contract) {
  fake_storage s;
  contract_mapping_edit edit;
  edit.create_project = project_to_create{{}, "Backend", std::string{"Acme"}, true};
  edit_contract_mapping(s, contract_of(organization_kind::client), edit, day);
  ASSERT_EQ(s.created.size(), 1u);
  EXPECT_EQ(s.created[0].contract_id, "c1");
  EXPECT_EQ(s.created[0].name, "Backend");
  ASSERT_EQ(s.saved.size(), 1u);
  EXPECT_EQ(s.saved[0].project_id, 100);
  EXPECT_TRUE(s.saved[0].sync);
}

TEST(contract_mapping_edit, refusals_write_nothing) {
  auto expect = [](fake_storage& s, const contract_to_edit& c, const contract_mapping_edit& e, refusal::kind what,
                   std::optional<std::string> field) {
    auto r = refused(edit_contract_mapping(s, c, e, day));
    EXPECT_EQ(r.what, what);
    EXPECT_EQ(r.field, field);
    EXPECT_TRUE(s.wrote_nothing());
  };
  {
    fake_storage s;
    contract_mapping_edit e;
    e.project_id = std::optional<std::int64_t>{42};
    expect(s, contract_of(organization_kind::agency), e, refusal::kind::invalid, "project_id");
  }
  {
    fake_storage s;
    auto c = contract_of(organization_kind::agency);
    c.mapping.locked = true;
    contract_mapping_edit e;
    e.sync = false;
    expect(s, c, e, refusal::kind::conflict, std::nullopt);
  }
  {
    fake_storage s;
    contract_mapping_edit e;
    e.sync = true;
    expect(s, contract_of(organization_kind::agency, false), e, refusal::kind::unprocessable, "sync");
  }
  {
    fake_storage s; // a client's bill rate on a non-billable project
    contract_mapping_edit e;
    e.project_id = std::optional<std::int64_t>{2};
    e.rates[rate_side::bill] = "50.00";
    expect(s, contract_of(organization_kind::client), e, refusal::kind::unprocessable, "bill_rate");
  }
  {
    fake_storage s; // Upwork's side of an agency is the bill rate
    contract_mapping_edit e;
    e.rates[rate_side::bill] = "99.00";
    e.rates[rate_side::pay] = "20.00";
    expect(s, contract_of(organization_kind::agency), e, refusal::kind::unprocessable, "bill_rate");
  }
  {
    fake_storage s;
    contract_mapping_edit e;
    e.rates[rate_side::pay] = "20.00";
    e.effective_from = window_first - 1;
    expect(s, contract_of(organization_kind::agency), e, refusal::kind::unprocessable, "effective_from");
  }
}

TEST(contract_mapping_edit, upwork_gives_the_pay_rate_of_a_client_and_the_bill_rate_of_an_agency_or_freelancer) {
  for (auto kind : {organization_kind::client, organization_kind::agency, organization_kind::freelancer}) {
    SCOPED_TRACE(to_string(kind));
    fake_storage s;
    contract_mapping_edit e;
    e.rates[upwork_side(kind)] = "31.00"; // not Upwork's 30.00
    auto r = refused(edit_contract_mapping(s, contract_of(kind), e, day));
    EXPECT_EQ(r.field, std::string{to_string(upwork_side(kind))} + "_rate");
    EXPECT_TRUE(s.wrote_nothing());

    fake_storage manager;
    contract_mapping_edit m;
    m.rates[manager_side(kind)] = "31.00";
    ASSERT_TRUE(std::holds_alternative<contract_edited>(edit_contract_mapping(manager, contract_of(kind), m, day)));
    ASSERT_EQ(manager.steps.size(), 1u);
    EXPECT_EQ(std::get<0>(manager.steps[0]), to_string(manager_side(kind)));
  }
}

TEST(contract_mapping_edit, echoing_upwork_rate_or_the_override_shown_is_dropped_not_refused) {
  fake_storage s;
  contract_mapping_edit e;
  e.rates[rate_side::bill] = "30.00"; // Upwork's own
  e.rates[rate_side::pay] = "20.00";
  ASSERT_TRUE(
    std::holds_alternative<contract_edited>(edit_contract_mapping(s, contract_of(organization_kind::agency), e, day)));
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(std::get<0>(s.steps[0]), "pay");

  fake_storage o;
  o.overrides = {{today - 10, std::string{"35.00"}}};
  contract_mapping_edit shown;
  shown.rates[rate_side::bill] = "35.00"; // the override the mapping view shows
  ASSERT_TRUE(std::holds_alternative<contract_edited>(
    edit_contract_mapping(o, contract_of(organization_kind::agency), shown, day)));
  EXPECT_TRUE(o.steps.empty());
}

TEST(contract_mapping_edit, a_rate_covers_the_import_window_until_the_first_sync_then_starts_today) {
  fake_storage before;
  contract_mapping_edit e;
  e.rates[rate_side::pay] = "20.00";
  edit_contract_mapping(before, contract_of(organization_kind::agency), e, day);
  ASSERT_EQ(before.steps.size(), 1u);
  EXPECT_EQ(std::get<1>(before.steps[0]), window_first);

  fake_storage earlier; // its import began before today's window
  earlier.progress.window_start_day = window_first - 5;
  edit_contract_mapping(earlier, contract_of(organization_kind::agency), e, day);
  EXPECT_EQ(std::get<1>(earlier.steps.at(0)), window_first - 5);

  fake_storage synced;
  synced.progress = {window_first, true};
  edit_contract_mapping(synced, contract_of(organization_kind::agency), e, day);
  EXPECT_EQ(std::get<1>(synced.steps.at(0)), today);
}

TEST(contract_mapping_edit, effective_from_corrects_from_that_day_and_counts_each_interval_once) {
  fake_storage s;
  s.progress = {window_first - 5, true};
  s.repriced = {{"pay", {1, 2, 3}}, {"upwork_override", {2, 3, 4}}};
  contract_mapping_edit e;
  e.rates[rate_side::pay] = "20.00";
  e.upwork_rate_override = std::optional<std::string>{"40.00"};
  e.effective_from = window_first - 5; // the contract's own window start is allowed
  auto out = edit_contract_mapping(s, contract_of(organization_kind::agency), e, day);
  ASSERT_TRUE(std::holds_alternative<contract_edited>(out));
  EXPECT_EQ(std::get<contract_edited>(out).intervals_updated, 4u);
  ASSERT_EQ(s.corrections.size(), 2u);
  EXPECT_EQ(std::get<0>(s.corrections[0]), "pay");
  EXPECT_EQ(std::get<1>(s.corrections[0]), window_first - 5);
  EXPECT_EQ(std::get<0>(s.corrections[1]), upwork_override_side);
  EXPECT_TRUE(s.steps.empty());
}

TEST(contract_mapping_edit, an_early_effective_from_names_the_first_allowed_day) {
  fake_storage s;
  contract_mapping_edit e;
  e.rates[rate_side::pay] = "20.00";
  e.effective_from = window_first - 1;
  auto r = refused(edit_contract_mapping(s, contract_of(organization_kind::agency), e, day));
  EXPECT_NE(r.message.find(upsync::time_format::format_date(window_first)), std::string::npos) << r.message;
}
