// The writer's one transaction (see sync_writer.hpp); one file over 400 lines on purpose:
// its statements share the staging tables and their order, and are read together.
// Everything is set-based: the batch
// is COPYed into temporary staging tables and a fixed number of statements does the rest,
// however many cells, days and contracts the batch holds: find (and rarely mark) vanished
// cells, clear reappeared ones, write ledger rows and intervals in one statement, upsert
// day totals and cursors. Every ledger row is written once. What can be decided without
// the database is decided here first: the cells' order, duplicates, and the runs of
// contiguous cells that become intervals (sync_runs.hpp).
#include "storage/sync_writer.hpp"

#include "storage/rate_in_force_sql.hpp"
#include "storage/sql_array.hpp"
#include "storage/sync_runs.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include <pqxx/pqxx>

namespace upsync::storage::sync_writer {

namespace {

constexpr std::int64_t cell_seconds = 600;

// Created once per connection and emptied by every commit. Times stay Unix seconds here;
// the statements convert them, so COPY never has to format a timestamptz. Cells come in
// ledger-key order, each with the id its run's interval gets if the whole run is new;
// a run carries what its interval would: the attributes of its first cell.
constexpr const char* create_staging =
  // IF NOT EXISTS would otherwise send a notice.
  "SET LOCAL client_min_messages = warning;"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_cells ("
  "  workspace_id bigint NOT NULL, contract_id text NOT NULL, cell_start bigint NOT NULL,"
  "  manual boolean NOT NULL, interval_id bigint NOT NULL) ON COMMIT DELETE ROWS;"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_runs ("
  "  interval_id bigint NOT NULL, workspace_id bigint NOT NULL, contract_id text NOT NULL,"
  "  started bigint NOT NULL, ended bigint NOT NULL, cells integer NOT NULL,"
  "  member_id bigint NOT NULL, project_id bigint, pay_rate numeric(12, 2),"
  "  bill_rate numeric(12, 2), currency text NOT NULL, rates_version bigint NOT NULL)"
  "  ON COMMIT DELETE ROWS;"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_days ("
  "  ord bigint NOT NULL, workspace_id bigint NOT NULL, contract_id text NOT NULL,"
  "  day integer NOT NULL, reported_seconds integer NOT NULL, complete boolean NOT NULL)"
  "  ON COMMIT DELETE ROWS;"
  "CREATE TEMP TABLE IF NOT EXISTS upsync_stage_cursors ("
  "  ord bigint NOT NULL, workspace_id bigint NOT NULL, contract_id text NOT NULL,"
  "  import_state text NOT NULL, days_done integer NOT NULL, days_total integer NOT NULL,"
  "  window_start integer, synced_through integer) ON COMMIT DELETE ROWS;"
  // The new parts of runs that were only partly new (rare).
  "CREATE TEMP TABLE IF NOT EXISTS upsync_split_parts ("
  "  interval_id bigint NOT NULL, part bigint NOT NULL, started bigint NOT NULL,"
  "  ended bigint NOT NULL) ON COMMIT DELETE ROWS";

// One id from the interval sequence per run, before the runs are staged.
constexpr const char* draw_interval_ids = "SELECT nextval('time_intervals_id_seq') FROM generate_series(1, $1)";

// The sorts of a large batch should stay in memory; and no statement here runs long enough
// to repay JIT compilation, which a stale estimate can trigger (it cost seconds).
constexpr const char* transaction_settings = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off";

// Cells, ledger and intervals in one statement, each ledger row written once with the
// interval that holds it (an UPDATE of a row inserted in the same transaction would
// write it twice).
//
// The ledger insert decides what is new: ON CONFLICT DO NOTHING returns only rows that
// were not there, also against a concurrent writer (it waits for the other's commit).
// Every staged cell points at its run's drawn interval id; counting what the insert
// returned per id tells which runs were new in full — every run of a first import, and
// of a later sync too, since contract actors send only cells they have not synced. Those
// runs are their intervals, as staged. A run only partly new (its day re-read after a
// restart, by a second node, or around cells a person's edits kept) becomes one interval
// per contiguous part of its new cells ("gaps and islands": within a part, cell_start -
// 600 * row_number is constant); the parts go to upsync_split_parts for
// `insert_split_parts`. The intervals' foreign keys are checked at the end of the
// statement; the ledger's contracts were checked for the whole batch before it
// (lock_ledger_contracts). Ledger rows are inserted in key order, so concurrent writers
// lock them in the same order. The one summary row always comes, with the interval rows
// joined to it when there are any.
constexpr const char* insert_cells_and_intervals =
  "WITH ledger AS ("
  "  INSERT INTO upwork_cells (workspace_id, contract_id, cell_start, manual, interval_id)"
  "  SELECT workspace_id, contract_id, to_timestamp(cell_start), manual, interval_id"
  "  FROM upsync_stage_cells ORDER BY workspace_id, contract_id, cell_start"
  "  ON CONFLICT DO NOTHING"
  "  RETURNING interval_id, extract(epoch FROM cell_start)::bigint AS cell_start"
  "), landed AS MATERIALIZED ("
  "  SELECT l.interval_id, count(*) AS cells, count(*) = min(r.cells) AS whole"
  "  FROM ledger l JOIN upsync_stage_runs r ON r.interval_id = l.interval_id"
  "  GROUP BY l.interval_id"
  "), iv AS ("
  "  INSERT INTO time_intervals (id, workspace_id, member_id, project_id, started_at, ended_at,"
  "                              pay_rate, bill_rate, currency, source, upwork_contract_id)"
  "  OVERRIDING SYSTEM VALUE"
  "  SELECT r.interval_id, r.workspace_id, r.member_id, r.project_id, to_timestamp(r.started),"
  "         to_timestamp(r.ended), r.pay_rate, r.bill_rate, r.currency, 'upwork', r.contract_id"
  "  FROM upsync_stage_runs r JOIN landed l ON l.interval_id = r.interval_id AND l.whole"
  "  ORDER BY r.interval_id"
  "  RETURNING id, workspace_id, upwork_contract_id,"
  "            extract(epoch FROM started_at)::bigint AS started_at,"
  "            extract(epoch FROM ended_at)::bigint AS ended_at, member_id, project_id"
  "), parts AS MATERIALIZED ("
  "  SELECT interval_id, min(cell_start) AS started, max(cell_start) + 600 AS ended,"
  "         row_number() OVER (PARTITION BY interval_id ORDER BY min(cell_start)) AS part"
  "  FROM (SELECT g.interval_id, g.cell_start,"
  "               g.cell_start - 600 * row_number() OVER ("
  "                 PARTITION BY g.interval_id ORDER BY g.cell_start) AS island"
  "        FROM ledger g JOIN landed l ON l.interval_id = g.interval_id AND NOT l.whole) p"
  "  GROUP BY interval_id, island"
  "), split AS ("
  "  INSERT INTO upsync_split_parts (interval_id, part, started, ended)"
  "  SELECT interval_id, part, started, ended FROM parts"
  ") "
  "SELECT iv.id, iv.workspace_id, iv.upwork_contract_id, iv.started_at, iv.ended_at, iv.member_id,"
  "       iv.project_id, s.cells, s.parts"
  " FROM (SELECT (SELECT coalesce(sum(cells), 0) FROM landed) AS cells,"
  "              (SELECT count(*) FROM parts) AS parts) s"
  " LEFT JOIN iv ON true"
  " ORDER BY iv.workspace_id, iv.upwork_contract_id, iv.started_at";

// The ledger's contracts, checked once per batch rather than by a foreign key per row
// (migration 0007): each contract the staged cells name is locked FOR KEY SHARE, as the
// foreign key's check did, so that it cannot be deleted or re-keyed before this commits.
// Fewer locked than named means a contract its workspace does not have. The lock also
// orders this batch with rate changes (upwork_rate_store locks the row FOR UPDATE): one
// that committed first is seen here as a newer rates_version (a locked row is read as
// it is now), and the runs priced at an older one are priced again (reprice_stale_runs);
// one that comes later waits for this commit and corrects what it wrote.
constexpr const char* lock_ledger_contracts =
  "SELECT (SELECT count(*) FROM (SELECT DISTINCT workspace_id, contract_id"
  "                              FROM upsync_stage_runs) n),"
  "       count(*),"
  "       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM upsync_stage_runs r"
  "                                      WHERE r.workspace_id = locked.workspace_id"
  "                                        AND r.contract_id = locked.id"
  "                                        AND r.rates_version <> locked.rates_version))"
  " FROM (SELECT k.workspace_id, k.id, k.rates_version FROM upwork_contracts k"
  "       WHERE (k.workspace_id, k.id) IN (SELECT workspace_id, contract_id FROM upsync_stage_runs)"
  "       FOR KEY SHARE) locked";

// The runs of a contract whose rates changed after they were priced take the rates in
// force on their day from PostgreSQL, by the engine's rule (F10; rate_in_force_sql).
const std::string reprice_stale_runs = [] {
  namespace sql = rate_in_force_sql;
  const std::string day = "(date '1970-01-01' + (s.started / 86400)::integer)";
  auto upwork = sql::upwork_side_on_day("s.workspace_id", "s.contract_id", day);
  auto pay = sql::side_on_day("s.workspace_id", "s.contract_id", "'pay'", day);
  auto bill = sql::side_on_day("s.workspace_id", "s.contract_id", "'bill'", day);
  return "UPDATE upsync_stage_runs s SET"
         " pay_rate = CASE WHEN "
         + sql::upwork_side_is_pay("o.type") + " THEN " + upwork + " ELSE " + pay
         + " END,"
           " bill_rate = CASE WHEN "
         + sql::upwork_side_is_pay("o.type") + " THEN " + bill + " ELSE " + upwork
         + " END,"
           " rates_version = k.rates_version"
           " FROM upwork_contracts k JOIN upwork_organizations o"
           "   ON o.workspace_id = k.workspace_id AND o.id = k.organization_id"
           " WHERE k.workspace_id = s.workspace_id AND k.id = s.contract_id"
           "   AND k.rates_version <> s.rates_version";
}();

// Which one, for the error.
constexpr const char* find_unknown_contract =
  "SELECT r.workspace_id, r.contract_id FROM upsync_stage_runs r"
  " WHERE NOT EXISTS (SELECT 1 FROM upwork_contracts k"
  "                   WHERE k.workspace_id = r.workspace_id AND k.id = r.contract_id)"
  " LIMIT 1";

// The new parts of partly new runs: an interval each, with its run's attributes. The
// first part keeps the run's id, which its ledger rows already point at; the others draw
// new ids, and their ledger rows (inserted by the previous statement, so visible here) are
// pointed at them. A part's span holds only its own new cells, so the range finds them.
constexpr const char* insert_split_parts =
  "WITH iv AS ("
  "  INSERT INTO time_intervals (id, workspace_id, member_id, project_id, started_at, ended_at,"
  "                              pay_rate, bill_rate, currency, source, upwork_contract_id)"
  "  OVERRIDING SYSTEM VALUE"
  "  SELECT CASE WHEN p.part = 1 THEN p.interval_id ELSE nextval('time_intervals_id_seq') END,"
  "         r.workspace_id, r.member_id, r.project_id, to_timestamp(p.started),"
  "         to_timestamp(p.ended), r.pay_rate, r.bill_rate, r.currency, 'upwork', r.contract_id"
  "  FROM upsync_split_parts p JOIN upsync_stage_runs r ON r.interval_id = p.interval_id"
  "  ORDER BY r.workspace_id, r.contract_id, p.started"
  "  RETURNING id, workspace_id, upwork_contract_id, started_at, ended_at, member_id, project_id"
  "), linked AS ("
  "  UPDATE upwork_cells c SET interval_id = iv.id FROM iv"
  "  WHERE c.workspace_id = iv.workspace_id AND c.contract_id = iv.upwork_contract_id"
  "    AND c.cell_start >= iv.started_at AND c.cell_start < iv.ended_at"
  "    AND c.interval_id <> iv.id"
  ") "
  "SELECT id, workspace_id, upwork_contract_id, extract(epoch FROM started_at)::bigint,"
  "       extract(epoch FROM ended_at)::bigint, member_id, project_id FROM iv";

// A cell that had vanished upstream and is back is no longer reported as vanished. The
// partial index upwork_cells_vanished holds only vanished cells; the update probes it once
// per staged cell (a few milliseconds a batch), so it runs only when the batch's
// contracts have any vanished cell at all, which one probe per contract tells.
constexpr const char* any_vanished_in_batch = "SELECT EXISTS (SELECT 1 FROM upwork_cells c"
                                              "  WHERE c.vanished_at IS NOT NULL AND (c.workspace_id, c.contract_id) IN"
                                              "        (SELECT workspace_id, contract_id FROM upsync_stage_runs))";

constexpr const char* clear_reappeared =
  "UPDATE upwork_cells c SET vanished_at = NULL FROM upsync_stage_cells s"
  " WHERE c.vanished_at IS NOT NULL AND c.workspace_id = s.workspace_id"
  "   AND c.contract_id = s.contract_id AND c.cell_start = to_timestamp(s.cell_start)";

// Reconciliation: a ledger cell of a fully fetched contract-day that Upwork no longer
// lists is marked, never deleted; its interval stays (sync never removes time). First
// the cells are found, then marked (rarely any). Finding them runs before the batch's cells
// enter the ledger, so in a first import there is no ledger row to look at. Each day is one
// range scan of the ledger's key: the lateral subquery is fenced (OFFSET 0) because the
// ledger's statistics lag far behind an import (autovacuum analyzes it a minute later at
// best), and with them PostgreSQL hashed the whole ledger for every batch. "Not staged" is
// a hashed NOT IN (the columns are NOT NULL), linear however few rows it expects.
constexpr const char* find_vanished =
  "SELECT l.workspace_id, l.contract_id, extract(epoch FROM l.cell_start)::bigint"
  " FROM (SELECT DISTINCT workspace_id, contract_id, day FROM upsync_stage_days WHERE complete) d"
  " CROSS JOIN LATERAL ("
  "   SELECT c.workspace_id, c.contract_id, c.cell_start FROM upwork_cells c"
  "   WHERE c.workspace_id = d.workspace_id AND c.contract_id = d.contract_id"
  "     AND c.cell_start >= to_timestamp(d.day::bigint * 86400)"
  "     AND c.cell_start < to_timestamp((d.day::bigint + 1) * 86400)"
  "     AND c.vanished_at IS NULL OFFSET 0) l"
  " WHERE (l.workspace_id, l.contract_id, extract(epoch FROM l.cell_start)::bigint) NOT IN"
  "       (SELECT workspace_id, contract_id, cell_start FROM upsync_stage_cells)";

constexpr const char* mark_vanished =
  "UPDATE upwork_cells c SET vanished_at = now()"
  " FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS g (workspace_id, contract_id, cell_start)"
  " WHERE c.workspace_id = g.workspace_id AND c.contract_id = g.contract_id"
  "   AND c.cell_start = to_timestamp(g.cell_start) AND c.vanished_at IS NULL";

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

constexpr const char* analyze_staging =
  "ANALYZE upsync_stage_cells, upsync_stage_runs, upsync_stage_days, upsync_stage_cursors";

void check(const sync_batch& batch) {
  for (const auto& c : batch.cells)
    if (c.cell_start % cell_seconds != 0)
      throw std::invalid_argument("sync_writer: cell start " + std::to_string(c.cell_start) + " of contract "
                                  + c.contract_id + " is not on a 10-minute boundary");
}

// Day numbers travel as integer (date '1970-01-01' + integer is a date).
std::optional<std::int32_t> day_number(const std::optional<std::int64_t>& day) {
  if (!day)
    return std::nullopt;
  return static_cast<std::int32_t>(*day);
}

// Ascending, so that runs in key order get ids in time order.
std::vector<db_id> interval_ids(pqxx::transaction_base& tx, std::size_t n) {
  std::vector<db_id> ids;
  ids.reserve(n);
  for (const auto& row : tx.exec_params(draw_interval_ids, static_cast<long long>(n)))
    ids.push_back(row[0].as<db_id>());
  std::sort(ids.begin(), ids.end());
  return ids;
}

void stage_cells(pqxx::transaction_base& tx, const std::vector<cell_row>& cells) {
  auto ordered = order_into_runs(cells);
  auto ids = interval_ids(tx, ordered.runs.size());
  {
    pqxx::stream_to copy{tx, "upsync_stage_runs",
                         std::vector<std::string>{"interval_id", "workspace_id", "contract_id", "started", "ended",
                                                  "cells", "member_id", "project_id", "pay_rate", "bill_rate",
                                                  "currency", "rates_version"}};
    for (std::size_t r = 0; r < ordered.runs.size(); ++r) {
      const auto& run = ordered.runs[r];
      const auto& first = cells[ordered.order[run.first]];
      copy << std::make_tuple(ids[r], first.workspace_id, first.contract_id, first.cell_start,
                              first.cell_start + static_cast<std::int64_t>(run.count) * cell_seconds,
                              static_cast<std::int32_t>(run.count), first.member_id, first.project_id, first.pay_rate,
                              first.bill_rate, first.currency, first.rates_version);
    }
    copy.complete();
  }
  pqxx::stream_to copy{tx, "upsync_stage_cells",
                       std::vector<std::string>{"workspace_id", "contract_id", "cell_start", "manual", "interval_id"}};
  for (std::size_t r = 0; r < ordered.runs.size(); ++r) {
    const auto& run = ordered.runs[r];
    for (std::size_t i = run.first; i < run.first + run.count; ++i) {
      const auto& c = cells[ordered.order[i]];
      copy << std::make_tuple(c.workspace_id, c.contract_id, c.cell_start, c.manual, ids[r]);
    }
  }
  copy.complete();
}

void stage(pqxx::transaction_base& tx, const sync_batch& batch) {
  if (!batch.cells.empty())
    stage_cells(tx, batch.cells);
  if (!batch.days.empty()) {
    pqxx::stream_to copy{
      tx, "upsync_stage_days",
      std::vector<std::string>{"ord", "workspace_id", "contract_id", "day", "reported_seconds", "complete"}};
    std::int64_t ord = 0;
    for (const auto& d : batch.days)
      copy << std::make_tuple(ord++, d.workspace_id, d.contract_id, static_cast<std::int32_t>(d.day),
                              d.reported_seconds, d.complete);
    copy.complete();
  }
  if (!batch.cursors.empty()) {
    pqxx::stream_to copy{tx, "upsync_stage_cursors",
                         std::vector<std::string>{"ord", "workspace_id", "contract_id", "import_state", "days_done",
                                                  "days_total", "window_start", "synced_through"}};
    std::int64_t ord = 0;
    for (const auto& c : batch.cursors)
      copy << std::make_tuple(ord++, c.workspace_id, c.contract_id, c.import_state, c.days_done, c.days_total,
                              day_number(c.window_start_day), day_number(c.synced_through_day));
    copy.complete();
  }
}

written_interval interval_of(const pqxx::row& row) {
  return written_interval{row[0].as<db_id>(),
                          row[1].as<db_id>(),
                          row[2].as<std::string>(),
                          row[3].as<std::int64_t>(),
                          row[4].as<std::int64_t>(),
                          row[5].as<db_id>(),
                          row[6].is_null() ? std::nullopt : std::optional<db_id>{row[6].as<db_id>()}};
}

std::size_t mark_vanished_cells(pqxx::transaction_base& tx) {
  auto gone = tx.exec(find_vanished);
  if (gone.empty())
    return 0;
  std::vector<std::string> workspaces, contracts, starts;
  for (const auto& row : gone) {
    workspaces.push_back(row[0].c_str());
    contracts.push_back(row[1].c_str());
    starts.push_back(row[2].c_str());
  }
  return static_cast<std::size_t>(
    tx.exec_params0(mark_vanished, to_array_literal(workspaces), to_array_literal(contracts), to_array_literal(starts))
      .affected_rows());
}

// Throws, as the foreign key would have, when a staged cell names a contract its
// workspace does not have (a bug upstream): nothing of the batch is written.
void lock_contracts(pqxx::transaction_base& tx) {
  auto counts = tx.exec1(lock_ledger_contracts);
  if (counts[0].as<long long>() == counts[1].as<long long>()) {
    if (counts[2].as<long long>() > 0)
      tx.exec0(reprice_stale_runs);
    return;
  }
  auto unknown = tx.exec1(find_unknown_contract);
  throw pqxx::foreign_key_violation{"sync_writer: contract " + unknown[1].as<std::string>()
                                      + " is not a contract of workspace " + unknown[0].as<std::string>(),
                                    find_unknown_contract, "23503"};
}

// New cells and their intervals; see insert_cells_and_intervals.
void write_cells(pqxx::transaction_base& tx, batch_result& out) {
  lock_contracts(tx);
  auto rows = tx.exec(insert_cells_and_intervals);
  out.cells_inserted = rows[0][7].as<std::size_t>();
  auto split_parts = rows[0][8].as<std::size_t>();
  out.intervals.reserve(rows.size() + split_parts);
  for (const auto& row : rows)
    if (!row[0].is_null()) // the summary row alone: no whole run was new
      out.intervals.push_back(interval_of(row));
  if (split_parts == 0)
    return;
  for (const auto& row : tx.exec(insert_split_parts))
    out.intervals.push_back(interval_of(row));
  std::sort(out.intervals.begin(), out.intervals.end(), [](const auto& x, const auto& y) {
    return std::tie(x.workspace_id, x.contract_id, x.started_at)
           < std::tie(y.workspace_id, y.contract_id, y.started_at);
  });
}

} // namespace

session::session(pqxx::connection_base& db) : db_(db) {}

batch_result session::write(const sync_batch& batch) {
  check(batch);
  batch_result out;
  pqxx::work tx{db_, "sync_writer"};
  tx.exec0(staged_ ? transaction_settings : std::string{create_staging} + ";" + transaction_settings);
  stage(tx, batch);
  // Temporary tables get no statistics from autovacuum. Without any, the planner chose
  // nested loops that rescanned the staged cells per ledger row (the vanished check took
  // 0.5 s for 1,500 cells instead of 2 ms). Statistics outlive the rows (ON COMMIT DELETE
  // ROWS keeps them), and the planner scales them by the table's current size, so one
  // ANALYZE serves every batch of a similar shape: it runs again only when a batch is
  // four times larger than the one last analyzed.
  std::size_t rows = batch.cells.size() + batch.days.size();
  bool analyze = rows > 4 * analyzed_rows_;
  if (analyze)
    tx.exec0(analyze_staging);
  if (!batch.days.empty())
    out.cells_vanished = mark_vanished_cells(tx);
  if (!batch.cells.empty()) {
    if (tx.exec1(any_vanished_in_batch)[0].as<bool>())
      tx.exec0(clear_reappeared);
    write_cells(tx, out);
  }
  if (!batch.days.empty())
    tx.exec0(upsert_day_totals);
  if (!batch.cursors.empty())
    tx.exec0(upsert_cursors);
  tx.commit();
  // Only what committed is known to exist on this connection.
  staged_ = true;
  if (analyze)
    analyzed_rows_ = rows;
  return out;
}

batch_result write(pqxx::connection_base& db, const sync_batch& batch) { return session{db}.write(batch); }

} // namespace upsync::storage::sync_writer
