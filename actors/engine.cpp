#include "actors/engine.hpp"

#include "actors/actors.hpp"

#include <caf/all.hpp>

namespace upsync::sync {

struct engine::impl {
  explicit impl(std::size_t threads) {
    config.add_message_types<caf::id_block::upsync>();
    config.set("scheduler.max-threads", threads);
    system = std::make_unique<caf::actor_system>(config);
  }

  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  caf::actor supervisor;
  bool started = false;
};

engine::engine(engine_settings settings, std::size_t scheduler_threads)
  : impl_(std::make_unique<impl>(scheduler_threads)) {
  auto shared = std::make_shared<const engine_settings>(std::move(settings));
  impl_->supervisor = spawn_sync_supervisor(*impl_->system, shared);
}

engine::~engine() {
  caf::anon_send_exit(impl_->supervisor, caf::exit_reason::user_shutdown);
  impl_->system->await_all_actors_done();
}

void engine::start() {
  impl_->started = true;
  caf::anon_send(impl_->supervisor, atom::load_v);
}

void engine::organization_changed(storage::db_id workspace_id, const std::string& organization_id) {
  caf::anon_send(impl_->supervisor, atom::reload_v, workspace_id, organization_id);
}

void engine::reload_all() { caf::anon_send(impl_->supervisor, atom::load_v); }

std::optional<std::vector<contract_status>> engine::status(storage::db_id workspace_id,
                                                           const std::string& organization_id, int timeout_ms) {
  caf::scoped_actor self{*impl_->system};
  std::optional<std::vector<contract_status>> out;
  self->request(impl_->supervisor, std::chrono::milliseconds(timeout_ms), atom::status_v, workspace_id, organization_id)
    .receive([&](std::vector<contract_status>& s) { out = std::move(s); }, [&](const caf::error&) {});
  return out;
}

bool engine::running() const { return impl_->started; }

} // namespace upsync::sync
