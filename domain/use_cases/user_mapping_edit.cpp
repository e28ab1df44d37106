#include "domain/use_cases/user_mapping_edit.hpp"

#include "domain/same_name.hpp"

namespace upsync::domain {

namespace {

std::optional<refusal> refuse_member(user_mapping_storage& storage, const std::string& upwork_user_id,
                                     std::int64_t member_id,
                                     const std::vector<user_mapping_storage::mapped_user>& others) {
  if (!storage.member_exists(member_id))
    return refusal{refusal::kind::invalid, "no such member in this workspace", "member_id"};

  for (const auto& o : others)
    if (o.upwork_user_id != upwork_user_id && o.mapping.member_id == member_id)
      return refusal{refusal::kind::conflict,
                     "the member is already mapped to another Upwork user of this organization", "member_id"};
  return std::nullopt;
}

std::optional<refusal> refuse_new_member(user_mapping_storage& storage, const std::string& upwork_user_id,
                                         const user_mapping_edit::new_member& create,
                                         const std::vector<user_mapping_storage::mapped_user>& others) {
  auto email = case_folded(create.email);
  for (const auto& existing : storage.member_emails())
    if (case_folded(existing) == email)
      return refusal{refusal::kind::conflict, "a member with this email exists: map to it with member_id",
                     "create_member.email"};
  for (const auto& o : others)
    if (o.upwork_user_id != upwork_user_id && o.mapping.create_member_email
        && case_folded(*o.mapping.create_member_email) == email)
      return refusal{refusal::kind::conflict,
                     "another Upwork user of this organization creates a member with this email",
                     "create_member.email"};
  return std::nullopt;
}

} // namespace

std::optional<refusal> edit_user_mapping(user_mapping_storage& storage, const user_mapping_storage::mapped_user& user,
                                         const user_mapping_edit& edit) {
  if (user.mapping.locked)
    return refusal{refusal::kind::conflict, "the mapping is locked; unlock it first", std::nullopt};

  auto m = user.mapping;
  auto others = storage.users();
  if (edit.member_id) {
    if (*edit.member_id) {
      if (auto refused = refuse_member(storage, user.upwork_user_id, **edit.member_id, others))
        return refused;
      // A deactivated member keeps the time they have; no other Upwork user's goes to them.
      if (**edit.member_id != user.mapping.member_id && !storage.member_active(**edit.member_id))
        return refusal{refusal::kind::conflict, "the member is deactivated; reactivate them or choose another",
                       "member_id", "member_deactivated"};
      m.create_member_name.reset();
      m.create_member_email.reset();
    }
    m.member_id = *edit.member_id;
  }
  if (edit.create_member) {
    if (*edit.create_member) {
      if (auto refused = refuse_new_member(storage, user.upwork_user_id, **edit.create_member, others))
        return refused;
      m.member_id.reset();
      m.create_member_name = (*edit.create_member)->name;
      m.create_member_email = (*edit.create_member)->email;
    } else {
      m.create_member_name.reset();
      m.create_member_email.reset();
    }
  }
  bool mapped = m.member_id || m.create_member_name;
  if (edit.sync) {
    if (*edit.sync && !mapped)
      return refusal{refusal::kind::unprocessable, "a user syncs only when mapped to a member (or to one to create)",
                     "sync"};
    m.sync = *edit.sync;
  } else if (edit.member_id || edit.create_member) {
    m.sync = mapped; // mapping a person switches their sync on, unmapping off
  }
  storage.save(user.upwork_user_id, m);
  if (!m.sync) // F5: a contract syncs only while its user syncs
    storage.stop_contracts_of(user.upwork_user_id);
  return std::nullopt;
}

void unlock_user_mapping(user_mapping_storage& storage, const user_mapping_storage::mapped_user& user) {
  auto m = user.mapping;
  m.locked = false;
  storage.save(user.upwork_user_id, m);
  storage.unlock_contracts_of(user.upwork_user_id);
}

} // namespace upsync::domain
