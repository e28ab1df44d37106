// Connecting an Upwork account (domain::connect) against in-memory storage and Upwork:
// the state claimed before the exchange and released when it fails, one save of the
// connection, and discovery's outcome kept whatever it is.
#include "domain/use_cases/connect.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace upsync::domain;

namespace {

/// One-time states (in use or not), connections and what was saved of them.
struct fake_storage : connect_storage {
  struct state_row {
    connect_binding binding;
    bool in_use = false;
  };
  std::map<std::string, state_row> states;
  std::map<std::int64_t, std::string> connections; ///< id -> access token saved
  std::map<std::int64_t, std::string> discovery;   ///< id -> pending | done | failed
  std::map<std::int64_t, std::vector<std::string>> organizations;
  std::int64_t next_id = 10;
  int connection_saves = 0;
  bool discovery_save_fails = false;

  std::optional<connect_binding> claim_state(const std::string& state) override {
    auto it = states.find(state);
    if (it == states.end() || it->second.in_use)
      return std::nullopt;
    it->second.in_use = true;
    return it->second.binding;
  }
  void release_state(const std::string& state) override { states.at(state).in_use = false; }
  bool connection_exists(std::int64_t, std::int64_t id) override { return connections.count(id) > 0; }
  std::int64_t save_connection(const connect_binding& b, const token_set& tokens) override {
    ++connection_saves;
    auto id = b.connection_id ? *b.connection_id : next_id++;
    connections[id] = tokens.access_token;
    discovery[id] = "pending";
    return id;
  }
  void save_discovery(std::int64_t, std::int64_t id, const std::vector<organization_snapshot>& found) override {
    if (discovery_save_fails)
      throw std::runtime_error("the database went away");
    for (const auto& org : found)
      organizations[id].push_back(org.id);
    discovery[id] = "done";
  }
  void save_discovery_failure(std::int64_t, std::int64_t id, const std::string& error) override {
    discovery[id] = "failed: " + error;
  }
};

struct fake_upwork : connect_upwork {
  exchange::failure exchange_fails = exchange::failure::none;
  bool discovery_fails = false;
  std::vector<std::string> discovered_with;

  exchange exchange_code(const std::string& code) override {
    exchange out;
    if (exchange_fails != exchange::failure::none)
      out.failed = exchange_fails;
    else
      out.tokens = token_set{"access-for-" + code, "refresh", "Bearer", 3600};
    return out;
  }
  discovery discover(const token_set& tokens) override {
    discovered_with.push_back(tokens.access_token);
    discovery out;
    if (discovery_fails) {
      out.error = "organizations: 503";
      return out;
    }
    out.found.emplace(2);
    (*out.found)[0].id = "org-1";
    (*out.found)[1].id = "org-2";
    return out;
  }
};

struct connect_test : ::testing::Test {
  fake_storage storage;
  fake_upwork upwork;
  void SetUp() override {
    storage.states["fresh"] = {{1, 7, std::nullopt}};
    storage.connections[3] = "old-access";
    storage.discovery[3] = "done";
    storage.states["reauth"] = {{1, 7, std::int64_t{3}}};
    storage.states["gone"] = {{1, 7, std::int64_t{99}}};
  }
};

} // namespace

TEST_F(connect_test, a_successful_connect_saves_the_connection_once_and_its_discovery) {
  auto out = connect(storage, upwork, "fresh", "code-1");
  ASSERT_TRUE(std::holds_alternative<connected>(out));
  const auto& c = std::get<connected>(out);
  EXPECT_EQ(c.workspace_id, 1);
  EXPECT_EQ(c.connection_id, 10);
  EXPECT_FALSE(c.reauthorized);
  EXPECT_EQ(c.discovery, discovery_state::done);
  EXPECT_EQ(storage.connection_saves, 1);
  EXPECT_EQ(storage.connections.at(10), "access-for-code-1");
  EXPECT_EQ(storage.discovery.at(10), "done");
  EXPECT_EQ(storage.organizations.at(10), (std::vector<std::string>{"org-1", "org-2"}));
  EXPECT_EQ(upwork.discovered_with, std::vector<std::string>{"access-for-code-1"}); // the new grant's token
  EXPECT_TRUE(storage.states.at("fresh").in_use);                                   // spent
}

TEST_F(connect_test, a_used_state_is_refused_so_a_replay_writes_nothing) {
  ASSERT_TRUE(std::holds_alternative<connected>(connect(storage, upwork, "fresh", "code-1")));
  auto replay = connect(storage, upwork, "fresh", "code-1");
  ASSERT_TRUE(std::holds_alternative<refusal>(replay));
  EXPECT_EQ(std::get<refusal>(replay).what, refusal::kind::invalid);
  EXPECT_EQ(std::get<refusal>(replay).field, "state");
  EXPECT_EQ(storage.connection_saves, 1);
}

