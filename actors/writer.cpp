// A WRITER: one PostgreSQL connection on its own thread. Batches from many contracts are
// gathered for a few milliseconds (or until the batch is large) and committed in one
// transaction; every sender is answered only after COMMIT.
#include "actors/actors.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"
#include "domain/calendar.hpp"

#include <caf/all.hpp>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace upsync::sync {

namespace {

namespace sw = storage::sync_writer;

struct waiting_batch {
  sw::sync_batch batch;
  caf::typed_response_promise<sw::batch_result> promise;
};

struct writer_state {
  std::unique_ptr<pqxx::connection> db;
  std::unique_ptr<sw::session> session; ///< on `db`; remembers its staging tables
  std::vector<waiting_batch> pending;
  std::size_t pending_cells = 0;
  bool flush_scheduled = false;
  static inline const char* name = "writer";
};

// The part of a combined result that belongs to one sender's batch.
sw::batch_result share_of(const sw::batch_result& all, const sw::sync_batch& mine) {
  sw::batch_result out;
  for (const auto& interval : all.intervals)
    for (const auto& day : mine.days)
      if (interval.workspace_id == day.workspace_id && interval.contract_id == day.contract_id
          && domain::day_of(interval.started_at) == day.day) {
        out.intervals.push_back(interval);
        break;
      }
  return out;
}

using self_ptr = metered_actor<writer_state, writer_actor::base>*;

void flush(self_ptr self, const engine_settings& settings) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty())
    return;
  auto waiting = std::move(st.pending);
  st.pending.clear();
  st.pending_cells = 0;
  auto* m = settings.instruments.get();
  if (m)
    m->writer_queue_batches.add(-static_cast<double>(waiting.size()));
  sw::sync_batch combined;
  for (auto& w : waiting) {
    combined.cells.insert(combined.cells.end(), w.batch.cells.begin(), w.batch.cells.end());
    combined.days.insert(combined.days.end(), w.batch.days.begin(), w.batch.days.end());
    combined.cursors.insert(combined.cursors.end(), w.batch.cursors.begin(), w.batch.cursors.end());
  }
  try {
    if (!st.db || !st.db->is_open()) {
      st.session.reset();
      st.db = std::make_unique<pqxx::connection>(settings.database_url);
      st.session = std::make_unique<sw::session>(*st.db);
    }
    auto began = std::chrono::steady_clock::now();
    auto result = st.session->write(combined);
    if (m) {
      m->writer_commit_seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
      m->writer_batch_cells.observe(static_cast<double>(combined.cells.size()));
      m->cells_written.inc(static_cast<double>(combined.cells.size()));
      m->intervals_written.inc(static_cast<double>(result.intervals.size()));
    }
    for (auto& w : waiting)
      w.promise.deliver(share_of(result, w.batch));
  } catch (const std::exception& e) {
    // Nothing was committed: every sender keeps its days and retries later.
    spdlog::warn("writer_batch_failed contracts={} error=\"{}\"", waiting.size(), e.what());
    if (m)
      m->postgres_error(e);
    st.session.reset();
    st.db.reset();
    for (auto& w : waiting)
      w.promise.deliver(caf::make_error(caf::sec::runtime_error, std::string{"write failed: "} + e.what()));
  }
}

writer_actor::behavior_type writer(self_ptr self, std::shared_ptr<const engine_settings> settings) {
  return {
    [self, settings](atom::write, sw::sync_batch& batch) -> caf::result<sw::batch_result> {
      auto& st = self->state;
      auto promise = self->make_response_promise<sw::batch_result>();
      st.pending_cells += batch.cells.size() + 1;
      st.pending.push_back(waiting_batch{std::move(batch), promise});
      if (auto* m = settings->instruments.get())
        m->writer_queue_batches.add(1);
      if (st.pending_cells >= settings->writer_batch_cells) {
        flush(self, *settings);
      } else if (!st.flush_scheduled) {
        st.flush_scheduled = true;
        self->delayed_send(self, settings->writer_linger, atom::flush_v);
      }
      return caf::delegated<sw::batch_result>{};
    },
    [self, settings](atom::flush) { flush(self, *settings); },
  };
}

} // namespace

writer_actor spawn_writer(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings) {
  return sys.spawn<caf::detached>(writer, settings);
}

} // namespace upsync::sync
