#include "actors/engine.hpp"

#include "actors/actors.hpp"
#include "actors/connection_requests.hpp"
#include "actors/discovery_actor.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"
#include "actors/metrics_actor.hpp"
#include "actors/cycle_pacer.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "actors/sync_supervisor.hpp"

#include <algorithm>
#include <caf/all.hpp>

namespace upsync::sync {

namespace {

// The request budget as metrics, read when the registry is: waits and pauses it counted,
// tokens a request could take now, the rate in force.
std::vector<metrics::family_snapshot> budget_families(upwork::request_budget& budget) {
  auto t = budget.totals();
  using metrics::metric_type;
  return {
    {"upsync_upwork_budget_tokens_available",
     "Upwork request budget tokens a request could take now.",
     metric_type::gauge,
     {{"", {}, budget.available()}}},
    {"upsync_upwork_rate_limit_pauses_total",
     "Times a 429 from Upwork paused every request sharing the budget.",
     metric_type::counter,
     {{"", {}, static_cast<double>(t.pauses)}}},
    {"upsync_upwork_rate_limit_wait_seconds_total",
     "Seconds requests waited for the request budget (rate limit).",
     metric_type::counter,
     {{"", {}, t.waited_seconds}}},
    {"upsync_upwork_rate_limit_waits_total",
     "Requests that had to wait for the request budget.",
     metric_type::counter,
     {{"", {}, static_cast<double>(t.waits)}}},
    {"upsync_upwork_rate_per_second",
     "The Upwork request rate in force: the configured ceiling unless 429s brought it down (AIMD).",
     metric_type::gauge,
     {{"", {}, t.rate}}},
    {"upsync_upwork_rate_decreases_total",
     "Times a 429 from Upwork halved the request rate in force.",
     metric_type::counter,
     {{"", {}, static_cast<double>(t.decreases)}}},
  };
}

/// Today's Upwork requests as the operators see them (metrics, /api/v1/admin/actors).
metrics::request_budget_view requests_view(const engine_settings& s) {
  metrics::request_budget_view v;
  v.configured_cycle_seconds = std::chrono::duration<double>(s.cycle_interval).count();
  v.effective_cycle_seconds = v.configured_cycle_seconds;
  if (s.budget)
    v.rate_per_second = s.budget->current_rate();
  if (s.pacer) {
    auto p = s.pacer->now();
    v.daily_limited = p.budget.limit > 0;
    v.daily_limit = p.budget.limit;
    v.used_today = p.budget.used;
    v.remaining_today = p.budget.remaining;
    v.projected_today = p.budget.projected;
    v.sent_today = p.budget.sent;
    v.refused_today = p.budget.refused;
    v.effective_cycle_seconds = std::chrono::duration<double>(p.interval).count();
    v.organizations = p.organizations;
    v.requests_per_cycle = p.requests_per_cycle;
  }
  return v;
}

std::vector<metrics::family_snapshot> daily_budget_families(const metrics::request_budget_view& v) {
  using metrics::metric_type;
  auto gauge = [](const char* name, const char* help, double value) {
    return metrics::family_snapshot{name, help, metric_type::gauge, {{"", {}, value}}};
  };
  return {
    gauge("upsync_upwork_daily_budget_requests", "Upwork's daily request budget (UPSYNC_UPWORK_DAILY_REQUESTS).",
          static_cast<double>(v.daily_limit)),
    gauge("upsync_upwork_requests_today", "Upwork requests of today (UTC) by every node, reserved against the budget.",
          static_cast<double>(v.used_today)),
    gauge("upsync_upwork_requests_projected_today", "Today's Upwork requests at today's pace until 00:00 UTC.",
          v.projected_today),
    gauge("upsync_upwork_daily_budget_remaining", "Upwork requests left of today's budget.",
          static_cast<double>(v.remaining_today)),
    gauge("upsync_upwork_requests_refused_today",
          "Upwork requests not sent today because the budget was spent for their purpose.",
          static_cast<double>(v.refused_today)),
    gauge("upsync_sync_cycle_interval_seconds",
          "The interval of every organization's cycle: the configured one unless the day's budget stretches it.",
          v.effective_cycle_seconds),
  };
}

// This node's requests of today by connection: Prometheus sums the nodes. The status
// dashboard and the admin view read every node's, from PostgreSQL.
std::vector<metrics::family_snapshot> connection_request_families(connection_requests& requests) {
  metrics::family_snapshot f{"upsync_upwork_connection_requests_today",
                             "Upwork requests of today (UTC) sent by this node for each connection (OAuth grant).",
                             metrics::metric_type::gauge,
                             {}};
  for (const auto& c : requests.today())
    f.samples.push_back(
      {"",
       {{"workspace", std::to_string(c.workspace_id)}, {"connection", std::to_string(c.connection_id)}},
       static_cast<double>(c.requests)});
  return {std::move(f)};
}

} // namespace

struct engine::impl {
  impl(std::size_t threads, std::chrono::milliseconds metrics_interval) {
    config.add_message_types<caf::id_block::upsync>();
    config.set("scheduler.max-threads", threads);
    // An idle worker skips CAF's "moderate" polling (500 x 50 us sleeps after every job) and
    // goes from a short spin straight to waiting on its condition variable: with thousands
    // of organizations cycling, the workers never got past the moderate phase, and those
    // sleeps were half of an idle daemon's CPU (bench_scale, perf).
    config.set("work-stealing.moderate-poll-attempts", 0);
    // Read by every metered actor; not a CAF option, so written straight into the settings.
    caf::put(config.content, metrics_interval_key, caf::timespan{metrics_interval});
    system = std::make_unique<caf::actor_system>(config);
  }

  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  supervisor_actor supervisor;
  discovery_actor discovery; ///< retries connects whose discovery failed
  metrics_actor accountant;  ///< the METRICS actor (metrics on)
  std::shared_ptr<overview_board> board;
  std::shared_ptr<engine_instruments> instruments;
  std::shared_ptr<upwork::client_observer> upwork_meter;
  std::shared_ptr<const engine_settings> settings;
  bool started = false;
};

engine::engine(engine_settings settings, std::size_t scheduler_threads)
    : impl_(std::make_unique<impl>(scheduler_threads, settings.metrics_interval)) {
  if (settings.daily_budget && !settings.pacer)
    settings.pacer = std::make_shared<cycle_pacer>(settings.daily_budget, settings.cycle_interval, settings.clock);
  if (!settings.requests_by_connection)
    settings.requests_by_connection = std::make_shared<connection_requests>(settings.clock);
  if (settings.metrics) {
    // The METRICS actor first: every metered actor looks it up when it starts.
    auto& registry = *settings.metrics;
    settings.instruments = std::make_shared<engine_instruments>(registry);
    settings.upwork_meter = make_upwork_meter(settings.instruments);
    impl_->instruments = settings.instruments;
    impl_->upwork_meter = settings.upwork_meter;
    impl_->board = std::make_shared<overview_board>();
    impl_->accountant = spawn_metrics_actor(*impl_->system, impl_->board, settings.metrics_interval);
    registry.add_collector([board = impl_->board] {
      auto latest = board->latest();
      return latest ? metrics::overview_families(*latest, unix_now()) : std::vector<metrics::family_snapshot>{};
    });
    if (settings.budget)
      registry.add_collector([budget = settings.budget] { return budget_families(*budget); });
    registry.add_collector(
      [requests = settings.requests_by_connection] { return connection_request_families(*requests); });
  }
  auto shared = std::make_shared<const engine_settings>(std::move(settings));
  impl_->settings = shared;
  if (shared->metrics && shared->pacer)
    // Weakly: the registry is in the settings, and would otherwise keep them alive forever.
    shared->metrics->add_collector([weak = std::weak_ptr<const engine_settings>(shared)] {
      auto s = weak.lock();
      return s ? daily_budget_families(requests_view(*s)) : std::vector<metrics::family_snapshot>{};
    });
  impl_->supervisor = spawn_sync_supervisor(*impl_->system, shared);
  impl_->discovery = spawn_discovery_actor(*impl_->system, shared, impl_->supervisor);
}

engine::~engine() {
  caf::anon_send_exit(impl_->supervisor, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->discovery, caf::exit_reason::user_shutdown);
  if (impl_->accountant) {
    impl_->system->registry().erase(metrics_actor_key);
    caf::anon_send_exit(impl_->accountant, caf::exit_reason::user_shutdown);
  }
  impl_->system->await_all_actors_done();
}

void engine::start() {
  impl_->started = true;
  caf::anon_send(impl_->supervisor, atom::load_v);
  caf::anon_send(impl_->discovery, atom::load_v);
}

void engine::retry_discovery(storage::db_id connection_id) {
  caf::anon_send(impl_->discovery, atom::reload_v, connection_id);
}

void engine::organization_changed(storage::db_id workspace_id, const std::string& organization_id) {
  caf::anon_send(impl_->supervisor, atom::reload_v, workspace_id, organization_id);
}

void engine::refresh_organization(storage::db_id workspace_id, const std::string& organization_id) {
  caf::anon_send(impl_->supervisor, atom::refresh_v, workspace_id, organization_id);
}

void engine::sync_organization(storage::db_id workspace_id, const std::string& organization_id) {
  caf::anon_send(impl_->supervisor, atom::tick_v, workspace_id, organization_id);
}

void engine::reload_all() { caf::anon_send(impl_->supervisor, atom::load_v); }

bool engine::restart_organization(storage::db_id workspace_id, const std::string& organization_id) {
  caf::scoped_actor self{*impl_->system};
  bool found = false;
  self->request(impl_->supervisor, std::chrono::seconds(5), atom::restart_v, workspace_id, organization_id)
    .receive([&](bool b) { found = b; }, [&](const caf::error&) {});
  return found;
}

std::shared_ptr<upwork::client_observer> engine::upwork_meter() const { return impl_->upwork_meter; }

std::optional<metrics::actor_overview> engine::overview() const {
  if (!impl_->board)
    return std::nullopt;
  auto latest = impl_->board->latest();
  metrics::actor_overview out = latest ? *latest : metrics::actor_overview{};
  // Restarts are the supervisor's count, kept in the registry.
  impl_->instruments->restarts.each([&](const std::vector<std::string>& labels, const metrics::counter& c) {
    auto it = std::find_if(out.kinds.begin(), out.kinds.end(),
                           [&](const metrics::kind_summary& k) { return k.kind == labels.front(); });
    if (it == out.kinds.end())
      it = out.kinds.insert(out.kinds.end(), metrics::kind_summary{labels.front()});
    it->restarts = static_cast<std::uint64_t>(c.value());
  });
  out.requests = requests_view(*impl_->settings);
  return out;
}

bool engine::running() const { return impl_->started; }

} // namespace upsync::sync
