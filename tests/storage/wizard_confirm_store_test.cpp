// Wizard step 3's confirm through its PostgreSQL storage with many new members and projects:
// each batch is one statement, and its ids must land on the right users and contracts.
#include "domain/use_cases/wizard_confirm.hpp"
#include "storage/project_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/wizard_confirm_store.hpp"
#include "storage/workspace_store.hpp"
#include "tests/storage/upwork_fixture.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <map>
#include <string>

using namespace upsync::storage;

namespace {

constexpr int people = 50;

/// "user-07": zero-padded, so that the storage's order (by id) is the order of `i`.
std::string nth(const char* prefix, int i) { return prefix + std::string(i < 10 ? "0" : "") + std::to_string(i); }

class wizard_confirm_store_test : public upsync::testing::two_chains_test {
protected:
  /// `people` users of org-1 chosen "create new member", each with a contract chosen "new
  /// project" (odd ones billable, every third with a client).
  void choose_new_members_and_projects() {
    for (int i = 0; i < people; ++i) {
      tx.exec_params0("INSERT INTO upwork_users (workspace_id, organization_id, upwork_user_id, name, sync,"
                      " create_member_name, create_member_email) VALUES ($1, 'org-1', $2, $3, true, $4, $5)",
                      a.workspace_id, nth("new-user-", i), nth("Upwork ", i), nth("Person ", i),
                      nth("person", i) + "@example.com");
      tx.exec_params0("INSERT INTO upwork_contracts (workspace_id, id, organization_id, upwork_user_id, title,"
                      " status, kind, upwork_rate, sync, create_project)"
                      " VALUES ($1, $2, 'org-1', $3, 'Work', 'active', 'hourly', 30, true,"
                      "   jsonb_build_object('name', $4::text, 'client_name', $5::text, 'billable', $6::boolean))",
                      a.workspace_id, nth("new-contract-", i), nth("new-user-", i), nth("Project ", i),
                      i % 3 == 0 ? std::optional<std::string>{nth("Client ", i)} : std::nullopt, i % 2 == 1);
    }
  }

  upsync::domain::confirm_outcome confirm() {
    wizard_confirm_store store{tx, a.workspace_id};
    return upsync::domain::confirm_wizard(store, upsync::domain::fixed_clock(1786968000), 30);
  }
};

} // namespace

TEST_F(wizard_confirm_store_test, fifty_new_members_and_projects_are_created_and_mapped_each_to_its_own) {
  choose_new_members_and_projects();

  auto outcome = confirm();

  ASSERT_FALSE(outcome.refused);
  EXPECT_EQ(outcome.contracts_started, people); // contract-1 was confirmed before
  std::map<std::string, member_record> members; // by email
  for (auto& m : workspace_store::list_members(tx, a.workspace_id))
    members.emplace(m.email, m);
  ASSERT_EQ(members.size(), 1u + people); // Ada and the new ones
  std::map<std::string, db_id> user_member;
  for (const auto& u : upwork_store::list_users(tx, a.workspace_id, "org-1"))
    if (u.mapping.member_id)
      user_member[u.upwork_user_id] = *u.mapping.member_id;
  std::map<std::string, project_record> projects; // by name
  for (auto& p : project_store::list(tx, a.workspace_id))
    projects.emplace(p.name, p);
  ASSERT_EQ(projects.size(), 1u + people); // Apollo and the new ones
  db_id previous_member = 0, previous_project = 0;
  for (int i = 0; i < people; ++i) {
    SCOPED_TRACE(i);
    const auto& m = members.at(nth("person", i) + "@example.com");
    EXPECT_EQ(m.name, nth("Person ", i));
    EXPECT_EQ(m.member_role, role::member);
    EXPECT_EQ(user_member.at(nth("new-user-", i)), m.id);
    EXPECT_GT(m.id, previous_member); // created in the order the confirm reads them
    previous_member = m.id;
    const auto& p = projects.at(nth("Project ", i));
    EXPECT_EQ(p.client_name, i % 3 == 0 ? std::optional<std::string>{nth("Client ", i)} : std::nullopt);
    EXPECT_EQ(p.billable, i % 2 == 1);
    auto contract = upwork_store::find_contract(tx, a.workspace_id, nth("new-contract-", i));
    EXPECT_EQ(contract->mapping.project_id, p.id);
    EXPECT_TRUE(contract->confirmed_at);
    EXPECT_GT(p.id, previous_project);
    previous_project = p.id;
  }
  // The choices are used up, and the other workspace has nothing new.
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM upwork_users WHERE workspace_id = $1"
                            " AND (create_member_name IS NOT NULL OR create_member_email IS NOT NULL)",
                            a.workspace_id)[0]
              .as<int>(),
            0);
  EXPECT_EQ(
    tx.exec_params1("SELECT count(*) FROM upwork_contracts WHERE workspace_id = $1 AND create_project IS NOT NULL",
                    a.workspace_id)[0]
      .as<int>(),
    0);
  EXPECT_EQ(workspace_store::list_members(tx, b.workspace_id).size(), 1u);
  EXPECT_EQ(project_store::list(tx, b.workspace_id).size(), 1u);
}

TEST_F(wizard_confirm_store_test, one_taken_email_among_many_is_the_one_the_refusal_names) {
  choose_new_members_and_projects();
  // Ada's email, written otherwise: the members' unique index ignores case.
  tx.exec_params0("UPDATE upwork_users SET create_member_email = 'ADA@example.com'"
                  " WHERE workspace_id = $1 AND upwork_user_id = 'new-user-17'",
                  a.workspace_id);

  auto outcome = confirm();

  ASSERT_TRUE(outcome.refused);
  EXPECT_EQ(outcome.refused->field, "create_member.email");
  EXPECT_NE(outcome.refused->message.find("new-user-17"), std::string::npos) << outcome.refused->message;
}

TEST_F(wizard_confirm_store_test, one_taken_project_name_among_many_is_the_one_the_refusal_names) {
  choose_new_members_and_projects();
  tx.exec_params0("UPDATE upwork_contracts SET create_project = jsonb_set(create_project, '{name}', '\"APOLLO\"')"
                  " WHERE workspace_id = $1 AND id = 'new-contract-33'",
                  a.workspace_id);

  auto outcome = confirm();

  ASSERT_TRUE(outcome.refused);
  EXPECT_EQ(outcome.refused->field, "create_project.name");
  EXPECT_NE(outcome.refused->message.find("new-contract-33"), std::string::npos) << outcome.refused->message;
}
