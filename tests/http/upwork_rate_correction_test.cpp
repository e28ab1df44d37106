// Issue 16, point 4 over real HTTP on rows seeded straight into PostgreSQL: the review's
// rate warnings per account kind, rate corrections dated back with effective_from that
// re-price exactly the synced intervals from that day, the override of the Upwork side
// (and what the engine's plan gets of it), the client's bill rate on a non-billable
// project, access, and that a failing correction leaves nothing changed.
#include "domain/calendar.hpp"
#include "domain/clock.hpp"
#include "domain/sync_windows.hpp"
#include "http/sync_control.hpp"
#include "http/upwork_gateway.hpp"
#include "common/time_format.hpp"
#include "storage/engine_store.hpp"
#include "storage/upwork_connections_store.hpp"
#include "storage/upwork_mapping_store.hpp"
#include "storage/upwork_organizations_store.hpp"
#include "storage/upwork_rate_history.hpp"
#include "storage/upwork_rate_store.hpp"
#include "tests/http/api_fixture.hpp"

#include <ctime>
#include <set>
#include <utility>

using namespace upsync;
using namespace upsync::testing;
namespace store = storage::upwork_store;

namespace {

struct null_control final : http::sync_control {
  void organization_changed(storage::db_id, const std::string&) override {}
  void connections_changed() override {}
  void refresh_organization(storage::db_id, const std::string&) override {}
};

std::string error_code(const http_reply& r) { return json_doc{r.body}.str("/error/code"); }
std::string error_field(const http_reply& r) { return json_doc{r.body}.str("/error/field"); }

std::int64_t today() { return static_cast<std::int64_t>(std::time(nullptr)) / 86400; }
std::string date(std::int64_t day) { return time_format::format_date(day); }

} // namespace

class upwork_rate_correction : public api_fixture {
protected:
  upwork_rate_correction() {
    http::upwork_settings s;
    s.secret_key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    s.import_days = 90;
    http::add_upwork_wizard_mapping_routes(routes, std::make_shared<const http::upwork_gateway>(s), control);
    http::add_upwork_wizard_review_routes(routes, 90, control);
    seed_upwork();
  }

  /// Agency "ag": a1 (Upwork 30.00, no pay rate), a2 (Upwork 30.00, pay 20.00 from the
  /// window's start, 21.00 from d+4, synced). Client "cl": c1 (billable project, no bill
  /// rate), c2 (non-billable project). Freelancer "fr": f1 (Upwork 50.00, no pay rate),
  /// f2 (no Upwork rate, pay 10.00). Every contract is mapped and syncs.
  void seed_upwork() {
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto connection = store::create_connection(tx, ws_a, manager.record.id, std::nullopt);
    billable = storage::project_store::create(tx, ws_a, "Website", std::string{"Initech"}, true).id;
    internal = storage::project_store::create(tx, ws_a, "Internal", std::nullopt, false).id;
    for (auto [org, type] : {std::pair{"ag", "agency"}, {"cl", "client"}, {"fr", "freelancer"}}) {
      store::upsert_organization(tx, ws_a, {org, connection, std::nullopt, org, type, std::nullopt, 0, 0});
      store::upsert_user(tx, ws_a, {org, std::string{"u-"} + org, "User", std::nullopt});
      store::user_mapping m;
      m.member_id = member.record.id;
      m.sync = true;
      store::update_user_mapping(tx, ws_a, org, std::string{"u-"} + org, m);
    }
    auto contract = [&](const std::string& id, const std::string& org, std::optional<std::string> rate,
                        storage::db_id project) {
      store::upsert_contract(tx, ws_a,
                             {id, org, "u-" + org, "Contract " + id, std::nullopt, "active", "hourly", rate, "USD"});
      store::update_contract_mapping(tx, ws_a, id, {project, true, false});
      if (rate)
        store::replace_upwork_rates(tx, ws_a, id, {{window_start, rate, "USD"}});
    };
    contract("a1", "ag", std::string{"30.00"}, billable);
    contract("a2", "ag", std::string{"30.00"}, billable);
    contract("c1", "cl", std::string{"40.00"}, billable);
    contract("c2", "cl", std::string{"40.00"}, internal);
    contract("f1", "fr", std::string{"50.00"}, billable);
    contract("f2", "fr", std::nullopt, billable);
    storage::upwork_rate_store::set_step(tx, ws_a, "a2", "pay", window_start, std::string{"20.00"}, "USD");
    storage::upwork_rate_store::set_step(tx, ws_a, "a2", "pay", d + 4, std::string{"21.00"}, "USD");
    storage::upwork_rate_store::set_step(tx, ws_a, "f2", "pay", window_start, std::string{"10.00"}, "USD");
    // a1 and a2 have synced: confirmed, with a cursor past their first import.
    tx.exec0("UPDATE upwork_contracts SET confirmed_at = now() WHERE id IN ('a1', 'a2')");
    tx.exec_params0("INSERT INTO upwork_sync_cursors (workspace_id, contract_id, import_state, window_start,"
                    " days_total, days_done, synced_through, last_synced_at)"
                    " SELECT $1, id, 'done', date '1970-01-01' + $2::integer, 90, 90,"
                    "        date '1970-01-01' + $3::integer, now() FROM unnest(ARRAY['a1', 'a2']) AS t(id)",
                    ws_a, static_cast<int>(window_start), static_cast<int>(today()));
    tx.commit();
  }

