// The control API's connect quirks (sim/connect_quirks.hpp):
//   POST /__control/orgs/{id}/quirks {"photo_url": "https://…"|null, "pending_offers": N}
//   POST /__control/discovery/failure {"failures": N}  the next N companySelector answers are 503
//   GET  /__control/quirks
#include "common/json_writer.hpp"
#include "sim/control_views.hpp"
#include "sim/json_input.hpp"

namespace upsync::sim {

namespace {

void write_quirks(json::writer& w, const connect_quirks& q) {
  w.begin_object().key("organizations").begin_array();
  for (const auto& [id, quirks] : q.all()) {
    w.begin_object().field("id", id);
    w.key("photo_url").value_or_null(quirks.first);
    w.field("pending_offers", static_cast<std::int64_t>(quirks.second)).end_object();
  }
  w.end_array().field("discovery_failures", static_cast<std::int64_t>(q.discovery_failures_left())).end_object();
}

reply quirks_answer(sim_state& s, const http_request& req) {
  json::writer w;
  write_quirks(w, s.quirks);
  return json_reply(req, http::status::ok, std::move(w).str());
}

} // namespace

reply set_org_quirks(sim_state& s, const http_request& req, std::string_view id) {
  auto index = s.w.data().find_org(id);
  if (!index)
    return control_problem(req, http::status::not_found, "unknown organization");
  auto body = parse_json(req.body());
  if (!body || body->type != gql::value::kind::object)
    return control_problem(req, http::status::bad_request,
                           "body must be {\"photo_url\": \"https://…\"|null, \"pending_offers\": N}");
  const auto& org_id = s.w.data().org(*index).id;
  if (const auto* photo = body->field("photo_url")) {
    if (!photo->is_null() && photo->type != gql::value::kind::string)
      return control_problem(req, http::status::bad_request, "photo_url must be a string or null");
    s.quirks.set_photo(org_id, photo->is_null() ? std::nullopt : std::optional<std::string>{photo->text});
  }
  if (const auto* offers = body->field("pending_offers")) {
    auto n = offers->as_integer();
    if (!n || *n < 0 || *n > 10'000)
      return control_problem(req, http::status::bad_request, "pending_offers must be 0..10000");
    s.quirks.set_pending_offers(org_id, static_cast<std::size_t>(*n));
  }
  return quirks_answer(s, req);
}

reply set_discovery_failure(sim_state& s, const http_request& req) {
  auto body = parse_json(req.body());
  const auto* failures = body && body->type == gql::value::kind::object ? body->field("failures") : nullptr;
  auto n = failures ? failures->as_integer() : std::nullopt;
  if (!n || *n < 0)
    return control_problem(req, http::status::bad_request, "body must be {\"failures\": N} with N >= 0");
  s.quirks.fail_discovery(static_cast<std::size_t>(*n));
  return quirks_answer(s, req);
}

reply list_quirks(sim_state& s, const http_request& req) { return quirks_answer(s, req); }

} // namespace upsync::sim