TEST_F(connect_test, a_state_in_use_by_a_concurrent_callback_is_refused) {
  storage.states.at("fresh").in_use = true; // the other callback is exchanging its code
  auto out = connect(storage, upwork, "fresh", "code-1");
  ASSERT_TRUE(std::holds_alternative<refusal>(out));
  EXPECT_EQ(std::get<refusal>(out).field, "state");
  EXPECT_TRUE(upwork.discovered_with.empty());
  EXPECT_TRUE(storage.states.at("fresh").in_use); // still the other one's
}

TEST_F(connect_test, an_unknown_state_gets_the_same_words_as_a_used_one) {
  ASSERT_TRUE(std::holds_alternative<connected>(connect(storage, upwork, "fresh", "code-1")));
  auto used = std::get<refusal>(connect(storage, upwork, "fresh", "code-1"));
  auto unknown = std::get<refusal>(connect(storage, upwork, "never-issued", "code-1"));
  EXPECT_EQ(used.message, unknown.message);
  EXPECT_EQ(used.field, unknown.field);
}

TEST_F(connect_test, a_refused_code_releases_the_state_and_saves_nothing) {
  upwork.exchange_fails = connect_upwork::exchange::failure::refused;
  auto out = connect(storage, upwork, "fresh", "bad-code");
  ASSERT_TRUE(std::holds_alternative<refusal>(out));
  EXPECT_EQ(std::get<refusal>(out).what, refusal::kind::invalid);
  EXPECT_EQ(std::get<refusal>(out).field, "code");
  EXPECT_EQ(storage.connection_saves, 0);
  EXPECT_FALSE(storage.states.at("fresh").in_use); // the user may try again
  upwork.exchange_fails = connect_upwork::exchange::failure::none;
  EXPECT_TRUE(std::holds_alternative<connected>(connect(storage, upwork, "fresh", "good-code")));
}

TEST_F(connect_test, upwork_out_of_reach_is_unavailable_and_releases_the_state) {
  upwork.exchange_fails = connect_upwork::exchange::failure::unreachable;
  auto out = connect(storage, upwork, "fresh", "code-1");
  ASSERT_TRUE(std::holds_alternative<refusal>(out));
  EXPECT_EQ(std::get<refusal>(out).what, refusal::kind::unavailable);
  EXPECT_FALSE(std::get<refusal>(out).field.has_value());
  EXPECT_EQ(storage.connection_saves, 0);
  EXPECT_FALSE(storage.states.at("fresh").in_use);
}

TEST_F(connect_test, a_failed_discovery_keeps_the_connection_with_discovery_failed) {
  upwork.discovery_fails = true;
  auto c = std::get<connected>(connect(storage, upwork, "fresh", "code-1"));
  EXPECT_EQ(c.discovery, discovery_state::failed);
  EXPECT_EQ(storage.connection_saves, 1);
  EXPECT_EQ(storage.connections.at(c.connection_id), "access-for-code-1");
  EXPECT_EQ(storage.discovery.at(c.connection_id), "failed: organizations: 503");
  EXPECT_FALSE(storage.organizations.count(c.connection_id));
}

TEST_F(connect_test, a_discovery_that_cannot_be_saved_leaves_it_pending_and_still_connects) {
  storage.discovery_save_fails = true;
  auto c = std::get<connected>(connect(storage, upwork, "fresh", "code-1"));
  EXPECT_EQ(c.discovery, discovery_state::pending);
  EXPECT_EQ(c.pending_because, "the database went away");
  EXPECT_EQ(storage.discovery.at(c.connection_id), "pending");
  EXPECT_STREQ(to_string(c.discovery), "pending");
}

TEST_F(connect_test, reauthorize_reuses_the_bound_connection) {
  auto c = std::get<connected>(connect(storage, upwork, "reauth", "code-2"));
  EXPECT_TRUE(c.reauthorized);
  EXPECT_EQ(c.connection_id, 3);
  EXPECT_EQ(storage.connections.at(3), "access-for-code-2");
  EXPECT_EQ(storage.connections.size(), 1u);
}

TEST_F(connect_test, reauthorize_of_an_unknown_connection_is_refused_and_writes_nothing) {
  auto out = connect(storage, upwork, "gone", "code-2");
  ASSERT_TRUE(std::holds_alternative<refusal>(out));
  EXPECT_EQ(std::get<refusal>(out).field, "state");
  EXPECT_EQ(storage.connection_saves, 0);
  EXPECT_TRUE(upwork.discovered_with.empty());
  EXPECT_FALSE(storage.states.at("gone").in_use); // as it was found
}
