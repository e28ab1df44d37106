// A running upsyncd process for black-box tests: a fresh migrated database with two
// workspaces (A: super admin, manager, member; B: super admin, member), the demo
// simulator, and (by default) workspace A connected over OAuth, mapped through the wizard,
// confirmed and imported. Every API answer the tests receive is kept, for the leak search.
#pragma once

#include "sim/simulator.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/process.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace upsync::testing {

/// Percent-encodes everything but RFC 3986's unreserved characters.
std::string url_escape(const std::string& raw);

struct daemon_member {
  std::string id;
  std::string token;
};

struct daemon_options {
  /// More settings for upsyncd (e.g. UPSYNC_METRICS_TOKEN), over the defaults.
  std::map<std::string, std::string> env;
  /// Walk workspace A through connect, wizard and import before the tests (else: nothing
  /// connected; a test may call connect_a()).
  bool import = true;
};

class running_daemon {
public:
  /// Starts everything and (options.import) walks workspace A through connect, wizard and
  /// import. Throws std::runtime_error when a step fails.
  explicit running_daemon(daemon_options options = {});
  ~running_daemon();

  /// One request on a fresh keep-alive client; the answer is recorded.
  http_reply call(const std::string& method, const std::string& target, const std::string& body = "",
                  const std::string& token = "", std::map<std::string, std::string> headers = {});
  /// The same on another listener of the daemon (the metrics listener).
  http_reply call_at(unsigned short port, const std::string& method, const std::string& target,
                     const std::string& body = "", std::map<std::string, std::string> headers = {});

  /// Raw bytes on a new connection; what came back (recorded).
  std::string raw(const std::string& bytes);
  std::string raw_at(unsigned short port, const std::string& bytes);

  /// F2 for workspace A: start a connection, consent at the simulator, call back. Sets
  /// connection_a, used_code and used_state.
  void connect_a();

  /// The daemon process is still running.
  bool alive();
  /// Stops upsyncd with `signal` (SIGKILL: a crash) and starts it again with the same
  /// settings on the same database.
  void restart(int signal);
  /// Everything upsyncd wrote to stderr (its logs) so far.
  std::string logs() const;
  /// Every status, header and body the tests received.
  const std::string& transcript() const { return transcript_; }
  /// Answers with status 500 or more seen so far (503 aside).
  int server_errors() const { return server_errors_; }
  int requests() const { return requests_; }

  unsigned short port() const { return port_; }
  /// The UPSYNC_METRICS_ADDRESS listener's port (read from the logs); 0 when there is none.
  unsigned short metrics_port() const { return metrics_port_; }
  const std::string& database_url() const { return url_; }
  sim::simulator& simulator() { return *sim_; }

  // What the tests attack with.
  daemon_member admin_a, manager_a, member_a, admin_b, member_b;
  std::string connection_a;
  std::string used_code, used_state; ///< the journey's OAuth callback, spent
  std::vector<std::string> organizations_a, upwork_users_a, contracts_a, intervals_a, projects_a;
  std::vector<std::string> intervals_b, projects_b;
  int contracts_started = 0;

  static const std::string client_secret;

private:
  void seed_workspaces();
  void start_daemon(const std::map<std::string, std::string>& settings);
  void map_and_import();
  std::string consent(const std::string& authorize_url);

  std::unique_ptr<sim::simulator> sim_;
  std::string url_;
  std::string log_path_;
  std::unique_ptr<child_process> daemon_;
  std::map<std::string, std::string> settings_; ///< what start_daemon was given, for restart
  unsigned short port_ = 0;
  unsigned short metrics_port_ = 0;
  std::string transcript_;
  int server_errors_ = 0;
  int requests_ = 0;
};

} // namespace upsync::testing
