#include "tests/reliability/running_daemon.hpp"

#include "common/encoding.hpp"
#include "common/json_writer.hpp"
#include "storage/workspace_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/json_doc.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/url_query.hpp"

#include <cctype>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace upsync::testing {

const std::string running_daemon::client_secret = "cs-abuse-probe-7c1e9d2f4b";

namespace {

const std::string key_hex = "5a17c3e9a0b24d6f8e1c7b3a9d5f2e4c6a8b0d2f4e6a8c0e2b4d6f8a0c2e4b6d";
const std::string client_id = "upsync-reliability";
const std::string redirect_uri = "http://127.0.0.1/api/v1/upwork/oauth/callback";

void require(bool ok, const std::string& what) {
  if (!ok)
    throw std::runtime_error("running_daemon: " + what);
}

std::string text(simdjson::dom::element e, const char* key) {
  std::string_view s;
  if (e[key].get(s))
    return "";
  return std::string{s};
}

} // namespace

std::string url_escape(const std::string& raw) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : raw) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

running_daemon::running_daemon(daemon_options options) {
  spdlog::set_level(spdlog::level::warn); // the simulator logs every request at info
  sim::sim_options o;
  o.preset = "demo";
  o.frozen_clock = true;
  o.oauth.client_secret = client_secret;
  sim_ = std::make_unique<sim::simulator>(o);
  sim_->start();
  url_ = pg_cluster::shared().create_migrated_database();
  seed_workspaces();
  start_daemon(options.env);
  if (options.import) {
    connect_a();
    map_and_import();
  }
}

running_daemon::~running_daemon() {
  if (daemon_)
    daemon_->stop(SIGTERM);
  if (sim_)
    sim_->stop();
  if (!log_path_.empty())
    ::unlink(log_path_.c_str());
}

void running_daemon::seed_workspaces() {
  namespace ws = storage::workspace_store;
  pqxx::connection db{url_};
  pqxx::work tx{db};
  auto a = ws::create_workspace(tx, "Agency A", "Europe/Berlin").id;
  auto b = ws::create_workspace(tx, "Agency B", "UTC").id;
  auto add = [&](storage::db_id w, const std::string& name, storage::role r) {
    auto m = ws::create_member(tx, w, name, name + "@reliability.test", r);
    return daemon_member{std::to_string(m.id), ws::issue_token(tx, w, m.id)};
  };
  admin_a = add(a, "admin-a", storage::role::super_admin);
  manager_a = add(a, "manager-a", storage::role::manager);
  member_a = add(a, "member-a", storage::role::member);
  admin_b = add(b, "admin-b", storage::role::super_admin);
  member_b = add(b, "member-b", storage::role::member);
  tx.commit();
}

void running_daemon::restart(int signal) {
  daemon_->stop(signal);
  start_daemon(settings_);
}

void running_daemon::start_daemon(const std::map<std::string, std::string>& settings) {
  settings_ = settings;
  char path[] = "/tmp/upsyncd-reliability-XXXXXX";
  int fd = ::mkstemp(path);
  require(fd >= 0, "no log file");
  ::close(fd);
  log_path_ = path;
  std::map<std::string, std::string> env{
    {"RELIABILITY_LOG", log_path_},
    {"UPSYNC_DATABASE_URL", url_},
    {"UPSYNC_SECRET_KEY", key_hex},
    {"UPSYNC_HTTP_ADDRESS", "127.0.0.1:0"},
    {"UPSYNC_UPWORK_CLIENT_ID", client_id},
    {"UPSYNC_UPWORK_CLIENT_SECRET", client_secret},
    {"UPSYNC_UPWORK_REDIRECT_URI", redirect_uri},
    {"UPSYNC_UPWORK_AUTHORIZE_URL", sim_->base_url() + "/ab/account-security/oauth2/authorize"},
    {"UPSYNC_UPWORK_TOKEN_URL", sim_->base_url() + "/api/v3/oauth2/token"},
    {"UPSYNC_UPWORK_GRAPHQL_URL", sim_->base_url() + "/graphql"},
    {"UPSYNC_IMPORT_DAYS", "14"},
    {"UPSYNC_SYNC_INTERVAL_SECONDS", "2"},
    {"UPSYNC_UPWORK_DAILY_REQUESTS", "10000000"}, // counted, never stretching the 2-s cycles
    {"UPSYNC_LOG_LEVEL", "debug"},                // the most the logs ever say, for the leak search
  };
  for (const auto& [key, value] : settings)
    env[key] = value;
  // The shell only redirects stderr (the logs) to a file, then becomes upsyncd.
  daemon_ = std::make_unique<child_process>(
    std::vector<std::string>{"/bin/sh", "-c", "exec \"$0\" serve 2>>\"$RELIABILITY_LOG\"", UPSYNCD_PATH}, env);
  auto line = daemon_->read_line_containing("listening on");
  require(!line.empty(), "upsyncd did not start: " + logs());
  port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  if (settings.count("UPSYNC_METRICS_ADDRESS")) {
    // Logged before "listening on" is printed: `serving_metrics address=host:port`.
    auto text = logs();
    auto at = text.find("serving_metrics address=");
    require(at != std::string::npos, "no metrics listener in the logs: " + text);
    auto end = text.find_first_of(" \n\"", at + 24);
    auto address = text.substr(at + 24, end - at - 24);
    metrics_port_ = static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1)));
  }
}

