// The data generator: deterministic, all kinds present, lazy at 100,000 contracts.
#include "sim/civil_time.hpp"
#include "sim/generated_dataset.hpp"
#include "sim/id_codec.hpp"
#include "sim/presets.hpp"
#include "sim/work_diary.hpp"

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

namespace upsync::sim {
namespace {

const std::int64_t today = days_from_civil(2026, 8, 15);

std::size_t resident_kib() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoul(line.substr(6));
  return 0;
}

TEST(id_codec, round_trips_and_has_fixed_width) {
  id_codec org{14, 17, 7};
  std::set<std::string> seen;
  for (std::uint64_t i : {0ULL, 1ULL, 2ULL, 9999ULL, 123456ULL}) {
    auto id = org.encode(i);
    EXPECT_EQ(id.size(), 19u);
    EXPECT_EQ(org.decode(id), i);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_FALSE(org.decode("1234"));
  EXPECT_FALSE(org.decode("99000000000000000000"));
}

TEST(generator, same_seed_gives_same_data) {
  scale_options s;
  s.seed = 7;
  generated_dataset a{s, today}, b{s, today};
  for (std::uint32_t c = 0; c < a.contract_count(); ++c) {
    auto x = a.contract(c), y = b.contract(c);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.title, y.title);
    EXPECT_EQ(x.hourly_terms.size(), y.hourly_terms.size());
    for (auto day = today - 10; day <= today; ++day) {
      auto cx = generate_cells(a.seed(), x, day, a.first_day());
      auto cy = generate_cells(b.seed(), y, day, b.first_day());
      ASSERT_EQ(cx.size(), cy.size());
      for (std::size_t i = 0; i < cx.size(); ++i)
        EXPECT_EQ(cx[i].start_ms, cy[i].start_ms);
    }
  }
  for (std::uint32_t o = 0; o < a.org_count(); ++o)
    EXPECT_EQ(a.org(o).name, b.org(o).name);
}

TEST(generator, different_seed_gives_different_data) {
  scale_options s1, s2;
  s2.seed = s1.seed + 1;
  generated_dataset a{s1, today}, b{s2, today};
  EXPECT_NE(a.org(0).id, b.org(0).id);
  EXPECT_NE(a.contract(0).id, b.contract(0).id);
}

TEST(generator, every_kind_status_and_model_exists) {
  scale_options s;
  s.orgs = 30;
  s.contracts_per_org = 6;
  generated_dataset d{s, today};
  std::set<org_kind> kinds;
  for (std::uint32_t o = 0; o < d.org_count(); ++o) {
    auto org = d.org(o);
    kinds.insert(org.kind);
    EXPECT_EQ(org.id.size(), 19u);
    EXPECT_EQ(d.find_org(org.id), o);
    if (org.kind == org_kind::freelancer) {
      EXPECT_EQ(d.members(o).size(), 1u);
    }
  }
  EXPECT_EQ(kinds.size(), 3u);
  std::set<contract_status> statuses;
  bool hourly = false, fixed = false, history = false;
  for (std::uint32_t c = 0; c < d.contract_count(); ++c) {
    auto k = d.contract(c);
    statuses.insert(k.status);
    hourly |= k.hourly;
    fixed |= !k.hourly;
    history |= k.hourly_terms.size() > 1;
    EXPECT_EQ(k.id.size(), 8u);
    EXPECT_EQ(d.find_contract(k.id), c);
    EXPECT_EQ(d.org(k.client_org).kind, org_kind::client);
    EXPECT_NE(d.org(k.vendor_org).kind, org_kind::client);
    if (!k.hourly) {
      EXPECT_TRUE(k.hourly_terms.empty());
    }
    // The rate history is contiguous: each term starts the day after the previous ends.
    for (std::size_t t = 1; t < k.hourly_terms.size(); ++t)
      EXPECT_EQ(*k.hourly_terms[t - 1].end_day + 1, k.hourly_terms[t].start_day);
    auto client = d.contracts_of(k.client_org);
    auto vendor = d.contracts_of(k.vendor_org);
    EXPECT_TRUE(std::count(client.begin(), client.end(), c));
    EXPECT_TRUE(std::count(vendor.begin(), vendor.end(), c));
  }
  EXPECT_EQ(statuses.size(), 3u);
  EXPECT_TRUE(hourly && fixed && history);
}

TEST(generator, work_diary_has_runs_manual_time_midnight_crossings_and_empty_days) {
  scale_options s;
  s.orgs = 40;
  s.contracts_per_org = 5;
  generated_dataset d{s, today};
  bool manual = false, crossing = false, empty = false, multi_run = false;
  for (std::uint32_t c = 0; c < d.contract_count(); ++c) {
    auto k = d.contract(c);
    for (auto day = d.first_day(); day <= today; ++day) {
      auto cells = generate_cells(d.seed(), k, day, d.first_day());
      if (!can_hold_time(k, day, d.first_day())) {
        EXPECT_TRUE(cells.empty());
      } else if (cells.empty()) {
        empty = true;
      }
      int runs = 0;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        EXPECT_EQ(cells[i].start_ms % ms_per_cell, 0);
        EXPECT_EQ(floor_div(cells[i].start_ms, ms_per_day), day);
        if (i > 0) {
          EXPECT_GT(cells[i].start_ms, cells[i - 1].start_ms);
        }
        manual |= cells[i].manual;
        if (i == 0 || cells[i].start_ms != cells[i - 1].start_ms + ms_per_cell)
          ++runs;
      }
      multi_run |= runs > 1;
      // A stretch that runs into midnight continues at 00:00 the next day.
      if (!cells.empty() && cells.back().start_ms == (day + 1) * ms_per_day - ms_per_cell) {
        auto next = generate_cells(d.seed(), k, day + 1, d.first_day());
        crossing |= !next.empty() && next.front().start_ms == (day + 1) * ms_per_day;
      }
    }
  }
  EXPECT_TRUE(manual);
  EXPECT_TRUE(crossing);
  EXPECT_TRUE(empty);
  EXPECT_TRUE(multi_run);
}

