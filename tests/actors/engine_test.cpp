// The sync engine end to end: real PostgreSQL, the real simulator over loopback HTTP, the
// real actors. What lands in the database must equal the simulator's truth.
#include "actors/actors.hpp"
#include "actors/engine.hpp"
#include "sim/simulator.hpp"
#include "storage/secrets.hpp"
#include "common/money.hpp"
#include "tests/actors/engine_fixture.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <thread>

using namespace upsync;
using upsync::testing::eventually;
using upsync::testing::syncs;

class engine_test : public upsync::testing::simulated_engine {
protected:
  engine_test()
      : simulated_engine(upsync::testing::small_engine_world(), "upsync-engine-test", {0u, 2u}) {} // agency, freelancer

  const long long& ws = seeded.workspace_id;
  const std::vector<std::pair<std::uint32_t, sim::contract_record>>& contracts = seeded.contracts;
};

TEST_F(engine_test, the_first_import_equals_the_simulators_truth) {
  start_engine();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  expect_synced_equals_truth();
  EXPECT_GT(scalar("SELECT count(*) FROM time_intervals"), 0);
  // No two intervals of a contract overlap.
  EXPECT_EQ(overlapping_intervals(), 0);
  // No interval crosses midnight UTC, and every synced interval has its member and rate.
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE (started_at AT TIME ZONE 'UTC')::date "
                   "<> ((ended_at - interval '1 second') AT TIME ZONE 'UTC')::date"),
            0);
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE source <> 'upwork'"), 0);
  // Each interval went to the mapped project and member.
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE project_id IS NULL"), 0);
  EXPECT_EQ(
    scalar("SELECT count(*) FROM time_intervals i JOIN upwork_contracts c ON c.id = i.upwork_contract_id "
           "JOIN upwork_users u ON u.organization_id = c.organization_id AND u.upwork_user_id = c.upwork_user_id "
           "WHERE i.member_id <> u.member_id"),
    0);
}

TEST_F(engine_test, batched_reads_with_errors_on_some_aliases_still_import_the_truth) {
  // A quarter of the aliases of every batch fail alone (issue 19): the good days are kept,
  // the failed ones asked again; nothing lost, nothing twice.
  sim::fault_config faults;
  faults.alias_error_share = 0.25;
  faults.seed = 5;
  sim.state().faults.set_config(faults);
  auto diaries_before = sim.state().stats.count("workDiaryContract", 200);
  start_engine([](sync::engine_settings& s) { s.diary_batch = 10; });
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  expect_synced_equals_truth();
  EXPECT_EQ(overlapping_intervals(), 0);
  long long days_with_time = scalar("SELECT count(*) FROM upwork_day_totals");
  auto requests = static_cast<long long>(sim.state().stats.count("workDiaryContract", 200) - diaries_before);
  EXPECT_LT(requests, days_with_time) << "batched: fewer diary requests than contract-days, retries included";
}

