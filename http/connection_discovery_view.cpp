#include "http/connection_discovery_view.hpp"

#include "common/time_format.hpp"

namespace upsync::http {

namespace {

int urgency(const std::string& status) {
  if (status == "failed")
    return 2;
  if (status == "pending")
    return 1;
  return 0;
}

} // namespace

void write_discovery(json::writer& w, const storage::upwork_store::connection_record& c) {
  w.key("discovery").begin_object().field("status", c.discovery_status);
  w.key("error").value_or_null(c.discovery_error);
  w.key("discovered_at");
  if (c.discovered_at)
    w.value(time_format::format_rfc3339(*c.discovered_at));
  else
    w.null();
  w.field("failures", c.discovery_failures).end_object();
}

const storage::upwork_store::connection_record*
wizard_discovery(const std::vector<storage::upwork_store::connection_record>& connections) {
  const storage::upwork_store::connection_record* chosen = nullptr;
  for (const auto& c : connections) {
    if (c.status != "active")
      continue;
    if (!chosen || urgency(c.discovery_status) > urgency(chosen->discovery_status)
        || (urgency(c.discovery_status) == urgency(chosen->discovery_status) && c.id > chosen->id))
      chosen = &c;
  }
  return chosen;
}

} // namespace upsync::http
