// The whole Upwork client against an in-process upwork-sim: every operation returns exactly
// the simulator's ground truth, with faults on (429 with and without Retry-After, 5xx,
// access tokens dying after a few requests, partial GraphQL errors, numbers as strings,
// ISO cell times, truncated and malformed bodies), and the request rate stays within the
// budget.
#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/upwork_client.hpp"
#include "sim/simulator.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <set>
#include <spdlog/spdlog.h>

namespace upsync::upwork {
namespace {

using namespace std::chrono_literals;
namespace sim = upsync::sim;

/// Passes requests through and records when each one left, to check the rate.
class recording_transport : public http_transport {
public:
  explicit recording_transport(std::shared_ptr<http_transport> inner) : inner_(std::move(inner)) {}
  result<http_response> send(const http_request& request) override {
    {
      std::lock_guard lock{mutex_};
      sent_at_.push_back(std::chrono::steady_clock::now());
    }
    return inner_->send(request);
  }
  /// Requests per second from the first to the last request.
  double average_rate() const {
    std::lock_guard lock{mutex_};
    if (sent_at_.size() < 2)
      return 0;
    const double span = std::chrono::duration<double>(sent_at_.back() - sent_at_.front()).count();
    return static_cast<double>(sent_at_.size() - 1) / span;
  }
  /// The most requests that left within any one-second window.
  std::size_t max_per_second() const {
    std::lock_guard lock{mutex_};
    std::size_t best = 0;
    for (std::size_t i = 0; i < sent_at_.size(); ++i) {
      std::size_t n = 0;
      for (std::size_t j = i; j < sent_at_.size() && sent_at_[j] - sent_at_[i] < 1s; ++j)
        ++n;
      best = std::max(best, n);
    }
    return best;
  }
  std::size_t count() const {
    std::lock_guard lock{mutex_};
    return sent_at_.size();
  }

private:
  std::shared_ptr<http_transport> inner_;
  mutable std::mutex mutex_;
  std::vector<std::chrono::steady_clock::time_point> sent_at_;
};

org_kind kind_of(sim::org_kind k) {
  switch (k) {
  case sim::org_kind::agency: return org_kind::agency;
  case sim::org_kind::client: return org_kind::client;
  case sim::org_kind::freelancer: return org_kind::freelancer;
  }
  return org_kind::unknown;
}

const char* status_of(sim::contract_status s) { return sim::to_string(s); }

struct sim_client_test : ::testing::Test {
  std::unique_ptr<sim::simulator> simulator;
  std::shared_ptr<recording_transport> transport;
  std::shared_ptr<request_budget> budget;
  std::shared_ptr<oauth_token_provider> tokens;
  std::vector<token_set> persisted;
  std::mutex persisted_mutex;
  std::unique_ptr<upwork_client> client;
  std::int64_t today = 0;

  void start(const sim::fault_config& faults) {
    spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info
    sim::sim_options o;
    o.start_ms = parse_instant("2026-08-15T12:00:00Z")->time_since_epoch().count();
    o.frozen_clock = true;
    o.threads = 2;
    o.scale.orgs = 3; // one agency, one client, one freelancer
    o.scale.members_per_org = 4;
    o.scale.contracts_per_org = 2;
    o.scale.days = 10;
    simulator = std::make_unique<sim::simulator>(o);
    simulator->start();
    today = o.start_ms / 86400000;
    auto issued = simulator->issue_tokens("upsync-test");
    ASSERT_EQ(issued.status, 200) << issued.error;
    simulator->state().faults.set_config(faults);

    http_client_options http_opts;
    http_opts.request_timeout = 10s;
    transport = std::make_shared<recording_transport>(std::make_shared<beast_http_client>(http_opts));
    budget = std::make_shared<request_budget>(); // the default: 8 requests a second
    retry_policy retry;
    retry.max_attempts = 12;
    retry.base_delay = 100ms;
    retry.max_delay = 2s;
    oauth_config oc;
    oc.authorize_url = simulator->base_url() + "/ab/account-security/oauth2/authorize";
    oc.token_url = simulator->base_url() + "/api/v3/oauth2/token";
    oc.client_id = "upsync-test";
    oc.client_secret = "secret";
    oc.redirect_uri = "http://localhost/callback";
    auto oauth = std::make_shared<oauth_client>(oc, transport, budget, retry);
    tokens = std::make_shared<oauth_token_provider>(
      oauth, token_set{issued.access_token, issued.refresh_token, "Bearer", issued.expires_in}, std::nullopt,
      [this](const token_set& t) {
        std::lock_guard lock{persisted_mutex};
        persisted.push_back(t);
        return std::optional<error>{};
      });
    client_options co;
    co.graphql_url = simulator->base_url() + "/graphql";
    co.retry = retry;
    client = std::make_unique<upwork_client>(co, transport, tokens, budget);
  }

