// What the crash test and the fault suite share: a large import seeded against the
// simulator, the real upsyncd started and killed at will, progress read from the
// database, and the end state compared with the simulator's truth per contract and day.
#pragma once

#include "sim/simulator.hpp"
#include "tests/support/process.hpp"

#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace upsync::testing {

class sync_under_faults : public ::testing::Test {
public:
  static constexpr int import_days = 30;

protected:
  /// 4 vendor organizations with 24 contracts each, `import_days` of work, frozen clock.
  explicit sync_under_faults(int contracts_per_org = 12);
  ~sync_under_faults() override;

  /// upsyncd serving against the seeded database; returns once it listens (the engine
  /// starts first, so the import is under way).
  std::unique_ptr<child_process> start_daemon();

  /// One number from the database in a fresh connection; -1 while it is unreachable.
  long long scalar(const std::string& sql);
  long long ledger_cells() { return scalar("SELECT count(*) FROM upwork_cells"); }
  long long syncing_contracts() const;
  /// Cells the simulator holds for the synced contracts over the import window.
  long long truth_cells();
  bool imports_done();
  /// True when every organization completed a cycle after `epoch_ms` (database clock).
  bool cycle_after(long long epoch_ms);
  long long db_now_ms() { return scalar("SELECT (extract(epoch FROM now()) * 1000)::bigint"); }

  /// A calm last run: the import finishes, one more cycle completes, SIGTERM stops the
  /// daemon cleanly. Expectations fail the current test.
  void finish_calmly();

  /// A synced interval a person changed (or deleted, when `deleted`) outside the engine.
  struct edited_interval {
    long long id;
    std::string contract_id;
    long long day;            ///< UTC day number of its start
    long long seconds_before; ///< what the engine wrote
    long long seconds_after;  ///< what the person left (0 when deleted)
    bool deleted;
    std::string started_at, ended_at; ///< as the person left it
  };

  /// Ledger and intervals equal the truth for every synced contract and day of the
  /// window, nothing elsewhere, no overlap, no interval written twice; `edits` stand
  /// exactly as people left them. Expectations fail the current test.
  void expect_truth(const std::vector<edited_interval>& edits = {});

  /// Not too close to midnight UTC: the daemon's today is the wall clock, the
  /// simulator's is frozen at its start.
  static bool near_midnight(int margin_seconds);

  sim::simulator sim;
  std::string url;
  long long ws = 0;
  long long connection_id = 0;
  std::vector<sim::contract_record> contracts;
  std::map<std::string, std::string> extra_env; ///< added to the daemon's environment

  static const std::string key_hex;
  static const std::string client_id;
};

} // namespace upsync::testing
