// The journey test's surroundings (see journey_support.hpp).
// Over 400 lines on purpose: the journey's whole world (PostgreSQL, the simulator, upsyncd and their HTTP helpers) set
// up in one place.
#include "tests/e2e/journey_support.hpp"

#include "common/time_format.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/url_query.hpp"

#include <set>
#include <simdjson.h>
#include <spdlog/spdlog.h>
#include <stdexcept>
#include <thread>

namespace upsync::testing {

namespace {

const std::string key_hex(64, 'e');
const std::string client_id = "upsync-journey";
const std::string client_secret = "journey-secret";
const std::string redirect_uri = "http://127.0.0.1/api/v1/upwork/oauth/callback";

std::optional<std::string> text_or_null(simdjson::dom::element e, const char* key) {
  simdjson::dom::element v;
  std::string_view s;
  if (e.at_key(key).get(v) || v.is_null() || v.get(s))
    return std::nullopt;
  return std::string{s};
}

std::string text(simdjson::dom::element e, const char* key) {
  auto v = text_or_null(e, key);
  if (!v)
    throw std::runtime_error(std::string{"no text field "} + key);
  return *v;
}

bool flag(simdjson::dom::element e, const char* key) {
  bool b = false;
  if (e.at_key(key).get(b))
    throw std::runtime_error(std::string{"no boolean field "} + key);
  return b;
}

std::int64_t number(simdjson::dom::element e, const char* key) {
  std::int64_t n = 0;
  if (e.at_key(key).get(n))
    throw std::runtime_error(std::string{"no integer field "} + key);
  return n;
}

simdjson::dom::array list(simdjson::dom::element e, const char* key) {
  simdjson::dom::array a;
  if (e.at_key(key).get(a))
    throw std::runtime_error(std::string{"no array field "} + key);
  return a;
}

} // namespace

// ---- views ------------------------------------------------------------------------------

const mapping_view::organization_entry& mapping_view::org(const std::string& id) const {
  for (const auto& o : organizations)
    if (o.id == id)
      return o;
  throw std::runtime_error("no organization " + id + " in the mapping view");
}

const mapping_view::user_entry& mapping_view::user(const std::string& name) const {
  for (const auto& o : organizations)
    for (const auto& u : o.users)
      if (u.name == name)
        return u;
  throw std::runtime_error("no Upwork user " + name + " in the mapping view");
}

bool mapping_view::has_contract(const std::string& id) const {
  for (const auto& o : organizations)
    for (const auto& u : o.users)
      for (const auto& c : u.contracts)
        if (c.id == id)
          return true;
  return false;
}

const mapping_view::contract_entry& mapping_view::contract(const std::string& id) const {
  for (const auto& o : organizations)
    for (const auto& u : o.users)
      for (const auto& c : u.contracts)
        if (c.id == id)
          return c;
  throw std::runtime_error("no contract " + id + " in the mapping view");
}

std::pair<std::string, std::string> mapping_view::contract_user(const std::string& id) const {
  for (const auto& o : organizations)
    for (const auto& u : o.users)
      for (const auto& c : u.contracts)
        if (c.id == id)
          return {o.id, u.upwork_user_id};
  throw std::runtime_error("no contract " + id + " in the mapping view");
}

std::string mapping_view::fingerprint() const {
  std::string out;
  for (const auto& o : organizations)
    for (const auto& u : o.users) {
      out +=
        o.id + "/" + u.upwork_user_id + " member=" + u.member_id.value_or("-") + " sync=" + (u.sync ? "1" : "0") + "\n";
      for (const auto& c : u.contracts)
        out += "  " + c.id + " project=" + c.project_id.value_or("-") + " sync=" + (c.sync ? "1" : "0")
               + " pay=" + c.pay_rate.value_or("-") + " bill=" + c.bill_rate.value_or("-")
               + " confirmed=" + (c.confirmed ? "1" : "0") + "\n";
    }
  return out;
}

const status_view::contract_entry& status_view::contract(const std::string& id) const {
  for (const auto& c : contracts)
    if (c.id == id)
      return c;
  throw std::runtime_error("no contract " + id + " on the dashboard");
}

// ---- the fixture ------------------------------------------------------------------------

journey::journey() {
  spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info
  sim::sim_options o;
  o.preset = "demo";
  o.frozen_clock = true; // starts at the real now, so upsyncd's wall-clock today agrees
  o.oauth.client_secret = client_secret;
  sim = std::make_unique<sim::simulator>(o);
  sim->start();
  sim_http = std::make_unique<http_client>(sim->port());

  database_url = pg_cluster::shared().create_migrated_database();
  std::map<std::string, std::string> env{
    {"UPSYNC_DATABASE_URL", database_url},
    {"UPSYNC_SECRET_KEY", key_hex},
    {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"},
    {"UPSYNC_UPWORK_CLIENT_ID", client_id},
    {"UPSYNC_UPWORK_CLIENT_SECRET", client_secret},
    {"UPSYNC_UPWORK_REDIRECT_URI", redirect_uri},
    {"UPSYNC_UPWORK_AUTHORIZE_URL", sim->base_url() + "/ab/account-security/oauth2/authorize"},
    {"UPSYNC_UPWORK_TOKEN_URL", sim->base_url() + "/api/v3/oauth2/token"},
    {"UPSYNC_UPWORK_GRAPHQL_URL", sim->base_url() + "/graphql"},
    {"UPSYNC_IMPORT_DAYS", std::to_string(import_days)},
    {"UPSYNC_SYNC_INTERVAL_SECONDS", "1"},
    // Counted in PostgreSQL (the journey checks), at a budget its 1-s cycles never stretch to.
    {"UPSYNC_UPWORK_DAILY_REQUESTS", "10000000"},
    {"UPSYNC_UPWORK_MAX_RPS", "60"},
    {"UPSYNC_LOG_LEVEL", "warn"},
  };
  // The workspace through the CLI, as an operator creates it; its admin's token is the last line.
  auto created = run_process({UPSYNCD_PATH, "workspace", "create", "--name", "Journey", "--admin-name", "Ada Admin",
                              "--admin-email", "ada@journey.example", "--timezone", "UTC"},
                             env);
  if (created.exit_code != 0)
    throw std::runtime_error("workspace create failed: " + created.err);
  auto lines = created.out;
  while (!lines.empty() && (lines.back() == '\n' || lines.back() == '\r'))
    lines.pop_back();
  token = lines.substr(lines.find_last_of('\n') == std::string::npos ? 0 : lines.find_last_of('\n') + 1);

  daemon = std::make_unique<child_process>(std::vector<std::string>{UPSYNCD_PATH, "serve"}, env);
  auto line = daemon->read_line_containing("listening on");
  auto colon = line.find_last_of(':');
  if (line.empty() || colon == std::string::npos)
    throw std::runtime_error("upsyncd did not start");
  client = std::make_unique<http_client>(static_cast<unsigned short>(std::stoi(line.substr(colon + 1))));
}

journey::~journey() {
  if (daemon)
    daemon->stop(SIGTERM);
  if (sim)
    sim->stop();
}

http_reply journey::api(const std::string& method, const std::string& path, const std::string& body) {
  std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token}};
  if (!body.empty())
    headers["Content-Type"] = "application/json";
  return client->request(method, path, body, headers);
}

