// Wizard step 2's user mapping edits (F5) against an in-memory storage: what changes, what
// is refused, and that a user's contracts follow it in one call.
#include "domain/use_cases/user_mapping_edit.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace upsync::domain;

namespace {

/// One organization's users and, per user, the sync flag of each of their contracts.
struct fake_storage : user_mapping_storage {
  std::map<std::string, user_mapping> mappings;
  std::map<std::string, std::vector<bool>> contract_sync;
  std::map<std::string, std::vector<bool>> contract_locked;
  std::vector<std::int64_t> members{7, 8};
  std::vector<std::string> emails{"Ann@Example.com"};
  int writes = 0;
  int stop_calls = 0;

  std::vector<mapped_user> users() override {
    std::vector<mapped_user> out;
    for (const auto& [id, m] : mappings)
      out.push_back({id, m});
    return out;
  }
  bool member_exists(std::int64_t id) override {
    return std::find(members.begin(), members.end(), id) != members.end();
  }
  bool member_active(std::int64_t id) override { return !deactivated.count(id); }
  std::set<std::int64_t> deactivated;
  std::vector<std::string> member_emails() override { return emails; }
  void save(const std::string& user, const user_mapping& m) override {
    ++writes;
    mappings[user] = m;
  }
  void stop_contracts_of(const std::string& user) override {
    ++writes;
    ++stop_calls;
    for (auto&& s : contract_sync[user])
      s = false;
  }
  void unlock_contracts_of(const std::string& user) override {
    ++writes;
    for (auto&& l : contract_locked[user])
      l = false;
  }

  mapped_user user(const std::string& id) { return {id, mappings.at(id)}; }
};

user_mapping synced_to(std::int64_t member) {
  user_mapping m;
  m.member_id = member;
  m.match = "exact";
  m.sync = true;
  return m;
}

} // namespace

TEST(user_mapping_edit, switching_a_user_off_stops_every_contract_of_that_user_in_one_call) {
  fake_storage s;
  s.mappings["u1"] = synced_to(7);
  s.mappings["u2"] = synced_to(8);
  s.contract_sync["u1"] = {true, true, false, true};
  s.contract_sync["u2"] = {true};
  user_mapping_edit edit;
  edit.sync = false;

  EXPECT_FALSE(edit_user_mapping(s, s.user("u1"), edit));

  EXPECT_FALSE(s.mappings["u1"].sync);
  EXPECT_EQ(s.contract_sync["u1"], (std::vector<bool>{false, false, false, false}));
  EXPECT_EQ(s.stop_calls, 1);
  EXPECT_EQ(s.contract_sync["u2"], (std::vector<bool>{true})); // another user's stay
}

TEST(user_mapping_edit, unmapping_a_user_switches_it_and_its_contracts_off) {
  fake_storage s;
  s.mappings["u1"] = synced_to(7);
  s.contract_sync["u1"] = {true, true};
  user_mapping_edit edit;
  edit.member_id = std::optional<std::int64_t>{};

  EXPECT_FALSE(edit_user_mapping(s, s.user("u1"), edit));

  EXPECT_FALSE(s.mappings["u1"].member_id);
  EXPECT_FALSE(s.mappings["u1"].sync);
  EXPECT_EQ(s.contract_sync["u1"], (std::vector<bool>{false, false}));
}

TEST(user_mapping_edit, mapping_a_user_to_a_member_switches_its_sync_on_and_leaves_contracts_alone) {
  fake_storage s;
  s.mappings["u1"] = {};
  s.mappings["u1"].create_member_name = "Ann";
  s.mappings["u1"].create_member_email = "ann@new.example";
  s.contract_sync["u1"] = {false};
  user_mapping_edit edit;
  edit.member_id = std::optional<std::int64_t>{8};

  EXPECT_FALSE(edit_user_mapping(s, s.user("u1"), edit));

  EXPECT_EQ(s.mappings["u1"].member_id, 8);
  EXPECT_TRUE(s.mappings["u1"].sync);
  EXPECT_FALSE(s.mappings["u1"].create_member_email); // a member replaces "create new"
  EXPECT_EQ(s.stop_calls, 0);
}

