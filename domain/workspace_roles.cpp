#include "domain/workspace_roles.hpp"

namespace upsync::domain {

const char* to_string(role r) {
  switch (r) {
  case role::super_admin: return "super_admin";
  case role::manager: return "manager";
  case role::member: return "member";
  }
  return "member";
}

std::optional<role> role_from_string(std::string_view text) {
  if (text == "super_admin")
    return role::super_admin;
  if (text == "manager")
    return role::manager;
  if (text == "member")
    return role::member;
  return std::nullopt;
}

namespace {

refusal forbidden(std::string message) { return refusal{refusal::kind::forbidden, std::move(message)}; }

} // namespace

std::optional<refusal> why_not_change(const member_standing& actor, const member_standing& target,
                                      const member_change& change, std::int64_t active_super_admins) {
  if (!at_least(actor.member_role, role::manager))
    return forbidden("only managers change members");
  if (!at_least(actor.member_role, target.member_role))
    return forbidden("cannot change a member with a higher role than yours");
  if (change.new_role && !at_least(actor.member_role, *change.new_role))
    return forbidden("cannot grant a role higher than yours");
  // The last active super admin stays one: nobody could administer the workspace after.
  const bool loses_super_admin =
    target.member_role == role::super_admin && target.active
    && ((change.new_role && *change.new_role != role::super_admin) || (change.active && !*change.active));
  if (loses_super_admin && active_super_admins <= 1)
    return refusal{refusal::kind::conflict, "the workspace's last active super admin cannot be demoted or deactivated",
                   std::nullopt, "last_super_admin"};
  return std::nullopt;
}

std::optional<refusal> why_not_manage_tokens(const member_standing& actor, const member_standing& target,
                                             bool creating) {
  const bool self = actor.id == target.id;
  if (!self && !at_least(actor.member_role, role::manager))
    return forbidden("members may only manage their own tokens");
  if (!self && !at_least(actor.member_role, target.member_role))
    return forbidden("cannot manage the tokens of a member with a higher role");
  if (creating && !target.active)
    return refusal{refusal::kind::conflict, "the member is deactivated; reactivate them first", std::nullopt,
                   "member_deactivated"};
  return std::nullopt;
}

} // namespace upsync::domain
