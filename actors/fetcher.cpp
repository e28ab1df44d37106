// The FETCHER pool: detached workers that run the blocking Upwork client, each with its
// own keep-alive connection, all drawing on the engine's shared request budget.
#include "actors/actors.hpp"
#include "actors/engine_metrics.hpp"
#include "actors/metered_actor.hpp"
#include "domain/hours.hpp"
#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/organization_snapshot.hpp"
#include "protocol/upwork/upwork_client.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace upsync::sync {

namespace {

struct fetcher_state {
  std::shared_ptr<upwork::beast_http_client> transport = std::make_shared<upwork::beast_http_client>();
  static inline const char* name = "fetcher";
};

// One contract-day's diary as the contract takes it: whole cells as Unix seconds, or why not.
work_diary_answer answer_of(const upwork::result<upwork::work_diary>& diary, const engine_settings& settings) {
  work_diary_answer answer;
  if (!diary.ok()) {
    answer.failure = failure_from(diary.error(), "workDiaryContract");
    return answer;
  }
  for (const auto& cell : diary.value().cells) {
    auto start = std::chrono::duration_cast<std::chrono::seconds>(cell.start.time_since_epoch()).count();
    answer.cells.push_back(diary_cell{start, cell.manual});
  }
  answer.complete = diary.skipped() == 0;
  if (auto* m = settings.instruments.get())
    m->cells_fetched.inc(static_cast<double>(answer.cells.size()));
  return answer;
}

fetcher_actor::behavior_type fetcher(metered_actor<fetcher_state, fetcher_actor::base>* self,
                                     std::shared_ptr<const engine_settings> settings) {
  auto client_for = [self, settings](const std::shared_ptr<upwork::token_provider>& tokens,
                                     domain::request_purpose purpose) {
    upwork::client_options options;
    options.graphql_url = settings->graphql_url;
    options.observer = settings->upwork_meter;
    options.purpose = purpose;
    return upwork::upwork_client{options, self->state.transport, tokens, settings->budget};
  };
  return {
    [client_for](const time_report_query& q) -> time_report_answer {
      try {
        auto client = client_for(q.tokens, q.purpose);
        upwork::date_range range{upwork::date::from_days_since_epoch(q.window.first),
                                 upwork::date::from_days_since_epoch(q.window.last)};
        auto rows = client.time_report(q.organization_id, q.organization_id, range, q.contract_ids);
        time_report_answer answer;
        answer.requests = static_cast<std::uint32_t>(client.stats().requests);
        if (!rows.ok()) {
          answer.failure = failure_from(rows.error(), "contractTimeReport");
          return answer;
        }
        for (const auto& row : rows.value()) {
          auto seconds = domain::hours_to_seconds(row.total_hours_worked);
          if (!seconds) {
            answer.failure =
              fetch_failure{fetch_failure::what::retry_later,
                            "time report hours not understood: " + row.total_hours_worked.to_string(),
                            failure_code::upwork_error, "contractTimeReport: Upwork's hours were not understood"};
            return answer;
          }
          answer.totals[row.contract_id].add(row.date_worked_on.days_since_epoch(), *seconds);
        }
        return answer;
      } catch (const std::exception& e) {
        return time_report_answer{
          {}, fetch_failure{fetch_failure::what::retry_later, std::string{"fetch failed: "} + e.what()}};
      }
    },
    [](const token_check_query& q) -> token_check_answer {
      try {
        auto token = q.tokens->access_token(); // refreshes within the margin before expiry
        if (!token.ok())
          return token_check_answer{failure_from(token.error(), "token")};
        return token_check_answer{};
      } catch (const std::exception& e) {
        return token_check_answer{fetch_failure{fetch_failure::what::retry_later, e.what()}};
      }
    },
    [client_for](const organization_query& q) -> organization_answer {
      try {
        auto client = client_for(q.tokens, domain::request_purpose::refresh);
        auto found = upwork::fetch_organization(client, q.organization_id, q.hint);
        auto requests = static_cast<std::uint32_t>(client.stats().requests);
        if (!found.ok())
          return organization_answer{std::nullopt, failure_from(found.error(), "organization"), requests};
        return organization_answer{std::move(found).value(), std::nullopt, requests};
      } catch (const std::exception& e) {
        return organization_answer{
          std::nullopt, fetch_failure{fetch_failure::what::retry_later, std::string{"fetch failed: "} + e.what()}};
      }
    },
    [client_for, settings](const work_diary_query& q) -> work_diary_answer {
      try {
        auto client = client_for(q.tokens, q.purpose);
        auto answer = answer_of(
          client.work_diary_contract(q.organization_id, q.contract_id, upwork::date::from_days_since_epoch(q.day)),
          *settings);
        answer.requests = static_cast<std::uint32_t>(client.stats().requests);
        return answer;
      } catch (const std::exception& e) {
        return work_diary_answer{
          {}, fetch_failure{fetch_failure::what::retry_later, std::string{"fetch failed: "} + e.what()}};
      }
    },
    [client_for, settings](const work_diary_batch_query& q) -> work_diary_batch_answer {
      work_diary_batch_answer out;
      try {
        auto client = client_for(q.tokens, q.purpose);
        std::vector<upwork::contract_day> days;
        days.reserve(q.days.size());
        for (const auto& d : q.days)
          days.push_back({d.contract_id, upwork::date::from_days_since_epoch(d.day)});
        for (auto& diary : client.work_diary_contracts(q.organization_id, days))
          out.answers.push_back(answer_of(diary, *settings));
        out.requests = static_cast<std::uint32_t>(client.stats().requests);
      } catch (const std::exception& e) {
        out.answers.assign(q.days.size(), work_diary_answer{{},
                                                            fetch_failure{fetch_failure::what::retry_later,
                                                                          std::string{"fetch failed: "} + e.what()}});
      }
      return out;
    },
  };
}

} // namespace

fetcher_actor spawn_fetcher_pool(caf::actor_system& sys, std::shared_ptr<const engine_settings> settings) {
  // CAF 0.17's actor_pool is untyped only: its workers are typed fetchers, and the pool,
  // which only forwards to them, is handed out as one. Every sender is checked against the
  // fetcher's interface; only this cast is not.
  auto factory = [&sys, settings] { return caf::actor_cast<caf::actor>(sys.spawn<caf::detached>(fetcher, settings)); };
  auto pool =
    caf::actor_pool::make(sys.dummy_execution_unit(), settings->fetchers, factory, caf::actor_pool::round_robin());
  return caf::actor_cast<fetcher_actor>(std::move(pool));
}

} // namespace upsync::sync
