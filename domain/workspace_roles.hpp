// Who may do what in a workspace (F1, issue 20): the three roles in order of power, and the
// rules of handing power out — nobody grants more than they hold or acts on someone who
// holds more, and a workspace always keeps an active super admin.
#pragma once

#include "domain/use_cases/refusal.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace upsync::domain {

enum class role { member, manager, super_admin };

/// "member" | "manager" | "super_admin".
const char* to_string(role r);
std::optional<role> role_from_string(std::string_view text);
/// super_admin > manager > member.
inline bool at_least(role have, role need) { return static_cast<int>(have) >= static_cast<int>(need); }

/// A member as the rules see them.
struct member_standing {
  std::int64_t id = 0;
  role member_role = role::member;
  bool active = true;
};

/// What a manager asks to change of a member (PATCH /api/v1/members/{id}).
struct member_change {
  std::optional<role> new_role;
  std::optional<bool> active;
};

/// Why `actor` may not make `change` to `target`, or none. `active_super_admins` counts the
/// workspace's active super admins now (the caller holds the lock that keeps it true until
/// its transaction ends). Refusals: forbidden (a target with more power than the actor, a
/// role above the actor's own), conflict `last_super_admin` (the change would leave no
/// active super admin).
std::optional<refusal> why_not_change(const member_standing& actor, const member_standing& target,
                                      const member_change& change, std::int64_t active_super_admins);

/// Why `actor` may not create, list or revoke `target`'s API tokens, or none: their own
/// always; anyone else's as a manager, never of someone with more power (a token is its
/// holder's power). When `creating`, a deactivated target is refused too (conflict
/// `member_deactivated`); listing and revoking are not.
std::optional<refusal> why_not_manage_tokens(const member_standing& actor, const member_standing& target,
                                             bool creating);

} // namespace upsync::domain