  /// An interval on `day` starting `offset` seconds after its midnight (UTC), one hour
  /// long unless it would cross into the next day; `contract` empty: a manual one.
  storage::db_id interval(const std::string& contract, std::int64_t day, std::int64_t offset,
                          std::optional<std::string> pay, std::optional<std::string> bill, bool edited = false,
                          std::int64_t seconds = 3600) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto start = day * 86400 + offset;
    auto id =
      tx.exec_params1("INSERT INTO time_intervals (workspace_id, member_id, project_id, started_at, ended_at,"
                      " pay_rate, bill_rate, currency, source, upwork_contract_id, edited_at)"
                      " VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5), $6::numeric, $7::numeric, 'USD',"
                      "         $8, NULLIF($9, ''), CASE WHEN $10 THEN now() END) RETURNING id",
                      ws_a, member.record.id, billable, start, start + seconds, pay, bill,
                      contract.empty() ? "manual" : "upwork", contract, edited)[0]
        .as<storage::db_id>();
    tx.commit();
    return id;
  }

  /// pay_rate|bill_rate of an interval ("" for none).
  std::pair<std::string, std::string> rates_of(storage::db_id id) {
    return {sql_text("SELECT pay_rate::text FROM time_intervals WHERE id = " + std::to_string(id)),
            sql_text("SELECT bill_rate::text FROM time_intervals WHERE id = " + std::to_string(id))};
  }

  /// A side's steps as "day=rate" ("day=" for a cleared step).
  std::vector<std::string> steps(const std::string& contract, const std::string& side) {
    pqxx::connection db{url};
    pqxx::work tx{db};
    std::vector<std::string> out;
    for (const auto& r : store::load_rates(tx, ws_a, contract))
      if (r.side == side)
        out.push_back(date(r.effective_from) + "=" + r.rate.value_or(""));
    return out;
  }

  http_reply patch_contract(const std::string& id, const std::string& body, const std::string& token = "") {
    return client->patch("/api/v1/upwork/contracts/" + id, body, token.empty() ? manager.token : token);
  }

  std::shared_ptr<null_control> control = std::make_shared<null_control>();
  storage::db_id billable = 0, internal = 0;
  const std::int64_t window_start = today() - 89;
  const std::int64_t d = today() - 10; ///< the correction day of the tests
};

TEST_F(upwork_rate_correction, review_warns_of_missing_rates_per_account_kind_and_confirm_still_starts) {
  auto r = client->get("/api/v1/upwork/wizard/review", manager.token);
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  std::map<std::string, std::set<std::pair<std::string, std::string>>> warnings;
  for (std::size_t i = 0; i < doc.size("/organizations"); ++i) {
    auto o = "/organizations/" + std::to_string(i);
    auto& seen = warnings[doc.str(o + "/id")];
    for (std::size_t k = 0; k < doc.size(o + "/warnings"); ++k) {
      auto w = o + "/warnings/" + std::to_string(k);
      EXPECT_FALSE(doc.str(w + "/message").empty());
      seen.insert({doc.str(w + "/contract_id"), doc.str(w + "/code")});
    }
  }
  using set = std::set<std::pair<std::string, std::string>>;
  // Agency: the pay rate is entered (a2 has one).
  EXPECT_EQ(warnings["ag"], (set{{"a1", "missing_pay_rate"}}));
  // Client: a bill rate only where the project is billable (c2's is not).
  EXPECT_EQ(warnings["cl"], (set{{"c1", "missing_bill_rate"}}));
  // Freelancer: the pay rate is entered; Upwork gave f2 no rate at all.
  EXPECT_EQ(warnings["fr"], (set{{"f1", "missing_pay_rate"}, {"f2", "missing_upwork_rate"}}));

  // Warnings inform; they do not block the start.
  auto confirm = client->post("/api/v1/upwork/wizard/confirm", "", manager.token);
  EXPECT_EQ(confirm.status, 202u) << confirm.body;

  // Entering the rates clears the warnings.
  ASSERT_EQ(patch_contract("a1", R"({"pay_rate": "15.00"})").status, 409u); // locked by the confirm
  sql("UPDATE upwork_contracts SET locked = false");
  ASSERT_EQ(patch_contract("a1", R"({"pay_rate": "15.00"})").status, 200u);
  ASSERT_EQ(patch_contract("c1", R"({"bill_rate": "60.00"})").status, 200u);
  ASSERT_EQ(patch_contract("f1", R"({"pay_rate": "35.00"})").status, 200u);
  ASSERT_EQ(patch_contract("f2", R"({"upwork_rate_override": "45.00"})").status, 200u);
  json_doc after{client->get("/api/v1/upwork/wizard/review", manager.token).body};
  for (std::size_t i = 0; i < after.size("/organizations"); ++i)
    EXPECT_EQ(after.size("/organizations/" + std::to_string(i) + "/warnings"), 0u);
}

