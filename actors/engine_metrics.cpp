// The engine's instruments and the Upwork client's meter.
#include "actors/engine_metrics.hpp"

#include "metrics/shared_families.hpp"
#include "storage/sqlstate.hpp"
#include "storage/sync_health.hpp"

namespace upsync::sync {

namespace {

// Upwork answers in tens to hundreds of milliseconds; a stuck one takes many seconds.
const std::vector<double> request_buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
const std::vector<double> commit_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
// A batch is a day of cells (at most 144) up to the writer's cap (5000 by default).
const std::vector<double> batch_buckets = {1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000};

class upwork_meter final : public upwork::client_observer {
public:
  explicit upwork_meter(std::shared_ptr<engine_instruments> m) : m_(std::move(m)) {}

  void request_done(std::string_view operation, int http_status, std::chrono::nanoseconds took) override {
    std::string op{operation};
    m_->upwork_requests.with({op, http_status ? std::to_string(http_status) : "error"}).inc();
    m_->upwork_request_seconds.with({op}).observe(std::chrono::duration<double>(took).count());
  }
  void retried(std::string_view operation) override { m_->upwork_retries.with({std::string{operation}}).inc(); }
  void token_refreshed(bool ok, bool needs_reauth) override {
    m_->token_refreshes.with({ok ? "ok" : needs_reauth ? "needs_reauth" : "failed"}).inc();
  }
  void entries_skipped(std::string_view operation, std::size_t count) override {
    m_->upwork_entries_skipped.with({std::string{operation}}).inc(static_cast<double>(count));
  }

private:
  std::shared_ptr<engine_instruments> m_;
};

} // namespace

engine_instruments::engine_instruments(metrics::registry& r)
    : registry(r),
      upwork_requests(r.counters("upsync_upwork_requests_total",
                                 "HTTP requests sent to Upwork by operation (the GraphQL operation, or token for "
                                 "the OAuth token endpoint) and HTTP status (error = no answer).",
                                 {"operation", "status"})),
      upwork_request_seconds(r.histograms("upsync_upwork_request_duration_seconds",
                                          "Time from sending a request to Upwork to its answer.", {"operation"},
                                          request_buckets)),
      upwork_retries(r.counters("upsync_upwork_retries_total",
                                "Upwork requests repeated after a retryable failure (429, 5xx, timeouts).",
                                {"operation"})),
      token_refreshes(r.counters("upsync_token_refreshes_total",
                                 "OAuth token refreshes by result (ok, failed, needs_reauth).", {"result"})),
      upwork_entries_skipped(r.counters("upsync_upwork_entries_skipped_total",
                                        "Entries of Upwork answers' lists skipped as unusable (null, not an object, "
                                        "no id, a pending offer without contract details), by operation.",
                                        {"operation"})),
      needs_reauth(r.counters("upsync_needs_reauth_total",
                              "Connections that lost their grant and now need a user to re-authorize.")
                     .only()),
      restarts(
        r.counters("upsync_actor_restarts_total", "Actors restarted by their supervisor after a failure.", {"kind"})),
      cycles(r.counters("upsync_sync_cycles_total",
                        "Organization sync cycles by result (ok, incomplete = retried with backoff).", {"result"})),
      cells_fetched(r.counters("upsync_cells_fetched_total", "Work-diary cells received from Upwork.").only()),
      cells_written(
        r.counters("upsync_cells_written_total", "Cells committed to the ledger (including ones already there).")
          .only()),
      intervals_written(r.counters("upsync_intervals_written_total", "Time intervals created by sync.").only()),
      writer_batch_cells(
        r.histograms("upsync_writer_batch_cells", "Cells per committed writer transaction.", {}, batch_buckets).only()),
      writer_commit_seconds(r.histograms("upsync_writer_commit_duration_seconds",
                                         "Time a writer transaction takes, from BEGIN to COMMIT.", {}, commit_buckets)
                              .only()),
      writer_queue_batches(
        r.gauges("upsync_writer_queue_batches", "Batches waiting in writers for their transaction.").only()),
      postgres_errors(metrics::postgres_errors(r)),
      contract_sync_failures(r.counters("upsync_contract_sync_failures_total",
                                        "Failed contract sync cycles by code (upwork_error, rate_limited, unavailable, "
                                        "timeout, database, internal); a failed organization time report counts once "
                                        "for each of its contracts.",
                                        {"code"})),
      contracts_failing(r.gauges("upsync_contracts_failing",
                                 "Syncing contracts whose last " + std::to_string(storage::sync_health::failing_after)
                                   + " or more cycles failed in a row (import state failed, diagnosis sync_failing).")
                          .only()) {
  for (auto code : all_failure_codes)
    failures_by_code_[static_cast<std::size_t>(code)] = &contract_sync_failures.with({to_string(code)});
  // Announce the label values an operator alerts on, so the series exist at zero.
  for (const char* result : {"ok", "failed", "needs_reauth"})
    token_refreshes.with({result});
  for (const char* result : {"ok", "incomplete"})
    cycles.with({result});
  restarts.with({"organization"});
}

void engine_instruments::contract_cycle_failed(failure_code code) {
  failures_by_code_[static_cast<std::size_t>(code)]->inc();
}

void engine_instruments::postgres_error(const std::exception& e) {
  postgres_errors.with({storage::sqlstate_class(e)}).inc();
}

std::shared_ptr<upwork::client_observer> make_upwork_meter(std::shared_ptr<engine_instruments> instruments) {
  return std::make_shared<upwork_meter>(std::move(instruments));
}

} // namespace upsync::sync
