// Wizard step 3's confirm (F6) against an in-memory storage, the clock fixed: what it
// creates and starts, what it refuses, and that a missing rate never blocks it.
#include "domain/calendar.hpp"
#include "domain/rate_warnings.hpp"
#include "domain/use_cases/wizard_confirm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace upsync::domain;

namespace {

constexpr day_number today = 20682; // 2026-08-17

struct fake_storage : wizard_confirm_storage {
  std::vector<member_to_create> members_waiting;
  std::vector<project_to_create> projects_waiting;
  std::vector<std::string> existing_emails;
  std::vector<std::string> existing_projects;
  std::vector<std::string> targets; ///< contracts that sync
  std::set<std::string> already_confirmed;
  std::map<std::string, std::int64_t> user_member; ///< upwork user -> member
  std::map<std::string, std::int64_t> contract_project;
  std::int64_t next_id = 100;
  int members_made = 0;
  int member_batches = 0;
  int project_batches = 0;
  bool locked = false;
  std::map<std::string, int> cursors; ///< contract -> days

  std::vector<member_to_create> members_to_create() override { return members_waiting; }
  std::vector<std::optional<std::int64_t>> create_members(const std::vector<member_to_create>& users) override {
    ++member_batches;
    std::vector<std::optional<std::int64_t>> ids;
    for (const auto& u : users) {
      if (std::find(existing_emails.begin(), existing_emails.end(), u.email) != existing_emails.end()) {
        ids.emplace_back();
        continue;
      }
      ++members_made;
      ids.emplace_back(next_id++);
    }
    return ids;
  }
  void members_created(const std::vector<member_mapped>& mapped) override {
    for (const auto& m : mapped)
      user_member[m.upwork_user_id] = m.member_id;
  }
  std::vector<project_to_create> projects_to_create() override { return projects_waiting; }
  std::vector<std::optional<std::int64_t>> create_projects(const std::vector<project_to_create>& projects) override {
    ++project_batches;
    std::vector<std::optional<std::int64_t>> ids;
    for (const auto& p : projects) {
      if (std::find(existing_projects.begin(), existing_projects.end(), p.name) != existing_projects.end())
        ids.emplace_back();
      else
        ids.emplace_back(next_id++);
    }
    return ids;
  }
  void projects_created(const std::vector<project_mapped>& mapped) override {
    for (const auto& m : mapped)
      contract_project[m.contract_id] = m.project_id;
  }
  void lock_mappings() override { locked = true; }
  std::set<std::string> confirm_contracts() override {
    std::set<std::string> now;
    for (const auto& t : targets)
      if (already_confirmed.insert(t).second)
        now.insert(t);
    return now;
  }
  std::vector<std::string> sync_targets() override { return targets; }
  void start_import_cursors(const std::vector<std::string>& ids, int days) override {
    for (const auto& id : ids)
      cursors.emplace(id, days);
  }
};

wall_clock noon_today() { return fixed_clock(start_of_day(today) + 12 * 3600); }

} // namespace

TEST(wizard_confirm, an_organization_whose_contracts_miss_a_pay_rate_still_confirms_and_review_warns) {
  fake_storage s;
  s.targets = {"c1", "c2"};
  // The agency's contracts as the review shows them: Upwork's bill rate, no pay rate.
  contract_rates c1{organization_kind::agency, std::nullopt, std::string{"40.00"}, true};

  auto outcome = confirm_wizard(s, noon_today(), 30);

  EXPECT_FALSE(outcome.refused);
  EXPECT_EQ(outcome.contracts_started, 2);
  EXPECT_TRUE(s.locked);
  auto warnings = rate_warnings(c1);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_STREQ(warnings[0].code, "missing_pay_rate");
}

TEST(wizard_confirm, each_syncing_contract_gets_an_import_cursor_of_the_import_window) {
  fake_storage s;
  s.targets = {"c1"};
  confirm_wizard(s, noon_today(), 30);
  EXPECT_EQ(s.cursors.at("c1"), 30);
  fake_storage short_window;
  short_window.targets = {"c1"};
  confirm_wizard(short_window, noon_today(), 0); // today is always read
  EXPECT_EQ(short_window.cursors.at("c1"), 1);
}

TEST(wizard_confirm, a_second_confirm_starts_nothing) {
  fake_storage s;
  s.targets = {"c1"};
  EXPECT_EQ(confirm_wizard(s, noon_today(), 30).contracts_started, 1);
  EXPECT_EQ(confirm_wizard(s, noon_today(), 30).contracts_started, 0);
}

TEST(wizard_confirm, users_creating_the_same_email_in_two_organizations_get_one_member) {
  fake_storage s;
  s.members_waiting = {{"o1", "u1", "Ann", "ann@example.com"}, {"o2", "u9", "Ann", "ANN@example.com"}};
  EXPECT_FALSE(confirm_wizard(s, noon_today(), 30).refused);
  EXPECT_EQ(s.members_made, 1);
  EXPECT_EQ(s.user_member.at("u1"), s.user_member.at("u9"));
}

TEST(wizard_confirm, a_taken_email_or_project_name_refuses_before_anything_is_locked_or_started) {
  fake_storage taken_email;
  taken_email.members_waiting = {{"o1", "u1", "Ann", "ann@example.com"}};
  taken_email.existing_emails = {"ann@example.com"};
  taken_email.targets = {"c1"};
  auto refused = confirm_wizard(taken_email, noon_today(), 30).refused;
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->what, refusal::kind::conflict);
  EXPECT_EQ(refused->field, "create_member.email");
  EXPECT_FALSE(taken_email.locked);
  EXPECT_TRUE(taken_email.cursors.empty());

  fake_storage taken_name;
  taken_name.projects_waiting = {{"c1", "Website", std::nullopt, true}};
  taken_name.existing_projects = {"Website"};
  taken_name.targets = {"c1"};
  refused = confirm_wizard(taken_name, noon_today(), 30).refused;
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->field, "create_project.name");
  EXPECT_FALSE(taken_name.locked);
  EXPECT_TRUE(taken_name.already_confirmed.empty());
}

TEST(wizard_confirm, members_and_projects_are_created_in_one_batch_each_whatever_their_number) {
  fake_storage s;
  for (int i = 0; i < 50; ++i) {
    auto n = std::to_string(i);
    s.members_waiting.push_back({"o1", "u" + n, "Person " + n, "p" + n + "@example.com"});
    s.projects_waiting.push_back({"c" + n, "Project " + n, std::nullopt, true});
  }
  s.members_waiting.push_back({"o2", "u0-again", "Person 0", "P0@example.com"}); // same person, second organization

  EXPECT_FALSE(confirm_wizard(s, noon_today(), 30).refused);
  EXPECT_EQ(s.member_batches, 1);
  EXPECT_EQ(s.project_batches, 1);
  EXPECT_EQ(s.members_made, 50);
  EXPECT_EQ(s.user_member.size(), 51u);
  EXPECT_EQ(s.user_member.at("u0-again"), s.user_member.at("u0"));
  EXPECT_EQ(s.contract_project.size(), 50u);
}

TEST(wizard_confirm, a_confirm_with_nothing_to_create_creates_nothing) {
  fake_storage s;
  s.targets = {"c1"};
  EXPECT_FALSE(confirm_wizard(s, noon_today(), 30).refused);
  EXPECT_EQ(s.member_batches, 0);
  EXPECT_EQ(s.project_batches, 0);
}
