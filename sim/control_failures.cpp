// The control API's persistent per-contract failures: POST /__control/contracts/{id}/failure
// {"mode":"graphql_error"|"http_500"|"none"} and GET /__control/failures.
#include "common/json_writer.hpp"
#include "sim/control_views.hpp"
#include "sim/json_input.hpp"

namespace upsync::sim {

namespace {

void write_failure(json::writer& w, const std::string& contract_id, contract_failure_mode mode) {
  w.begin_object().field("contract", contract_id).field("mode", to_string(mode)).end_object();
}

} // namespace

reply set_contract_failure(sim_state& s, const http_request& req, std::string_view id) {
  auto index = s.w.data().find_contract(id);
  if (!index)
    return control_problem(req, http::status::not_found, "unknown contract");
  auto body = parse_json(req.body());
  const auto* mode_field = body && body->type == gql::value::kind::object ? body->field("mode") : nullptr;
  auto mode = mode_field && mode_field->as_text() ? contract_failure_mode_of(*mode_field->as_text()) : std::nullopt;
  if (!mode)
    return control_problem(req, http::status::bad_request,
                           "body must be {\"mode\":\"graphql_error\"|\"http_500\"|\"none\"}");
  const auto& contract_id = s.w.data().contract(*index).id;
  s.failing.set(contract_id, *mode);
  json::writer w;
  write_failure(w, contract_id, *mode);
  return json_reply(req, http::status::ok, std::move(w).str());
}

reply list_contract_failures(sim_state& s, const http_request& req) {
  json::writer w;
  w.begin_object().key("failures").begin_array();
  for (const auto& [id, mode] : s.failing.all())
    write_failure(w, id, mode);
  w.end_array().end_object();
  return json_reply(req, http::status::ok, std::move(w).str());
}

} // namespace upsync::sim
