// The workspace's projects.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/request_bodies.hpp"
#include "http/views.hpp"
#include "storage/project_store.hpp"

namespace upsync::http {

namespace {

api_response list_projects(api_request& req) {
  return {200, views::items(storage::project_store::list(req.db(), req.who().workspace_id))};
}

api_response create_project(api_request& req) {
  auto p = read_project_body(req.body);
  auto project = storage::project_store::create(req.db(), req.who().workspace_id, p.name, p.client_name, p.billable);
  return {201, views::one(project)};
}

// Rename, client, billable, archive (issue 20). An archived project keeps its intervals and
// mappings; the wizard no longer offers it.
api_response change_project(api_request& req) {
  auto patch = read_project_patch_body(req.body);
  auto id = parse_id(req.params.at(0));
  auto project = id ? storage::project_store::update(req.db(), req.who().workspace_id, *id, patch) : std::nullopt;
  if (!project)
    throw not_found("project");
  return {200, views::one(*project)};
}

} // namespace

void add_project_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/projects", access::member, list_projects);
  r.add(verb::post, "/api/v1/projects", access::manager, create_project);
  r.add(verb::patch, "/api/v1/projects/{id}", access::manager, change_project);
}

} // namespace upsync::http
