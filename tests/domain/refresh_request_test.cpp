// "Refresh from Upwork", the request side: refused with its code and nothing marked, or
// marked running.
#include "domain/use_cases/refresh_request.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace upsync::domain;

namespace {

struct fake_storage : refresh_request_storage {
  std::map<std::int64_t, std::string> connections;
  std::vector<std::string> running;
  std::optional<std::string> connection_status(std::int64_t id) override {
    auto it = connections.find(id);
    return it == connections.end() ? std::nullopt : std::optional<std::string>{it->second};
  }
  void mark_refresh_running(const std::string& organization_id) override { running.push_back(organization_id); }
};

} // namespace

TEST(refresh_request, a_selected_organization_with_an_active_connection_is_marked_running) {
  fake_storage s;
  s.connections[1] = "active";
  EXPECT_FALSE(request_refresh(s, {"org1", 1, true}));
  EXPECT_EQ(s.running, (std::vector<std::string>{"org1"}));
}

TEST(refresh_request, an_organization_that_cannot_be_read_is_refused_with_its_code_and_nothing_marked) {
  struct refused_case {
    std::optional<std::string> status;
    bool selected;
    std::string code;
  };
  for (const auto& c : std::vector<refused_case>{{std::nullopt, true, "connection_disconnected"},
                                                 {"disconnected", true, "connection_disconnected"},
                                                 {"needs_reauth", true, "connection_needs_reauth"},
                                                 {"active", false, "organization_not_selected"}}) {
    fake_storage s;
    if (c.status)
      s.connections[1] = *c.status;
    auto refused = request_refresh(s, {"org1", 1, c.selected});
    ASSERT_TRUE(refused) << c.code;
    EXPECT_EQ(refused->code, c.code);
    EXPECT_EQ(refused->what, refusal::kind::conflict);
    EXPECT_TRUE(s.running.empty()) << c.code;
  }
}
