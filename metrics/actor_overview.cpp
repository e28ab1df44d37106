// The actors' overview as Prometheus families.
#include "metrics/actor_overview.hpp"

#include <algorithm>

namespace upsync::metrics {

namespace {

family_snapshot by_kind(const actor_overview& o, const char* name, const char* help, metric_type type,
                        std::uint64_t kind_summary::*field) {
  family_snapshot f{name, help, type, {}};
  for (const auto& k : o.kinds)
    f.samples.push_back({"", {{"kind", k.kind}}, static_cast<double>(k.*field)});
  return f;
}

} // namespace

std::vector<family_snapshot> overview_families(const actor_overview& o, double now) {
  std::vector<family_snapshot> out;
  out.push_back(
    by_kind(o, "upsync_actors_alive", "Engine actors running, by kind.", metric_type::gauge, &kind_summary::alive));
  out.push_back(by_kind(o, "upsync_actor_messages_handled_total",
                        "Messages engine actors handled, by kind (as the actors last reported).", metric_type::counter,
                        &kind_summary::messages_handled));
  out.push_back(by_kind(o, "upsync_actor_mailbox_messages",
                        "Messages waiting in the mailboxes of all actors of a kind (last reports).", metric_type::gauge,
                        &kind_summary::mailbox));
  out.push_back(by_kind(o, "upsync_actor_mailbox_max_messages",
                        "The largest mailbox any one actor of a kind had since start.", metric_type::gauge,
                        &kind_summary::mailbox_max));
  out.push_back(by_kind(o, "upsync_actor_failures_total", "Engine actors that exited with an error, by kind.",
                        metric_type::counter, &kind_summary::failures));

  family_snapshot lag{"upsync_sync_lag_seconds",
                      "Seconds since the organization's last successful sync cycle (since its actor "
                      "started while it has none).",
                      metric_type::gauge,
                      {}};
  // One series per organization: while a restarted actor overlaps its predecessor's last
  // report, the fresher of the two counts.
  std::map<std::pair<std::int64_t, std::string>, double> lags;
  for (const auto& org : o.organizations) {
    auto key = std::make_pair(org.workspace_id, org.organization_id);
    auto value = std::max(0.0, org.lag_seconds(now));
    auto [it, fresh] = lags.emplace(key, value);
    if (!fresh)
      it->second = std::min(it->second, value);
  }
  for (const auto& [key, value] : lags)
    lag.samples.push_back({"", {{"workspace", std::to_string(key.first)}, {"organization", key.second}}, value});
  out.push_back(std::move(lag));

  family_snapshot imports{
    "upsync_import_contracts", "Syncing contracts by first-import state.", metric_type::gauge, {}};
  for (const char* state : {"pending", "running", "done", "failed"}) {
    auto it = o.imports.find(state);
    imports.samples.push_back({"", {{"state", state}}, it == o.imports.end() ? 0.0 : static_cast<double>(it->second)});
  }
  out.push_back(std::move(imports));
  out.push_back({"upsync_import_days",
                 "Days of the first-import windows: done, and planned in all (done / planned = progress).",
                 metric_type::gauge,
                 {{"", {{"state", "done"}}, static_cast<double>(o.import_days_done)},
                  {"", {{"state", "planned"}}, static_cast<double>(o.import_days_total)}}});
  return out;
}

} // namespace upsync::metrics