TEST_F(upwork_rate_correction, the_import_window_of_a_correction_follows_the_dispatchers_clock) {
  // A month ago by the clock the app wires: the window starts a month earlier than today's.
  auto then = today() - 30;
  dispatch.use_clock(domain::fixed_clock(domain::start_of_day(then) + 12 * 3600));
  auto then_window_start = domain::import_window(then, 90).first;
  auto early =
    patch_contract("a1", R"({"pay_rate": "15.00", "effective_from": ")" + date(then_window_start - 1) + R"("})");
  EXPECT_EQ(early.status, 422u) << early.body;
  EXPECT_EQ(error_field(early), "effective_from");
  auto first = patch_contract("a1", R"({"pay_rate": "15.00", "effective_from": ")" + date(then_window_start) + R"("})");
  EXPECT_EQ(first.status, 200u) << first.body;
  dispatch.use_clock(domain::system_clock());
}

TEST_F(upwork_rate_correction, effective_from_is_a_date_in_the_import_window_or_later) {
  for (const char* bad : {R"("2026-13-01")", R"("yesterday")", R"("2026-02-30")", "null", "20260101"}) {
    auto r = patch_contract("a1", std::string{R"({"pay_rate": "15.00", "effective_from": )"} + bad + "}");
    EXPECT_EQ(r.status, 400u) << bad << " " << r.body;
    EXPECT_EQ(error_field(r), "effective_from") << bad;
  }
  // A date alone changes nothing it could date.
  auto alone = patch_contract("a1", R"({"effective_from": ")" + date(d) + R"("})");
  EXPECT_EQ(alone.status, 400u);
  EXPECT_EQ(error_field(alone), "effective_from");

  auto early = patch_contract("a1", R"({"pay_rate": "15.00", "effective_from": ")" + date(window_start - 1) + R"("})");
  EXPECT_EQ(early.status, 422u) << early.body;
  EXPECT_EQ(error_code(early), "unprocessable");
  EXPECT_EQ(error_field(early), "effective_from");
  EXPECT_TRUE(steps("a1", "pay").empty());

  auto first = patch_contract("a1", R"({"pay_rate": "15.00", "effective_from": ")" + date(window_start) + R"("})");
  EXPECT_EQ(first.status, 200u) << first.body;
  auto future = patch_contract("a1", R"({"pay_rate": "16.00", "effective_from": ")" + date(today() + 10) + R"("})");
  ASSERT_EQ(future.status, 200u) << future.body;
  EXPECT_EQ(json_doc{future.body}.integer("/intervals_updated"), 0);
  EXPECT_EQ(json_doc{future.body}.str("/pay_rate"), "15.00"); // in force today
  EXPECT_EQ(steps("a1", "pay"),
            (std::vector<std::string>{date(window_start) + "=15.00", date(today() + 10) + "=16.00"}));
}