std::string journey::add_member(const std::string& name, const std::string& email) {
  auto r = api("POST", "/api/v1/members", R"({"name": ")" + name + R"(", "email": ")" + email + R"("})");
  if (r.status != 201)
    throw std::runtime_error("member not created: " + r.body);
  return json_doc{r.body}.str("/id");
}

std::string journey::create_project(const std::string& name, const std::string& client_name) {
  auto r = api("POST", "/api/v1/projects",
               R"({"name": ")" + name + R"(", "client_name": ")" + client_name + R"(", "billable": true})");
  if (r.status != 201)
    throw std::runtime_error("project not created: " + r.body);
  return json_doc{r.body}.str("/id");
}

namespace {

/// The browser's part: the simulator consents and redirects back with code and state.
std::map<std::string, std::string> consent(http_client& sim_http, const std::string& base,
                                           const std::string& authorize_url) {
  if (authorize_url.rfind(base, 0) != 0)
    throw std::runtime_error("authorize URL not at the simulator: " + authorize_url);
  auto r = sim_http.get(authorize_url.substr(base.size()));
  if (r.status != 302)
    throw std::runtime_error("the simulator did not redirect: " + r.body);
  return query_of(r.headers["location"]);
}

} // namespace

std::string journey::connect() {
  auto started = api("POST", "/api/v1/upwork/connections");
  EXPECT_EQ(started.status, 201u) << started.body;
  json_doc a{started.body};
  auto back = consent(*sim_http, sim->base_url(), a.str("/authorize_url"));
  EXPECT_EQ(back["state"], a.str("/state"));
  auto r = client->request("GET", "/api/v1/upwork/oauth/callback?code=" + back["code"] + "&state=" + back["state"], "",
                           {{"Accept", "application/json"}});
  EXPECT_EQ(r.status, 200u) << r.body;
  // The state is one-time: replaying the callback is refused and changes nothing.
  auto replay = client->request("GET", "/api/v1/upwork/oauth/callback?code=" + back["code"] + "&state=" + back["state"],
                                "", {{"Accept", "application/json"}});
  EXPECT_EQ(replay.status, 400u) << replay.body;
  return json_doc{r.body}.str("/connection/id");
}

