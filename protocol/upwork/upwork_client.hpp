// The Upwork GraphQL client: every operation, paged to the end, retried within the budget.
#pragma once

#include "protocol/upwork/backoff.hpp"
#include "protocol/upwork/clock.hpp"
#include "protocol/upwork/http_transport.hpp"
#include "protocol/upwork/observer.hpp"
#include "protocol/upwork/request_budget.hpp"
#include "protocol/upwork/result.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "protocol/upwork/types.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace upsync::upwork {

struct client_options {
  /// The GraphQL endpoint: configuration, so the same binary talks to Upwork or a simulator.
  std::string graphql_url = "https://api.upwork.com/graphql";
  retry_policy retry;
  int staffs_page_size = 100;
  int client_offers_page_size = 50; ///< Upwork's maximum for clientOffers
  int vendor_contracts_page_size = 10;
  int time_report_page_size = 500;
  /// A connection that pages longer than this is treated as broken (a server loop).
  int max_pages = 100000;
  /// Told of every request, retry and refresh (metrics); none when null.
  std::shared_ptr<client_observer> observer;
  /// What this client's requests are for, against the daily budget (request_budget::acquire).
  request_purpose purpose = request_purpose::reread;
};

/// Counters of one client (monotonic), for tests and metrics.
struct client_stats {
  std::uint64_t requests = 0;  ///< HTTP requests sent
  std::uint64_t retries = 0;   ///< requests repeated after a retryable failure
  std::uint64_t refreshes = 0; ///< token refreshes after a 401
  std::uint64_t throttled = 0; ///< 429 answers
};

/// Blocking client for one OAuth grant. How a fetcher uses it:
///
///   auto http = std::make_shared<beast_http_client>();
///   auto tokens = std::make_shared<oauth_token_provider>(oauth, stored, expiry, persist);
///   upwork_client client{opts, http, tokens, shared_budget};
///   auto rows = client.time_report(org_id, org_id, {from, to}, {});
///   if (!rows) { switch (rows.error().kind) { ... } }
///
/// Each call takes one budget token per HTTP request; retries retryable failures (429,
/// 5xx, timeouts, resets, malformed bodies, transient GraphQL errors) with full-jitter
/// backoff or the server's Retry-After; on a 401 asks the token provider once for a new
/// token and retries once. `tenant_id` goes into X-Upwork-API-TenantId (empty: none, the
/// user's default organization answers). Collection calls follow the paging to the end.
/// A result that has both value and error is partial data (see result.hpp).
/// Thread-safe if the transport is; calls on one beast_http_client are serialized.
class upwork_client {
public:
  upwork_client(client_options options, std::shared_ptr<http_transport> transport,
                std::shared_ptr<token_provider> tokens, std::shared_ptr<request_budget> budget,
                std::shared_ptr<upwork::clock> clk = clock::system(), std::function<double()> jitter = {});

  // -- organizations and people -----------------------------------------------
  result<std::vector<company_selector_item>> company_selector();
  result<organization> organization_info(std::string_view tenant_id);
  result<page<staff_member>> staffs_page(std::string_view tenant_id, std::string_view after);
  result<std::vector<staff_member>> staffs(std::string_view tenant_id);

  // -- contracts ------------------------------------------------------------------
  result<contract_offset_page> vendor_contracts_page(std::string_view tenant_id, std::string_view vendor_id,
                                                     std::int64_t offset);
  result<std::vector<contract>> vendor_contracts(std::string_view tenant_id, std::string_view vendor_id);
  result<page<contract>> client_offers_page(std::string_view tenant_id, std::string_view after);
  result<std::vector<contract>> client_offers(std::string_view tenant_id);
  result<contract> contract_details(std::string_view tenant_id, std::string_view contract_id);
  result<std::vector<contract>> contract_list(std::string_view tenant_id, const std::vector<std::string>& contract_ids);

