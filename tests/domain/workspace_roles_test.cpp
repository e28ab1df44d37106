// Who may change whom in a workspace (issue 20): nobody hands out more power than they hold
// or acts on someone who holds more, and the last active super admin stays one.
#include "domain/workspace_roles.hpp"

#include <gtest/gtest.h>

namespace upsync::domain {
namespace {

const member_standing admin{1, role::super_admin, true};
const member_standing other_admin{2, role::super_admin, true};
const member_standing manager{3, role::manager, true};
const member_standing member{4, role::member, true};
const member_standing gone{5, role::member, false};

member_change to(role r) { return member_change{r, std::nullopt}; }
member_change active(bool on) { return member_change{std::nullopt, on}; }

std::string code(const std::optional<refusal>& r) { return r ? (r->code.empty() ? "refused" : r->code) : ""; }

TEST(workspace_roles, roles_read_and_order_as_stored) {
  EXPECT_EQ(role_from_string(to_string(role::manager)), role::manager);
  EXPECT_FALSE(role_from_string("owner"));
  EXPECT_TRUE(at_least(role::super_admin, role::manager));
  EXPECT_FALSE(at_least(role::member, role::manager));
}

TEST(workspace_roles, a_manager_changes_members_and_managers_up_to_their_own_role) {
  EXPECT_FALSE(why_not_change(manager, member, to(role::manager), 1));
  EXPECT_FALSE(why_not_change(manager, member, active(false), 1));
  auto grant = why_not_change(manager, member, to(role::super_admin), 1);
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->what, refusal::kind::forbidden);
  auto above = why_not_change(manager, admin, to(role::member), 2);
  ASSERT_TRUE(above);
  EXPECT_EQ(above->what, refusal::kind::forbidden) << "a super admin is out of a manager's reach";
  EXPECT_TRUE(why_not_change(member, gone, active(true), 1)) << "members change nobody";
  EXPECT_FALSE(why_not_change(admin, manager, to(role::super_admin), 1));
}

TEST(workspace_roles, the_last_active_super_admin_is_neither_demoted_nor_deactivated) {
  EXPECT_EQ(code(why_not_change(admin, admin, to(role::manager), 1)), "last_super_admin");
  EXPECT_EQ(code(why_not_change(admin, admin, active(false), 1)), "last_super_admin");
  EXPECT_EQ(code(why_not_change(admin, other_admin, to(role::member), 2)), "") << "another remains";
  EXPECT_EQ(code(why_not_change(admin, admin, to(role::super_admin), 1)), "") << "no change of role";
  EXPECT_EQ(code(why_not_change(admin, admin, active(true), 1)), "");
  const member_standing inactive_admin{6, role::super_admin, false};
  EXPECT_EQ(code(why_not_change(admin, inactive_admin, to(role::member), 1)), "")
    << "a deactivated super admin is not the one that keeps the workspace";
}

TEST(workspace_roles, tokens_are_their_holders_and_a_managers_up_to_their_own_role) {
  EXPECT_FALSE(why_not_manage_tokens(member, member, true)) << "their own";
  EXPECT_TRUE(why_not_manage_tokens(member, manager, false)) << "not someone else's";
  EXPECT_FALSE(why_not_manage_tokens(manager, member, true));
  EXPECT_TRUE(why_not_manage_tokens(manager, admin, false)) << "a token is its holder's power";
  EXPECT_EQ(code(why_not_manage_tokens(manager, gone, true)), "member_deactivated");
  EXPECT_FALSE(why_not_manage_tokens(manager, gone, false)) << "listing and revoking still work";
}

} // namespace
} // namespace upsync::domain