TEST_F(upwork_rate_correction, a_pay_rate_correction_from_a_date_changes_exactly_the_synced_intervals_from_that_date) {
  auto before = interval("a2", d - 2, 3600, "20.00", "30.00");
  auto eve = interval("a2", d - 1, 86400 - 600, "20.00", "30.00", false, 600); // ends at d's midnight
  auto at_midnight = interval("a2", d, 0, "20.00", "30.00");
  auto later = interval("a2", d + 3, 7200, "20.00", "30.00");
  auto after_step = interval("a2", d + 6, 7200, "21.00", "30.00"); // priced by the d+4 step
  auto edited = interval("a2", d + 5, 3600, "22.00", "30.00", true);
  auto manual = interval("", d + 1, 3600, "20.00", "30.00");
  auto other = interval("a1", d + 1, 3600, std::nullopt, "30.00");

  auto r = patch_contract("a2", R"({"pay_rate": "25.00", "effective_from": ")" + date(d) + R"("})");
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.integer("/intervals_updated"), 3);
  EXPECT_EQ(doc.str("/pay_rate"), "25.00");

  using rates = std::pair<std::string, std::string>;
  EXPECT_EQ(rates_of(at_midnight), (rates{"25.00", "30.00"}));
  EXPECT_EQ(rates_of(later), (rates{"25.00", "30.00"}));
  EXPECT_EQ(rates_of(after_step), (rates{"25.00", "30.00"}));
  EXPECT_EQ(rates_of(before), (rates{"20.00", "30.00"}));
  EXPECT_EQ(rates_of(eve), (rates{"20.00", "30.00"}));
  EXPECT_EQ(rates_of(edited), (rates{"22.00", "30.00"})); // a person's edit stays
  EXPECT_EQ(rates_of(manual), (rates{"20.00", "30.00"}));
  EXPECT_EQ(rates_of(other), (rates{"", "30.00"}));
  // The correction supersedes the later step of the same side.
  EXPECT_EQ(steps("a2", "pay"), (std::vector<std::string>{date(window_start) + "=20.00", date(d) + "=25.00"}));

  // The same correction again changes nothing more.
  auto again = patch_contract("a2", R"({"pay_rate": "25.00", "effective_from": ")" + date(d) + R"("})");
  EXPECT_EQ(json_doc{again.body}.integer("/intervals_updated"), 0);
  // Without effective_from, as before: from today on, no interval touched.
  auto plain = patch_contract("a2", R"({"pay_rate": "26.00"})");
  ASSERT_EQ(plain.status, 200u) << plain.body;
  EXPECT_EQ(json_doc{plain.body}.integer("/intervals_updated"), 0);
  EXPECT_EQ(rates_of(later), (rates{"25.00", "30.00"}));
  EXPECT_EQ(steps("a2", "pay").back(), date(today()) + "=26.00");
}

TEST_F(upwork_rate_correction, an_override_of_the_upwork_side_reprices_from_its_day_and_reaches_the_engine) {
  auto before = interval("a1", d - 1, 3600, std::nullopt, "30.00");
  auto from = interval("a1", d + 1, 3600, std::nullopt, "30.00");
  auto edited = interval("a1", d + 2, 3600, std::nullopt, "31.00", true);

  auto r = patch_contract("a1", R"({"upwork_rate_override": "35.00", "effective_from": ")" + date(d) + R"("})");
  ASSERT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  EXPECT_EQ(doc.integer("/intervals_updated"), 1);
  EXPECT_EQ(doc.str("/upwork_rate"), "30.00"); // Upwork's own stays read-only
  EXPECT_EQ(doc.str("/upwork_rate_override"), "35.00");
  EXPECT_EQ(doc.str("/upwork_rate_override_from"), date(d));
  EXPECT_EQ(doc.str("/bill_rate"), "35.00"); // what the engine applies
  EXPECT_EQ(rates_of(from).second, "35.00");
  EXPECT_EQ(rates_of(before).second, "30.00");
  EXPECT_EQ(rates_of(edited).second, "31.00");
  // Echoing the shown (overridden) Upwork side back is fine; another value is not.
  EXPECT_EQ(patch_contract("a1", R"({"bill_rate": "35.00"})").status, 200u);
  auto refused = patch_contract("a1", R"({"bill_rate": "36.00"})");
  EXPECT_EQ(refused.status, 422u);
  EXPECT_EQ(error_field(refused), "bill_rate");

  {
    // The engine's plan carries the override, so new cells get it (sync_rules_test covers
    // rates_for_day with an override).
    pqxx::connection db{url};
    pqxx::work tx{db};
    auto plans = storage::engine_store::syncing_contracts(tx, ws_a, std::string{"ag"});
    bool found = false;
    for (const auto& p : plans)
      for (const auto& e : p.rates)
        if (p.contract_id == "a1" && e.side == "upwork_override")
          found = e.effective_from_day == d && e.rate == std::optional<std::string>{"35.00"};
    EXPECT_TRUE(found);
  }

  // Cleared from d: Upwork's rate again, on the intervals too.
  auto cleared = patch_contract("a1", R"({"upwork_rate_override": null, "effective_from": ")" + date(d) + R"("})");
  ASSERT_EQ(cleared.status, 200u) << cleared.body;
  json_doc c{cleared.body};
  EXPECT_EQ(c.integer("/intervals_updated"), 1);
  EXPECT_TRUE(c.is_null("/upwork_rate_override"));
  EXPECT_TRUE(c.is_null("/upwork_rate_override_from"));
  EXPECT_EQ(c.str("/bill_rate"), "30.00");
  EXPECT_EQ(rates_of(from).second, "30.00");

  // The mapping view shows the same fields.
  ASSERT_EQ(patch_contract("a1", R"({"upwork_rate_override": "33.00"})").status, 200u);
  auto view = client->get("/api/v1/upwork/wizard/mapping", manager.token);
  EXPECT_NE(view.body.find(R"("upwork_rate":"30.00","upwork_rate_override":"33.00","upwork_rate_override_from":")"
                           + date(today()) + "\""),
            std::string::npos)
    << view.body;
}