  // -- time -------------------------------------------------------------------------
  result<std::vector<date>> work_days(std::string_view tenant_id, const std::vector<std::string>& contract_ids,
                                      const date_range& range);
  result<work_diary> work_diary_contract(std::string_view tenant_id, std::string_view contract_id, const date& day);
  /// The diaries of several contract-days, aliased into one request (queries::
  /// work_diary_contracts); one result per day, in `days`' order. Days whose alias failed
  /// transiently are asked again, only they, within the retry policy; a request that fails
  /// whole (after call()'s own retries) fails every day still open. One day alone is asked
  /// without an alias.
  std::vector<result<work_diary>> work_diary_contracts(std::string_view tenant_id,
                                                       const std::vector<contract_day>& days);
  result<page<time_report_row>> time_report_page(std::string_view tenant_id, std::string_view organization_id,
                                                 const date_range& range, const std::vector<std::string>& contract_ids,
                                                 std::string_view after);
  result<std::vector<time_report_row>> time_report(std::string_view tenant_id, std::string_view organization_id,
                                                   const date_range& range,
                                                   const std::vector<std::string>& contract_ids);

  client_stats stats() const;
  const client_options& options() const { return options_; }

  /// Sends one GraphQL body and parses a 200 answer with `parse`, applying budget, retry,
  /// refresh-on-401 and classification. Public so that new operations need no new plumbing.
  template <class T>
  result<T> call(const std::string& body, std::string_view tenant_id,
                 const std::function<result<T>(std::string_view)>& parse);

private:
  /// One HTTP exchange and its classification. `refreshed` is the once-per-call flag.
  struct attempt_outcome {
    std::optional<http_response> answer; ///< a 2xx answer to parse
    std::optional<error> failure;
    bool retry_now = false; ///< a refreshed token is ready: repeat without backoff
    std::string token;      ///< the access token this attempt sent
  };
  attempt_outcome attempt(const std::string& body, std::string_view tenant_id, bool& refreshed);
  /// Decides whether to try again after `e` on attempt `n` (1-based); sleeps if so.
  bool wait_before_retry(const error& e, int n);
  /// Tells the log and the observer of list entries an answer's parser skipped.
  void report_skipped(std::string_view operation, std::size_t count, const std::string& reason) const;
  template <class T>
  result<T> reported(const std::string& body, result<T> r) const {
    if (r.has_value() && r.skipped() > 0)
      report_skipped(operation_name(body), r.skipped(), r.skip_reason());
    return r;
  }
  /// Follows a cursor connection to its end.
  template <class T>
  result<std::vector<T>> collect(const std::function<result<page<T>>(const std::string&)>& fetch);

  client_options options_;
  std::shared_ptr<http_transport> transport_;
  std::shared_ptr<token_provider> tokens_;
  std::shared_ptr<request_budget> budget_;
  std::shared_ptr<upwork::clock> clock_;
  backoff backoff_;
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<bool> photo_refused_{false}; ///< the server refused companySelector's photoUrl
  std::atomic<std::uint64_t> retries_{0};
  std::atomic<std::uint64_t> refreshes_{0};
  std::atomic<std::uint64_t> throttled_{0};
};

template <class T>
result<T> upwork_client::call(const std::string& body, std::string_view tenant_id,
                              const std::function<result<T>(std::string_view)>& parse) {
  bool refreshed = false;
  std::optional<result<T>> last_partial;
  for (int n = 1;; ++n) {
    auto out = attempt(body, tenant_id, refreshed);
    if (out.retry_now) {
      --n; // the refused request does not count against the attempts
      continue;
    }
    error e;
    if (out.answer) {
      auto parsed = parse(out.answer->body);
      if (parsed.ok())
        return reported(body, std::move(parsed));
      e = parsed.error();
      if (e.kind == error_kind::auth && !refreshed) {
        // A GraphQL "unauthenticated" error is a 401 in disguise.
        refreshed = true;
        auto fresh = tokens_->refresh_after_rejection(out.token);
        if (!fresh.ok())
          return fresh.error();
        ++refreshes_;
        --n;
        continue;
      }
      if (parsed.has_value())
        last_partial.emplace(std::move(parsed));
      else if (!e.is_transient())
        return parsed;
    } else {
      e = *out.failure;
    }
    if (!e.is_transient() || !wait_before_retry(e, n)) {
      if (last_partial)
        return reported(body, std::move(*last_partial));
      return e;
    }
    ++retries_;
    if (options_.observer)
      options_.observer->retried(operation_name(body));
  }
}

} // namespace upsync::upwork