TEST(generator, ten_thousand_orgs_and_100k_contracts_stay_lazy) {
  auto rss_before = resident_kib();
  auto started = std::chrono::steady_clock::now();
  scale_options s;
  s.orgs = 10'000;
  s.contracts_per_org = 10;
  s.days = 90;
  generated_dataset d{s, today};
  ASSERT_EQ(d.contract_count(), 100'000u);
  // Far-away records answer at once, by index and by id.
  for (std::uint32_t c : {0u, 49'999u, 99'999u}) {
    auto k = d.contract(c);
    EXPECT_EQ(d.find_contract(k.id), c);
    std::size_t cells = 0;
    for (auto day = d.first_day(); day <= today; ++day)
      cells += generate_cells(d.seed(), k, day, d.first_day()).size();
    (void)cells;
  }
  auto far = d.org(9'999);
  EXPECT_EQ(d.find_org(far.id), 9'999u);
  EXPECT_FALSE(d.contracts_of(9'999).empty());
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
  // Only the client index lives in memory: 4 bytes a contract, far below 20 MiB.
#ifndef __SANITIZE_ADDRESS__ // shadow memory makes RSS meaningless under ASan
  EXPECT_LT(resident_kib() - rss_before, 20u * 1024);
#else
  (void)rss_before;
#endif
}

TEST(presets, demo_has_the_named_organizations) {
  auto d = make_dataset("demo", {}, today);
  std::set<std::string> names;
  for (std::uint32_t o = 0; o < d->org_count(); ++o)
    names.insert(d->org(o).name);
  EXPECT_TRUE(names.count("Nomadic Soft"));
  EXPECT_TRUE(names.count("Acme Corp"));
  EXPECT_TRUE(names.count("John Smith"));
  bool accented = false;
  for (const auto& m : d->members(0))
    accented |= m.user.name == "José Müller";
  EXPECT_TRUE(accented);
  EXPECT_THROW(make_dataset("nope", {}, today), std::invalid_argument);
}

TEST(civil_time, iso_instants_are_written_with_every_field_zero_padded_and_read_back) {
  EXPECT_EQ(format_iso_instant(0), "1970-01-01T00:00:00.000Z");
  // 2026-08-15 09:05:07.042 UTC
  std::int64_t ms = (days_from_civil(2026, 8, 15) * 86400 + 9 * 3600 + 5 * 60 + 7) * 1000 + 42;
  EXPECT_EQ(format_iso_instant(ms), "2026-08-15T09:05:07.042Z");
  EXPECT_EQ(format_iso_instant(-1), "1969-12-31T23:59:59.999Z");
  for (std::int64_t t : {std::int64_t{0}, ms, std::int64_t{-86'400'000}, std::int64_t{253'402'300'799'999}})
    EXPECT_EQ(parse_iso_instant(format_iso_instant(t)), t) << t;
}

} // namespace
} // namespace upsync::sim