std::string journey::reauthorize(const std::string& connection_id) {
  auto started = api("POST", "/api/v1/upwork/connections/" + connection_id + "/reauthorize");
  EXPECT_EQ(started.status, 201u) << started.body;
  auto back = consent(*sim_http, sim->base_url(), json_doc{started.body}.str("/authorize_url"));
  auto r = client->request("GET", "/api/v1/upwork/oauth/callback?code=" + back["code"] + "&state=" + back["state"], "",
                           {{"Accept", "application/json"}});
  EXPECT_EQ(r.status, 200u) << r.body;
  return json_doc{r.body}.str("/connection/id");
}

std::string journey::connection_status(const std::string& connection_id) {
  json_doc doc{api("GET", "/api/v1/upwork/connections").body};
  for (auto item : list(doc.root(), "items"))
    if (text(item, "id") == connection_id)
      return text(item, "status");
  return "";
}

mapping_view journey::mapping() {
  auto r = api("GET", "/api/v1/upwork/wizard/mapping");
  if (r.status != 200)
    throw std::runtime_error("mapping view: " + r.body);
  json_doc doc{r.body};
  mapping_view out;
  for (auto o : list(doc.root(), "organizations")) {
    mapping_view::organization_entry org;
    org.id = text(o, "id");
    org.section_label = text(o, "section_label");
    org.refresh_status = text(o, "refresh_status");
    org.last_refreshed_at = text_or_null(o, "last_refreshed_at");
    for (auto u : list(o, "users")) {
      mapping_view::user_entry user;
      user.upwork_user_id = text(u, "upwork_user_id");
      user.name = text(u, "name");
      user.match = text(u, "match");
      user.email = text_or_null(u, "email");
      user.member_id = text_or_null(u, "member_id");
      user.suggested_member_id = text_or_null(u, "suggested_member_id");
      user.sync = flag(u, "sync");
      user.locked = flag(u, "locked");
      for (auto c : list(u, "contracts")) {
        mapping_view::contract_entry contract;
        contract.id = text(c, "id");
        contract.title = text(c, "title");
        contract.status = text(c, "status");
        contract.kind = text(c, "kind");
        contract.upwork_rate = text_or_null(c, "upwork_rate");
        contract.project_id = text_or_null(c, "project_id");
        contract.pay_rate = text_or_null(c, "pay_rate");
        contract.bill_rate = text_or_null(c, "bill_rate");
        contract.sync = flag(c, "sync");
        contract.locked = flag(c, "locked");
        contract.confirmed = flag(c, "confirmed");
        user.contracts.push_back(std::move(contract));
      }
      org.users.push_back(std::move(user));
    }
    out.organizations.push_back(std::move(org));
  }
  return out;
}

status_view journey::status() {
  auto r = api("GET", "/api/v1/upwork/status");
  if (r.status != 200)
    throw std::runtime_error("status: " + r.body);
  json_doc doc{r.body};
  status_view out;
  for (auto o : list(doc.root(), "organizations"))
    for (auto c : list(o, "contracts")) {
      if (!flag(c, "syncing"))
        continue; // the dashboard lists every contract; the journey follows those that sync
      status_view::contract_entry e;
      e.id = text(c, "id");
      e.title = text(c, "title");
      e.upwork_user_name = text(c, "upwork_user_name");
      e.project_name = text(c["project"], "name");
      e.hours_today = text(c, "hours_today");
      e.import_state = text(c["import"], "state");
      e.days_done = number(c["import"], "days_done");
      e.days_total = number(c["import"], "days_total");
      auto entries = list(c, "recent_entries");
      e.recent_entries = entries.size();
      if (e.recent_entries > 0)
        e.newest_entry_end = text(entries.at(0), "ended_at");
      out.contracts.push_back(std::move(e));
    }
  return out;
}

