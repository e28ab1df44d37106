// The HTTP side's handle on the sync engine (http/sync_control.hpp over sync::engine):
// "look again" and "refresh now" after a committed change.
#pragma once

#include "actors/engine.hpp"
#include "http/sync_control.hpp"

namespace upsync::app {

class engine_control final : public http::sync_control {
public:
  explicit engine_control(sync::engine& engine) : engine_(engine) {}
  void organization_changed(storage::db_id workspace_id, const std::string& organization_id) override {
    engine_.organization_changed(workspace_id, organization_id);
  }
  void connections_changed() override { engine_.reload_all(); }
  void refresh_organization(storage::db_id workspace_id, const std::string& organization_id) override {
    engine_.refresh_organization(workspace_id, organization_id);
  }
  void sync_organization(storage::db_id workspace_id, const std::string& organization_id) override {
    engine_.sync_organization(workspace_id, organization_id);
  }
  void retry_discovery(storage::db_id, storage::db_id connection_id) override {
    engine_.retry_discovery(connection_id);
  }

private:
  sync::engine& engine_;
};

} // namespace upsync::app
