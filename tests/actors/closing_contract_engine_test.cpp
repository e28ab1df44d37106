// Issue 16's acceptance: a contract closed after its import keeps receiving the time Upwork
// adds to its still open week, none of a locked week's, and stops syncing once the week of
// its closing locks. Real PostgreSQL, the simulator (its clock pinned to a Wednesday and
// advanced by the test), the real engine on the simulator's clock.
#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "sim/simulator.hpp"
#include "storage/sync_targets.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "tests/actors/engine_fixture.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync;
using upsync::testing::eventually;
using upsync::testing::syncs;

namespace {

constexpr std::int64_t day_seconds = 86400;
// Wednesday 2026-08-19 15:00 UTC: the previous week locked on Monday at noon.
constexpr std::int64_t wednesday_day = 20684;
constexpr std::int64_t start_seconds = wednesday_day * day_seconds + 15 * 3600;
constexpr std::int64_t next_monday_noon = (wednesday_day + 5) * day_seconds + 12 * 3600;

sim::sim_options pinned_world() {
  auto o = upsync::testing::small_engine_world(6);
  o.start_ms = start_seconds * 1000;
  return o;
}

} // namespace

class closing_contract_engine_test : public upsync::testing::simulated_engine {
protected:
  closing_contract_engine_test() : simulated_engine(pinned_world(), "upsync-closing-test", {0u}) {}

  std::int64_t sim_now() { return sim.state().w.now_ms() / 1000; }

  void start_engine() {
    simulated_engine::start_engine([this](sync::engine_settings& s) {
      with_overview(s);
      s.clock = [this] { return sim_now(); };
    });
  }

  long long ledger_cells(const std::string& contract, std::int64_t cell_start) {
    return scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + contract
                  + "' AND cell_start = to_timestamp(" + std::to_string(cell_start) + ")");
  }

  // Adds one manual cell in a free 10-minute slot of the contract-day upstream; its start.
  std::int64_t add_cell(const sim::contract_record& c, std::int64_t day) {
    auto& w = sim.state().w;
    auto taken = w.cells(c, day);
    for (std::int64_t slot = day * day_seconds; slot < (day + 1) * day_seconds; slot += 600) {
      bool used = false;
      for (const auto& x : taken)
        used = used || x.start_ms == slot * 1000;
      if (!used) {
        sim::cell fresh;
        fresh.start_ms = slot * 1000;
        fresh.manual = true;
        EXPECT_TRUE(w.edit_cells(c.index, day, {fresh}, {}).ok);
        return slot;
      }
    }
    ADD_FAILURE() << "no free slot";
    return 0;
  }

  /// Whether the engine runs the contract's actor (its actor overview lists it).
  bool engine_syncs(const std::string& org, const std::string& contract) {
    return runs_contract(org, contract).value_or(true); // no overview yet: ask again
  }
};

TEST_F(closing_contract_engine_test, a_closed_contract_gets_its_open_week_and_stops_when_that_week_locks) {
  // Two contracts of one organization that sync: one to close, one that stays active and
  // shows when a cycle has re-read the previous (locked) week.
  std::vector<const sim::contract_record*> active;
  for (const auto& [org, c] : seeded.contracts)
    if (syncs(c))
      active.push_back(&c);
  ASSERT_GE(active.size(), 2u) << "the data set should hold two active hourly contracts";
  const auto& closed = *active[0];
  const auto& control = *active[1];
  const auto& org_id = sim.state().w.data().org(0).id;
  auto ws = seeded.workspace_id;
  ASSERT_EQ(sim.state().w.today(), wednesday_day);

  start_engine();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));

  // Upwork closes the contract; the refresh records it at the engine's clock.
  sim::contract_change close;
  close.status = sim::contract_status::closed;
  ASSERT_EQ(sim.state().w.change_contract(closed.index, close).status, 200);
  engine->refresh_organization(ws, org_id);
  ASSERT_TRUE(eventually([&] {
    return scalar("SELECT count(*) FROM upwork_contracts WHERE status = 'closed' AND id = '" + closed.id + "'") == 1;
  }));
  EXPECT_EQ(
    scalar("SELECT extract(epoch FROM status_changed_at)::bigint FROM upwork_contracts WHERE id = '" + closed.id + "'"),
    start_seconds);
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    EXPECT_EQ(*storage::upwork_store::diagnose(tx, ws, closed.id, sim_now()), std::vector<std::string>{});
    bool listed = false;
    for (const auto& t : storage::upwork_store::list_sync_targets_at(tx, sim_now(), ws, org_id))
      if (t.contract_id == closed.id) {
        listed = true;
        EXPECT_EQ(t.closing_until, std::optional<std::int64_t>{next_monday_noon});
      }
    EXPECT_TRUE(listed);
  }
  EXPECT_TRUE(engine_syncs(org_id, closed.id));

  // Late time upstream: yesterday (this week, open) and last Friday (a locked week) for the
  // closed contract, last Friday for the active one.
  auto yesterday = wednesday_day - 1, last_friday = wednesday_day - 5;
  auto open_cell = add_cell(closed, yesterday);
  auto locked_cell = add_cell(closed, last_friday);
  auto control_cell = add_cell(control, last_friday);
  ASSERT_TRUE(eventually([&] { return ledger_cells(closed.id, open_cell) == 1; }));
  ASSERT_TRUE(eventually([&] { return ledger_cells(control.id, control_cell) == 1; }));
  // The cycle that brought the active contract's Friday saw the closed one's too, and left
  // it; it has ended once two more complete cycles are recorded (one flush may be older).
  auto last_synced = [&] {
    return scalar("SELECT (extract(epoch FROM last_synced_at) * 1000)::bigint FROM upwork_organizations");
  };
  for (int i = 0; i < 2; ++i) {
    auto before = last_synced();
    ASSERT_TRUE(eventually([&] { return last_synced() > before; }));
  }
  EXPECT_EQ(ledger_cells(closed.id, locked_cell), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + closed.id
                   + "' AND started_at = to_timestamp(" + std::to_string(open_cell) + ")"),
            1);

  // Monday 12:00 UTC after the week of the closing: the grace is over.
  sim.state().clock->advance(std::chrono::seconds(next_monday_noon - sim_now()));
  ASSERT_EQ(sim_now(), next_monday_noon);
  ASSERT_TRUE(eventually([&] { return !engine_syncs(org_id, closed.id); }));
  EXPECT_TRUE(engine_syncs(org_id, control.id));
  pqxx::connection db{url};
  pqxx::work tx{db};
  EXPECT_EQ(*storage::upwork_store::diagnose(tx, ws, closed.id, sim_now()),
            std::vector<std::string>{"contract_not_active"});
  for (const auto& t : storage::upwork_store::list_sync_targets_at(tx, sim_now(), ws, org_id))
    EXPECT_NE(t.contract_id, closed.id);
  EXPECT_EQ(ledger_cells(closed.id, locked_cell), 0);
}