TEST_F(engine_test, every_interval_carries_the_rate_in_force_on_its_day) {
  start_engine();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  pqxx::connection db{url};
  pqxx::nontransaction tx{db};
  int checked = 0;
  for (const auto& [org, c] : contracts) {
    if (!syncs(c))
      continue;
    auto rows = tx.exec_params("SELECT extract(epoch FROM started_at)::bigint / 86400, bill_rate::text, pay_rate::text "
                               "FROM time_intervals WHERE upwork_contract_id = $1",
                               c.id);
    for (const auto& r : rows) {
      auto day = r[0].as<std::int64_t>();
      const sim::hourly_term* in_force = nullptr;
      for (const auto& t : c.hourly_terms)
        if (t.start_day <= day && (!t.end_day || day <= *t.end_day))
          in_force = &t;
      ASSERT_NE(in_force, nullptr);
      // Agency and freelancer: the Upwork rate is the bill rate (F10).
      (void)org;
      EXPECT_EQ(r[1].as<std::string>(), money::format_cents(in_force->rate_cents)) << c.id << " day " << day;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

TEST_F(engine_test, paused_closed_and_fixed_price_contracts_get_nothing) {
  start_engine();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  int skipped = 0;
  for (const auto& [org, c] : contracts) {
    if (syncs(c))
      continue;
    ++skipped;
    EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + c.id + "'"), 0) << c.id;
  }
  EXPECT_GT(skipped, 0) << "the data set should hold contracts that do not sync";
}

TEST_F(engine_test, retroactive_cells_arrive_and_edited_or_deleted_intervals_are_never_touched) {
  start_engine();
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  auto& w = sim.state().w;
  auto day = w.today() - 1; // inside the re-read window

  // A synced contract with at least two intervals that day.
  const sim::contract_record* target = nullptr;
  for (const auto& [org, c] : contracts)
    if (syncs(c)
        && scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + c.id
                  + "' AND started_at >= to_timestamp(" + std::to_string(day * 86400)
                  + ") AND started_at < to_timestamp(" + std::to_string((day + 1) * 86400) + ")")
             >= 2)
      target = &c;
  if (!target)
    GTEST_SKIP() << "no contract with two stretches yesterday in this data set";

  pqxx::connection db{url};
  std::string day_filter = "upwork_contract_id = '" + target->id + "' AND started_at >= to_timestamp("
                           + std::to_string(day * 86400) + ") AND started_at < to_timestamp("
                           + std::to_string((day + 1) * 86400) + ")";
  long long deleted_start, edited_id;
  std::string edited_before;
  {
    pqxx::work tx{db};
    auto rows = tx.exec("SELECT id, extract(epoch FROM started_at)::bigint FROM time_intervals WHERE " + day_filter
                        + " ORDER BY started_at LIMIT 2");
    deleted_start = rows[0][1].as<long long>();
    edited_id = rows[1][0].as<long long>();
    tx.exec0("DELETE FROM time_intervals WHERE id = " + rows[0][0].as<std::string>());
    tx.exec0("UPDATE time_intervals SET ended_at = started_at + interval '1 minute', edited_at = now() WHERE id = "
             + std::to_string(edited_id));
    edited_before = tx.exec1("SELECT started_at::text || ended_at::text FROM time_intervals WHERE id = "
                             + std::to_string(edited_id))[0]
                      .as<std::string>();
    tx.commit();
  }

  // Upwork gains two cells at 00:00-00:20 that day (freelancers may add manual time).
  auto cells = w.cells(*target, day);
  std::vector<sim::cell> add;
  for (std::int64_t slot = day * 86400; slot < day * 86400 + 86400 && add.size() < 2; slot += 600) {
    bool taken = false;
    for (const auto& c : cells)
      taken = taken || c.start_ms == slot * 1000;
    if (!taken) {
      sim::cell fresh;
      fresh.start_ms = slot * 1000;
      fresh.manual = true;
      add.push_back(fresh);
    } else if (!add.empty()) {
      break; // keep the two new cells contiguous
    }
  }
  ASSERT_FALSE(add.empty());
  ASSERT_TRUE(w.edit_cells(target->index, day, add, {}).ok);
  long long ledger_before = scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + target->id + "'");
  ASSERT_TRUE(eventually([&] {
    return scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + target->id + "'")
           == ledger_before + static_cast<long long>(add.size());
  }));

  // The new cells became an interval of their own ...
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + target->id
                   + "' AND started_at = to_timestamp(" + std::to_string(add.front().start_ms / 1000) + ")"),
            1);
  // ... the deleted interval was not re-created, the edited one not overwritten.
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + target->id
                   + "' AND started_at = to_timestamp(" + std::to_string(deleted_start) + ")"),
            0);
  pqxx::nontransaction tx{db};
  EXPECT_EQ(
    tx.exec1("SELECT started_at::text || ended_at::text FROM time_intervals WHERE id = " + std::to_string(edited_id))[0]
      .as<std::string>(),
    edited_before);
}

