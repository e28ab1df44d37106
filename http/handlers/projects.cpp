// The workspace's projects.
#include "http/api_error.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/views.hpp"
#include "storage/project_store.hpp"

namespace upsync::http {

namespace {

api_response list_projects(api_request& req) {
  return {200, views::items(storage::project_store::list(req.db(), req.who().workspace_id))};
}

api_response create_project(api_request& req) {
  json_body body{req.body};
  body.allow_only({"name", "client_name", "billable"});
  auto name = body.required_string("name");
  auto client_name = body.nullable_string("client_name").value_or(std::nullopt);
  bool billable = body.boolean("billable").value_or(false);
  auto project = storage::project_store::create(req.db(), req.who().workspace_id, name,
                                                client_name, billable);
  return {201, views::one(project)};
}

} // namespace

void add_project_routes(router& r) {
  using boost::beast::http::verb;
  r.add(verb::get, "/api/v1/projects", access::member, list_projects);
  r.add(verb::post, "/api/v1/projects", access::manager, create_project);
}

} // namespace upsync::http
