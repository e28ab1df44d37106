// `upsyncd serve`: the composition root. Wires the database pool, the sync engine, the
// router with every route group and the HTTP server, then waits for SIGINT/SIGTERM and shuts down cleanly.
#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "webhooks/dispatcher.hpp"
#include "app/engine_control.hpp"
#include "app/commands.hpp"
#include "domain/clock.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "storage/upwork_request_days.hpp"
#include "http/api_cache.hpp"
#include "http/change_listener.hpp"
#include "http/dispatcher.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "metrics/registry.hpp"
#include "storage/connection_pool.hpp"
#include "storage/migrations.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <pqxx/pqxx>
#include <pthread.h>
#include <spdlog/spdlog.h>

namespace upsync::app {

namespace {

// Refuses to serve a database that `upsyncd migrate` has not brought up to date.
void check_schema(storage::connection_pool& pool) {
  auto conn = pool.acquire();
  pqxx::nontransaction tx{*conn};
  auto latest = storage::embedded_migrations().back().version;
  bool tracked = !tx.exec1("SELECT to_regclass('schema_migrations')")[0].is_null();
  int current = tracked ? tx.exec1("SELECT COALESCE(max(version), 0) FROM schema_migrations")[0].as<int>() : 0;
  if (current < latest)
    throw std::runtime_error("the database schema is not up to date: run `upsyncd migrate` first");
}

http::upwork_settings upwork_settings_from(const config& cfg, std::shared_ptr<upwork::request_budget> budget) {
  http::upwork_settings s;
  s.authorize_url = cfg.upwork_authorize_url;
  s.token_url = cfg.upwork_token_url;
  s.graphql_url = cfg.upwork_graphql_url;
  s.client_id = cfg.upwork_client_id;
  s.client_secret = cfg.upwork_client_secret;
  s.redirect_uri = cfg.upwork_redirect_uri;
  s.secret_key_hex = cfg.secret_key_hex;
  s.import_days = cfg.import_days;
  s.budget = std::move(budget);
  return s;
}

sync::engine_settings engine_settings_from(const config& cfg, domain::wall_clock clock) {
  sync::engine_settings s;
  s.database_url = cfg.database_url;
  s.secret_key_hex = cfg.secret_key_hex;
  s.graphql_url = cfg.upwork_graphql_url;
  s.token_url = cfg.upwork_token_url;
  s.client_id = cfg.upwork_client_id;
  s.client_secret = cfg.upwork_client_secret;
  s.import_days = cfg.import_days;
  s.cycle_interval = std::chrono::seconds(cfg.sync_interval_seconds);
  s.refresh_interval = std::chrono::seconds(cfg.refresh_interval_seconds);
  s.sync_run_retention = std::chrono::hours(24 * cfg.sync_run_retention_days);
  s.diary_batch = static_cast<std::size_t>(cfg.upwork_diary_batch);
  upwork::budget_options budget;
  budget.rate_per_second = cfg.upwork_max_rps;
  s.budget = std::make_shared<upwork::request_budget>(budget);
  if (cfg.upwork_daily_requests > 0) {
    // Counted in PostgreSQL per UTC day, so that neither a restart nor a second node resets it.
    upwork::daily_budget::options daily;
    daily.limit = cfg.upwork_daily_requests;
    s.daily_budget = std::make_shared<upwork::daily_budget>(
      daily, std::make_shared<storage::upwork_request_days::pg_request_ledger>(cfg.database_url), clock);
    s.budget->set_daily(s.daily_budget);
  }
  s.clock = std::move(clock);
  return s;
}

// UPSYNC_CONSOLE_DIR, else `console` beside the directory upsyncd runs from: the build
// puts upsyncd in build/app/ and the console in build/console/.
std::filesystem::path console_dir_for(const config& cfg) {
  if (cfg.console_dir)
    return *cfg.console_dir;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec)
    return "console";
  return (exe.parent_path().parent_path() / "console").lexically_normal();
}

http::static_files load_console(const config& cfg) {
  auto dir = console_dir_for(cfg);
  auto console = http::static_files::load(dir);
  if (console.available())
    spdlog::info("console_loaded dir=\"{}\" files={} bytes={}", dir.string(), console.files(), console.bytes());
  else
    spdlog::warn("console_unavailable dir=\"{}\" error=\"{}\"", dir.string(), console.problem());
  return console;
}

} // namespace