  void TearDown() override {
    client.reset();
    if (simulator)
      simulator->stop();
  }

  const sim::dataset& truth() { return simulator->state().w.data(); }

  /// Checks every operation against the ground truth.
  void expect_ground_truth();

  /// Reads `days` (of one organization, across its contracts) ten at a time in aliased
  /// requests and checks each day's cells against the truth.
  void expect_batched_diaries(const std::string& tenant,
                              const std::vector<std::pair<sim::contract_record, std::int64_t>>& days) {
    for (std::size_t from = 0; from < days.size(); from += 10) {
      std::vector<contract_day> asked;
      for (std::size_t i = from; i < std::min(days.size(), from + 10); ++i)
        asked.push_back({days[i].first.id, date::from_days_since_epoch(days[i].second)});
      auto got = client->work_diary_contracts(tenant, asked);
      ASSERT_EQ(got.size(), asked.size());
      for (std::size_t k = 0; k < asked.size(); ++k) {
        const auto& [c, day] = days[from + k];
        ASSERT_TRUE(got[k].ok()) << c.id << " day " << day << ": " << got[k].error().message;
        const auto cells = simulator->state().w.cells(c, day);
        ASSERT_EQ(got[k]->cells.size(), cells.size()) << "batched " << c.id << " day " << day;
        for (std::size_t i = 0; i < cells.size(); ++i)
          EXPECT_EQ(got[k]->cells[i].start.time_since_epoch().count(), cells[i].start_ms);
      }
    }
  }
};

void expect_contract_matches(const contract& got, const sim::contract_record& want) {
  SCOPED_TRACE("contract " + want.id);
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.title, want.title);
  EXPECT_STREQ(to_string(got.status), status_of(want.status));
  EXPECT_EQ(got.kind, want.hourly ? contract_kind::hourly : contract_kind::fixed_price);
  ASSERT_TRUE(got.freelancer);
  EXPECT_EQ(got.freelancer->id, want.freelancer.id);
  ASSERT_TRUE(got.start_date);
  EXPECT_EQ(got.start_date->days_since_epoch(), want.start_day);
  ASSERT_EQ(got.hourly_terms.size(), want.hourly_terms.size());
  for (std::size_t i = 0; i < want.hourly_terms.size(); ++i) {
    const auto& g = got.hourly_terms[i];
    const auto& w = want.hourly_terms[i];
    EXPECT_EQ(g.id, w.id);
    EXPECT_EQ(g.hourly_rate.amount.to_minor_units(2), w.rate_cents);
    EXPECT_EQ(g.hourly_rate.currency, want.currency);
    ASSERT_TRUE(g.start_date);
    EXPECT_EQ(g.start_date->days_since_epoch(), w.start_day);
    EXPECT_EQ(g.end_date.has_value(), w.end_day.has_value());
    if (g.end_date && w.end_day) {
      EXPECT_EQ(g.end_date->days_since_epoch(), *w.end_day);
    }
  }
}

void sim_client_test::expect_ground_truth() {
  const auto& d = truth();
  const std::int64_t from = today - 9;
  const date_range window{date::from_days_since_epoch(from), date::from_days_since_epoch(today)};

  // Organizations the grant reaches.
  auto orgs = client->company_selector();
  ASSERT_TRUE(orgs.ok()) << orgs.error().message;
  ASSERT_EQ(orgs->size(), d.org_count());
  for (const auto& item : *orgs) {
    auto index = d.find_org(item.organization_id);
    ASSERT_TRUE(index) << item.organization_id;
    const auto want = d.org(*index);
    EXPECT_EQ(item.title, want.name);
    EXPECT_EQ(item.kind, kind_of(want.kind));

    auto org = client->organization_info(want.id);
    ASSERT_TRUE(org.ok()) << org.error().message;
    EXPECT_EQ(org->id, want.id);
    EXPECT_EQ(org->name, want.name);
    EXPECT_EQ(org->kind, kind_of(want.kind));

    // Members: the people, by user id, in the simulator's order.
    auto staff = client->staffs(want.id);
    ASSERT_TRUE(staff.ok()) << staff.error().message;
    const auto members = d.members(*index);
    ASSERT_EQ(staff->size(), members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      EXPECT_EQ((*staff)[i].staff_id, members[i].id);
      EXPECT_EQ((*staff)[i].user.id, members[i].user.id);
      EXPECT_EQ((*staff)[i].user.name, members[i].user.name);
    }

    // Contracts, from the side the organization is on.
    std::vector<sim::contract_record> want_contracts;
    for (auto ci : d.contracts_of(*index)) {
      auto c = d.contract(ci);
      if (want.kind == sim::org_kind::client ? c.client_org == *index : c.vendor_org == *index)
        want_contracts.push_back(c);
    }
    auto got =
      want.kind == sim::org_kind::client ? client->client_offers(want.id) : client->vendor_contracts(want.id, want.id);
    ASSERT_TRUE(got.ok()) << got.error().message;
    ASSERT_EQ(got->size(), want_contracts.size());
    for (std::size_t i = 0; i < want_contracts.size(); ++i)
      expect_contract_matches((*got)[i], want_contracts[i]);

    // By id, one and several.
    std::vector<std::string> ids;
    for (const auto& c : want_contracts)
      ids.push_back(c.id);
    if (!ids.empty()) {
      auto one = client->contract_details(want.id, ids.front());
      ASSERT_TRUE(one.ok()) << one.error().message;
      expect_contract_matches(*one, want_contracts.front());
      auto list = client->contract_list(want.id, ids);
      ASSERT_TRUE(list.ok()) << list.error().message;
      ASSERT_EQ(list->size(), ids.size());
    }

    // Time: days, cells and daily totals of every hourly contract in the window.
    std::map<std::pair<std::int64_t, std::string>, sim::day_total> want_totals;
    std::vector<std::pair<sim::contract_record, std::int64_t>> batched; ///< every contract-day with time
    for (const auto& c : want_contracts) {
      if (!c.hourly)
        continue;
      std::vector<std::int64_t> want_days;
      for (const auto& t : simulator->state().w.totals(c, from, today)) {
        if (t.cells > 0) {
          want_days.push_back(t.day);
          want_totals[{t.day, c.id}] = t;
        }
      }
      auto days = client->work_days(want.id, {c.id}, window);
      ASSERT_TRUE(days.ok()) << days.error().message;
      std::vector<std::int64_t> got_days;
      for (const auto& day : *days)
        got_days.push_back(day.days_since_epoch());
      EXPECT_EQ(got_days, want_days) << "work days of " << c.id;

      for (auto day : want_days) {
        auto diary = client->work_diary_contract(want.id, c.id, date::from_days_since_epoch(day));
        ASSERT_TRUE(diary.ok()) << diary.error().message;
        const auto cells = simulator->state().w.cells(c, day);
        ASSERT_EQ(diary->cells.size(), cells.size()) << c.id << " day " << day;
        for (std::size_t i = 0; i < cells.size(); ++i) {
          EXPECT_EQ(diary->cells[i].start.time_since_epoch().count(), cells[i].start_ms);
          EXPECT_EQ(diary->cells[i].manual, cells[i].manual);
          EXPECT_EQ(diary->cells[i].memo, cells[i].memo);
        }
        batched.push_back({c, day});
      }
    }
    expect_batched_diaries(want.id, batched);
    batched.clear();
    auto report = client->time_report(want.id, want.id, window, {});
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_EQ(report->size(), want_totals.size());
    for (const auto& row : *report) {
      auto it = want_totals.find({row.date_worked_on.days_since_epoch(), row.contract_id});
      ASSERT_NE(it, want_totals.end()) << row.contract_id << " " << row.date_worked_on.iso();
      EXPECT_EQ(row.total_hours_worked.to_minor_units(2),
                static_cast<std::int64_t>(std::llround(it->second.cells * 100 / 6.0)));
      EXPECT_EQ(row.total_charges.to_minor_units(2), it->second.charge_cents);
    }
  }
}

TEST_F(sim_client_test, normal_operation_under_upworks_limit_never_sees_a_429) {
  sim::fault_config faults;
  faults.rate_limit_rps = 10; // Upwork: about 10 requests a second per client
  faults.rate_limit_burst = 10;
  start(faults);
  expect_ground_truth();
  EXPECT_EQ(client->stats().throttled, 0u);
  EXPECT_EQ(client->stats().retries, 0u);
  // The budget hands out slots 125 ms apart: 8 in a second, 9 when a sleep overshoots a
  // little; 10 leaves room for a loaded machine. Over the whole run: at most 8 a second.
  EXPECT_LE(transport->max_per_second(), 10u);
  EXPECT_LE(transport->average_rate(), 8.0 + 0.05);
  EXPECT_GT(transport->count(), 20u);
}

TEST_F(sim_client_test, every_operation_is_exact_despite_faults) {
  sim::fault_config faults;
  faults.rate_limit_rps = 5; // below our budget on purpose: 429s will come
  faults.rate_limit_burst = 3;
  faults.retry_after_share = 0.5;
  faults.error_5xx_share = 0.1;
  faults.token_max_requests = 9;
  faults.partial_error_share = 0.1;
  faults.numbers_as_strings_share = 0.3;
  faults.iso_cell_times_share = 0.3;
  faults.truncated_share = 0.03;
  faults.malformed_share = 0.03;
  faults.oauth_faults = true;
  faults.seed = 7;
  start(faults);
  expect_ground_truth();
  const auto s = client->stats();
  EXPECT_GT(s.throttled, 0u);
  EXPECT_GT(s.retries, s.throttled);
  EXPECT_GT(s.refreshes, 0u);
  EXPECT_LE(transport->max_per_second(), 10u);
  EXPECT_LE(transport->average_rate(), 8.0 + 0.05);
  // Every rotated refresh token was handed to persistence, the one in use last.
  std::lock_guard lock{persisted_mutex};
  ASSERT_EQ(static_cast<int>(persisted.size()), tokens->refreshes());
  EXPECT_EQ(persisted.back().refresh_token, tokens->current().refresh_token);
}

TEST_F(sim_client_test, a_batch_keeps_its_good_days_and_asks_again_only_for_the_failed_ones) {
  sim::fault_config faults;
  faults.alias_error_share = 0.3; // about 3 of 10 aliases fail alone, each time drawn anew
  faults.seed = 11;
  start(faults);
  const auto& d = truth();
  std::vector<std::pair<sim::contract_record, std::int64_t>> days;
  std::string tenant;
  for (std::size_t ci = 0; ci < d.contract_count() && days.size() < 10; ++ci) {
    auto c = d.contract(ci);
    if (!c.hourly || c.client_org != d.contract(0).client_org)
      continue;
    tenant = d.org(c.client_org).id;
    for (auto day = today - 9; day <= today && days.size() < 10; ++day)
      if (!simulator->state().w.cells(c, day).empty())
        days.push_back({c, day});
  }
  ASSERT_GE(days.size(), 4u) << "the dataset has days with time";
  auto asked_before = simulator->state().stats.count("workDiaryContract", 200);
  expect_batched_diaries(tenant, days);
  auto requests = simulator->state().stats.count("workDiaryContract", 200) - asked_before;
  // Every day exact; the first request carried them all, the retries only the failed ones:
  // far fewer requests than days asked again one by one would take.
  EXPECT_GT(client->stats().retries, 0u) << "some aliases failed (the knob is on)";
  EXPECT_LT(requests, days.size()) << "batched, and only the failed days asked again";
}

TEST_F(sim_client_test, a_revoked_grant_ends_in_needs_reauth) {
  start({});
  simulator->state().oauth.revoke_all();
  auto r = client->organization_info("");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, error_kind::needs_reauth) << r.error().message;
}

} // namespace
} // namespace upsync::upwork
