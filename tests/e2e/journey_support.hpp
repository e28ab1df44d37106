// What the journey test needs around it: upwork-sim (demo data set, frozen clock) served on
// loopback, a fresh migrated database, the real upsyncd process serving and syncing, a
// workspace created through its CLI, and a manager's view of the API — every call over HTTP.
#pragma once

#include "sim/simulator.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/process.hpp"

#include <chrono>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace upsync::testing {

/// Wizard step 2 as the API shows it.
struct mapping_view {
  struct contract_entry {
    std::string id, title, status, kind;
    std::optional<std::string> upwork_rate, project_id, pay_rate, bill_rate;
    bool sync = false, locked = false, confirmed = false;
  };
  struct user_entry {
    std::string upwork_user_id, name, match;
    std::optional<std::string> email, member_id, suggested_member_id;
    bool sync = false, locked = false;
    std::vector<contract_entry> contracts;
  };
  struct organization_entry {
    std::string id, section_label, refresh_status;
    std::optional<std::string> last_refreshed_at;
    std::vector<user_entry> users;
  };
  std::vector<organization_entry> organizations;

  const organization_entry& org(const std::string& id) const;
  const user_entry& user(const std::string& name) const;
  bool has_contract(const std::string& id) const;
  const contract_entry& contract(const std::string& id) const;
  /// (organization id, Upwork user id) of a contract.
  std::pair<std::string, std::string> contract_user(const std::string& id) const;
  /// Every mapping decision (members, sync, projects, rates) as one comparable text.
  std::string fingerprint() const;
};

/// The status dashboard's contracts that sync (it lists the others too, not syncing).
struct status_view {
  struct contract_entry {
    std::string id, title, upwork_user_name, project_name, hours_today, import_state;
    std::int64_t days_done = 0, days_total = 0;
    std::size_t recent_entries = 0;
    std::string newest_entry_end; ///< RFC 3339, "" without entries
  };
  std::vector<contract_entry> contracts;
  const contract_entry& contract(const std::string& id) const;
};

class journey : public ::testing::Test {
protected:
  static constexpr int import_days = 30;

  journey();
  ~journey() override;

  /// A call as the workspace's super admin.
  http_reply api(const std::string& method, const std::string& path, const std::string& body = "");
  /// A member of the workspace; returns its id.
  std::string add_member(const std::string& name, const std::string& email);
  std::string create_project(const std::string& name, const std::string& client_name);

  /// OAuth: start, the simulator's consent, the callback; returns the connection id.
  std::string connect();
  std::string reauthorize(const std::string& connection_id);
  std::string connection_status(const std::string& connection_id);

  mapping_view mapping();
  status_view status();
  std::vector<std::string> reasons(const std::string& contract_id);
  /// The contract's `confirmed` in wizard step 3's review; nullopt when not reviewed.
  std::optional<bool> reviewed_as_confirmed(const std::string& contract_id);
  /// Every listed contract is on the dashboard with its import done.
  bool imports_done(const std::vector<std::string>& contract_ids);

  struct interval_row {
    std::string id, contract_id, project_id, bill_rate;
    std::string day; ///< UTC date of its start
    std::int64_t seconds;
  };
  /// Every Upwork interval of the workspace, through the paged API.
  std::vector<interval_row> upwork_intervals();
  /// Upwork intervals of a contract: interval id -> project id.
  std::map<std::string, std::string> intervals_of(const std::string& contract_id);
  /// Upwork intervals of a contract: interval id -> bill rate.
  std::map<std::string, std::string> rates_of(const std::string& contract_id);
  std::size_t total_upwork_intervals();

  // ---- the simulator's truth and control -----------------------------------------------
  std::int64_t today() const;
  static std::string iso_date(std::int64_t day);
  std::int64_t truth_minutes(const std::string& contract_id, std::int64_t from_day, std::int64_t to_day);
  /// When the newest cell of the import window ends, RFC 3339.
  std::string truth_last_cell_end(const std::string& contract_id);
  /// Every day of the import window: synced seconds per contract-day equal the truth; with
  /// `nothing_else`, no other contract has synced time.
  void expect_synced_equals_truth(const std::vector<std::string>& contract_ids, bool nothing_else);
  /// What differs between the synced list and the simulator's truth (empty: nothing).
  std::vector<std::string> differences_from_truth(const std::vector<std::string>& contract_ids, bool nothing_else);
  /// Adds a cell yesterday in a free slot from `hour` (UTC) on.
  void add_cell_yesterday(const std::string& contract_id, int hour);
  void revoke_all_tokens();
  /// Waits `quiet` and checks the engine asked Upwork for no time at all meanwhile.
  void expect_no_time_fetched_for(std::chrono::seconds quiet);
  /// "x.yy" hours as PostgreSQL rounds minutes / 60 to two places.
  static std::string hours_of_minutes(std::int64_t minutes);

  /// The refresh part of the journey (new contract, rate change); in journey_test.cpp.
  void refresh_part(const mapping_view& before, const std::string& project_id);

  std::unique_ptr<sim::simulator> sim;
  std::unique_ptr<http_client> sim_http;
  std::string database_url;
  std::unique_ptr<child_process> daemon;
  std::unique_ptr<http_client> client;
  std::string token;
};

} // namespace upsync::testing
