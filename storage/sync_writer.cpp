// The writer's one transaction (see sync_writer.hpp). Everything is set-based: the batch
// is COPYed into temporary staging tables and a fixed number of statements does the rest,
// however many cells, days and contracts the batch holds.
#include "storage/sync_writer.hpp"

#include <stdexcept>
#include <tuple>

#include <pqxx/pqxx>

namespace upsync::storage::sync_writer {

namespace {

constexpr std::int64_t cell_seconds = 600;

// Created once per connection and emptied by every commit. `ord` keeps the batch order so
// duplicates resolve deterministically. Times stay Unix seconds here; the statements
// convert them, so COPY never has to format a timestamptz.
constexpr const char* create_staging =
  // IF NOT EXISTS would otherwise send a notice every batch; the sorts of a large batch
  // should stay in memory.
  "SET LOCAL client_min_messages = warning;"
  "SET LOCAL work_mem = '64MB';"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_cells ("
  "  ord bigint NOT NULL, workspace_id bigint NOT NULL, contract_id text NOT NULL,"
  "  cell_start bigint NOT NULL, manual boolean NOT NULL, member_id bigint NOT NULL,"
  "  project_id bigint, pay_rate numeric(12, 2), bill_rate numeric(12, 2),"
  "  currency text NOT NULL) ON COMMIT DELETE ROWS;"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_days ("
  "  ord bigint NOT NULL, workspace_id bigint NOT NULL, contract_id text NOT NULL,"
  "  day integer NOT NULL, reported_seconds integer NOT NULL) ON COMMIT DELETE ROWS;"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_cursors ("
  "  ord bigint NOT NULL, workspace_id bigint NOT NULL, contract_id text NOT NULL,"
  "  import_state text NOT NULL, days_done integer NOT NULL, days_total integer NOT NULL,"
  "  window_start integer, synced_through integer) ON COMMIT DELETE ROWS;"
  // The cells this batch added to the ledger, each with the start of its run of
  // contiguous new cells (its interval's key).
  // cell_at repeats cell_start as the ledger's type, so linking probes the ledger's
  // primary key with all three columns.
  "CREATE TEMP TABLE IF NOT EXISTS upsync_new_cells ("
  "  workspace_id bigint NOT NULL, contract_id text NOT NULL, cell_start bigint NOT NULL,"
  "  cell_at timestamptz NOT NULL, island_start bigint NOT NULL) ON COMMIT DELETE ROWS";

// The ledger insert decides what is new: ON CONFLICT DO NOTHING returns only rows that
// were not there, also against a concurrent writer (it waits for the other's commit).
// Runs of contiguous cells within a UTC day get one island_start: within a run,
// cell_start - 600 * row_number is constant ("gaps and islands").
constexpr const char* insert_ledger =
  "WITH ins AS ("
  "  INSERT INTO upwork_cells (workspace_id, contract_id, cell_start, manual)"
  "  SELECT DISTINCT ON (workspace_id, contract_id, cell_start)"
  "         workspace_id, contract_id, to_timestamp(cell_start), manual"
  "  FROM upsync_stage_cells ORDER BY workspace_id, contract_id, cell_start, ord"
  "  ON CONFLICT DO NOTHING"
  "  RETURNING workspace_id, contract_id, cell_start AS cell_at,"
  "            extract(epoch FROM cell_start)::bigint AS cell_start"
  "), runs AS ("
  "  SELECT workspace_id, contract_id, cell_start, cell_at, cell_start / 86400 AS day,"
  "         cell_start - 600 * row_number() OVER ("
  "           PARTITION BY workspace_id, contract_id, cell_start / 86400"
  "           ORDER BY cell_start) AS run"
  "  FROM ins"
  ") "
  "INSERT INTO upsync_new_cells (workspace_id, contract_id, cell_start, cell_at, island_start)"
  "SELECT workspace_id, contract_id, cell_start, cell_at,"
  "       min(cell_start) OVER (PARTITION BY workspace_id, contract_id, day, run)"
  "FROM runs";

// A cell that had vanished upstream and is back is no longer reported as vanished.
constexpr const char* clear_reappeared =
  "UPDATE upwork_cells c SET vanished_at = NULL FROM upsync_stage_cells s"
  " WHERE c.vanished_at IS NOT NULL AND c.workspace_id = s.workspace_id"
  "   AND c.contract_id = s.contract_id AND c.cell_start = to_timestamp(s.cell_start)";

// Reconciliation: a ledger cell of a fully fetched contract-day that Upwork no longer
// lists is marked, never deleted; its interval stays (sync never removes time).
constexpr const char* mark_vanished =
  "UPDATE upwork_cells c SET vanished_at = now()"
  " FROM (SELECT DISTINCT workspace_id, contract_id, day FROM upsync_stage_days) d"
  " WHERE c.workspace_id = d.workspace_id AND c.contract_id = d.contract_id"
  "   AND c.cell_start >= to_timestamp(d.day::bigint * 86400)"
  "   AND c.cell_start < to_timestamp((d.day::bigint + 1) * 86400)"
  "   AND c.vanished_at IS NULL"
  "   AND NOT EXISTS (SELECT 1 FROM upsync_stage_cells s"
  "                   WHERE s.workspace_id = c.workspace_id AND s.contract_id = c.contract_id"
  "                     AND s.cell_start = extract(epoch FROM c.cell_start)::bigint)";

constexpr const char* upsert_day_totals =
  "INSERT INTO upwork_day_totals (workspace_id, contract_id, day, seconds, synced_at)"
  " SELECT DISTINCT ON (workspace_id, contract_id, day)"
  "        workspace_id, contract_id, date '1970-01-01' + day, reported_seconds, now()"
  " FROM upsync_stage_days ORDER BY workspace_id, contract_id, day, ord DESC"
  " ON CONFLICT (workspace_id, contract_id, day)"
  " DO UPDATE SET seconds = EXCLUDED.seconds, synced_at = EXCLUDED.synced_at";

// last_error is left alone: it belongs to whoever records failures.
constexpr const char* upsert_cursors =
  "INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, window_start,"
  "                                 days_total, days_done, synced_through, last_synced_at)"
  " SELECT DISTINCT ON (workspace_id, contract_id)"
  "        workspace_id, contract_id, import_state, date '1970-01-01' + window_start,"
  "        days_total, days_done, date '1970-01-01' + synced_through, now()"
  " FROM upsync_stage_cursors ORDER BY workspace_id, contract_id, ord DESC"
  " ON CONFLICT (workspace_id, contract_id) DO UPDATE SET"
  "   import_state = EXCLUDED.import_state, window_start = EXCLUDED.window_start,"
  "   days_total = EXCLUDED.days_total, days_done = EXCLUDED.days_done,"
  "   synced_through = EXCLUDED.synced_through, last_synced_at = EXCLUDED.last_synced_at";

// One interval per island, with the attributes of its first cell; then the island's
// ledger rows point at it. The UPDATE reads the INSERT's RETURNING rows, not the table,
// so the sibling-CTE visibility rule does not get in the way; the ledger rows themselves
// were inserted by an earlier statement and are visible.
constexpr const char* insert_intervals =
  "WITH islands AS ("
  "  SELECT workspace_id, contract_id, island_start, max(cell_start) + 600 AS island_end"
  "  FROM upsync_new_cells GROUP BY workspace_id, contract_id, island_start"
  "), firsts AS ("
  "  SELECT DISTINCT ON (s.workspace_id, s.contract_id, s.cell_start)"
  "         s.workspace_id, s.contract_id, s.cell_start, s.member_id, s.project_id,"
  "         s.pay_rate, s.bill_rate, s.currency"
  "  FROM upsync_stage_cells s"
  "  JOIN islands i ON i.workspace_id = s.workspace_id AND i.contract_id = s.contract_id"
  "                AND i.island_start = s.cell_start"
  "  ORDER BY s.workspace_id, s.contract_id, s.cell_start, s.ord"
  "), iv AS ("
  "  INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at,"
  "                              pay_rate, bill_rate, currency, source, upwork_contract_id)"
  "  SELECT f.workspace_id, f.member_id, f.project_id, to_timestamp(i.island_start),"
  "         to_timestamp(i.island_end), f.pay_rate, f.bill_rate, f.currency, 'upwork',"
  "         f.contract_id"
  "  FROM islands i JOIN firsts f ON f.workspace_id = i.workspace_id"
  "    AND f.contract_id = i.contract_id AND f.cell_start = i.island_start"
  "  ORDER BY i.workspace_id, i.contract_id, i.island_start"
  "  RETURNING id, workspace_id, upwork_contract_id,"
  "            extract(epoch FROM started_at)::bigint AS started_at,"
  "            extract(epoch FROM ended_at)::bigint AS ended_at, member_id, project_id"
  "), linked AS ("
  "  UPDATE upwork_cells c SET interval_id = iv.id"
  "  FROM iv JOIN upsync_new_cells n ON n.workspace_id = iv.workspace_id"
  "    AND n.contract_id = iv.upwork_contract_id AND n.island_start = iv.started_at"
  "  WHERE c.workspace_id = n.workspace_id AND c.contract_id = n.contract_id"
  "    AND c.cell_start = n.cell_at"
  ") "
  "SELECT id, workspace_id, upwork_contract_id, started_at, ended_at, member_id, project_id"
  " FROM iv ORDER BY workspace_id, upwork_contract_id, started_at";

constexpr const char* analyze_staging = "ANALYZE upsync_stage_cells, upsync_stage_days, upsync_stage_cursors";
constexpr const char* analyze_new_cells = "ANALYZE upsync_new_cells";

void check(const sync_batch& batch) {
  for (const auto& c : batch.cells)
    if (c.cell_start % cell_seconds != 0)
      throw std::invalid_argument("sync_writer: cell start " + std::to_string(c.cell_start)
                                  + " of contract " + c.contract_id
                                  + " is not on a 10-minute boundary");
}

// Day numbers travel as integer (date '1970-01-01' + integer is a date).
std::optional<std::int32_t> day_number(const std::optional<std::int64_t>& day) {
  if (!day)
    return std::nullopt;
  return static_cast<std::int32_t>(*day);
}

void stage(pqxx::transaction_base& tx, const sync_batch& batch) {
  if (!batch.cells.empty()) {
    pqxx::stream_to copy{tx, "upsync_stage_cells",
                         std::vector<std::string>{"ord", "workspace_id", "contract_id",
                                                  "cell_start", "manual", "member_id",
                                                  "project_id", "pay_rate", "bill_rate",
                                                  "currency"}};
    std::int64_t ord = 0;
    for (const auto& c : batch.cells)
      copy << std::make_tuple(ord++, c.workspace_id, c.contract_id, c.cell_start, c.manual,
                              c.member_id, c.project_id, c.pay_rate, c.bill_rate, c.currency);
    copy.complete();
  }
  if (!batch.days.empty()) {
    pqxx::stream_to copy{tx, "upsync_stage_days",
                         std::vector<std::string>{"ord", "workspace_id", "contract_id", "day",
                                                  "reported_seconds"}};
    std::int64_t ord = 0;
    for (const auto& d : batch.days)
      copy << std::make_tuple(ord++, d.workspace_id, d.contract_id,
                              static_cast<std::int32_t>(d.day), d.reported_seconds);
    copy.complete();
  }
  if (!batch.cursors.empty()) {
    pqxx::stream_to copy{tx, "upsync_stage_cursors",
                         std::vector<std::string>{"ord", "workspace_id", "contract_id",
                                                  "import_state", "days_done", "days_total",
                                                  "window_start", "synced_through"}};
    std::int64_t ord = 0;
    for (const auto& c : batch.cursors)
      copy << std::make_tuple(ord++, c.workspace_id, c.contract_id, c.import_state, c.days_done,
                              c.days_total, day_number(c.window_start_day),
                              day_number(c.synced_through_day));
    copy.complete();
  }
}

} // namespace

batch_result write(pqxx::connection_base& db, const sync_batch& batch) {
  check(batch);
  batch_result out;
  pqxx::work tx{db, "sync_writer"};
  tx.exec0(create_staging);
  stage(tx, batch);
  // Temporary tables get no statistics from autovacuum: without them the planner assumes
  // ~1,000 rows and picks nested loops that rescan the staging table per ledger row (the
  // vanished check took 0.5 s for 1,500 cells instead of 2 ms).
  tx.exec0(analyze_staging);
  if (!batch.cells.empty()) {
    out.cells_inserted = static_cast<std::size_t>(tx.exec0(insert_ledger).affected_rows());
    tx.exec0(analyze_new_cells);
    tx.exec0(clear_reappeared);
  }
  if (!batch.days.empty()) {
    out.cells_vanished = static_cast<std::size_t>(tx.exec0(mark_vanished).affected_rows());
    tx.exec0(upsert_day_totals);
  }
  if (!batch.cursors.empty())
    tx.exec0(upsert_cursors);
  if (out.cells_inserted > 0) {
    auto rows = tx.exec(insert_intervals);
    out.intervals.reserve(rows.size());
    for (const auto& row : rows)
      out.intervals.push_back(written_interval{
        row[0].as<db_id>(), row[1].as<db_id>(), row[2].as<std::string>(),
        row[3].as<std::int64_t>(), row[4].as<std::int64_t>(), row[5].as<db_id>(),
        row[6].is_null() ? std::nullopt : std::optional<db_id>{row[6].as<db_id>()}});
  }
  tx.commit();
  return out;
}

} // namespace upsync::storage::sync_writer