int run_serve(const config& cfg) {
  cfg.require({"UPSYNC_DATABASE_URL", "UPSYNC_SECRET_KEY"});

  // Signals are taken by this thread alone (sigwait below), never by worker threads.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  storage::connection_pool pool{cfg.database_url, static_cast<std::size_t>(cfg.database_pool_size)};
  check_schema(pool);

  // Metrics on: the engine and the API count into one registry that /metrics renders.
  auto registry = cfg.metrics ? std::make_shared<metrics::registry>() : nullptr;

  // One wall clock for the engine and the API: both say the same "today".
  const domain::wall_clock clock = domain::system_clock();

  // The sync engine: every active connection's organizations start their cycles.
  auto engine_config = engine_settings_from(cfg, clock);
  engine_config.metrics = registry;
  auto engine_budget = engine_config.budget;
  sync::engine engine{std::move(engine_config)};
  engine.start();

  // The webhook DISPATCHER: the outbox's deliveries, from this node as from every other.
  webhooks::dispatcher_options delivery;
  delivery.database_url = cfg.database_url;
  delivery.secret_key_hex = cfg.secret_key_hex;
  delivery.destinations = {cfg.webhook_allow_hosts, cfg.webhook_allow_private};
  delivery.retry_base = std::chrono::seconds(cfg.webhook_retry_seconds);
  webhooks::dispatcher deliveries{delivery};
  deliveries.start();

  std::atomic<bool> shutting_down{false};
  http::router routes;
  http::add_health_routes(routes, [&] { return !shutting_down.load() && engine.running() && pool.ping(); });
  http::add_member_routes(routes);
  http::add_project_routes(routes);
  http::add_interval_routes(routes);
  // Handlers and the engine draw on one request budget: Upwork limits the whole client.
  // ... and count into the same Upwork metrics: a connect's code exchange and discovery too.
  auto gateway_settings = upwork_settings_from(cfg, engine_budget);
  gateway_settings.observer = engine.upwork_meter();
  auto gateway = std::make_shared<const http::upwork_gateway>(std::move(gateway_settings));
  auto control = std::make_shared<engine_control>(engine);
  http::add_upwork_connection_routes(routes, gateway, control);
  http::add_upwork_wizard_account_routes(routes, cfg.import_days, control);
  http::add_upwork_wizard_mapping_routes(routes, gateway, control);
  http::add_upwork_wizard_review_routes(routes, cfg.import_days, control);
  http::add_upwork_status_routes(routes);
  http::add_upwork_run_routes(routes);
  domain::webhook_destinations destinations{cfg.webhook_allow_hosts, cfg.webhook_allow_private};
  http::add_webhook_routes(routes, http::webhook_settings{cfg.secret_key_hex, destinations});
  http::add_upwork_reconciliation_routes(routes);
  http::add_admin_routes(routes, [&engine] { return engine.overview(); });
  if (registry && !cfg.metrics_host)
    http::add_metrics_route(routes, registry, cfg.metrics_token);
  // The API cache, kept true by PostgreSQL's change notifications (and by the dispatcher
  // for this process's own writes); off (nothing kept) with UPSYNC_API_CACHE_BYTES=0.
  http::change_clock changes;
  http::api_cache cache{changes, static_cast<std::size_t>(cfg.api_cache_bytes), registry.get()};
  http::change_listener listener{cfg.database_url, changes};
  if (cfg.api_cache_bytes > 0)
    listener.start();
  http::dispatcher dispatch{routes, pool, registry.get(), &cache};
  dispatch.use_clock(clock);
  // The web console at / and /console/...: read into memory now, answered from it.
  const auto console = load_console(cfg);
  dispatch.serve_console(console);

  http::server_options options;
  options.address = cfg.http_host;
  options.port = cfg.http_port;
  options.io_threads = static_cast<std::size_t>(cfg.http_threads);
  options.worker_threads = static_cast<std::size_t>(cfg.http_workers);
  http::server server{options, [&dispatch](http::request&& req) { return dispatch(std::move(req)); },
                      [&dispatch](const http::request& req) { return dispatch.answer_quickly(req); }};
  server.start();
  spdlog::info("serving address={}:{}", cfg.http_host, server.port());

  // UPSYNC_METRICS_ADDRESS: /metrics alone on a listener of its own (e.g. loopback only
  // while the API faces the network); its requests are not counted, the API's are.
  http::router metrics_routes;
  std::unique_ptr<http::dispatcher> metrics_dispatch;
  std::unique_ptr<http::server> metrics_server;
  if (registry && cfg.metrics_host) {
    http::add_metrics_route(metrics_routes, registry, cfg.metrics_token);
    metrics_dispatch = std::make_unique<http::dispatcher>(metrics_routes, pool);
    http::server_options metrics_options;
    metrics_options.address = *cfg.metrics_host;
    metrics_options.port = cfg.metrics_port;
    metrics_options.io_threads = 1;
    metrics_options.worker_threads = 1;
    metrics_server = std::make_unique<http::server>(
      metrics_options, [&metrics_dispatch](http::request&& req) { return (*metrics_dispatch)(std::move(req)); });
    metrics_server->start();
    spdlog::info("serving_metrics address={}:{}", *cfg.metrics_host, metrics_server->port());
  }
  std::cout << "upsyncd listening on http://" << cfg.http_host << ":" << server.port() << std::endl;

  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("shutting_down signal={}", signal == SIGINT ? "SIGINT" : "SIGTERM");
  shutting_down = true;
  if (metrics_server)
    metrics_server->stop();
  server.stop(); // in-flight requests finish first
  listener.stop();
  // The engine stops when it goes out of scope: actors end, writers finish their commit.
  spdlog::info("stopped");
  return 0;
}

} // namespace upsync::app