std::vector<std::string> journey::reasons(const std::string& contract_id) {
  auto r = api("GET", "/api/v1/upwork/contracts/" + contract_id + "/diagnosis");
  EXPECT_EQ(r.status, 200u) << r.body;
  json_doc doc{r.body};
  std::vector<std::string> out;
  for (auto e : list(doc.root(), "reasons"))
    out.emplace_back(std::string_view{e.get_string().value()});
  EXPECT_EQ(doc.boolean("/syncing"), out.empty());
  return out;
}

std::optional<bool> journey::reviewed_as_confirmed(const std::string& contract_id) {
  json_doc doc{api("GET", "/api/v1/upwork/wizard/review").body};
  for (auto o : list(doc.root(), "organizations"))
    for (auto c : list(o, "contracts"))
      if (text(c, "id") == contract_id)
        return flag(c, "confirmed");
  return std::nullopt;
}

bool journey::imports_done(const std::vector<std::string>& contract_ids) {
  auto s = status();
  for (const auto& id : contract_ids) {
    bool done = false;
    for (const auto& c : s.contracts)
      done = done || (c.id == id && c.import_state == "done");
    if (!done)
      return false;
  }
  return true;
}

std::vector<journey::interval_row> journey::upwork_intervals() {
  std::vector<interval_row> out;
  std::string cursor;
  do {
    auto r = api("GET", "/api/v1/time-intervals?source=upwork&limit=1000"
                          + (cursor.empty() ? std::string{} : "&cursor=" + cursor));
    if (r.status != 200)
      throw std::runtime_error("time intervals: " + r.body);
    json_doc doc{r.body};
    for (auto i : list(doc.root(), "items"))
      out.push_back({text(i, "id"), text_or_null(i, "upwork_contract_id").value_or("-"),
                     text_or_null(i, "project_id").value_or("-"), text_or_null(i, "bill_rate").value_or("-"),
                     text(i, "started_at").substr(0, 10), number(i, "seconds")});
    cursor = text_or_null(doc.root(), "next_cursor").value_or("");
  } while (!cursor.empty());
  return out;
}

std::map<std::string, std::string> journey::intervals_of(const std::string& contract_id) {
  std::map<std::string, std::string> out;
  for (const auto& i : upwork_intervals())
    if (i.contract_id == contract_id)
      out[i.id] = i.project_id;
  return out;
}

std::map<std::string, std::string> journey::rates_of(const std::string& contract_id) {
  std::map<std::string, std::string> out;
  for (const auto& i : upwork_intervals())
    if (i.contract_id == contract_id)
      out[i.id] = i.bill_rate;
  return out;
}

std::size_t journey::total_upwork_intervals() { return upwork_intervals().size(); }

// ---- truth and control ----------------------------------------------------------------------

std::int64_t journey::today() const { return sim->state().w.today(); }

std::string journey::iso_date(std::int64_t day) { return time_format::format_rfc3339(day * 86400).substr(0, 10); }

std::int64_t journey::truth_minutes(const std::string& contract_id, std::int64_t from_day, std::int64_t to_day) {
  auto r = sim_http->get("/__control/truth?contract=" + contract_id + "&from=" + iso_date(from_day)
                         + "&to=" + iso_date(to_day) + "&cells=false");
  if (r.status != 200)
    throw std::runtime_error("truth: " + r.body);
  return json_doc{r.body}.integer("/total_minutes");
}

std::string journey::truth_last_cell_end(const std::string& contract_id) {
  auto r = sim_http->get("/__control/truth?contract=" + contract_id + "&from=" + iso_date(today() - import_days + 1)
                         + "&to=" + iso_date(today()));
  json_doc doc{r.body};
  std::int64_t last_ms = 0;
  for (auto d : list(doc.root(), "days"))
    for (auto c : list(d, "cells"))
      last_ms = std::max(last_ms, number(c, "start_ms"));
  return time_format::format_rfc3339(last_ms / 1000 + 600);
}