http_reply running_daemon::call(const std::string& method, const std::string& target, const std::string& body,
                                const std::string& token, std::map<std::string, std::string> headers) {
  if (!token.empty())
    headers["Authorization"] = "Bearer " + token;
  return call_at(port_, method, target, body, std::move(headers));
}

http_reply running_daemon::call_at(unsigned short port, const std::string& method, const std::string& target,
                                   const std::string& body, std::map<std::string, std::string> headers) {
  http_client client{port};
  auto r = client.request(method, target, body, headers);
  ++requests_;
  if (r.status >= 500 && r.status != 503)
    ++server_errors_;
  transcript_ += std::to_string(r.status) + "\n";
  for (const auto& [name, value] : r.headers)
    transcript_ += name + ": " + value + "\n";
  transcript_ += r.body + "\n";
  return r;
}

std::string running_daemon::raw(const std::string& bytes) { return raw_at(port_, bytes); }

std::string running_daemon::raw_at(unsigned short port, const std::string& bytes) {
  http_client client{port};
  auto answer = client.raw_exchange(bytes);
  ++requests_;
  if (answer.rfind("HTTP/1.1 5", 0) == 0 && answer.rfind("HTTP/1.1 503", 0) != 0)
    ++server_errors_;
  transcript_ += answer + "\n";
  return answer;
}

bool running_daemon::alive() {
  std::ifstream stat{"/proc/" + std::to_string(daemon_->pid()) + "/stat"};
  std::string pid, name, state;
  stat >> pid >> name >> state;
  return stat && state != "Z";
}

