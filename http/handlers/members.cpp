// The caller, the workspace's members and their API tokens.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
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

api_response create_token(api_request& req) {
  auto id = parse_id(req.params.at(0));
  auto target = id ? ws::find_member(req.db(), req.who().workspace_id, *id) : std::nullopt;
  if (!target)
    throw not_found("member");
  bool self = target->id == req.who().id;
  if (!self && !storage::at_least(req.who().member_role, storage::role::manager))
    throw forbidden("members may only create tokens for themselves");
  // A token for someone is their power: a manager cannot mint one for a super admin.
  if (!self && !storage::at_least(req.who().member_role, target->member_role))
    throw forbidden("cannot create a token for a member with a higher role");
  json::writer w;
  w.begin_object().field("token", ws::issue_token(req.db(), target->workspace_id, target->id));
  w.end_object();
  return {201, std::move(w).str()};
}

} // namespace

void add_member_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/me", access::member, me);
  r.add(verb::get, "/api/v1/members", access::member, list_members);
  r.add(verb::post, "/api/v1/members", access::manager, create_member);
  r.add(verb::post, "/api/v1/members/{id}/tokens", access::member, create_token);
}

} // namespace upsync::http