TEST(user_mapping_edit, a_refused_edit_leaves_nothing_changed) {
  struct refused_case {
    const char* name;
    user_mapping_edit edit;
    refusal::kind kind;
    std::optional<std::string> field;
  };
  user_mapping_edit unknown_member, taken_member, existing_email, email_of_other, sync_unmapped;
  unknown_member.member_id = std::optional<std::int64_t>{99};
  taken_member.member_id = std::optional<std::int64_t>{8};
  existing_email.create_member = user_mapping_edit::new_member{"Ann", "ann@example.COM"};
  email_of_other.create_member = user_mapping_edit::new_member{"Bob", "BOB@new.example"};
  sync_unmapped.member_id = std::optional<std::int64_t>{};
  sync_unmapped.sync = true;
  std::vector<refused_case> cases{
    {"unknown member", unknown_member, refusal::kind::invalid, "member_id"},
    {"member of another user", taken_member, refusal::kind::conflict, "member_id"},
    {"email of a member", existing_email, refusal::kind::conflict, "create_member.email"},
    {"email another user creates", email_of_other, refusal::kind::conflict, "create_member.email"},
    {"sync while unmapped", sync_unmapped, refusal::kind::unprocessable, "sync"},
  };
  for (const auto& c : cases) {
    fake_storage s;
    s.mappings["u1"] = synced_to(7);
    s.mappings["u2"] = synced_to(8);
    s.mappings["u3"] = {};
    s.mappings["u3"].create_member_name = "Bob";
    s.mappings["u3"].create_member_email = "bob@new.example";
    s.contract_sync["u1"] = {true};
    auto before = s.mappings;

    auto refused = edit_user_mapping(s, s.user("u1"), c.edit);

    ASSERT_TRUE(refused) << c.name;
    EXPECT_EQ(refused->what, c.kind) << c.name;
    EXPECT_EQ(refused->field, c.field) << c.name;
    EXPECT_EQ(s.writes, 0) << c.name;
    EXPECT_EQ(s.mappings["u1"].member_id, before["u1"].member_id) << c.name;
    EXPECT_TRUE(s.mappings["u1"].sync) << c.name;
    EXPECT_EQ(s.contract_sync["u1"], (std::vector<bool>{true})) << c.name;
  }
}

TEST(user_mapping_edit, a_locked_mapping_refuses_any_edit_until_unlocked) {
  fake_storage s;
  s.mappings["u1"] = synced_to(7);
  s.mappings["u1"].locked = true;
  s.contract_locked["u1"] = {true, true};
  user_mapping_edit edit;
  edit.sync = false;

  auto refused = edit_user_mapping(s, s.user("u1"), edit);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->what, refusal::kind::conflict);
  EXPECT_EQ(s.writes, 0);

  unlock_user_mapping(s, s.user("u1"));
  EXPECT_FALSE(s.mappings["u1"].locked);
  EXPECT_EQ(s.contract_locked["u1"], (std::vector<bool>{false, false}));
  EXPECT_FALSE(edit_user_mapping(s, s.user("u1"), edit));
  EXPECT_FALSE(s.mappings["u1"].sync);
}

// Issue 20: a deactivated member keeps the Upwork user already mapped to them, but takes no
// other one.
TEST(user_mapping_edit, a_deactivated_member_takes_no_new_upwork_user) {
  fake_storage s;
  s.mappings["u1"] = synced_to(7);
  s.mappings["u2"] = user_mapping{};
  s.deactivated = {7, 8};
  user_mapping_edit to_deactivated;
  to_deactivated.member_id = std::optional<std::int64_t>{8};
  auto refused = edit_user_mapping(s, s.user("u2"), to_deactivated);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code, "member_deactivated");
  EXPECT_EQ(s.writes, 0);
  user_mapping_edit same;
  same.member_id = std::optional<std::int64_t>{7};
  EXPECT_FALSE(edit_user_mapping(s, s.user("u1"), same)) << "choosing the member it has is no change";
}