std::string running_daemon::logs() const {
  std::ifstream in{log_path_};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

std::string running_daemon::consent(const std::string& authorize_url) {
  auto base = sim_->base_url();
  require(authorize_url.rfind(base, 0) == 0, "authorize URL is not the simulator's: " + authorize_url);
  http_client browser{sim_->port()};
  auto r = browser.get(authorize_url.substr(base.size()));
  require(r.status == 302, "the simulator did not consent: " + r.body);
  return r.headers["location"];
}

void running_daemon::connect_a() {
  // F2: connect.
  auto started = call("POST", "/api/v1/upwork/connections", "", admin_a.token);
  require(started.status == 201, "connect: " + started.body);
  auto back = consent(json_doc{started.body}.str("/authorize_url"));
  auto returned = query_of(back);
  used_code = returned["code"];
  used_state = returned["state"];
  auto callback =
    call("GET", "/api/v1/upwork/oauth/callback?code=" + url_escape(used_code) + "&state=" + url_escape(used_state), "",
         "", {{"Accept", "application/json"}});
  require(callback.status == 200, "callback: " + callback.body);
  connection_a = json_doc{callback.body}.str("/connection/id");
}

void running_daemon::map_and_import() {
  // F5: every user mapped (to the suggested member or a new one), every active hourly
  // contract given a new project.
  auto mapping = call("GET", "/api/v1/upwork/wizard/mapping", "", admin_a.token);
  require(mapping.status == 200, "mapping: " + mapping.body);
  json_doc doc{mapping.body};
  int new_members = 0;
  for (auto org : doc.at("/organizations").get_array()) {
    auto org_id = text(org, "id");
    organizations_a.push_back(org_id);
    for (auto user : org["users"].get_array()) {
      auto user_id = text(user, "upwork_user_id");
      upwork_users_a.push_back(user_id);
      std::string member = text(user, "member_id");
      if (member.empty())
        member = text(user, "suggested_member_id");
      json::writer w;
      w.begin_object();
      if (!member.empty()) {
        w.field("member_id", member);
      } else {
        auto name = text(user, "name");
        w.key("create_member")
          .begin_object()
          .field("name", name.empty() ? "Upwork user" : name)
          .field("email", "upwork-" + std::to_string(++new_members) + "@reliability.test")
          .end_object();
      }
      w.field("sync", true).end_object();
      auto patched =
        call("PATCH", "/api/v1/upwork/organizations/" + url_escape(org_id) + "/users/" + url_escape(user_id),
             std::move(w).str(), admin_a.token);
      require(patched.status == 200, "user mapping: " + patched.body);
      for (auto contract : user["contracts"].get_array()) {
        auto id = text(contract, "id");
        contracts_a.push_back(id);
        if (text(contract, "status") != "active" || text(contract, "kind") != "hourly")
          continue;
        json::writer p;
        p.begin_object()
          .key("create_project")
          .begin_object()
          .field("name", "Project " + id)
          .field("client_name", text(org, "name"))
          .field("billable", true)
          .end_object()
          .end_object();
        auto chosen = call("PATCH", "/api/v1/upwork/contracts/" + url_escape(id), std::move(p).str(), admin_a.token);
        require(chosen.status == 200, "contract mapping: " + chosen.body);
      }
    }
  }

  // F6: confirm starts the import; F3: wait until every import is done.
  auto confirmed = call("POST", "/api/v1/upwork/wizard/confirm", "", admin_a.token);
  require(confirmed.status == 202, "confirm: " + confirmed.body);
  contracts_started = static_cast<int>(json_doc{confirmed.body}.at("/contracts_started").get_int64().value());
  require(contracts_started > 0, "confirm started no import");
  bool done = eventually(
    [&] {
      auto status = call("GET", "/api/v1/upwork/status", "", admin_a.token);
      if (status.status != 200)
        return false;
      int imports = 0, finished = 0;
      json_doc answer{status.body}; // outlives the loop: the elements point into it
      for (auto org : answer.at("/organizations").get_array())
        for (auto c : org["contracts"].get_array()) {
          bool syncing = false;
          if (c["syncing"].get(syncing) || !syncing)
            continue; // listed, but not syncing: it has no import
          ++imports;
          std::string_view state;
          finished += !c.at_pointer("/import/state").get(state) && state == "done";
        }
      return imports > 0 && imports == finished;
    },
    std::chrono::seconds(120));
  require(done, "the import did not finish");

  auto intervals = call("GET", "/api/v1/time-intervals?source=upwork&limit=1000", "", admin_a.token);
  require(intervals.status == 200, "intervals: " + intervals.body);
  json_doc interval_items{intervals.body};
  for (auto i : interval_items.at("/items").get_array())
    intervals_a.push_back(text(i, "id"));
  require(!intervals_a.empty(), "the import wrote no interval");
  auto projects = call("GET", "/api/v1/projects", "", admin_a.token);
  json_doc project_items{projects.body};
  for (auto p : project_items.at("/items").get_array())
    projects_a.push_back(text(p, "id"));

  // Workspace B holds a project and a manual interval of its own.
  auto project_b = call("POST", "/api/v1/projects", R"({"name":"B's own project"})", admin_b.token);
  require(project_b.status == 201, "project B: " + project_b.body);
  projects_b.push_back(json_doc{project_b.body}.str("/id"));
  auto interval_b = call("POST", "/api/v1/time-intervals",
                         R"({"started_at":"2026-01-05T09:00:00Z","ended_at":"2026-01-05T10:00:00Z"})", member_b.token);
  require(interval_b.status == 201, "interval B: " + interval_b.body);
  intervals_b.push_back(json_doc{interval_b.body}.str("/id"));
}

} // namespace upsync::testing
