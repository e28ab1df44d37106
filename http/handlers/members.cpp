// The caller, the workspace's members (roles, deactivation) and their API tokens.
#include "domain/workspace_roles.hpp"
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/refusal_error.hpp"
#include "http/request_bodies.hpp"
#include "http/views.hpp"
#include "storage/workspace_store.hpp"

namespace upsync::http {

namespace {

namespace ws = storage::workspace_store;

api_response me(api_request& req) {
  auto workspace = ws::find_workspace(req.db(), req.who().workspace_id);
  if (!workspace)
    throw not_found("workspace");
  json::writer w;
  w.begin_object().key("member");
  views::write(w, req.who());
  w.key("workspace");
  views::write(w, *workspace);
  w.end_object();
  return {200, std::move(w).str()};
}

api_response list_members(api_request& req) {
  return {200, views::items(ws::list_members(req.db(), req.who().workspace_id))};
}

api_response create_member(api_request& req) {
  auto m = read_member_body(req.body);
  // Nobody hands out more power than they hold.
  if (!storage::at_least(req.who().member_role, m.member_role))
    throw forbidden("only a super admin can create a super admin");
  auto member = ws::create_member(req.db(), req.who().workspace_id, m.name, m.email, m.member_role);
  return {201, views::one(member)};
}

// The member a path's {id} names, in the caller's workspace (another's answers 404).
storage::member_record member_of(api_request& req) {
  auto id = parse_id(req.params.at(0));
  auto target = id ? ws::find_member(req.db(), req.who().workspace_id, *id) : std::nullopt;
  if (!target)
    throw not_found("member");
  return *target;
}

domain::member_standing standing(const storage::member_record& m) { return {m.id, m.member_role, m.active}; }

// A role change or a (de)activation: the domain's rules (workspace_roles) under a lock on
// the workspace, so two changes at once cannot both pass the last-super-admin rule.
api_response change_member(api_request& req) {
  auto change = read_member_patch_body(req.body);
  auto target = member_of(req);
  auto super_admins = ws::lock_active_super_admins(req.db(), req.who().workspace_id);
  target = member_of(req); // as it is under the lock
  throw_if_refused(domain::why_not_change(standing(req.who()), standing(target), change, super_admins));
  if (change.new_role && *change.new_role != target.member_role)
    target = ws::set_role(req.db(), target, *change.new_role);
  if (change.active && *change.active != target.active)
    target = ws::set_active(req.db(), target, *change.active);
  return {200, views::one(target)};
}

api_response create_token(api_request& req) {
  auto target = member_of(req);
  throw_if_refused(domain::why_not_manage_tokens(standing(req.who()), standing(target), true));
  json::writer w;
  w.begin_object().field("token", ws::issue_token(req.db(), target.workspace_id, target.id));
  w.end_object();
  return {201, std::move(w).str()};
}

api_response list_tokens(api_request& req) {
  auto target = member_of(req);
  throw_if_refused(domain::why_not_manage_tokens(standing(req.who()), standing(target), false));
  return {200, views::items(ws::list_tokens(req.db(), target.workspace_id, target.id))};
}

api_response revoke_token(api_request& req) {
  auto target = member_of(req);
  throw_if_refused(domain::why_not_manage_tokens(standing(req.who()), standing(target), false));
  auto token_id = parse_id(req.params.at(1));
  auto revoked = token_id ? ws::revoke_token(req.db(), target.workspace_id, target.id, *token_id) : std::nullopt;
  if (!revoked)
    throw not_found("token");
  json::writer w;
  w.begin_object().key("token");
  views::write(w, *revoked);
  w.end_object();
  return {200, std::move(w).str()};
}

} // namespace

void add_member_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/me", access::member, me);
  r.add(verb::get, "/api/v1/members", access::member, list_members);
  r.add(verb::post, "/api/v1/members", access::manager, create_member);
  r.add(verb::patch, "/api/v1/members/{id}", access::manager, change_member);
  r.add(verb::post, "/api/v1/members/{id}/tokens", access::member, create_token);
  r.add(verb::get, "/api/v1/members/{id}/tokens", access::member, list_tokens);
  r.add(verb::delete_, "/api/v1/members/{id}/tokens/{token_id}", access::member, revoke_token);
}

} // namespace upsync::http