TEST_F(engine_test, mapping_changes_apply_at_once_to_new_entries_only) {
  start_engine(with_overview);
  ASSERT_TRUE(eventually([&] { return imports_done(); }));
  auto& w = sim.state().w;
  auto day = w.today() - 1;
  std::vector<const sim::contract_record*> agency_contracts;
  for (const auto& [org, c] : contracts)
    if (org == 0 && syncs(c))
      agency_contracts.push_back(&c);
  ASSERT_GE(agency_contracts.size(), 2u);
  const auto* moved = agency_contracts[0];   // gets a new project
  const auto* stopped = agency_contracts[1]; // gets its sync switched off

  const auto& org_id = sim.state().w.data().org(0).id;
  ASSERT_TRUE(eventually([&] { return runs_contract(org_id, stopped->id) == std::optional<bool>{true}; }));

  long long before_moved = scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + moved->id + "'");
  long long new_project;
  {
    pqxx::connection db{url};
    pqxx::work tx{db};
    new_project = tx.exec_params1("INSERT INTO projects (workspace_id, name) VALUES ($1, 'Moved') RETURNING id", ws)[0]
                    .as<long long>();
    tx.exec_params0("UPDATE upwork_contracts SET project_id = $1 WHERE id = $2", new_project, moved->id);
    tx.exec_params0("UPDATE upwork_contracts SET sync = false WHERE id = $1", stopped->id);
    tx.commit();
  }
  engine->organization_changed(ws, org_id);
  // The change reaches the actors asynchronously; new time added before it is applied could
  // rightly go to the old project. It is applied when the stopped contract's actor is gone.
  ASSERT_TRUE(eventually([&] { return runs_contract(org_id, stopped->id) == std::optional<bool>{false}; }));

  // New time upstream for both contracts, in a free slot of yesterday.
  auto add_free_cell = [&](const sim::contract_record& c) {
    auto cells = w.cells(c, day);
    for (std::int64_t slot = day * 86400; slot < (day + 1) * 86400; slot += 600) {
      bool taken = false;
      for (const auto& x : cells)
        taken = taken || x.start_ms == slot * 1000;
      if (!taken) {
        sim::cell fresh;
        fresh.start_ms = slot * 1000;
        EXPECT_TRUE(w.edit_cells(c.index, day, {fresh}, {}).ok);
        return slot;
      }
    }
    ADD_FAILURE() << "no free slot";
    return std::int64_t{0};
  };
  auto moved_slot = add_free_cell(*moved);
  add_free_cell(*stopped);
  long long stopped_cells = scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + stopped->id + "'");

  ASSERT_TRUE(eventually([&] {
    return scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + moved->id + "'") > before_moved;
  }));
  // The new entry went to the new project; the old ones stayed where they were (F9).
  EXPECT_EQ(scalar("SELECT project_id FROM time_intervals WHERE upwork_contract_id = '" + moved->id
                   + "' AND started_at = to_timestamp(" + std::to_string(moved_slot) + ")"),
            new_project);
  EXPECT_EQ(scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + moved->id
                   + "' AND project_id = " + std::to_string(new_project)),
            1);
  // Sync switched off: nothing new for that contract, and its intervals stay.
  auto synced_before = scalar("SELECT extract(epoch FROM max(last_synced_at))::bigint FROM upwork_organizations");
  ASSERT_TRUE(eventually([&] {
    return scalar("SELECT extract(epoch FROM min(last_synced_at))::bigint FROM upwork_organizations") > synced_before;
  }));
  EXPECT_EQ(scalar("SELECT count(*) FROM upwork_cells WHERE contract_id = '" + stopped->id + "'"), stopped_cells);
  EXPECT_GT(scalar("SELECT count(*) FROM time_intervals WHERE upwork_contract_id = '" + stopped->id + "'"), 0);
}
