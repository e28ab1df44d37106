// POST /graphql: bearer auth, faults, tenant selection, parse, execute, damage.
#include <algorithm>
#include "common/json_writer.hpp"
#include "sim/endpoints.hpp"
#include "sim/graphql_executor.hpp"
#include "sim/graphql_parser.hpp"
#include "sim/json_input.hpp"
#include "sim/upwork_schema.hpp"

namespace upsync::sim {

namespace {

reply unauthorized(const http_request& req, const std::string& description) {
  auto r = oauth_error(req, 401, "invalid_token", description);
  r.res.set(http::field::www_authenticate, "Bearer error=\"invalid_token\"");
  r.operation = "graphql.unauthorized";
  return r;
}

reply fault_reply(const http_request& req, const fault_plan& plan) {
  reply r;
  if (plan.status == 429) {
    r = json_reply(req, http::status::too_many_requests, "{\"message\":\"Too Many Requests: rate limit exceeded\"}");
    if (plan.retry_after_s > 0)
      r.res.set(http::field::retry_after, std::to_string(plan.retry_after_s));
  } else {
    // Gateways answer 5xx with HTML, not JSON.
    r.res = http_response{static_cast<http::status>(plan.status), req.version()};
    r.res.set(http::field::content_type, "text/html");
    r.res.keep_alive(req.keep_alive());
    r.res.body() = "<html><body><h1>" + std::to_string(plan.status) + " Server Error</h1></body></html>";
    r.res.prepare_payload();
  }
  r.delay = plan.delay;
  return r;
}

// The operation a request is counted under: its root fields' names, each once (ten
// aliased workDiaryContracts are one "workDiaryContract" request).
std::string join(const std::vector<std::string>& names) {
  std::string out;
  std::vector<std::string> seen;
  for (const auto& n : names) {
    if (std::find(seen.begin(), seen.end(), n) != seen.end())
      continue;
    seen.push_back(n);
    out += (out.empty() ? "" : ",") + n;
  }
  return out.empty() ? "graphql.empty" : out;
}

} // namespace

reply handle_graphql(sim_state& s, const http_request& req, const std::string& remote_ip) {
  if (req.method() != http::verb::post) {
    auto r = json_reply(req, http::status::method_not_allowed, gql::error_response("Use POST", {}, "ValidationError"));
    r.operation = "graphql.bad_request";
    return r;
  }
  auto auth = req[http::field::authorization];
  std::string_view a{auth.data(), auth.size()};
  if (a.size() < 8 || (a.substr(0, 7) != "Bearer " && a.substr(0, 7) != "bearer "))
    return unauthorized(req, "Missing bearer token");
  std::string token{a.substr(7)};
  auto cfg = s.faults.config();
  access_grant grant;
  switch (s.oauth.check_access(token, cfg.token_max_requests, grant)) {
  case access_denial::none: break;
  case access_denial::unknown: return unauthorized(req, "The access token is invalid");
  case access_denial::expired: return unauthorized(req, "The access token expired");
  case access_denial::request_budget_spent: return unauthorized(req, "The access token expired (request budget)");
  }

  auto plan = s.faults.plan(grant.client_id.empty() ? remote_ip : grant.client_id, true);
  if (plan.status != 0) {
    auto r = fault_reply(req, plan);
    r.operation = "graphql.fault";
    return r;
  }
  auto bad_request = [&](const std::string& message) {
    auto r = json_reply(req, http::status::bad_request, gql::error_response(message, {}, "ValidationError"));
    r.operation = "graphql.bad_request";
    r.delay = plan.delay;
    return r;
  };
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return bad_request("The request body is not a JSON object");
  const auto* query = body->field("query");
  if (!query || query->type != gql::value::kind::string)
    return bad_request("The request has no query");
  gql::value variables;
  if (const auto* v = body->field("variables"); v && v->type == gql::value::kind::object)
    variables = *v;
  std::string operation_name;
  if (const auto* n = body->field("operationName"); n && n->type == gql::value::kind::string)
    operation_name = n->text;

  reply r;
  r.delay = plan.delay;
  auto parsed = gql::parse(query->text);
  if (auto* err = std::get_if<gql::parse_error>(&parsed)) {
    r = json_reply(req, http::status::ok,
                   gql::error_response("Invalid Syntax : " + err->message, err->loc, "InvalidSyntax"));
    r.operation = "graphql.invalid_syntax";
    r.delay = plan.delay;
    return r;
  }
  const auto& doc = std::get<gql::document>(parsed);

  query_scope scope{s.w, grant.scope};
  scope.type_title_scope = cfg.type_title_scope;
  scope.iso_cell_times = plan.iso_cell_times;
  scope.failing = &s.failing;
  scope.quirks = &s.quirks;
  auto tenant_header = req["X-Upwork-API-TenantId"];
  if (!tenant_header.empty()) {
    auto org = s.w.data().find_org(std::string_view{tenant_header.data(), tenant_header.size()});
    if (!org || !scope.reaches(*org)) {
      gql::exec_context ctx;
      ctx.abort("Tenant " + std::string{tenant_header} + " is not accessible with this token", {});
      r = json_reply(req, http::status::ok, "{\"errors\":[" + ctx.errors_json() + "],\"data\":null}");
      r.operation = "graphql.bad_tenant";
      r.delay = plan.delay;
      return r;
    }
    scope.tenant = *org;
  } else {
    scope.tenant = default_org(s.w, *grant.scope).value_or(0);
  }

  gql::exec_options options;
  options.numbers_as_strings = plan.numbers_as_strings;
  options.partial_failure = plan.partial_error;
  options.alias_error_share = plan.alias_error_share;
  options.alias_seed = plan.draw;
  auto result = gql::execute(doc, operation_name, variables, make_query_root(scope), options);
  // Injected failures answer the whole request with an HTTP error instead.
  auto failed_with = [&](int status, const char* operation) {
    fault_plan failed;
    failed.status = status;
    failed.delay = plan.delay;
    r = fault_reply(req, failed);
    r.operation = operation;
    return r;
  };
  if (std::find(result.root_fields.begin(), result.root_fields.end(), "companySelector") != result.root_fields.end()
      && s.quirks.take_discovery_failure())
    return failed_with(503, "graphql.discovery_failure");
  if (scope.answer_http_500)
    return failed_with(500, "graphql.contract_failure");
  fault_injector::damage_body(plan, result.body);
  r = json_reply(req, http::status::ok, std::move(result.body));
  r.operation = join(result.root_fields);
  r.delay = plan.delay;
  return r;
}

} // namespace upsync::sim
