// Requests for Upwork's data carry their purpose's urgency (issue 19). Token checks and
// re-reads of days that changed (domain::goes_first) go to the FETCHER pool as CAF's
// high-priority messages, which a fetcher's mailbox serves twice as often as normal ones
// (CAF 0.17's categorized mailbox): the hundreds of batches of a large import queued in
// the pool no longer hold back the dashboard's fresh hours by minutes.
#pragma once

#include "domain/request_budget_rules.hpp"

#include <caf/timespan.hpp>
#include <caf/message_priority.hpp>
#include <utility>

namespace upsync::sync {

/// `self->request(fetchers, caf::infinite, query)`, at the priority of `purpose`.
template <class Self, class Handle, class Query>
auto request_upwork(Self* self, const Handle& fetchers, domain::request_purpose purpose, Query&& query) {
  if (domain::goes_first(purpose))
    return self->template request<caf::message_priority::high>(fetchers, caf::infinite, std::forward<Query>(query));
  return self->request(fetchers, caf::infinite, std::forward<Query>(query));
}

} // namespace upsync::sync