std::vector<std::string> journey::differences_from_truth(const std::vector<std::string>& contract_ids,
                                                         bool nothing_else) {
  std::vector<std::string> out;
  // Synced seconds per contract and UTC day, from the API.
  std::map<std::pair<std::string, std::string>, std::int64_t> synced;
  for (const auto& i : upwork_intervals())
    synced[{i.contract_id, i.day}] += i.seconds;

  std::set<std::string> wanted(contract_ids.begin(), contract_ids.end());
  if (nothing_else) {
    for (const auto& [key, seconds] : synced)
      if (!wanted.count(key.first))
        out.push_back("time of contract " + key.first + " synced");
  }
  for (const auto& id : contract_ids) {
    auto r = sim_http->get("/__control/truth?contract=" + id + "&from=" + iso_date(today() - import_days + 1)
                           + "&to=" + iso_date(today()) + "&cells=false");
    json_doc truth{r.body};
    std::int64_t checked_days = 0;
    for (auto d : list(truth.root(), "days")) {
      auto day = text(d, "date");
      auto it = synced.find({id, day});
      auto have = it == synced.end() ? 0 : it->second;
      auto want = number(d, "minutes") * 60;
      if (have != want)
        out.push_back(id + " " + day + ": " + std::to_string(have) + " s synced, " + std::to_string(want)
                      + " s on Upwork");
      if (it != synced.end())
        synced.erase(it);
      ++checked_days;
    }
    if (checked_days == 0)
      out.push_back(id + ": no days on Upwork");
  }
  for (const auto& [key, seconds] : synced)
    if (wanted.count(key.first))
      out.push_back(key.first + " " + key.second + ": " + std::to_string(seconds) + " s synced, none on Upwork");
  return out;
}

void journey::expect_synced_equals_truth(const std::vector<std::string>& contract_ids, bool nothing_else) {
  // The list may come from upsyncd's API cache, which hears of the writers' last commit
  // by a PostgreSQL notification a moment after the status already showed it: allow that
  // moment (docs/architecture.md, "The API cache"), then report every difference.
  std::vector<std::string> differences;
  eventually(
    [&] {
      differences = differences_from_truth(contract_ids, nothing_else);
      return differences.empty();
    },
    std::chrono::seconds(10));
  for (const auto& d : differences)
    ADD_FAILURE() << d;
}

void journey::add_cell_yesterday(const std::string& contract_id, int hour) {
  auto day = today() - 1;
  auto r =
    sim_http->get("/__control/truth?contract=" + contract_id + "&from=" + iso_date(day) + "&to=" + iso_date(day));
  json_doc doc{r.body};
  std::set<std::int64_t> taken;
  for (auto d : list(doc.root(), "days"))
    for (auto c : list(d, "cells"))
      taken.insert(number(c, "start_ms"));
  auto start = day * 86'400'000 + hour * 3'600'000LL;
  while (taken.count(start))
    start += 600'000;
  ASSERT_LT(start, (day + 1) * 86'400'000) << "no free slot";
  auto added = sim_http->post("/__control/cells", R"({"contract": ")" + contract_id + R"(", "date": ")" + iso_date(day)
                                                    + R"(", "add": [{"start": )" + std::to_string(start)
                                                    + R"(, "memo": "journey"}]})");
  ASSERT_EQ(added.status, 200u) << added.body;
}

void journey::revoke_all_tokens() {
  auto r = sim_http->post("/__control/tokens/revoke", "");
  ASSERT_EQ(r.status, 200u) << r.body;
}

void journey::expect_no_time_fetched_for(std::chrono::seconds quiet) {
  // A negative: nothing to await, so the engine gets several sync intervals to misbehave in.
  std::this_thread::sleep_for(quiet);
  auto stats = sim_http->get("/__control/stats");
  ASSERT_EQ(stats.status, 200u);
  EXPECT_EQ(stats.body.find("contractTimeReport"), std::string::npos) << stats.body;
  EXPECT_EQ(stats.body.find("workDiary"), std::string::npos) << stats.body;
  EXPECT_EQ(total_upwork_intervals(), 0u);
}

std::string journey::hours_of_minutes(std::int64_t minutes) {
  auto cents = (minutes * 100 * 2 + 60) / 120; // half up, as numeric round()
  auto whole = std::to_string(cents / 100);
  auto frac = std::to_string(cents % 100);
  return whole + "." + (frac.size() < 2 ? "0" + frac : frac);
}

} // namespace upsync::testing
