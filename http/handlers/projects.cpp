// The workspace's projects.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
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

} // namespace

void add_project_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/projects", access::member, list_projects);
  r.add(verb::post, "/api/v1/projects", access::manager, create_project);
}

} // namespace upsync::http