TEST_F(upwork_rate_correction, a_client_bill_rate_on_a_non_billable_project_is_refused) {
  auto r = patch_contract("c2", R"({"bill_rate": "50.00"})");
  EXPECT_EQ(r.status, 422u) << r.body;
  EXPECT_EQ(error_code(r), "unprocessable");
  EXPECT_EQ(error_field(r), "bill_rate");
  EXPECT_TRUE(steps("c2", "bill").empty());
  // Moving it to a non-billable project in the same request is refused too; to a billable
  // one is fine; clearing is always fine.
  EXPECT_EQ(patch_contract("c1", R"({"bill_rate": "50.00", "project_id": ")" + std::to_string(internal) + "\"}").status,
            422u);
  EXPECT_EQ(patch_contract("c2", R"({"bill_rate": "50.00", "project_id": ")" + std::to_string(billable) + "\"}").status,
            200u);
  EXPECT_EQ(patch_contract("c1", R"({"bill_rate": "50.00"})").status, 200u);
  EXPECT_EQ(patch_contract("c1", R"({"bill_rate": null, "project_id": ")" + std::to_string(internal) + "\"}").status,
            200u);
  // An inline project that is not billable.
  EXPECT_EQ(patch_contract("c1", R"({"bill_rate": "50.00", "create_project": {"name": "Pro bono"}})").status, 422u);
  EXPECT_EQ(sql_text("SELECT count(*) FROM projects WHERE name = 'Pro bono'"), "0");
}

TEST_F(upwork_rate_correction, only_managers_of_the_workspace_correct_rates) {
  auto later = interval("a2", d + 1, 3600, "20.00", "30.00");
  auto body = R"({"pay_rate": "25.00", "effective_from": ")" + date(d) + R"("})";
  auto as_member = patch_contract("a2", body, member.token);
  EXPECT_EQ(as_member.status, 403u);
  auto elsewhere = patch_contract("a2", body, other_admin.token);
  EXPECT_EQ(elsewhere.status, 404u);
  EXPECT_EQ(rates_of(later).first, "20.00");
  EXPECT_EQ(steps("a2", "pay").size(), 2u);
}

TEST_F(upwork_rate_correction, a_failing_correction_leaves_nothing_changed) {
  auto later = interval("a2", d + 1, 3600, "20.00", "30.00");
  // Refused by a rule: mapping, rates and intervals stay.
  auto early = patch_contract("a2", R"({"sync": false, "pay_rate": "25.00", "effective_from": ")"
                                      + date(window_start - 5) + R"("})");
  EXPECT_EQ(early.status, 422u);
  // Failing in the database after the rate steps were written: the interval update fails.
  sql("CREATE FUNCTION fail_update() RETURNS trigger LANGUAGE plpgsql AS $$"
      " BEGIN RAISE EXCEPTION 'injected'; END $$");
  sql("CREATE TRIGGER fail_update BEFORE UPDATE ON time_intervals FOR EACH ROW EXECUTE FUNCTION fail_update()");
  auto failed = patch_contract("a2", R"({"sync": false, "bill_rate": "30.00", "pay_rate": "25.00", "effective_from": ")"
                                       + date(d) + R"("})");
  EXPECT_GE(failed.status, 500u) << failed.body;
  sql("DROP TRIGGER fail_update ON time_intervals");

  EXPECT_EQ(rates_of(later), (std::pair<std::string, std::string>{"20.00", "30.00"}));
  EXPECT_EQ(steps("a2", "pay"), (std::vector<std::string>{date(window_start) + "=20.00", date(d + 4) + "=21.00"}));
  EXPECT_EQ(sql_text("SELECT sync::text FROM upwork_contracts WHERE id = 'a2'"), "true");
}
