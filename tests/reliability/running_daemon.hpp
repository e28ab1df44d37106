// A running upsyncd process for black-box tests: a fresh migrated database with two
// workspaces (A: super admin, manager, member; B: super admin, member), the demo
// simulator, and workspace A connected over OAuth, mapped through the wizard, confirmed
// and imported. Every API answer the tests receive is kept, for the leak search.
#pragma once

#include "sim/simulator.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/process.hpp"

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

class running_daemon {
public:
  /// Starts everything and walks workspace A through connect, wizard and import.
  /// Throws std::runtime_error when a step fails.
  running_daemon();
  ~running_daemon();

  /// One request on a fresh keep-alive client; the answer is recorded.
  http_reply call(const std::string& method, const std::string& target, const std::string& body = "",
                  const std::string& token = "", std::map<std::string, std::string> headers = {});

  /// Raw bytes on a new connection; what came back (recorded).
  std::string raw(const std::string& bytes);

  /// The daemon process is still running.
  bool alive();
  /// Everything upsyncd wrote to stderr (its logs) so far.
  std::string logs() const;
  /// Every status, header and body the tests received.
  const std::string& transcript() const { return transcript_; }
  /// Answers with status 500 or more seen so far (503 aside).
  int server_errors() const { return server_errors_; }
  int requests() const { return requests_; }

  unsigned short port() const { return port_; }
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
  void start_daemon();
  void connect_and_import();
  std::string consent(const std::string& authorize_url);

  std::unique_ptr<sim::simulator> sim_;
  std::string url_;
  std::string log_path_;
  std::unique_ptr<child_process> daemon_;
  unsigned short port_ = 0;
  std::string transcript_;
  int server_errors_ = 0;
  int requests_ = 0;
};

} // namespace upsync::testing
