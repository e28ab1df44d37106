// The ORGANIZATION actor batches its contracts' diary reads (the actor:
// organization_actor.cpp). Each contract asks for the cells of its days one contract-day at
// a time; the organization gathers those asks and sends up to `diary_batch` of them as one
// aliased `workDiaryContract` request (issue 19): one Upwork request buys ten contract-days,
// across the organization's contracts, under one tenant header. A batch goes out when it is
// full or when `diary_linger` has passed since its first day arrived — later, up to a
// second, while the request budget would hold it back anyway; the answers go back to each
// contract in its own reply, so a contract does not know it was batched.
#include "actors/organization_state.hpp"
#include "actors/upwork_requests.hpp"

#include "protocol/upwork/request_budget.hpp"

#include <caf/all.hpp>
#include <chrono>

namespace upsync::sync::organization {

namespace {

/// The longest a batch that is not full stays open for the budget's sake.
constexpr std::chrono::seconds max_diary_hold{1};

/// The askers of one batch, in the order of the days sent.
using waiting_days = std::vector<organization_state::diary_wait>;

void deliver(waiting_days& waits, work_diary_batch_answer& answer) {
  for (std::size_t i = 0; i < waits.size(); ++i) {
    if (i < answer.answers.size()) {
      waits[i].promise.deliver(std::move(answer.answers[i]));
    } else { // a short answer: the days it lacks are read again next cycle
      work_diary_answer missing;
      missing.failure = fetch_failure{fetch_failure::what::retry_later, "diary batch answered short"};
      waits[i].promise.deliver(std::move(missing));
    }
  }
}

void fail_all(waiting_days& waits, const fetch_failure& failure) {
  for (auto& w : waits) {
    work_diary_answer failed;
    failed.failure = failure;
    w.promise.deliver(std::move(failed));
  }
}

} // namespace

caf::result<work_diary_answer> ask_diary(self_ptr self, work_diary_query& query) {
  auto& st = self->state;
  auto promise = self->make_response_promise<work_diary_answer>();
  st.diary_queue.push_back(organization_state::diary_wait{std::move(query), promise});
  if (st.diary_queue.size() >= std::max<std::size_t>(1, st.deps.settings->diary_batch))
    flush_diaries(self);
  else if (st.diary_queue.size() == 1) {
    st.diary_first_at = std::chrono::steady_clock::now();
    self->delayed_send(self, st.deps.settings->diary_linger, atom::flush_v, ++st.diary_flush_generation);
  }
  return caf::delegated<work_diary_answer>{};
}

void diary_linger_ended(self_ptr self) {
  auto& st = self->state;
  const auto& s = *st.deps.settings;
  // Sent now, a batch that is not full would only wait for the budget's next slot: while it
  // would, more days may join it (the contracts of an import ask their next days as their
  // last ones are written, one after another at the budget's pace). Measured: without this,
  // a rate-paced import sent 1.36x the bound's requests (bench_requests).
  if (s.budget) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(s.budget->wait_time());
    if (wait > s.diary_linger && std::chrono::steady_clock::now() - st.diary_first_at < max_diary_hold) {
      self->delayed_send(self, wait, atom::flush_v, st.diary_flush_generation);
      return;
    }
  }
  flush_diaries(self);
}

void flush_diaries(self_ptr self) {
  auto& st = self->state;
  if (st.diary_queue.empty())
    return;
  ++st.diary_flush_generation; // a linger still pending now finds nothing of its own
  auto waits = std::make_shared<waiting_days>(std::move(st.diary_queue));
  st.diary_queue.clear();
  work_diary_batch_query batch{waits->front().query.tokens, st.organization_id, {}};
  batch.days.reserve(waits->size());
  batch.purpose = waits->front().query.purpose;
  for (const auto& w : *waits) {
    batch.days.push_back({w.query.contract_id, w.query.day});
    batch.purpose = std::min(batch.purpose, w.query.purpose); // the most urgent comes first
  }
  const auto purpose = batch.purpose;
  request_upwork(self, st.deps.fetchers, purpose, std::move(batch))
    .then(
      [self, waits](work_diary_batch_answer& answer) {
        self->state.cycle_run.requests += answer.requests;
        deliver(*waits, answer);
      },
      [self, waits](const caf::error& e) {
        fail_all(*waits, fetch_failure{fetch_failure::what::retry_later, self->system().render(e)});
      });
}

} // namespace upsync::sync::organization
