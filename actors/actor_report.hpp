// What an engine actor tells the METRICS actor about itself (actors/metered_actor.hpp sends
// it, actors/metrics_actor.cpp folds it). Its own header so that the actors' interfaces
// (actors/actor_interfaces.hpp) can name it without the metered actor's machinery.
#pragma once

#include <caf/allowed_unsafe_message_type.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace upsync::sync {

/// One actor's report to the metrics actor.
/// Names with static storage travel as views (State::name, string literals): 110,000
/// actors report, and the metrics actor keeps each one's latest report.
struct actor_report {
  std::string_view kind;
  std::uint64_t id = 0;
  bool alive = true;
  bool failed = false; ///< (last report) it exited with an error
  std::uint64_t handled = 0;
  std::uint64_t mailbox = 0;
  std::uint64_t mailbox_max = 0;
  double started_at = 0; ///< Unix seconds
  // -- filled by the state's describe(), when it has one --------------------------------
  std::int64_t workspace_id = 0;
  std::string organization_id;
  std::string contract_id;
  std::string state;
  double last_success = 0;       ///< organization: last successful cycle (Unix seconds)
  std::string_view import_state; ///< contract: pending | running | done (a literal)
  std::int32_t days_done = 0;
  std::int32_t days_total = 0;
};

} // namespace upsync::sync

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(upsync::sync::actor_report)
