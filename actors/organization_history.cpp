// The ORGANIZATION's runs for the sync history (issue 20): each cycle, import and refresh
// with what it read and wrote, handed to the STORE when it ends (written with the synced
// marks, within a second; consecutive idle cycles share one row).
#include "actors/organization_state.hpp"

#include <caf/all.hpp>
#include <chrono>

namespace upsync::sync::organization {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace

storage::sync_history::run begin_run(const organization_state& st, const char* kind) {
  storage::sync_history::run run;
  run.workspace_id = st.workspace_id;
  run.organization_id = st.organization_id;
  run.kind = kind;
  run.started_at = now_ms();
  return run;
}

void end_run(const organization_state& st, storage::sync_history::run& run, const char* result,
             std::optional<std::string> error) {
  if (run.started_at == 0)
    return; // never began (a refresh refused before it started)
  run.result = result;
  run.finished_at = now_ms();
  if (error && !run.error)
    run.error = std::move(error);
  caf::anon_send(st.deps.store, sync_run_done{std::move(run)});
  run = {};
}

} // namespace upsync::sync::organization
