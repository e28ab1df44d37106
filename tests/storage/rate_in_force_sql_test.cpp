// The rate in force on a day exists twice by necessity: in domain/rate_schedule (the engine's
// rule, which prices cells as they are fetched) and in SQL (rate_in_force_sql,
// which prices intervals inside PostgreSQL for a correction or a stale batch). This test
// holds them equal on every day around the steps of a history with cleared steps and an
// override, for each account kind.
#include "domain/rate_schedule.hpp"
#include "storage/rate_in_force_sql.hpp"
#include "tests/storage/upwork_fixture.hpp"
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using namespace upsync;
using upsync::testing::pg_cluster;

namespace {

constexpr std::int64_t day0 = 20605;

struct step {
  std::string side;
  std::int64_t day;
  std::optional<std::string> rate;
};

} // namespace

TEST(rate_in_force_sql, equals_the_engines_rates_for_day_around_every_step) {
  const std::vector<step> history = {
    {"upwork", day0, "20.00"},
    {"upwork", day0 + 4, std::nullopt}, // Upwork sent no amount
    {"upwork", day0 + 6, "22.00"},
    {"upwork_override", day0 + 2, "30.00"},
    {"upwork_override", day0 + 5, std::nullopt}, // the override cleared: Upwork's rate again
    {"upwork_override", day0 + 8, "31.00"},
    {"pay", day0 + 1, "10.00"},
    {"pay", day0 + 3, std::nullopt},
    {"pay", day0 + 7, "12.50"},
    {"bill", day0 + 3, "40.00"},
  };
  auto url = pg_cluster::shared().create_migrated_database();
  pqxx::connection db{url};
  pqxx::work tx{db};
  auto chain = upsync::testing::make_upwork_chain(tx, "W");
  domain::rate_schedule upwork, override_, pay, bill;
  for (const auto& s : history) {
    tx.exec_params0("INSERT INTO upwork_contract_rates (workspace_id, contract_id, side, effective_from, rate,"
                    " currency) VALUES ($1, $2, $3, date '1970-01-01' + $4::integer, $5::numeric, 'USD')",
                    chain.workspace_id, chain.contract_id, s.side, static_cast<std::int32_t>(s.day), s.rate);
    // The engine's plan leaves Upwork's rate-less steps out (engine_store::syncing_contracts).
    if (s.side == "upwork" && s.rate)
      upwork.set(s.day, s.rate);
    else if (s.side == "upwork_override")
      override_.set(s.day, s.rate);
    else if (s.side == "pay")
      pay.set(s.day, s.rate);
    else if (s.side == "bill")
      bill.set(s.day, s.rate);
  }
  namespace sql = storage::rate_in_force_sql;
  const std::string day = "(date '1970-01-01' + $3::integer)";
  auto query = "SELECT " + sql::upwork_side_on_day("$1", "$2", day) + "::text, "
               + sql::side_on_day("$1", "$2", "'pay'", day) + "::text, " + sql::side_on_day("$1", "$2", "'bill'", day)
               + "::text";
  int compared = 0;
  for (auto d = day0 - 3; d <= day0 + 11; ++d) {
    auto row = tx.exec_params1(query, chain.workspace_id, chain.contract_id, static_cast<std::int32_t>(d));
    auto text = [&](int i) { return row[i].is_null() ? std::optional<std::string>{} : row[i].as<std::string>(); };
    for (auto kind : {domain::organization_kind::agency, domain::organization_kind::client}) {
      auto engine = domain::rates_for_day(kind, upwork, override_, pay, bill, d);
      bool client = kind == domain::organization_kind::client;
      EXPECT_EQ(client ? text(0) : text(1), engine.pay_rate) << "pay, day " << d - day0 << ", client " << client;
      EXPECT_EQ(client ? text(2) : text(0), engine.bill_rate) << "bill, day " << d - day0 << ", client " << client;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 30);
}
